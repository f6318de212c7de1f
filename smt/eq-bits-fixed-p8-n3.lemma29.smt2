; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t2 () (_ BitVec 2))
(declare-fun s0 () (_ BitVec 9))
(declare-fun t6 () (_ BitVec 2))
(declare-fun t5 () (_ BitVec 2))
(declare-fun t4 () (_ BitVec 2))
(declare-fun t3 () (_ BitVec 2))
(declare-fun t1 () (_ BitVec 2))
(assert
 (let (($x0 (and (bvsle (_ bv0 9) (bvadd s0 (ite (= t2 (_ bv0 2)) (_ bv0 9) (_ bv1 9)))) (bvsle (bvadd s0 (ite (= t2 (_ bv0 2)) (_ bv0 9) (_ bv1 9))) (_ bv2 9)))))
 (and (bvule t1 (_ bv1 2)) (bvule t2 (_ bv1 2)) (bvule t3 (_ bv1 2)) (bvule t4 (_ bv1 2)) (bvule t5 (_ bv1 2)) (bvule t6 (_ bv1 2)) (and (bvsle (_ bv0 9) s0) (bvsle s0 (_ bv1 9))) (not $x0))))
(check-sat)
