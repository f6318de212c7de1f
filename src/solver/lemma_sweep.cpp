#include "solver/lemma_sweep.hpp"

#include <chrono>

#include <fmt/format.h>

namespace eb {

z3::solver make_bv_solver(z3::context& ctx, unsigned timeout_ms) {
  // On these queries this is orders of magnitude faster than Z3's default QF_BV strategy:
  // the weights' constants propagate at the word level before any bit is blasted.
  z3::tactic t = z3::tactic(ctx, "simplify") & z3::tactic(ctx, "propagate-values") & z3::tactic(ctx, "solve-eqs") &
                 z3::tactic(ctx, "simplify") & z3::tactic(ctx, "bit-blast") & z3::tactic(ctx, "sat");
  return z3::try_for(t, timeout_ms).mk_solver();
}

std::string to_smt2(z3::context& ctx, const std::vector<z3::expr>& assertions, const char* status) {
  z3::expr conj = ctx.bool_val(true);
  if (!assertions.empty()) {
    z3::expr_vector v(ctx);
    for (auto& a : assertions) v.push_back(a);
    conj = z3::mk_and(v);
  }
  return Z3_benchmark_to_smtlib_string(ctx, "everybit", "QF_BV", status, "", 0, nullptr, conj);
}

LemmaSweep::LemmaSweep(Z3Backend& b, std::vector<std::vector<uint64_t>> samples,
                       std::function<std::vector<z3::expr>()> context, double timeout_seconds)
    : b_(b), samples_(std::move(samples)), context_(std::move(context)), timeout_(timeout_seconds) {}

bool LemmaSweep::prove_equal(const ZBV& v, const z3::expr& other, const std::string& statement) {
  ++attempted_;
  auto assertions = context_();
  assertions.push_back(b_.expr(v) != other);
  z3::solver s = make_bv_solver(b_.ctx(), static_cast<unsigned>(timeout_ * 1000) + 1);
  for (auto& a : assertions) s.add(a);
  auto start = std::chrono::steady_clock::now();
  auto res = s.check();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (res != z3::unsat) return false;
  lemmas_.push_back({statement, to_smt2(b_.ctx(), assertions, "unsat"), secs});
  return true;
}

ZBV LemmaSweep::operator()(const ZBV& v) {
  const size_t i = index_++;
  if (b_.is_const(v) || samples_.empty()) return v;
  std::vector<uint64_t> vals;
  for (const auto& s : samples_) vals.push_back(s.at(i));
  bool constant = true;
  for (auto x : vals) constant = constant && x == vals[0];
  if (constant) {
    if (prove_equal(v, b_.ctx().bv_val(vals[0], v.w), fmt::format("stored value #{} = 0x{:x} for every input", i, vals[0])))
      return b_.num(v.w, vals[0]);
  } else {
    for (const auto& [key, rep] : seen_)
      if (key == vals && rep.second.w == v.w) {
        if (prove_equal(v, b_.expr(rep.second), fmt::format("stored value #{} = stored value #{} for every input", i, rep.first)))
          return rep.second;
        break;
      }
  }
  seen_.push_back({vals, {i, v}});
  return v;
}

}  // namespace eb
