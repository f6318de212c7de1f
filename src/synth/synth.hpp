// Counterexample-guided synthesis over every Transformer of a shape (SPEC §11,
// docs/synthesis.md). The query is solved on a growing subset of the inputs, starting from
// the task's structured samples (equal pairs, neighbours, the alphabet's ends); each
// candidate is evaluated on every input and the inputs where it errs (up to
// `per_round`) join the subset. UNSAT on a subset proves that no Transformer of the shape
// over the format computes Γ, for this shape only. A candidate right on every input is
// then verified by the check of `everybit verify` (SMT, and every-input evaluation) and
// replayed on the exact reference before it is reported. A time limit gives unknown.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "synth/hard_automaton.hpp"
#include "synth/narrow.hpp"
#include "synth/shape.hpp"
#include "upper/upper_check.hpp"

namespace eb {

using TokenSeq = std::vector<BigInt>;

struct SynthOptions {
  double timeout_seconds = 600;
  int per_round = 4;         // counterexamples added per round
  SynthEncoding encoding;    // symmetry breaking and row cases (shape.hpp); part of the query
  // Keep one incremental solver across the rounds (each round adds only the new inputs)
  // instead of a fresh bit-blasting solver per round. Not part of the query: the verdicts
  // and the final query text are the same; only the time differs (docs/synthesis.md).
  bool incremental = false;
  // Narrow stages first (synth/narrow.hpp, docs/synthesis.md#narrow-stages): sub-searches with
  // every weight outside E on a small grid, each with a share of the time limit, before the
  // whole shape. Only a found can come from them (verified like any other); a none comes from
  // the whole shape's query alone. Not part of the query. Off: the search of before.
  bool narrow = true;
  // Tests: these stages instead of narrow_stages(F) (used only with narrow on).
  std::optional<std::vector<NarrowStage>> stages;
  // The SAT back-end of each round (docs/synthesis.md#sat-back-end): Z3's bit-blasting
  // solver, or the round's CNF (Z3's bit-blasting of the same query) solved by the cadical
  // executable, an UNSAT round confirmed by the project's DRAT checker. Not part of the
  // query. cadical_options go to CaDiCaL before the files (e.g. "--sat").
  enum class Sat { Z3, Cadical } sat = Sat::Z3;
  std::vector<std::string> cadical_options;
  // The hard-attention reduction first where it applies (synth/reduction.hpp,
  // docs/synthesis.md#the-hard-attention-reduction---reduction-onoff): its UNSAT is a none for the whole class,
  // resting on the written argument of proofs/eq_bits_fixed_hard.md; anything else moves on to
  // the search. Not part of the search's query; a none by it records its own query.
  bool reduction = true;
};

// The share of the time limit the hard-attention reduction may use before the search.
inline constexpr double kReductionShare = 0.5;

enum class SynthStatus { Found, None, Unknown };

// One round of the loop, for measuring where the time goes (docs/synthesis.md): the subset
// solved, the back-end's answer ("sat", "unsat", "unknown"), the solve's wall time (the
// bit-blasting and search; with cadical also the proof run and DRAT check), the candidate's
// evaluation on every input, and with cadical the round's CNF size.
struct SynthRound {
  size_t inputs = 0;
  std::string answer;
  double solve_seconds = 0, eval_seconds = 0;
  size_t wrong = 0;                          // sat: inputs the candidate gets wrong
  long cnf_variables = 0, cnf_clauses = 0;   // cadical only
  std::string stage;                         // the narrow stage's name; "" for the whole shape
};
const char* synth_status_name(SynthStatus s);   // "found" | "none" | "unknown"

struct SynthResult {
  SynthStatus status = SynthStatus::Unknown;
  std::string reason;
  std::optional<Model> model;    // Found: the Transformer, verified
  std::optional<UpperCheck> check;  // Found: the verify check's result
  std::vector<TokenSeq> inputs;  // the final input subset
  std::string smt2;              // None: the final query over `inputs`, (set-info :status unsat)
  // None by the hard-attention reduction: its query (smt2 is then its text, inputs the ones
  // it covers); nullopt for a none of the search's own query.
  std::optional<HardAutomatonQuery> reduction;
  int rounds = 0;                // solver calls
  std::vector<SynthRound> round_log;  // one entry per solver call, in order
  size_t free_weights = 0;
  uint64_t all_inputs = 0;
  double seconds = 0;
  std::string solver;
  bool symmetry = false;         // symmetry breaking was applied (symmetry_applies)
  bool row_cases = false;        // the row-case encoding was used (row_cases_apply)
  std::vector<std::string> narrow_stages;  // the narrow stages that ran, in order
  std::string found_stage;       // Found: the narrow stage that found it; "" for the whole shape
  size_t case_circuits = 0;      // forward passes built by the row cases
  bool internal_error = false;   // a verified-looking candidate that some check rejects: a bug
  // --sat cadical: the rounds' CNF sizes and times summed over the rounds (bit-blasting,
  // CaDiCaL's search, the proof run and the DRAT check of an UNSAT round).
  std::string sat = "z3";                    // the back-end: "z3" or "cadical"
  long cnf_variables = 0, cnf_clauses = 0;   // the last round's CNF
  double blast_seconds = 0, sat_seconds = 0, proof_seconds = 0, drat_seconds = 0;
};

// Every input of the task, in the order of the positions' domains (position 1 slowest).
std::vector<TokenSeq> all_task_inputs(const Task& t);

// For each pair a < b of neighbouring interchangeable tokens (shape.hpp): the input with a
// at every position that allows it (else the domain's least token), and the same input
// with b at position 1. Under symmetry breaking they start the subset: a collision
// E[a] = E[b] then contradicts Γ on the subset already (docs/synthesis.md).
std::vector<TokenSeq> order_witnesses(const Task& t);

// Throws std::invalid_argument (check_synth_shape) for a shape that does not fit, and with
// --sat cadical ProofToolError (certificate/proof_write.hpp: CaDiCaL missing) or SatToolError
// (synth/sat_cadical.hpp: CaDiCaL failed), both the CLI's exit 5.
SynthResult synthesize(const Task& t, const Format& F, const SynthShape& s, const Model* fixed_from,
                       const SynthOptions& opt = {});
// Under a precision recipe (shape.hpp, docs/synthesis.md#recipes): the weights are
// patterns of r[param]; the uniform recipe is the call above. Throws std::invalid_argument
// (check_synth_recipe, check_synth_shape) for a recipe or shape synthesis does not take.
SynthResult synthesize(const Task& t, const Recipe& r, const SynthShape& s, const Model* fixed_from,
                       const SynthOptions& opt = {});

}  // namespace eb
