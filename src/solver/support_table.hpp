// Support tabulation (a lemma of proofs/smt_lemmas.md, §6). A symbolic value whose only free
// variables are a few token variables with small domains is a finite function of them: it
// is evaluated on every assignment of its support (ground terms, which Z3's simplifier
// evaluates to numerals) and can be replaced by that table, a multiplexer over the tokens.
// The replacement is equal to the value on every input inside the tokens' domains (the
// domain constraints are part of every query), so it proves itself by exhaustive
// evaluation over the support; its query (value != table, expected UNSAT) is kept for
// certificates and independent re-checking. At most 16 assignments by default: a table is
// a multiplexer as wide as the assignments, cheaper than the circuit it replaces only when
// it is small (eq-bits' binary tokens; not eq-token's alphabets of 2^(p-1)+1 tokens).
#pragma once
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "solver/lemma_sweep.hpp"
#include "solver/z3_backend.hpp"

namespace eb {

struct TokenVar {
  z3::expr var;     // the token's bit-vector variable
  uint64_t top;     // its domain is 0..top
};

struct SupportTable {
  std::vector<size_t> tokens;   // indices into the token list, increasing
  std::vector<uint64_t> values; // one per assignment; the first token varies slowest
  bool constant() const;
};

class SupportTables {
 public:
  SupportTables(Z3Backend& b, std::vector<TokenVar> tokens, double lemma_timeout_seconds = 10,
                size_t max_assignments = 16);

  // The table of v, or nullopt when v depends on a variable that is not a token (an exp
  // abstraction's output) or on too many assignments.
  std::optional<SupportTable> tabulate(const ZBV& v);
  // The multiplexer over the table's tokens returning f(value) of each assignment (f maps
  // patterns of width w_in to patterns of width w_out <= 128).
  template <class F> ZBV mux(const SupportTable& t, int w_out, F f) {
    std::vector<u128> out;
    for (auto v : t.values) out.push_back(f(v));
    return build(t.tokens, 0, out, 0, out.size(), w_out);
  }
  ZBV mux(const SupportTable& t, int w) {
    return mux(t, w, [](uint64_t v) { return v; });
  }
  // The table of v, proven before it is returned: "domains of its tokens ∧ v != table" must
  // be UNSAT; the lemma (`what` says which value it is) is kept. nullopt when v cannot be
  // tabulated or the query is not UNSAT. Each term is proven once. The query is decided by
  // evaluating it on every assignment of its tokens (it must simplify to false on each;
  // proofs/smt_lemmas.md §6), and by the solver when that does not settle it. Either way
  // the same query text is kept, certified and re-solved by `check`.
  std::optional<SupportTable> proven_table(const ZBV& v, const std::string& what);
  // The tabulation lemmas proven so far, in order.
  const std::vector<Lemma>& lemmas() const { return lemmas_; }
  const std::vector<TokenVar>& tokens() const { return tokens_; }
  // How the tabulation queries were decided: by evaluation on every assignment, or by the
  // solver (evaluation not false everywhere).
  int evaluated() const { return evaluated_; }
  int solved() const { return solved_; }

 private:
  struct Support {
    std::vector<size_t> tokens;
    bool other = false;  // a free variable that is not a token, or too many tokens
  };
  const Support& support(const z3::expr& e);
  // Whether the conjunction `query`, whose free variables are the tokens `toks`, simplifies
  // to false under every assignment of them within 0..top.
  bool false_on_every_assignment(const std::vector<z3::expr>& query, const std::vector<size_t>& toks);
  ZBV build(const std::vector<size_t>& toks, size_t k, const std::vector<u128>& vals, size_t lo, size_t hi, int w);
  Z3Backend& b_;
  std::vector<TokenVar> tokens_;
  std::unordered_map<unsigned, size_t> token_index_;  // AST id of a token variable -> index
  std::unordered_map<unsigned, Support> memo_;
  // Every memoized term, held so that its AST id is not recycled for another term.
  z3::expr_vector alive_;
  size_t max_assignments_;
  double timeout_;
  std::unordered_map<unsigned, std::optional<SupportTable>> proven_;  // by AST id (terms kept in alive_)
  std::vector<Lemma> lemmas_;
  int evaluated_ = 0, solved_ = 0;
};

}  // namespace eb
