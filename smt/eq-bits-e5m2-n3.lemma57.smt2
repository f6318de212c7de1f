; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t5 () (_ BitVec 2))
(declare-fun s6 () (_ BitVec 6))
(declare-fun t6 () (_ BitVec 2))
(declare-fun t4 () (_ BitVec 2))
(declare-fun t3 () (_ BitVec 2))
(declare-fun t2 () (_ BitVec 2))
(declare-fun t1 () (_ BitVec 2))
(assert
 (let (($x0 (and (bvsle (_ bv61 6) (bvadd s6 (ite (= t5 (_ bv0 2)) (_ bv0 6) (_ bv62 6)))) (bvsle (bvadd s6 (ite (= t5 (_ bv0 2)) (_ bv0 6) (_ bv62 6))) (_ bv7 6)))))
 (and (bvule t1 (_ bv1 2)) (bvule t2 (_ bv1 2)) (bvule t3 (_ bv1 2)) (bvule t4 (_ bv1 2)) (bvule t5 (_ bv1 2)) (bvule t6 (_ bv1 2)) (and (bvsle (_ bv63 6) s6) (bvsle s6 (_ bv7 6))) (not $x0))))
(check-sat)
