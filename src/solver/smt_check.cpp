#include "solver/smt_check.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "core/arith.hpp"
#include "transformer/embedding.hpp"
#include "transformer/evaluator.hpp"
#include "upper/exhaustive.hpp"
#include "upper/reference_replay.hpp"
#include "task/sample_inputs.hpp"
#include "solver/exp_encoding.hpp"
#include "solver/adder_split.hpp"
#include "solver/coordinate_split.hpp"
#include "solver/cut_lemma.hpp"
#include "solver/exact_sum.hpp"
#include "solver/lemma_sweep.hpp"
#include "solver/separable_cut.hpp"
#include "solver/shadow_abstraction.hpp"
#include "solver/shadow_pullback.hpp"
#include "solver/support_table.hpp"
#include "solver/task_encoding.hpp"
#include "transformer/transformer.hpp"
#include "upper/phase_clock.hpp"

namespace eb {

const char* upper_status_name(UpperStatus s) {
  switch (s) {
    case UpperStatus::Verified: return "verified";
    case UpperStatus::Refuted: return "refuted";
    case UpperStatus::Unknown: return "unknown";
  }
  return "?";
}

std::string solver_version() {
  unsigned major, minor, build, rev;
  Z3_get_version(&major, &minor, &build, &rev);
  return fmt::format("z3 {}.{}.{}", major, minor, build);
}

namespace {

using ZArith = core::Arith<Z3Backend>;

// Token variables and the alphabet constraint; positions with one possible token are
// constants.
struct SymbolicInput {
  std::vector<ZBV> tokens;
  std::vector<z3::expr> domain;
  std::vector<TokenVar> vars;   // the token variables and their domains 0..top
};

int token_width(const Model& m) {
  if (m.E.kind == Embedding::Kind::Digits) return m.E.digit_bits * m.E.digits + 1;
  return table_token_width(m.E.table.size());
}

SymbolicInput make_input(Z3Backend& b, const Model& m, const Task& t) {
  SymbolicInput in;
  const int tw = token_width(m);
  for (int j = 0; j < t.positions(); ++j) {
    in.tokens.push_back(task_token(b, t, j, tw, in.domain));
    if (b.is_const(in.tokens.back())) continue;
    // Support tabulation evaluates a value on every token 0..top (a superset of the domain).
    const TokenDomain dom = task_domain(t, j);
    const BigInt top = dom.is_range() ? dom.top : BigInt(dom.values.back());
    in.vars.push_back({b.expr(in.tokens.back()), top > BigInt(1) << 32 ? UINT64_MAX : static_cast<uint64_t>(top)});
  }
  return in;
}

std::vector<ZBV> embed(Z3Backend& b, const Model& m, const ZBV& token, int position) {
  std::vector<ZBV> h;
  const Format& F = m.format;
  if (m.E.kind == Embedding::Kind::Digits) {
    const int db = m.E.digit_bits, tw = token_width(m);
    auto top = core::bit_at(b, token, tw - 1);
    for (int i = 0; i < m.E.digits; ++i) h.push_back(place_digit(b, F, db, top, b.extract(token, (i + 1) * db - 1, i * db)));
  } else {
    const int tw = b.width(token);
    for (int c = 0; c < m.d_tok; ++c) h.push_back(table_select(b, F, m.E.table, c, token, tw - 1, 0));
  }
  for (auto p : m.P[position]) h.push_back(b.num(F.bits(), p));
  return h;
}

z3::expr task_truth(Z3Backend& b, const Task& t, const SymbolicInput& in) {
  if (t.kind == Task::Kind::Table) return table_truth(b, t, in.tokens);
  if (t.kind == Task::Kind::EqToken) return b.expr(in.tokens[0]) == b.expr(in.tokens[1]);
  z3::expr all = b.ctx().bool_val(true);
  for (int i = 0; i < t.n; ++i) all = all && (b.expr(in.tokens[i]) == b.expr(in.tokens[t.n + i]));
  return all;
}

// Stored values of the forward pass on each sample, in store order.
std::vector<std::vector<uint64_t>> sample_stores(const Model& m, const Task& t) {
  std::vector<std::vector<uint64_t>> out;
  for (const auto& toks : sample_inputs(t)) {
    ConcreteBackend b;
    ConcreteArith ar{b};
    Forward<ConcreteArith> fw(ar, m);
    std::vector<uint64_t> vals;
    fw.on_store = [&vals](const CBV& v) {
      vals.push_back(static_cast<uint64_t>(v.v));
      return v;
    };
    std::vector<std::vector<CBV>> h;
    for (const auto& row : embedded_inputs(m, toks)) {
      std::vector<CBV> hv;
      for (auto p : row) hv.push_back(b.num(m.format.bits(), p));
      h.push_back(hv);
    }
    fw.run(h);
    out.push_back(vals);
  }
  return out;
}

// Seeds of the MLP cut's accepted set, found by evaluation (no solver run): the residual
// of each sample input where the concrete MLP accepts, then, to a closure of at most
// `limit` points, each accepted point with the sign bit of one coordinate that is a zero
// pattern (all bits but the top one clear) flipped, where the concrete MLP accepts that
// too (a float's −0 beside +0). They only start the enumeration: the cut lemma's UNSAT
// still proves that nothing outside them is accepted.
std::vector<std::vector<uint64_t>> cut_seeds(const Model& m, const Task& t, const Z3Backend& b, const std::vector<ZBV>& r,
                                             size_t limit) {
  std::vector<size_t> coords;
  for (size_t i = 0; i < r.size(); ++i)
    if (!b.is_const(r[i])) coords.push_back(i);
  ConcreteBackend cb;
  ConcreteArith car{cb};
  Forward<ConcreteArith> cfw(car, m);
  auto residual_at = [&](const std::vector<uint64_t>& pt) {
    std::vector<CBV> rc;
    for (size_t i = 0; i < r.size(); ++i) rc.push_back(cb.num(r[i].w, b.is_const(r[i]) ? b.value(r[i]) : 0));
    for (size_t k = 0; k < coords.size(); ++k) rc[coords[k]] = cb.num(r[coords[k]].w, pt[k]);
    return rc;
  };
  auto accepted = [&](const std::vector<uint64_t>& pt) { return static_cast<bool>(cfw.accepts(cfw.output(residual_at(pt)))); };
  std::vector<std::vector<uint64_t>> seeds;
  auto add = [&](const std::vector<uint64_t>& pt) {
    if (seeds.size() > limit || std::find(seeds.begin(), seeds.end(), pt) != seeds.end() || !accepted(pt)) return;
    seeds.push_back(pt);
  };
  for (const auto& toks : sample_inputs(t)) {
    std::vector<std::vector<CBV>> h;
    for (const auto& row : embedded_inputs(m, toks)) {
      std::vector<CBV> hv;
      for (auto x : row) hv.push_back(cb.num(m.format.bits(), x));
      h.push_back(hv);
    }
    const auto rc = cfw.run_residual(h);
    std::vector<uint64_t> pt;
    for (auto i : coords) pt.push_back(static_cast<uint64_t>(rc[i].v));
    add(pt);
  }
  for (size_t s = 0; s < seeds.size() && seeds.size() <= limit; ++s)
    for (size_t k = 0; k < coords.size(); ++k) {
      const int w = r[coords[k]].w;
      const uint64_t top = uint64_t(1) << (w - 1), mask = w >= 64 ? ~uint64_t(0) : (uint64_t(1) << w) - 1;
      if ((seeds[s][k] & mask & ~top) != 0) continue;
      auto flipped = seeds[s];
      flipped[k] ^= top;
      add(flipped);
    }
  return seeds;
}

// The MLP cut (§3 of proofs/smt_lemmas.md). Every accepted point, seeded by evaluation or
// found in a solver model, is replayed on the concrete MLP, and the cut is dropped (the
// whole MLP used) unless each one is accepted there too.
// A separable MLP (d > 1, fixed point) is cut per coordinate class (§14, separable_cut.hpp);
// its term and accumulation lemmas go to `parts`, kept before the cut's own lemma.
std::optional<CutLemma> replayed_mlp_cut(Z3Backend& b, const Model& m, const Task& t, const std::vector<ZBV>& r,
                                         Forward<ZArith>& fw, const SmtOptions& opt, std::vector<Lemma>& parts) {
  // A cut given up makes the final query carry the whole MLP, far slower than the cut (at
  // d = 64 the cut takes seconds, more than a lemma's 10 s under load): it may use up to
  // half the check's time (the check's deadline still caps it).
  const double limit = std::max(opt.lemma_timeout_seconds, opt.timeout_seconds / 2);
  const auto seeds = cut_seeds(m, t, b, r, opt.cut_points);
  std::optional<CutLemma> cut;
  if (auto sep = separable_mlp_cut(b, m, r, seeds, opt.cut_points, opt.lemma_timeout_seconds)) {
    parts = std::move(sep->parts);
    cut = std::move(sep->cut);
  } else {
    cut = mlp_cut(b, r, [&](const std::vector<ZBV>& rr) { return fw.accepts(fw.output(rr)); }, opt.cut_points, limit, seeds);
  }
  if (!cut) return cut;
  ConcreteBackend cb;
  ConcreteArith car{cb};
  Forward<ConcreteArith> cfw(car, m);
  for (const auto& pt : cut->accepted) {
    std::vector<CBV> rc;
    for (size_t i = 0; i < r.size(); ++i) rc.push_back(cb.num(r[i].w, b.is_const(r[i]) ? b.value(r[i]) : 0));
    for (size_t k = 0; k < cut->coords.size(); ++k) rc[cut->coords[k]] = cb.num(r[cut->coords[k]].w, pt[k]);
    if (!cfw.accepts(cfw.output(rc))) {
      parts.clear();
      return std::nullopt;
    }
  }
  return cut;
}

}  // namespace

namespace {

bool memory_reason(const std::string& why) {
  return why.find("memory") != std::string::npos || why.find("memout") != std::string::npos;
}

UpperVerdict smt_check_once(const Model& m, const Task& t, const SmtOptions& opt) {
  auto start = std::chrono::steady_clock::now();
  PhaseClock clock;
  const CheckDeadline deadline(opt.timeout_seconds);
  UpperVerdict v;
  v.solver = solver_version();
  z3::context ctx;
  // Z3's memory limit is a global parameter (every context of the process): set once this
  // context exists (creating one under a tiny limit fails inside Z3), lifted on return.
  struct MemoryLimit {
    explicit MemoryLimit(unsigned mb) : on(mb > 0) {
      if (on) z3::set_param("memory_max_size", static_cast<int>(mb));
    }
    ~MemoryLimit() {
      if (on) z3::set_param("memory_max_size", 0);
    }
    bool on;
  } limit(opt.memory_mb);
  Z3Backend b(ctx);
  std::vector<z3::expr> side;
  ExpEncoding expenc(opt.exact_exp_bits);
  expenc.install(b, side);
  auto in = make_input(b, m, t);
  SupportTables tables(b, in.vars, opt.lemma_timeout_seconds);
  if (opt.lemmas) expenc.use_tables(&tables);
  ShadowAbstraction shadows(ctx, in.domain, opt.lemma_timeout_seconds);
  ExactSums sums(b, tables, opt.lemma_timeout_seconds, shadows, opt.adder_lemmas);
  std::vector<std::vector<ZBV>> h;
  for (int j = 0; j < t.positions(); ++j) h.push_back(embed(b, m, in.tokens[j], j));
  ZArith ar{b};
  Forward<ZArith> fw(ar, m);
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  LemmaSweep sweep(
      b, opt.lemmas ? sample_stores(m, t) : std::vector<std::vector<uint64_t>>{},
      [&] {
        std::vector<z3::expr> ctxa = in.domain;
        ctxa.insert(ctxa.end(), side.begin(), side.end());
        return ctxa;
      },
      opt.lemma_timeout_seconds);
  fw.on_store = [&sweep](const ZBV& v) { return sweep(v); };
  if (opt.lemmas) {
    sweep.use_tables(&tables);
    sweep.use_shadows(&shadows);
    fw.on_accumulate = [&sums](const Format& A, const ZBV& acc, const ZBV& term) { return sums(A, acc, term); };
  }
  sweep.batch_shadow_lemmas(opt.lemmas && opt.batch_shadow_lemmas);
  Trace<ZArith> trace;  // the heads' updates, for the residual adder (§16)
  auto r = fw.run_residual(h, &trace);
  const bool dbg = std::getenv("EB_DEBUG_LEMMAS") != nullptr;
  if (!sweep.settle()) {
    // A lemma taken speculatively is not proven: the circuit after it is unusable. The
    // check again, without batching, in the time left (a limit reached gives unknown there).
    SmtOptions again = opt;
    again.batch_shadow_lemmas = false;
    const double spent = elapsed();
    again.timeout_seconds = opt.timeout_seconds - spent;
    const std::string limit_reached = fmt::format("time limit of {} s reached", opt.timeout_seconds);
    if (again.timeout_seconds <= 0) {
      v.status = UpperStatus::Unknown;
      v.reason = limit_reached;
      v.seconds = spent;
      return v;
    }
    UpperVerdict w = smt_check_once(m, t, again);
    w.seconds += spent;
    if (w.status == UpperStatus::Unknown && w.reason == fmt::format("time limit of {} s reached", again.timeout_seconds))
      w.reason = limit_reached;
    return w;
  }
  if (dbg) fmt::print(stderr, "phase forward {:.2f}s (exact steps {}, fallback steps {})\n", elapsed(), sums.exact_steps(), sums.fallback_steps());
  clock.mark("forward");
  for (const auto& l : sweep.lemmas()) v.lemmas.push_back({l.statement, l.smt2, l.seconds});
  for (const auto& l : tables.lemmas()) v.lemmas.push_back({l.statement, l.smt2, l.seconds});
  for (const auto& l : sums.lemmas()) v.lemmas.push_back({l.statement, l.smt2, l.seconds});
  v.representable = sums.representable();
  fw.on_store = nullptr;
  fw.on_accumulate = nullptr;
  // The acceptance: pulled back to the exact sums where they carry everything (§9 of
  // proofs/smt_lemmas.md), otherwise through the MLP cut (§3), otherwise the whole MLP.
  std::optional<Pullback> pb;
  if (opt.lemmas && !shadows.empty())
    pb = pull_back(shadows, b.expr(fw.accepts(fw.output(r))), opt.lemma_timeout_seconds);
  for (const auto& l : shadows.lemmas()) v.lemmas.push_back({l.statement, l.smt2, l.seconds});
  clock.mark("pullback");
  if (dbg) fmt::print(stderr, "phase pullback {:.2f}s ({})\n", elapsed(), pb ? pb->lemma.statement : "no");
  std::optional<CutLemma> cut;
  std::vector<Lemma> cut_parts;
  if (opt.lemmas && !pb) cut = replayed_mlp_cut(b, m, t, r, fw, opt, cut_parts);
  clock.mark("cut");
  if (dbg) fmt::print(stderr, "phase cut {:.2f}s ({})\n", elapsed(), cut ? "yes" : "no");
  z3::expr accepts = b.ctx().bool_val(false);
  if (pb) {
    v.lemmas.push_back({pb->lemma.statement, pb->lemma.smt2, pb->lemma.seconds});
    accepts = pb->predicate;
  } else if (cut) {
    for (const auto& l : cut_parts) v.lemmas.push_back({l.statement, l.smt2, l.seconds});
    v.lemmas.push_back({cut->statement, cut->smt2, cut->seconds});
    accepts = b.expr(cut_member(b, r, *cut));
  } else {
    accepts = b.expr(fw.accepts(fw.output(r)));
  }
  auto truth = task_truth(b, t, in);
  std::vector<z3::expr> assertions = in.domain;
  assertions.push_back(accepts != truth);

  // eq-token with d > 1 digits: the final query as one obligation per coordinate and
  // their combination (§12 of proofs/smt_lemmas.md); when every one is proven, Q is
  // UNSAT without being solved whole (it is still kept, and `check` re-solves it).
  // Otherwise (d = 1, or a part not proven) its two cases, Γ true and Γ false.
  bool split = false;
  if (cut && !pb && elapsed() < opt.timeout_seconds) {  // past the limit: unknown, below
    auto parts = split_final_query(b, m, t, in.tokens, r, *cut, in.domain, side, opt.lemma_timeout_seconds);
    if (!parts && opt.adder_split && cut->coords.size() == 1 && trace.heads.size() == 1) {
      const size_t c = cut->coords[0];
      if (c < trace.heads[0].upd.size() && c < h.back().size())
        parts = split_by_adder(b, m, t, ResidualAdder{h.back()[c], trace.heads[0].upd[c], r[c]}, *cut, truth, in.domain,
                               side, opt.lemma_timeout_seconds);
    }
    if (!parts)
      parts = split_by_truth(ctx, t, accepts, truth, in.domain, side, opt.lemma_timeout_seconds, m.format.is_float());
    if (parts) {
      for (auto& l : *parts) v.lemmas.push_back({l.statement, l.smt2, l.seconds});
      v.status = UpperStatus::Verified;
      split = true;
    }
  }
  for (int round = 0; !split; ++round) {
    double left = opt.timeout_seconds - elapsed();
    if (left <= 0) {
      v.status = UpperStatus::Unknown;
      v.reason = fmt::format("time limit of {} s reached", opt.timeout_seconds);
      break;
    }
    // After a pull-back the final query is integer sums of tables: structural hashing.
    z3::solver s = make_bv_solver(ctx, static_cast<unsigned>(left * 1000) + 1, pb.has_value());
    for (auto& a : assertions) s.add(a);
    for (auto& a : side) s.add(a);
    auto res = s.check();
    if (res == z3::unsat) {
      v.status = UpperStatus::Verified;
      break;
    }
    if (res == z3::unknown) {
      v.status = UpperStatus::Unknown;
      const std::string why = s.reason_unknown();
      v.reason = memory_reason(why) && opt.memory_mb ? fmt::format("memory limit of {} MB reached", opt.memory_mb)
                                                     : fmt::format("solver: {}", why);
      break;
    }
    auto model = s.get_model();
    std::vector<BigInt> toks;
    for (int j = 0; j < t.positions(); ++j)
      toks.push_back(BigInt(model.eval(b.expr(in.tokens[j]), true).get_decimal_string(0)));
    auto ev = evaluate(m, toks);
    bool expected = t.truth(toks);
    if (ev.accepts != expected) {
      Counterexample cex;
      cex.tokens = toks;
      cex.accepts = ev.accepts;
      cex.expected = expected;
      cex.reference_agrees = reference_accepts(m, toks) == ev.accepts;
      v.counterexample = cex;
      v.status = UpperStatus::Refuted;
      v.reason = cex.reference_agrees ? "counterexample replayed on the concrete evaluator and the exact reference"
                                      : "counterexample replayed on the concrete evaluator; the exact reference DISAGREES (a core bug: please report)";
      break;
    }
    // Spurious. After a pull-back the query no longer reads any exp site, so nothing can
    // explain it: a bug, never a verdict.
    if (pb) {
      v.status = UpperStatus::Unknown;
      v.internal_error = true;
      v.reason = "the solver's model of the pulled-back query does not replay (please report)";
      break;
    }
    // Otherwise only the exp abstraction allowed it.
    int added = expenc.refine(b, model, side);
    v.refinements++;
    if (added == 0 || v.refinements > opt.max_refinements) {
      v.status = UpperStatus::Unknown;
      v.internal_error = added == 0;
      v.reason = added == 0 ? "solver model does not replay and no abstraction explains it (please report)"
                            : fmt::format("exp abstraction not refined within {} rounds", opt.max_refinements);
      break;
    }
  }
  clock.mark("final");
  if (dbg) fmt::print(stderr, "phase final {:.2f}s\n", elapsed());
  v.abstract_exp_sites = static_cast<int>(expenc.sites().size());
  v.seconds = elapsed();
  std::vector<z3::expr> all = assertions;
  all.insert(all.end(), side.begin(), side.end());
  v.smt2 = to_smt2(ctx, all, v.status == UpperStatus::Verified ? "unsat" : v.status == UpperStatus::Refuted ? "sat" : "unknown");
  clock.mark("print");
  v.phases = clock.phases();
  return v;
}

}  // namespace

UpperVerdict smt_check(const Model& m, const Task& t, const SmtOptions& opt) {
  check_model_fits_task(m, t);
  try {
    return smt_check_once(m, t, opt);
  } catch (const z3::exception& e) {
    if (!memory_reason(e.msg())) throw;
  } catch (const std::bad_alloc&) {
  }
  UpperVerdict v;
  v.status = UpperStatus::Unknown;
  v.solver = solver_version();
  v.reason = opt.memory_mb ? fmt::format("memory limit of {} MB reached", opt.memory_mb) : "out of memory";
  return v;
}

}  // namespace eb
