; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t1 () (_ BitVec 8))
(declare-fun t2 () (_ BitVec 8))
(assert
 (let ((?x0 (bvsub (ite (= ((_ extract 7 7) t1) (_ bv1 1)) (_ bv128 8) ((_ zero_extend 1) ((_ extract 6 0) t1))) (_ bv64 8))))
 (and (bvule t1 (_ bv128 8)) (bvule t2 (_ bv128 8)) (and (distinct ?x0 ?x0) true))))
(check-sat)
