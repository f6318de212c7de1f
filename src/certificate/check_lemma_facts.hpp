// Lemma statements simple enough to evaluate: those about one stored value of the forward
// pass, numbered as docs/model.md §3 numbers them ("stored value #i": the i-th value that
// passes through on_store, in the documented order; reference::stored_values lists them).
//   "stored value #i = 0xV for every input"                 a proven constant
//   "stored value #i = stored value #j for every input"     a proven equality
//   "stored value #i = 0xA, 0xB for every input (evaluated)" a table with no token
//   "stored value #i is a function of the tokens {...}: [0xA, 0xB, ...] over their values
//    (tabulated)"                                           a table (checked: one of its values)
// each possibly followed by " (over the exact-sum shadows)"; and the MLP cut
//   "the MLP accepts exactly when residual coordinates [c,...] are one of (0xA,...) ..."
//   (or "... one of nothing"): on the final residual r, accepts <=> r[c...] is a listed point;
//   possibly followed by ", separably: ..." (a separable cut, proofs/smt_lemmas.md §14).
// The checker evaluates these facts on every input it evaluates on the reference (and the
// MLP cut on every value of its coordinates, when there are few); any other statement
// (exact-sum, shadow and pull-back lemmas) is trusted from its re-solved text alone.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eb::certcheck {

struct StoredFact {
  enum class Kind { Constant, Equal, OneOf, MlpCut };
  Kind kind = Kind::Constant;
  size_t lemma = 0;               // its index in claim.upper.lemmas
  size_t index = 0;               // stored value #index
  uint64_t value = 0;             // Constant
  size_t other = 0;               // Equal: stored value #other
  std::vector<uint64_t> values;   // OneOf, sorted
  std::vector<size_t> coords;                  // MlpCut: residual coordinates
  std::vector<std::vector<uint64_t>> points;   // MlpCut: the accepted values of coords, sorted
  // MlpCut ending ", separably: the readout accepts an accumulated 0 and rejects every
  // accumulated value at most 0xT": the cut of a separable MLP (check_separable.cpp), θ = T.
  bool separable = false;
  uint64_t threshold = 0;
};

// The fact a statement states, or nullopt when it is not one of the forms above.
std::optional<StoredFact> parse_stored_fact(const std::string& statement);

// "" when the fact holds for these stored values (one input's, in the documented order);
// otherwise what the reference computes instead, in one line.
std::string fact_violation(const StoredFact& f, const std::vector<uint64_t>& stored);

// For an MlpCut fact: "" when `accepts` (the MLP's verdict on the residual r) is "r's
// coordinates are one of the points"; otherwise the disagreement, in one line.
std::string cut_violation(const StoredFact& f, const std::vector<uint64_t>& r, bool accepts);

}  // namespace eb::certcheck
