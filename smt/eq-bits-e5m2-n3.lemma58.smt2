; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t6 () (_ BitVec 2))
(declare-fun s7 () (_ BitVec 6))
(declare-fun t5 () (_ BitVec 2))
(declare-fun t4 () (_ BitVec 2))
(declare-fun t3 () (_ BitVec 2))
(declare-fun t2 () (_ BitVec 2))
(declare-fun t1 () (_ BitVec 2))
(assert
 (let (($x0 (and (bvsle (_ bv0 6) (bvadd s7 (ite (= t6 (_ bv0 2)) (_ bv0 6) (_ bv1 6)))) (bvsle (bvadd s7 (ite (= t6 (_ bv0 2)) (_ bv0 6) (_ bv1 6))) (_ bv6 6)))))
 (and (bvule t1 (_ bv1 2)) (bvule t2 (_ bv1 2)) (bvule t3 (_ bv1 2)) (bvule t4 (_ bv1 2)) (bvule t5 (_ bv1 2)) (bvule t6 (_ bv1 2)) (and (bvsle (_ bv0 6) s7) (bvsle s7 (_ bv5 6))) (not $x0))))
(check-sat)
