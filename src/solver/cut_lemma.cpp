#include "solver/cut_lemma.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "solver/lemma_sweep.hpp"

namespace eb {

namespace {

z3::expr point_expr(Z3Backend& b, const std::vector<ZBV>& r, const std::vector<size_t>& coords,
                    const std::vector<uint64_t>& point) {
  z3::expr all = b.ctx().bool_val(true);
  for (size_t k = 0; k < coords.size(); ++k)
    all = all && (b.expr(r[coords[k]]) == b.ctx().bv_val(point[k], r[coords[k]].w));
  return all;
}

z3::expr member_expr(Z3Backend& b, const std::vector<ZBV>& r, const CutLemma& cut) {
  z3::expr any = b.ctx().bool_val(false);
  for (const auto& pt : cut.accepted) any = any || point_expr(b, r, cut.coords, pt);
  return any;
}

}  // namespace

std::optional<CutLemma> mlp_cut_impl(Z3Backend& b, const std::vector<ZBV>& r, const std::vector<ZBV>& free_r,
                                     const z3::expr& accept, size_t max_points, double timeout_s,
                                     const std::vector<std::vector<uint64_t>>& seeds) {
  auto start = std::chrono::steady_clock::now();
  auto left_ms = [&] {
    double used = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return static_cast<unsigned>(std::max(0.001, timeout_s - used) * 1000) + 1;
  };
  CutLemma cut;
  for (size_t i = 0; i < r.size(); ++i)
    if (!b.is_const(r[i])) cut.coords.push_back(i);
  // Enumerate accepted points, blocking each one found; the seeds are blocked from the
  // start (a seed of the wrong length is a caller's bug: no cut).
  std::vector<z3::expr> blocks;
  for (const auto& pt : seeds) {
    if (pt.size() != cut.coords.size()) return std::nullopt;
    if (std::find(cut.accepted.begin(), cut.accepted.end(), pt) != cut.accepted.end()) continue;
    if (cut.accepted.size() >= max_points) return std::nullopt;
    blocks.push_back(!point_expr(b, free_r, cut.coords, pt));
    cut.accepted.push_back(pt);
  }
  for (;;) {
    z3::solver s = make_bv_solver(b.ctx(), left_ms());
    s.add(accept);
    for (auto& bl : blocks) s.add(bl);
    auto res = s.check();
    if (res == z3::unknown) return std::nullopt;
    if (res == z3::unsat) break;
    if (cut.accepted.size() >= max_points) return std::nullopt;
    auto model = s.get_model();
    std::vector<uint64_t> pt;
    for (auto i : cut.coords) pt.push_back(model.eval(b.expr(free_r[i]), true).get_numeral_uint64());
    blocks.push_back(!point_expr(b, free_r, cut.coords, pt));
    cut.accepted.push_back(pt);
  }
  // The solver's order of models is not canonical (it depends on what the context solved
  // before); the set, in increasing order, is.
  std::sort(cut.accepted.begin(), cut.accepted.end());
  // The lemma's query: accepted and outside A. The last enumeration round proved it
  // UNSAT (its blocking clauses are exactly "outside A").
  std::vector<z3::expr> q = {accept, !member_expr(b, free_r, cut)};
  cut.statement = cut_statement(cut.coords, cut.accepted);
  cut.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  cut.smt2 = to_smt2(b.ctx(), q, "unsat");
  return cut;
}

std::string cut_statement(const std::vector<size_t>& coords, const std::vector<std::vector<uint64_t>>& accepted) {
  std::string pts;
  for (const auto& pt : accepted) {
    std::string one;
    for (auto v : pt) one += fmt::format("{}0x{:x}", one.empty() ? "" : ",", v);
    pts += fmt::format("{}({})", pts.empty() ? "" : " ", one);
  }
  std::string cs;
  for (auto i : coords) cs += fmt::format("{}{}", cs.empty() ? "" : ",", i);
  return fmt::format("the MLP accepts exactly when residual coordinates [{}] are one of {}", cs, pts.empty() ? "nothing" : pts);
}

ZBit cut_member(Z3Backend& b, const std::vector<ZBV>& r, const CutLemma& cut) {
  return b.from_bool(member_expr(b, r, cut));
}

}  // namespace eb
