; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t1 () (_ BitVec 2))
(assert
 (let ((?x0 (ite (= t1 (_ bv0 2)) (_ bv0 8) (_ bv60 8))))
 (let ((?x1 (ite (and (= ((_ extract 6 2) ?x0) (_ bv31 5)) (not (= ((_ extract 1 0) ?x0) (_ bv0 2)))) (_ bv126 8) ?x0)))
 (and (bvule t1 (_ bv1 2)) (and (distinct ?x1 ?x0) true)))))
(check-sat)
