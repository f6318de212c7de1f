; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t1 () (_ BitVec 5))
(declare-fun t2 () (_ BitVec 5))
(assert
 (let ((?x0 (bvsub (ite (= ((_ extract 4 4) t1) (_ bv1 1)) (_ bv16 5) ((_ zero_extend 1) ((_ extract 3 0) t1))) (_ bv8 5))))
 (and (bvule t1 (_ bv16 5)) (bvule t2 (_ bv16 5)) (and (distinct ?x0 ?x0) true))))
(check-sat)
