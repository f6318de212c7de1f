; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t6 () (_ BitVec 2))
(assert
 (let (($x0 (= t6 (_ bv0 2))))
 (let ((?x1 (ite $x0 (_ bv0 8) (_ bv60 8))))
 (let (($x2 (and (distinct ?x1 ?x1) true)))
 (let (($x3 (bvule t6 (_ bv1 2))))
 (and $x3 $x2))))))
(check-sat)
