; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t1 () (_ BitVec 2))
(declare-fun t2 () (_ BitVec 2))
(assert
 (let (($x0 (and (bvsle (_ bv7 3) (ite (= t1 (_ bv0 2)) (_ bv7 3) (ite (= t1 (_ bv1 2)) (_ bv0 3) (_ bv1 3)))) (bvsle (ite (= t1 (_ bv0 2)) (_ bv7 3) (ite (= t1 (_ bv1 2)) (_ bv0 3) (_ bv1 3))) (_ bv1 3)))))
 (and (bvule t1 (_ bv2 2)) (bvule t2 (_ bv2 2)) (not $x0))))
(check-sat)
