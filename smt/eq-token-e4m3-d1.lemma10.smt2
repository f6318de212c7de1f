; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun norm_s () (_ BitVec 8))
(assert
 (let ((?x0 (ite (= ((_ extract 7 4) norm_s) (_ bv0 4)) (bvshl norm_s (_ bv4 8)) norm_s)))
 (let ((?x1 (ite (= ((_ extract 7 6) ?x0) (_ bv0 2)) (bvshl ?x0 (_ bv2 8)) ?x0)))
 (let (($x2 (and (distinct ((_ extract 7 7) (ite (= ((_ extract 7 7) ?x1) (_ bv0 1)) (bvshl ?x1 (_ bv1 8)) ?x1)) (_ bv1 1)) true)))
 (and (and (distinct norm_s (_ bv0 8)) true) $x2)))))
(check-sat)
