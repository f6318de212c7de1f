; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t1 () (_ BitVec 7))
(declare-fun t2 () (_ BitVec 7))
(assert
 (let ((?x0 (bvsub (ite (= ((_ extract 6 6) t1) (_ bv1 1)) (_ bv64 7) ((_ zero_extend 1) ((_ extract 5 0) t1))) (_ bv32 7))))
 (and (bvule t1 (_ bv64 7)) (bvule t2 (_ bv64 7)) (and (distinct ?x0 ?x0) true))))
(check-sat)
