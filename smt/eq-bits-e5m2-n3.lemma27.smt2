; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t1 () (_ BitVec 2))
(assert
 (let ((?x0 (ite (= t1 (_ bv0 2)) (_ bv0 8) (_ bv60 8))))
 (and (bvule t1 (_ bv1 2)) (and (distinct ?x0 ?x0) true))))
(check-sat)
