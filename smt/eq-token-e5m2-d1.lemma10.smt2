; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun norm_s () (_ BitVec 7))
(assert
 (let ((?x0 (ite (= ((_ extract 6 3) norm_s) (_ bv0 4)) (bvshl norm_s (_ bv4 7)) norm_s)))
 (let ((?x1 (ite (= ((_ extract 6 5) ?x0) (_ bv0 2)) (bvshl ?x0 (_ bv2 7)) ?x0)))
 (let (($x2 (and (distinct ((_ extract 6 6) (ite (= ((_ extract 6 6) ?x1) (_ bv0 1)) (bvshl ?x1 (_ bv1 7)) ?x1)) (_ bv1 1)) true)))
 (and (and (distinct norm_s (_ bv0 7)) true) $x2)))))
(check-sat)
