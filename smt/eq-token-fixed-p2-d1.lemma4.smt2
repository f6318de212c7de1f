; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t1 () (_ BitVec 2))
(assert
 (let (($x0 (= t1 (_ bv1 2))))
 (let ((?x1 (ite $x0 (_ bv0 2) (_ bv1 2))))
 (let (($x2 (= t1 (_ bv0 2))))
 (let ((?x3 (ite $x2 (_ bv3 2) ?x1)))
 (let (($x4 (and (distinct ?x3 ?x3) true)))
 (let (($x5 (bvule t1 (_ bv2 2))))
 (and $x5 $x4))))))))
(check-sat)
