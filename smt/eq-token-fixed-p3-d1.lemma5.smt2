; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t1 () (_ BitVec 3))
(declare-fun t2 () (_ BitVec 3))
(assert
 (let ((?x0 (ite (= t1 (_ bv1 3)) (_ bv15 4) (ite (= t1 (_ bv2 3)) (_ bv0 4) (ite (= t1 (_ bv3 3)) (_ bv1 4) (_ bv2 4))))))
 (let ((?x1 (ite (= t1 (_ bv0 3)) (_ bv14 4) ?x0)))
 (and (bvule t1 (_ bv4 3)) (bvule t2 (_ bv4 3)) (not (and (bvsle (_ bv14 4) ?x1) (bvsle ?x1 (_ bv2 4))))))))
(check-sat)
