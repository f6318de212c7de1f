; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t3 () (_ BitVec 2))
(assert
 (let ((?x0 (ite (= t3 (_ bv0 2)) (_ bv0 8) (_ bv60 8))))
 (and (bvule t3 (_ bv1 2)) (and (distinct ?x0 ?x0) true))))
(check-sat)
