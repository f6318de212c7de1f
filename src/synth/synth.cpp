#include "synth/synth.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "certificate/proof_write.hpp"
#include "solver/lemma_sweep.hpp"
#include "solver/smt_check.hpp"
#include "synth/narrow.hpp"
#include "synth/query.hpp"
#include "synth/reduction.hpp"
#include "synth/sat_cadical.hpp"
#include "task/sample_inputs.hpp"
#include "transformer/evaluator.hpp"
#include "upper/exhaustive.hpp"
#include "upper/reference_replay.hpp"

namespace eb {

const char* synth_status_name(SynthStatus s) {
  switch (s) {
    case SynthStatus::Found: return "found";
    case SynthStatus::None: return "none";
    case SynthStatus::Unknown: return "unknown";
  }
  return "?";
}

std::vector<TokenSeq> all_task_inputs(const Task& t) {
  std::vector<std::vector<BigInt>> dom;
  for (int j = 0; j < t.positions(); ++j) dom.push_back(domain_tokens(task_domain(t, j)));
  return token_sequences(dom);
}

std::vector<TokenSeq> order_witnesses(const Task& t) {
  std::vector<TokenSeq> out;
  const auto toks = interchangeable_tokens(t);
  for (size_t i = 0; i + 1 < toks.size(); ++i) {
    TokenSeq same;
    for (int j = 0; j < t.positions(); ++j) {
      const BigInt a(toks[i]);
      same.push_back(task_domain(t, j).contains(a) ? a : task_domain(t, j).is_range() ? BigInt(0)
                                                                                      : BigInt(task_domain(t, j).values[0]));
    }
    TokenSeq moved = same;
    moved[0] = BigInt(toks[i + 1]);
    out.push_back(same);
    if (task_domain(t, 0).contains(moved[0])) out.push_back(moved);
  }
  return out;
}

SynthResult synthesize(const Task& t, const Format& F, const SynthShape& s, const Model* fixed_from,
                       const SynthOptions& opt) {
  return synthesize(t, Recipe::uniform(F), s, fixed_from, opt);
}

namespace {
// How a stage's loop ended: go on to the next stage, or stop with res as it is.
enum class StageEnd { Next, Stop };

// The hard-attention reduction's query (synth/reduction.hpp) on Z3's QF_BV solver, parsed
// afresh in its own context: "sat", "unsat" or "unknown".
std::string solve_reduction(const std::string& text, double seconds) {
  z3::context ctx;
  z3::solver solver(ctx, "QF_BV");
  z3::params prm(ctx);
  prm.set("timeout", static_cast<unsigned>(std::clamp(seconds * 1000, 1.0, 4.0e9)));
  solver.set(prm);
  solver.add(ctx.parse_string(text.c_str()));
  const auto r = solver.check();
  return r == z3::sat ? "sat" : r == z3::unsat ? "unsat" : "unknown";
}
}  // namespace

SynthResult synthesize(const Task& t, const Recipe& recipe, const SynthShape& s, const Model* fixed_from,
                       const SynthOptions& opt) {
  // The uniform recipe keeps the format's checks and messages.
  if (recipe.is_uniform())
    check_synth_shape(t, recipe[Stage::Param], s, fixed_from, opt.encoding);
  else
    check_synth_shape(t, recipe, s, fixed_from, opt.encoding);
  if (opt.sat == SynthOptions::Sat::Cadical && opt.incremental)
    throw std::invalid_argument(
        "synth: --solver-mode incremental keeps one Z3 solver; --sat cadical solves each round's CNF afresh (leave "
        "one out)");
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  SynthResult res;
  const bool on_cadical = opt.sat == SynthOptions::Sat::Cadical;
  CadicalConfig cadical;
  if (on_cadical) {
    res.sat = "cadical";
    cadical.executable = cadical_executable("--sat cadical");
    cadical.options = opt.cadical_options;
  }
  res.solver = on_cadical ? fmt::format("{} (CNF: {})", cadical_version_text(cadical.executable), solver_version())
                          : solver_version();
  const Model skeleton = synth_skeleton(t, recipe, s, fixed_from);
  const auto inputs = all_task_inputs(t);
  res.all_inputs = inputs.size();

  z3::context ctx;
  SynthEncoder enc(ctx, t, skeleton, s, opt.encoding);
  res.free_weights = enc.free_weights();
  res.symmetry = enc.symmetry();
  res.row_cases = enc.row_cases();
  // The hard-attention reduction first, where it applies, with at most kReductionShare of the
  // time limit. Its UNSAT is the verdict none over the inputs it covers; otherwise the search
  // below runs as without it.
  if (opt.reduction && recipe.is_uniform())
    if (auto q = hard_automaton_reduction(t, recipe[Stage::Param], s)) {
      const std::string text = hard_automaton_smt2(*q);
      const auto covered = reduction_inputs(t, *q);
      const double t0 = elapsed();
      const std::string answer = solve_reduction(text, kReductionShare * opt.timeout_seconds);
      ++res.rounds;
      res.round_log.push_back(SynthRound{covered.size(), answer, elapsed() - t0, 0, 0, 0, 0, reduction_name()});
      if (answer == "unsat") {
        res.status = SynthStatus::None;
        res.reduction = q;
        res.symmetry = false;
        res.row_cases = false;
        res.inputs = covered;
        res.smt2 = text;
        res.reason = fmt::format("UNSAT: no hard-attention automaton computes the task on {} of the {} inputs, and "
                                 "every Transformer of the class runs one (proofs/eq_bits_fixed_hard.md)",
                                 covered.size(), inputs.size());
        res.seconds = elapsed();
        return res;
      }
    }
  std::vector<z3::expr> constraints;
  std::set<TokenSeq> in_subset;
  auto add = [&](const TokenSeq& in) {
    if (!in_subset.insert(in).second) return;
    res.inputs.push_back(in);
    constraints.push_back(enc.input_constraint(in));
  };
  for (const auto& in : sample_inputs(t)) add(in);
  // With the rows in order, a collision of two tokens' rows is a collision of neighbours
  // in that order; these inputs make each such collision contradict Γ inside the first
  // subset (the pigeonhole becomes local). Any subset is sound for none.
  if (enc.symmetry())
    for (const auto& in : order_witnesses(t)) add(in);

  // Incremental: one solver (Z3's QF_BV solver, incremental SAT) kept across rounds, each
  // round adding only the new inputs' constraints. Otherwise a fresh bit-blasting solver per
  // round on the whole subset. Either way the final query is the subset's conjunction.
  std::optional<z3::solver> kept;
  size_t sent = 0;
  if (opt.incremental) {
    kept.emplace(ctx, "QF_BV");
    for (const auto& c : enc.side()) kept->add(c);
  }
  // The stages (synth/narrow.hpp): the narrow ones first (with --narrow on), then the whole
  // shape. A narrow stage ends the search only with found; its UNSAT or its budget moves on
  // to the next stage, keeping the inputs it added to the subset.
  std::vector<NarrowStage> stages;
  if (opt.narrow) stages = opt.stages ? *opt.stages : narrow_stages(recipe[Stage::Param]);
  stages.push_back(NarrowStage{"", {}, 1.0, opt.timeout_seconds});
  for (size_t si = 0; si < stages.size(); ++si) {
    const NarrowStage& stage = stages[si];
    const bool narrow = !stage.name.empty();
    const std::vector<z3::expr> restriction = narrow ? enc.narrowing(stage.grid) : std::vector<z3::expr>{};
    // A stage that restricts nothing (no free weight outside E, no symmetry) is the whole
    // shape's query: left out.
    if (narrow && restriction.empty()) continue;
    const double stage_end =
        narrow ? std::min(opt.timeout_seconds,
                          elapsed() + std::min(stage.budget_fraction * opt.timeout_seconds, stage.max_seconds))
               : opt.timeout_seconds;
    if (narrow) res.narrow_stages.push_back(stage.name);
    StageEnd end = StageEnd::Next;
    for (;;) {
      const double left = stage_end - elapsed();
      if (left <= 0) {
        if (narrow) break;
        res.reason = fmt::format("time limit of {} s reached", opt.timeout_seconds);
        end = StageEnd::Stop;
        break;
      }
      // One round: the subset's query on the chosen back-end; a candidate, or a verdict.
      // A narrow stage's round adds its restriction; its unknown or UNSAT ends the stage only.
      std::optional<Model> next;
      std::string answer;
      if (on_cadical) {
        std::vector<z3::expr> all = constraints;
        all.insert(all.end(), enc.side().begin(), enc.side().end());
        all.insert(all.end(), restriction.begin(), restriction.end());
        ++res.rounds;
        const double t0 = elapsed();
        const SatRound sr = solve_round_cadical(ctx, all, enc.weight_vars(), left, cadical);
        answer = sr.answer == SatRound::Answer::Sat     ? "sat"
                 : sr.answer == SatRound::Answer::Unsat ? "unsat"
                                                        : "unknown";
        res.round_log.push_back(SynthRound{res.inputs.size(), answer, elapsed() - t0, 0, 0, sr.variables, sr.clauses,
                                           stage.name});
        res.cnf_variables = sr.variables;
        res.cnf_clauses = sr.clauses;
        res.blast_seconds += sr.blast_seconds;
        res.sat_seconds += sr.sat_seconds;
        res.proof_seconds += sr.proof_seconds;
        res.drat_seconds += sr.drat_seconds;
        if (sr.proof_rejected) {  // CaDiCaL and the DRAT checker disagree
          res.internal_error = true;
          res.reason = sr.reason + " (please report)";
          end = StageEnd::Stop;
          break;
        }
        if (sr.answer == SatRound::Answer::Unknown) {
          res.reason = elapsed() >= opt.timeout_seconds ? fmt::format("time limit of {} s reached", opt.timeout_seconds)
                                                        : sr.reason;
        } else if (sr.answer == SatRound::Answer::Unsat) {
          res.reason = fmt::format("UNSAT over {} of the {} inputs; {}", res.inputs.size(), inputs.size(), sr.reason);
        } else {
          next = enc.extract(*sr.model);
        }
      } else {
        const unsigned left_ms = static_cast<unsigned>(left * 1000) + 1;
        // A narrow stage never uses the kept solver: its restriction must not stay in it.
        const bool use_kept = opt.incremental && !narrow;
        z3::solver solver = use_kept ? *kept : make_bv_solver(ctx, left_ms);
        if (use_kept) {
          z3::params prm(ctx);
          prm.set("timeout", left_ms);
          solver.set(prm);
          for (; sent < constraints.size(); ++sent) solver.add(constraints[sent]);
        } else {
          for (const auto& c : constraints) solver.add(c);
          for (const auto& c : enc.side()) solver.add(c);
          for (const auto& c : restriction) solver.add(c);
        }
        ++res.rounds;
        const double t0 = elapsed();
        const auto r = solver.check();
        answer = r == z3::sat ? "sat" : r == z3::unsat ? "unsat" : "unknown";
        res.round_log.push_back(SynthRound{res.inputs.size(), answer, elapsed() - t0, 0, 0, 0, 0, stage.name});
        if (r == z3::unknown) {
          res.reason = elapsed() >= opt.timeout_seconds ? fmt::format("time limit of {} s reached", opt.timeout_seconds)
                                                        : fmt::format("solver: {}", solver.reason_unknown());
        } else if (r == z3::unsat) {
          res.reason = fmt::format("UNSAT over {} of the {} inputs", res.inputs.size(), inputs.size());
        } else {
          next = enc.extract(solver.get_model());
        }
      }
      if (!next) {
        if (narrow) break;  // the next stage; nothing is said about the shape
        if (answer == "unsat") {
          res.status = SynthStatus::None;
          res.smt2 = synth_query_smt2(t, skeleton, s, res.inputs, "unsat", opt.encoding);
        }
        end = StageEnd::Stop;
        break;
      }
      Model cand = std::move(*next);
      // The candidate on every input (concrete evaluator); its errors join the subset, spread
      // over the input order.
      std::vector<size_t> wrong;
      const double t_eval = elapsed();
      for (size_t i = 0; i < inputs.size(); ++i)
        if (evaluate(cand, inputs[i]).accepts != t.truth(inputs[i])) wrong.push_back(i);
      res.round_log.back().eval_seconds = elapsed() - t_eval;
      res.round_log.back().wrong = wrong.size();
      if (!wrong.empty()) {
        bool grew = false;
        const size_t k = std::min<size_t>(wrong.size(), static_cast<size_t>(std::max(1, opt.per_round)));
        for (size_t i = 0; i < k; ++i) {
          const auto& in = inputs[wrong[i * wrong.size() / k]];
          grew = grew || !in_subset.count(in);
          add(in);
        }
        if (!grew) {
          // The solver's model satisfies the subset, yet the evaluator errs on a member of it.
          res.internal_error = true;
          res.reason = "a candidate that satisfies the query errs on an input of the query (please report)";
          end = StageEnd::Stop;
          break;
        }
        continue;
      }
      // Right on every input: the check of `everybit verify`, then the exact reference. The
      // same for a narrow stage's candidate: it is a Transformer of the shape like any other.
      SmtOptions smt;
      smt.timeout_seconds = std::max(10.0, opt.timeout_seconds - elapsed());
      UpperCheck uc = check_upper(cand, t, smt);
      bool reference_ok = true;
      for (const auto& in : inputs) reference_ok = reference_ok && reference_accepts(cand, in) == t.truth(in);
      res.check = uc;
      if (uc.verdict.status == UpperStatus::Verified && reference_ok) {
        res.status = SynthStatus::Found;
        res.found_stage = stage.name;
        res.reason = fmt::format("found after {} inputs{}; verified (SMT and all {} inputs) and replayed on the exact "
                                 "reference",
                                 res.inputs.size(),
                                 narrow ? fmt::format(" in the narrow stage {} (every weight outside E in a grid of {} "
                                                      "values; the class searched is the whole shape)",
                                                      stage.name, stage.grid.size())
                                        : "",
                                 inputs.size());
        res.model = cand;
      } else {
        res.internal_error = true;
        res.reason = !reference_ok ? "a candidate right on every input disagrees with the exact reference (please report)"
                                   : fmt::format("a candidate right on every input is not verified: {} ({})",
                                                 upper_status_name(uc.verdict.status), uc.verdict.reason);
      }
      end = StageEnd::Stop;
      break;
    }
    if (end == StageEnd::Stop) break;
  }
  res.case_circuits = enc.case_circuits();
  res.seconds = elapsed();
  return res;
}

}  // namespace eb
