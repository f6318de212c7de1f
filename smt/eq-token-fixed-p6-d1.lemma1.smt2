; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t1 () (_ BitVec 6))
(declare-fun t2 () (_ BitVec 6))
(assert
 (let ((?x0 (bvsub (ite (= ((_ extract 5 5) t1) (_ bv1 1)) (_ bv32 6) ((_ zero_extend 1) ((_ extract 4 0) t1))) (_ bv16 6))))
 (and (bvule t1 (_ bv32 6)) (bvule t2 (_ bv32 6)) (and (distinct ?x0 ?x0) true))))
(check-sat)
