; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t3 () (_ BitVec 2))
(declare-fun s2 () (_ BitVec 6))
(declare-fun t6 () (_ BitVec 2))
(declare-fun t5 () (_ BitVec 2))
(declare-fun t4 () (_ BitVec 2))
(declare-fun t2 () (_ BitVec 2))
(declare-fun t1 () (_ BitVec 2))
(assert
 (let (($x0 (and (bvsle (_ bv0 6) (bvadd s2 (ite (= t3 (_ bv0 2)) (_ bv0 6) (_ bv4 6)))) (bvsle (bvadd s2 (ite (= t3 (_ bv0 2)) (_ bv0 6) (_ bv4 6))) (_ bv7 6)))))
 (and (bvule t1 (_ bv1 2)) (bvule t2 (_ bv1 2)) (bvule t3 (_ bv1 2)) (bvule t4 (_ bv1 2)) (bvule t5 (_ bv1 2)) (bvule t6 (_ bv1 2)) (and (bvsle (_ bv0 6) s2) (bvsle s2 (_ bv3 6))) (not $x0))))
(check-sat)
