; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t4 () (_ BitVec 2))
(assert
 (let (($x0 (= t4 (_ bv0 2))))
 (let ((?x1 (ite $x0 (_ bv255 8) (_ bv0 8))))
 (let (($x2 (and (distinct ?x1 ?x1) true)))
 (let (($x3 (bvule t4 (_ bv1 2))))
 (and $x3 $x2))))))
(check-sat)
