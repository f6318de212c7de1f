; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t1 () (_ BitVec 3))
(assert
 (let ((?x0 (ite (= t1 (_ bv1 3)) (_ bv7 3) (ite (= t1 (_ bv2 3)) (_ bv0 3) (ite (= t1 (_ bv3 3)) (_ bv1 3) (_ bv2 3))))))
 (let ((?x1 (ite (= t1 (_ bv0 3)) (_ bv6 3) ?x0)))
 (and (bvule t1 (_ bv4 3)) (and (distinct ?x1 ?x1) true)))))
(check-sat)
