// The upper-side verdict of a model on a task, whichever way it was reached.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "task/task.hpp"

namespace eb {

enum class UpperStatus { Verified, Refuted, Unknown };
const char* upper_status_name(UpperStatus s);

struct Counterexample {
  std::vector<BigInt> tokens;
  bool accepts = false;            // the model's output on the tokens (concrete evaluator)
  bool expected = false;           // Γ on the tokens
  bool reference_agrees = false;   // the exact reference evaluator gives the same output
};

// A representability step of the exact sums (proofs/smt_lemmas.md §7a): every I·2^g with
// |I| <= R is a value of the format, so a partial sum that stays within [-R, R]·2^g is exact.
struct RepresentableStep {
  std::string format;  // canonical spelling
  int g = 0;
  std::string R;       // decimal
  bool operator==(const RepresentableStep&) const = default;
};

// Time spent in one phase of a check (upper/phase_clock.hpp): wall and CPU seconds of the
// checking thread (cpu < 0: not measured, the phase ran on other threads).
struct PhaseTime {
  std::string name;
  double wall = 0, cpu = 0;
};

struct UpperVerdict {
  UpperStatus status = UpperStatus::Unknown;
  std::string reason;              // why unknown / what refuted it / notes of the construction
  std::string solver;              // "z3 4.8.12", or "exhaustive"
  double seconds = 0;
  bool exhaustive = false;         // also cross-checked on every input
  std::optional<Counterexample> counterexample;
  std::string smt2;                // the final SMT-LIB2 query (QF_BV)
  int refinements = 0;             // exp-abstraction refinements used
  // Unknown because something that cannot happen did (a solver model that does not replay
  // and that no abstraction explains): a bug, reported as such even when exhaustive
  // evaluation then decides the input set.
  bool internal_error = false;
  int abstract_exp_sites = 0;      // exp calls encoded by the over-approximation
  struct ProvenLemma {
    std::string statement, smt2;   // smt2: the lemma's query; UNSAT proves it
    double seconds = 0;
  };
  std::vector<ProvenLemma> lemmas; // the final query relies on these (proofs/smt_lemmas.md)
  std::vector<RepresentableStep> representable;  // and on these (exact sums, §7a)
  // Where the time went, in order (not part of the verdict: never cached or certified).
  std::vector<PhaseTime> phases;
};

}  // namespace eb
