; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t4 () (_ BitVec 2))
(assert
 (let ((?x0 (ite (= ((_ extract 1 1) t4) (_ bv1 1)) (_ bv0 8) (ite (= ((_ extract 0 0) t4) (_ bv1 1)) (_ bv1 8) (_ bv0 8)))))
 (let ((?x1 (bvadd ((_ sign_extend 1) ?x0) (_ bv511 9))))
 (let ((?x2 ((_ extract 7 0) ?x1)))
 (let ((?x3 (ite (= ((_ sign_extend 1) ?x2) ?x1) ?x2 (ite (= ((_ extract 8 8) ?x1) (_ bv1 1)) (_ bv128 8) (_ bv127 8)))))
 (and (bvule t4 (_ bv1 2)) (and (distinct ?x3 (ite (= t4 (_ bv0 2)) (_ bv255 8) (_ bv0 8))) true)))))))
(check-sat)
