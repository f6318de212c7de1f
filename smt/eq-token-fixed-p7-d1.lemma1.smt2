; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t1 () (_ BitVec 7))
(declare-fun t2 () (_ BitVec 7))
(assert
 (let ((?x17 (bvsub (ite (= ((_ extract 6 6) t1) (_ bv1 1)) (_ bv64 7) ((_ zero_extend 1) ((_ extract 5 0) t1))) (_ bv32 7))))
 (let (($x24 (and (distinct ?x17 ?x17) true)))
 (let (($x9 (bvule t2 (_ bv64 7))))
 (let (($x7 (bvule t1 (_ bv64 7))))
 (and $x7 $x9 $x24))))))
(check-sat)
