; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t1 () (_ BitVec 2))
(declare-fun t2 () (_ BitVec 2))
(assert
 (let ((?x17 (bvsub (ite (= ((_ extract 1 1) t1) (_ bv1 1)) (_ bv2 2) ((_ zero_extend 1) ((_ extract 0 0) t1))) (_ bv1 2))))
 (let (($x24 (and (distinct ?x17 ?x17) true)))
 (let (($x9 (bvule t2 (_ bv2 2))))
 (let (($x7 (bvule t1 (_ bv2 2))))
 (and $x7 $x9 $x24))))))
(check-sat)
