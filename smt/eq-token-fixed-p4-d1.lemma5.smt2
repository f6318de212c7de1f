; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t1 () (_ BitVec 4))
(declare-fun t2 () (_ BitVec 4))
(assert
 (let ((?x0 (ite (= t1 (_ bv5 4)) (_ bv1 5) (ite (= t1 (_ bv6 4)) (_ bv2 5) (ite (= t1 (_ bv7 4)) (_ bv3 5) (_ bv4 5))))))
 (let ((?x1 (ite (= t1 (_ bv2 4)) (_ bv30 5) (ite (= t1 (_ bv3 4)) (_ bv31 5) (ite (= t1 (_ bv4 4)) (_ bv0 5) ?x0)))))
 (let ((?x2 (ite (= t1 (_ bv0 4)) (_ bv28 5) (ite (= t1 (_ bv1 4)) (_ bv29 5) ?x1))))
 (and (bvule t1 (_ bv8 4)) (bvule t2 (_ bv8 4)) (not (and (bvsle (_ bv28 5) ?x2) (bvsle ?x2 (_ bv4 5)))))))))
(check-sat)
