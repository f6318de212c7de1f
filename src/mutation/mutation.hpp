// src/mutation/ owns mutation testing of the verifier (docs/mutation.md).
//
// Mutation testing of the verifier: every model that differs from a construction in ONE
// weight is checked by the SMT verifier and by exhaustive evaluation, and the two must
// agree. A mutant "changes behaviour" when its accept set differs from the original's on
// some input; with a fully correct original such a mutant is wrong somewhere and must be
// refuted (killed), with a counterexample that replays on the concrete evaluator and the
// exact reference. A mutant that does not change behaviour must be verified.
// Kill rate = killed / changed behaviour. docs/mutation.md describes the procedure.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "upper/verdict.hpp"

namespace eb {

// The mutation operators on one weight w (a bit pattern of the model's format):
//   Up     the next pattern towards +inf (IEEE nextUp: ±0 -> the least positive value);
//   Down   the next pattern towards -inf;
//   Negate the sign flip (floats: the sign bit; fixed point: -k when representable);
//   Zero   the pattern 0 (+0).
// An operator whose result would be NaN or ±inf, or is not representable, gives nothing.
enum class MutationOp { Up, Down, Negate, Zero };
const char* mutation_op_name(MutationOp op);  // "up" | "down" | "negate" | "zero"
std::optional<uint64_t> apply_mutation_op(const Format& F, MutationOp op, uint64_t w);

// Every weight of a model in file order, named as the model file and its error messages
// name it (0-based): "E[t][c]" (table embeddings only; the digits rule has no weights),
// "P[j][c]", "heads[h].W_Q[i][c]" (W_K, W_V, W_O alike), "mlp.W_1[u][c]", "mlp.b_1[u]",
// "mlp.w_2[u]", "mlp.b_2".
void for_each_weight(Model& m, const std::function<void(const std::string& name, uint64_t& w)>& f);
size_t weight_count(const Model& m);

// One mutant: weight number `site` (for_each_weight order) changed from `from` to `to`.
// Operators that give the same pattern at one site make one mutant (`ops` lists them);
// a pattern equal to the original is no mutant.
struct Mutant {
  size_t site = 0;
  std::string weight;
  uint64_t from = 0, to = 0;
  std::vector<MutationOp> ops;
  std::string describe(const Format& F) const;   // "mlp.b_2: 1 -> 0 (down, zero)"
};

std::vector<Mutant> enumerate_mutants(const Model& m);
Model apply_mutant(const Model& m, const Mutant& mu);

struct MutationOptions {
  double timeout_seconds = 5;          // SMT time limit per mutant (lemmas get at most this each)
  uint64_t exhaustive_limit = uint64_t(1) << 20;
  int jobs = 2;                        // mutants checked at once
};

struct MutantResult {
  Mutant mutant;
  UpperStatus smt = UpperStatus::Unknown;   // the SMT verifier's verdict alone
  std::string reason;                       // the SMT check's reason (unknown: why)
  double seconds = 0;
  bool exhaustive = false;                  // every input was evaluated
  uint64_t wrong_inputs = 0;                // inputs where the mutant disagrees with Γ
  std::optional<bool> changes_behaviour;    // accept set differs from the original's (needs exhaustive)
  std::optional<Counterexample> counterexample;  // refuted: re-evaluated here, not copied
  bool replays = true;                      // refuted: the counterexample is wrong on both evaluators
  bool disagrees = false;                   // the SMT verdict contradicts exhaustive evaluation
  // Refuted with a counterexample that replays: a refutation that does not replay is a
  // disagreement, never a kill.
  bool killed() const { return smt == UpperStatus::Refuted && replays; }
};

struct MutationReport {
  Task task;
  std::string format;
  UpperStatus original = UpperStatus::Unknown;  // the SMT verdict on the unmutated model
  uint64_t original_wrong_inputs = 0;           // exhaustive: where the original disagrees with Γ
  bool exhaustive = false;                      // behaviour was compared on every input
  std::vector<MutantResult> results;
  double seconds = 0;

  size_t total() const { return results.size(); }
  size_t changed() const;        // mutants known to change behaviour
  size_t killed() const;         // changed and refuted with a replaying counterexample
  size_t unknowns() const;       // SMT gave no answer
  size_t disagreements() const;  // verdict vs exhaustive evaluation, or a refutation that does not replay
  std::vector<const MutantResult*> survivors() const;  // changed but not refuted
  std::optional<double> kill_rate() const;             // killed / changed; nullopt when nothing changed
};

// Checks every mutant of `m` on task `t`. `progress(done, total)` is called after each.
MutationReport run_mutation(const Model& m, const Task& t, const MutationOptions& opt = {},
                            const std::function<void(size_t, size_t)>& progress = nullptr);

}  // namespace eb
