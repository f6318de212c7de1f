; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t2 () (_ BitVec 2))
(assert
 (let ((?x0 (bvsub (ite (= ((_ extract 1 1) t2) (_ bv1 1)) (_ bv2 2) ((_ zero_extend 1) ((_ extract 0 0) t2))) (_ bv1 2))))
 (let (($x1 (and (distinct ?x0 (ite (= t2 (_ bv0 2)) (_ bv3 2) (ite (= t2 (_ bv1 2)) (_ bv0 2) (_ bv1 2)))) true)))
 (and (bvule t2 (_ bv2 2)) $x1))))
(check-sat)
