; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t1 () (_ BitVec 4))
(assert
 (let ((?x0 (ite (= t1 (_ bv5 4)) (_ bv1 4) (ite (= t1 (_ bv6 4)) (_ bv2 4) (ite (= t1 (_ bv7 4)) (_ bv3 4) (_ bv4 4))))))
 (let ((?x1 (ite (= t1 (_ bv2 4)) (_ bv14 4) (ite (= t1 (_ bv3 4)) (_ bv15 4) (ite (= t1 (_ bv4 4)) (_ bv0 4) ?x0)))))
 (let ((?x2 (ite (= t1 (_ bv0 4)) (_ bv12 4) (ite (= t1 (_ bv1 4)) (_ bv13 4) ?x1))))
 (and (bvule t1 (_ bv8 4)) (and (distinct ?x2 ?x2) true))))))
(check-sat)
