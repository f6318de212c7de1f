; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t1 () (_ BitVec 8))
(declare-fun t2 () (_ BitVec 8))
(assert
 (let ((?x17 (bvsub (ite (= ((_ extract 7 7) t1) (_ bv1 1)) (_ bv128 8) ((_ zero_extend 1) ((_ extract 6 0) t1))) (_ bv64 8))))
 (let (($x24 (and (distinct ?x17 ?x17) true)))
 (let (($x9 (bvule t2 (_ bv128 8))))
 (let (($x7 (bvule t1 (_ bv128 8))))
 (and $x7 $x9 $x24))))))
(check-sat)
