; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t5 () (_ BitVec 2))
(assert
 (let (($x0 (= ((_ extract 15 15) (bvmul ((_ sign_extend 8) (ite (= t5 (_ bv0 2)) (_ bv0 8) (_ bv1 8))) (_ bv65528 16))) (_ bv1 1))))
 (let ((?x1 (bvmul ((_ sign_extend 8) (ite (= t5 (_ bv0 2)) (_ bv0 8) (_ bv1 8))) (_ bv65528 16))))
 (let ((?x2 ((_ extract 7 0) ?x1)))
 (let (($x3 (and (distinct (ite (= ((_ sign_extend 8) ?x2) ?x1) ?x2 (ite $x0 (_ bv128 8) (_ bv127 8))) (ite (= t5 (_ bv0 2)) (_ bv0 8) (_ bv248 8))) true)))
 (and (bvule t5 (_ bv1 2)) $x3))))))
(check-sat)
