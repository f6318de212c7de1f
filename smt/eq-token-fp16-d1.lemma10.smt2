; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun norm_s () (_ BitVec 15))
(assert
 (let ((?x0 (ite (= ((_ extract 14 7) norm_s) (_ bv0 8)) (bvshl norm_s (_ bv8 15)) norm_s)))
 (let ((?x1 (ite (= ((_ extract 14 11) ?x0) (_ bv0 4)) (bvshl ?x0 (_ bv4 15)) ?x0)))
 (let ((?x2 (ite (= ((_ extract 14 13) ?x1) (_ bv0 2)) (bvshl ?x1 (_ bv2 15)) ?x1)))
 (let (($x3 (and (distinct ((_ extract 14 14) (ite (= ((_ extract 14 14) ?x2) (_ bv0 1)) (bvshl ?x2 (_ bv1 15)) ?x2)) (_ bv1 1)) true)))
 (and (and (distinct norm_s (_ bv0 15)) true) $x3))))))
(check-sat)
