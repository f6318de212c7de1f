// src/solver/ owns everything that talks to Z3: the bit-vector back-end, the exp encoding,
// the lemmas (sweep, MLP cut, support tables, exact sums, shadows, pull-back), smt_check,
// and the FP-theory baseline. Core headers never include z3++.h; only this folder does.
//
// The SMT check of SPEC §5 (i): "some input where the model disagrees with Γ" as a QF_BV
// query over the arithmetic core's Z3 back-end. UNSAT: verified. SAT: the model's tokens
// are replayed on the concrete evaluator and on the exact reference; a confirmed input is
// a counterexample (refuted); an input refuted only by the exp over-approximation is
// excluded and the query re-solved. A time limit or an exhausted refinement budget gives
// unknown — never verified.
#pragma once
#include "model/model.hpp"
#include "upper/verdict.hpp"

namespace eb {

struct SmtOptions {
  double timeout_seconds = 120;
  int max_refinements = 64;
  int exact_exp_bits = 12;   // exp on formats up to this many bits is encoded exactly
  bool lemmas = true;        // the lemma sweep (solver/lemma_sweep.hpp)
  double lemma_timeout_seconds = 10;
  size_t cut_points = 64;    // the MLP cut gives up beyond this many accepted residuals
  unsigned memory_mb = 0;    // Z3's memory limit in MB (process-wide); 0: none. Reaching it gives unknown
  // The exact sums' steps by adder lemmas (one query per term value) instead of the
  // representability argument (proofs/smt_lemmas.md §7a); the same verdicts, slower.
  bool adder_lemmas = false;
  // The sweep's lemmas over the exact-sum shadows decided together in one solver run
  // (proofs/smt_lemmas.md §13); when that run does not prove them all, the check is built
  // again without it. The same lemmas and verdicts either way.
  bool batch_shadow_lemmas = true;
  // A float eq-token check at d = 1: the final query through the residual's adder, two
  // lemmas over free operands and a query over the embeddings' bits (proofs/smt_lemmas.md
  // §16), instead of its two cases over the tokens (§12, §15). The same verdicts. Off:
  // `EB_NO_ADDER_SPLIT=1 everybit threshold ...` (for the comparison).
  bool adder_split = true;
};

UpperVerdict smt_check(const Model& m, const Task& t, const SmtOptions& opt = {});

// The solver's name and version, e.g. "z3 4.8.12".
std::string solver_version();

}  // namespace eb
