; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t2 () (_ BitVec 2))
(assert
 (let ((?x0 (ite (= t2 (_ bv0 2)) (_ bv255 8) (_ bv0 8))))
 (and (bvule t2 (_ bv1 2)) (and (distinct ?x0 ?x0) true))))
(check-sat)
