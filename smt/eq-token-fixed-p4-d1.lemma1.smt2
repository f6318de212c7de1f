; everybit
(set-info :status unsat)
(set-logic QF_BV)
(declare-fun t1 () (_ BitVec 4))
(declare-fun t2 () (_ BitVec 4))
(assert
 (let ((?x17 (bvsub (ite (= ((_ extract 3 3) t1) (_ bv1 1)) (_ bv8 4) ((_ zero_extend 1) ((_ extract 2 0) t1))) (_ bv4 4))))
 (let (($x24 (and (distinct ?x17 ?x17) true)))
 (let (($x9 (bvule t2 (_ bv8 4))))
 (let (($x7 (bvule t1 (_ bv8 4))))
 (and $x7 $x9 $x24))))))
(check-sat)
