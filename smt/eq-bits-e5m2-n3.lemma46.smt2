; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t4 () (_ BitVec 2))
(assert
 (let (($x0 (and (= ((_ extract 6 2) (ite (= t4 (_ bv0 2)) (_ bv0 8) (_ bv60 8))) (_ bv31 5)) (not (= ((_ extract 1 0) (ite (= t4 (_ bv0 2)) (_ bv0 8) (_ bv60 8))) (_ bv0 2))))))
 (let (($x1 (and (distinct (ite $x0 (_ bv126 8) (bvxor (ite (= t4 (_ bv0 2)) (_ bv0 8) (_ bv60 8)) (_ bv128 8))) (ite (= t4 (_ bv0 2)) (_ bv128 8) (_ bv188 8))) true)))
 (and (bvule t4 (_ bv1 2)) $x1))))
(check-sat)
