// everybit bench: the SMT check and exhaustive evaluation of the eq-token construction,
// timed in one run on the same models, with their ratio where both run; and, with
// --task eq-bits, the project's QF_BV encoding (smt_check) against an independent
// encoding in the floating-point theory (solver/fp_theory.hpp) on the eq-bits construction,
// solved by Z3 in-process and by cvc5 on its SMT-LIB text (--peers); with --scaling, the
// time of one check against n and its fitted exponent.
#include <chrono>
#include <ctime>
#include <cmath>
#include <iostream>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "certificate/check.hpp"
#include "construction/construction.hpp"
#include "construction/eq_bits_recipe.hpp"
#include "construction/eq_token_recipe.hpp"
#include "threshold/threshold.hpp"
#include "format/recipe_rules.hpp"
#include "upper/exhaustive.hpp"
#include "solver/fp_theory.hpp"
#include "solver/smt_check.hpp"

namespace eb::cli {

namespace {

struct Options {
  std::string family = "fixed";
  int p1 = 2, p2 = 10;
  int d = 1;
  double timeout = 120;
  bool json = false;
  // --task eq-bits
  std::string task = "eq-token";
  std::string format;
  int n = 0;
  std::string encoding = "both";
  std::string peers = "z3,cvc5";  // the FP-theory solvers: Z3 in-process, cvc5 on the SMT-LIB text
  bool scaling = false;
  std::string recipe;  // --recipe: the timed checks run under it (docs/cli.md#bench)
  bool family_given = false, p_given = false;
};

// --recipe for eq-bits: the recipe, or the uniform recipe of --format (exactly one given).
Recipe eq_bits_recipe(const Options& o) {
  if (!o.format.empty() && !o.recipe.empty()) throw Failure(kUsage, "bench: give --format or --recipe, not both");
  if (!o.recipe.empty()) return parse_recipe_option(o.recipe);
  if (o.format.empty()) throw Failure(kUsage, "bench --task eq-bits needs --format or --recipe");
  try {
    Format F = parse_format(o.format);
    validate(F);
    return Recipe::uniform(F);
  } catch (const FormatError& e) {
    throw Failure(kUsage, e.what());
  }
}

int run_eq_token(const Options& o) {
  // --recipe R: threshold's recipe family (threshold/threshold.hpp, recipe_at); by default
  // R's param stage's family, p1 = p2 = its width.
  std::optional<Recipe> recipe;
  if (!o.recipe.empty()) recipe = parse_recipe_option(o.recipe);
  Family fam = recipe && !o.family_given ? family_of((*recipe)[Stage::Param]) : parse_family(o.family);
  int p1 = o.p1, p2 = o.p2;
  if (recipe) {
    require_param_in_family(*recipe, fam);
    if (!o.p_given) p1 = p2 = (*recipe)[Stage::Param].bits();
  }
  if (p1 < fam.min_p() || p2 > 64 || p1 > p2)
    throw Failure(kUsage, fmt::format("bench: p must satisfy {} <= p1 <= p2 <= 64", fam.min_p()));
  if (recipe)
    for (int p = p1; p <= p2; ++p) try {
        validate(recipe_at(*recipe, fam, p));
      } catch (const FormatError& e) {
        throw Failure(kUsage, fmt::format("--recipe: at p = {} (param {}): {}", p, fam.at(p).str(), e.what()));
      }
  nlohmann::json rows = nlohmann::json::array();
  if (!o.json) fmt::print("{:>3}  {:<22} {:>10} {:>12} {:>14} {:>10}\n", "p", "format", "smt (s)", "inputs", "exhaustive (s)", "ratio");
  bool disagree = false;
  for (int p = p1; p <= p2; ++p) {
    auto c = recipe ? construct_eq_token(recipe_at(*recipe, fam, p), o.d) : construct_eq_token(fam.at(p), o.d);
    SmtOptions so;
    so.timeout_seconds = o.timeout;
    auto v = smt_check(c.model, c.task, so);
    nlohmann::json row = {{"p", p}, {"format", c.model.format.str()}, {"smt_status", upper_status_name(v.status)},
                          {"smt_seconds", v.seconds}};
    if (recipe) row["recipe"] = c.model.recipe().str();
    std::string ex_s = "-", ratio_s = "-", inputs = input_count(c.task).str();
    if (input_count(c.task) <= (uint64_t(1) << 24)) {
      auto ex = exhaustive_check(c.model, c.task);
      bool ok = ex.disagreements == 0;
      if ((v.status == UpperStatus::Verified && !ok) || (v.status == UpperStatus::Refuted && ok)) disagree = true;
      row["exhaustive_seconds"] = ex.seconds;
      row["ratio"] = ex.seconds / std::max(v.seconds, 1e-9);
      ex_s = fmt::format("{:.3f}", ex.seconds);
      ratio_s = fmt::format("{:.2f}x", ex.seconds / std::max(v.seconds, 1e-9));
    }
    // A refutation stands only with the exact reference agreeing on its counterexample.
    if (v.status == UpperStatus::Refuted && v.counterexample && !v.counterexample->reference_agrees) disagree = true;
    rows.push_back(row);
    if (!o.json)
      fmt::print("{:>3}  {:<22} {:>10.3f} {:>12} {:>14} {:>10}   ({})\n", p, c.model.format.str(), v.seconds, inputs, ex_s,
                 ratio_s, upper_status_name(v.status));
  }
  if (o.json) {
    nlohmann::json j{{"task", "eq-token"}, {"family", fam.str()}, {"d", o.d}, {"rows", rows}};
    if (recipe) j["recipe"] = recipe->str();
    std::cout << j.dump(2) << "\n";
  } else if (recipe)
    fmt::print("recipe {} with its param format replaced by the family's at p; ratio = exhaustive seconds "
               "/ SMT seconds\n", recipe_label(*recipe));
  else
    fmt::print("ratio = exhaustive seconds / SMT seconds (above 1: the SMT check is faster)\n");
  if (disagree)
    throw Failure(kInternal, "bench: the SMT check disagrees with exhaustive evaluation or the exact reference (please report)");
  return kOk;
}

// A side that ran: its verdict, seconds, and whether its time limit ended it.
struct Side {
  UpperVerdict v;
  bool timed_out = false;
};

bool hit_time_limit(const UpperVerdict& v) {
  if (v.status != UpperStatus::Unknown) return false;
  for (const char* s : {"time limit", "timeout", "canceled"})
    if (v.reason.find(s) != std::string::npos) return true;
  return false;
}

nlohmann::json cex_json(const UpperVerdict& v) {
  if (!v.counterexample) return nullptr;
  std::vector<std::string> toks;
  for (const auto& t : v.counterexample->tokens) toks.push_back(t.str());
  return {{"tokens", toks}, {"accepts", v.counterexample->accepts}, {"expected", v.counterexample->expected},
          {"reference_agrees", v.counterexample->reference_agrees}};
}

// Another solver on the FP-theory query's SMT-LIB text. It gives no model to replay, so
// its "sat" is reported as such (with exp over-approximated it need not be a counterexample).
struct PeerRun {
  std::string status;  // verified (unsat), sat_unreplayed, unknown, error
  double seconds = 0;
  bool timed_out = false;
  std::string detail, version;
};

PeerRun run_peer(const certcheck::Solver& solver, const std::string& text, double timeout) {
  const auto r = certcheck::solve_smt2(solver, text, timeout);
  PeerRun p;
  p.seconds = r.seconds;
  p.version = solver.describe();
  p.detail = r.detail;
  p.timed_out = r.status == certcheck::SolveStatus::Unknown && r.detail.find("time limit") != std::string::npos;
  p.status = r.status == certcheck::SolveStatus::Unsat ? "verified"
             : r.status == certcheck::SolveStatus::Sat ? "sat_unreplayed"
             : r.status == certcheck::SolveStatus::Unknown ? "unknown"
                                                            : "error";
  return p;
}

int run_eq_bits(const Options& o) {
  if (o.encoding != "ours" && o.encoding != "fp" && o.encoding != "both")
    throw Failure(kUsage, fmt::format("bench: --encoding must be ours, fp or both (got '{}')", o.encoding));
  if (o.peers != "z3" && o.peers != "cvc5" && o.peers != "z3,cvc5" && o.peers != "cvc5,z3")
    throw Failure(kUsage, fmt::format("bench: --peers must be z3, cvc5 or z3,cvc5 (got '{}')", o.peers));
  const Recipe R = eq_bits_recipe(o);
  if (o.n < 1 || o.n > 4096) throw Failure(kUsage, "bench --task eq-bits needs --n in 1..4096");
  const Format F = R[Stage::Param];
  const bool ours = o.encoding != "fp", fp = o.encoding != "ours";
  if (fp)
    if (auto why = fp_theory_unsupported(F))
      throw Failure(kUsage, fmt::format("bench: unsupported by the FP-theory encoding: {} (use --encoding ours)", *why));
  Construction c;
  try {
    c = construct_eq_bits(R, o.n, EqBitsShape{});
  } catch (const std::invalid_argument& e) {
    throw Failure(kUsage, fmt::format("bench: {}", e.what()));
  }
  if (fp)
    if (auto why = fp_theory_unsupported(c.model))
      throw Failure(kUsage, fmt::format("bench: unsupported by the FP-theory encoding: {} (use --encoding ours)", *why));
  std::optional<Side> a, b;
  const bool want_z3 = o.peers.find("z3") != std::string::npos, want_cvc5 = o.peers.find("cvc5") != std::string::npos;
  std::optional<certcheck::Solver> cvc5;
  if (fp && want_cvc5) {
    std::string problem;
    cvc5 = certcheck::resolve_solver("cvc5", problem);
    if (!cvc5) throw Failure(kSolver, fmt::format("bench: {} (or leave it out: --peers z3)", problem));
  }
  if (ours) {
    SmtOptions so;
    so.timeout_seconds = o.timeout;
    a = Side{smt_check(c.model, c.task, so)};
    a->timed_out = hit_time_limit(a->v);
  }
  std::optional<PeerRun> pc;
  if (fp) {
    FpTheoryOptions fo;
    fo.timeout_seconds = o.timeout;
    std::string text;
    fo.smt2 = &text;
    fo.solve = want_z3;
    try {
      auto r = fp_theory_check(c.model, c.task, fo);
      if (want_z3) b = Side{r.verdict, r.timed_out};
    } catch (const FpUnsupported& e) {
      throw Failure(kUsage, fmt::format("bench: {}", e.what()));
    }
    if (cvc5) pc = run_peer(*cvc5, text, o.timeout);
  }
  // ratio = FP-theory seconds / ours: above 1, the project's encoding is faster. A side
  // stopped by its time limit makes its time (and so the ratio) a bound.
  nlohmann::json ratio = nullptr, agree = nullptr;
  bool lower = false, upper = false;
  if (a && b) {
    lower = b->timed_out && !a->timed_out;
    upper = a->timed_out && !b->timed_out;
    if (!(a->timed_out && b->timed_out)) ratio = b->v.seconds / std::max(a->v.seconds, 1e-9);
    if (a->v.status != UpperStatus::Unknown && b->v.status != UpperStatus::Unknown) agree = a->v.status == b->v.status;
  }
  // "refuted" only with the exact reference agreeing on the counterexample; otherwise the
  // side is an internal error (and the command exits 6 below).
  auto status_name = [](const UpperVerdict& v) -> std::string {
    if (v.status == UpperStatus::Refuted && v.counterexample && !v.counterexample->reference_agrees) return "internal_error";
    return upper_status_name(v.status);
  };
  auto side_json = [&](const std::optional<Side>& s, nlohmann::json& j, const std::string& key) {
    j[key + "_status"] = s ? nlohmann::json(status_name(s->v)) : nlohmann::json(nullptr);
    j[key + "_seconds"] = s ? nlohmann::json(s->v.seconds) : nlohmann::json(nullptr);
    j[key + "_timed_out"] = s ? nlohmann::json(s->timed_out) : nlohmann::json(nullptr);
    j[key + "_reason"] = s ? nlohmann::json(s->v.reason) : nlohmann::json(nullptr);
    j[key + "_counterexample"] = s ? cex_json(s->v) : nlohmann::json(nullptr);
  };
  if (o.json) {
    nlohmann::json j = {{"task", "eq-bits"}, {"format", F.str()}, {"recipe", R.str()}, {"n", o.n}, {"encoding", o.encoding},
                        {"timeout", o.timeout}, {"construction_ideal", c.ideal}, {"construction_notes", c.notes}};
    side_json(a, j, "ours");
    side_json(b, j, "fp_theory");
    j["fp_theory_exp_sites"] = b ? nlohmann::json(b->v.abstract_exp_sites) : nlohmann::json(nullptr);
    j["cvc5_status"] = pc ? nlohmann::json(pc->status) : nlohmann::json(nullptr);
    j["cvc5_seconds"] = pc ? nlohmann::json(pc->seconds) : nlohmann::json(nullptr);
    j["cvc5_timed_out"] = pc ? nlohmann::json(pc->timed_out) : nlohmann::json(nullptr);
    j["cvc5_version"] = pc ? nlohmann::json(pc->version) : nlohmann::json(nullptr);
    j["cvc5_reason"] = pc ? nlohmann::json(pc->detail) : nlohmann::json(nullptr);
    const bool cvc5_timed = pc && (pc->status == "verified" || pc->status == "sat_unreplayed" || pc->timed_out);
    j["ratio_cvc5"] = a && cvc5_timed && !(a->timed_out && pc->timed_out) ? nlohmann::json(pc->seconds / std::max(a->v.seconds, 1e-9))
                                                                   : nlohmann::json(nullptr);
    j["ratio_cvc5_is_lower_bound"] = a && pc && pc->timed_out && !a->timed_out;
    j["ratio"] = ratio;
    j["ratio_is_lower_bound"] = lower;
    j["ratio_is_upper_bound"] = upper;
    j["agree"] = agree;
    std::cout << j.dump(2) << "\n";
  } else {
    fmt::print("eq-bits(n={}) over {}{}\n", o.n, R.is_uniform() ? F.str() : "the recipe " + recipe_label(R), c.ideal ? "" : " (construction not ideal: " + c.notes.front() + ")");
    auto line = [&](const char* name, const std::optional<Side>& s) {
      if (s) fmt::print("  {:<34} {:>10.3f} s{}  {}{}\n", name, s->v.seconds, s->timed_out ? "+" : " ",
                        status_name(s->v), s->v.reason.empty() ? "" : " (" + s->v.reason + ")");
    };
    line("ours (QF_BV over the core)", a);
    line("fp theory (Z3 QF_FP, RNE)", b);
    if (pc)
      fmt::print("  {:<34} {:>10.3f} s{}  {}{}\n", "fp theory (cvc5, SMT-LIB text)", pc->seconds, pc->timed_out ? "+" : " ",
                 pc->status, pc->detail.empty() ? "" : " (" + pc->detail + ")");
    if (a && pc && (pc->status == "verified" || pc->status == "sat_unreplayed" || pc->timed_out) &&
        !(a->timed_out && pc->timed_out))
      fmt::print("  ratio cvc5/ours = {}{:.2f}x\n", pc->timed_out && !a->timed_out ? ">= " : "",
                 pc->seconds / std::max(a->v.seconds, 1e-9));
    if (a && b) {
      if (ratio.is_null()) fmt::print("  ratio: - (both sides hit the time limit)\n");
      else fmt::print("  ratio fp/ours = {}{:.2f}x (above 1: ours is faster)\n", lower ? ">= " : upper ? "<= " : "",
                      ratio.get<double>());
      fmt::print("  agree: {}\n", agree.is_null() ? "- (a side has no verdict)" : agree.get<bool>() ? "yes" : "NO");
    }
  }
  if (a && pc && a->v.status == UpperStatus::Refuted && pc->status == "verified")
    throw Failure(kInternal, "bench: cvc5 finds the FP-theory query UNSAT, but ours refutes the model (please report)");
  if (agree.is_boolean() && !agree.get<bool>())
    throw Failure(kInternal, "bench: the two encodings disagree on a verdict (please report)");
  for (const auto& s : {a, b})
    if (s && s->v.counterexample && !s->v.counterexample->reference_agrees)
      throw Failure(kInternal, "bench: a counterexample does not replay on the exact reference (please report)");
  return kOk;
}

// CPU seconds used by the calling thread so far.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// The n of a scaling run: 1, 2, 3, 4, 6, 8, 12, 16, 24, ... (powers of two and 1.5 times
// them) up to N, and N itself.
std::vector<int> scaling_points(int N) {
  std::vector<int> ns;
  for (int k = 1; k <= N; k *= 2) {
    ns.push_back(k);
    if (k >= 2 && k + k / 2 <= N) ns.push_back(k + k / 2);
  }
  if (ns.back() != N) ns.push_back(N);
  return ns;
}

// Least squares of log t against log n: the exponent a of t ~ c·n^a.
std::optional<double> fitted_exponent(const std::vector<std::pair<int, double>>& pts) {
  if (pts.size() < 2) return std::nullopt;
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (auto [n, t] : pts) {
    const double x = std::log(n), y = std::log(std::max(t, 1e-6));
    sx += x, sy += y, sxx += x * x, sxy += x * y;
  }
  const double k = static_cast<double>(pts.size()), den = k * sxx - sx * sx;
  if (den <= 0) return std::nullopt;
  return (k * sxy - sx * sy) / den;
}

// --scaling: one check of ours per n, and the exponent fitted over the verified checks
// with n >= 4 (below, the fixed cost of a check dominates), or over every verified check
// when fewer than two have n >= 4.
int run_eq_bits_scaling(const Options& o) {
  const Recipe R = eq_bits_recipe(o);
  if (o.n < 2 || o.n > 4096) throw Failure(kUsage, "bench --task eq-bits --scaling needs --n in 2..4096 (the largest n)");
  const Format F = R[Stage::Param];
  const std::string label = R.is_uniform() ? F.str() : "the recipe " + recipe_label(R);
  nlohmann::json rows = nlohmann::json::array();
  std::vector<std::pair<int, double>> all, large, all_cpu, large_cpu;
  if (!o.json)
    fmt::print("eq-bits over {}: one check (ours) per n, time limit {} s\n{:>5} {:>10} {:>10}  {}\n", label, o.timeout, "n",
               "seconds", "cpu s", "status");
  bool bad = false;
  for (int n : scaling_points(o.n)) {
    Construction c;
    try {
      c = construct_eq_bits(R, n, EqBitsShape{});
    } catch (const std::invalid_argument& e) {
      throw Failure(kUsage, fmt::format("bench: {}", e.what()));
    }
    SmtOptions so;
    so.timeout_seconds = o.timeout;
    // The check's CPU time (it runs on this thread): unlike the wall time, it does not
    // grow with the other jobs on a shared machine.
    const double cpu0 = thread_cpu_seconds();
    const auto v = smt_check(c.model, c.task, so);
    const double cpu = thread_cpu_seconds() - cpu0;
    if (v.status == UpperStatus::Refuted && v.counterexample && !v.counterexample->reference_agrees) bad = true;
    rows.push_back({{"n", n}, {"status", upper_status_name(v.status)}, {"seconds", v.seconds}, {"cpu_seconds", cpu}, {"reason", v.reason}});
    if (!o.json)
      fmt::print("{:>5} {:>10.3f} {:>10.3f}  {}{}\n", n, v.seconds, cpu, upper_status_name(v.status), v.reason.empty() ? "" : " (" + v.reason + ")");
    if (v.status != UpperStatus::Verified) continue;
    all.push_back({n, v.seconds});
    all_cpu.push_back({n, cpu});
    if (n >= 4) large.push_back({n, v.seconds}), large_cpu.push_back({n, cpu});
  }
  const auto& pts = large.size() >= 2 ? large : all;
  const auto a = fitted_exponent(pts);
  const auto a_cpu = fitted_exponent(large.size() >= 2 ? large_cpu : all_cpu);
  std::vector<int> fit_n;
  for (auto [n, t] : pts) fit_n.push_back(n);
  if (o.json) {
    std::cout << nlohmann::json{{"task", "eq-bits"}, {"format", F.str()}, {"recipe", R.str()}, {"timeout", o.timeout}, {"rows", rows},
                                {"exponent", a ? nlohmann::json(*a) : nlohmann::json(nullptr)},
                                {"exponent_cpu", a_cpu ? nlohmann::json(*a_cpu) : nlohmann::json(nullptr)}, {"fit_n", fit_n}}
                     .dump(2)
              << "\n";
  } else if (a) {
    fmt::print("fitted exponent: time ~ n^{:.2f} (least squares on log-log over the verified checks, n = {}..{}); CPU time ~ n^{:.2f}\n",
               *a, fit_n.front(), fit_n.back(), *a_cpu);
  } else {
    fmt::print("fitted exponent: - (fewer than two verified checks)\n");
  }
  if (bad) throw Failure(kInternal, "bench: a counterexample does not replay on the exact reference (please report)");
  return kOk;
}

int run(const Options& o) {
  if (o.scaling && o.task != "eq-bits") throw Failure(kUsage, "bench: --scaling applies to --task eq-bits only");
  if (o.task == "eq-token") return run_eq_token(o);
  if (o.task == "eq-bits") return o.scaling ? run_eq_bits_scaling(o) : run_eq_bits(o);
  throw Failure(kUsage, fmt::format("bench: --task must be eq-token or eq-bits (got '{}')", o.task));
}

}  // namespace

void add_bench_command(CLI::App& app, int& code) {
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("bench", "Time the SMT check against exhaustive evaluation (eq-token), or against Z3's FP theory (eq-bits)");
  sub->add_option("--task", o->task, "eq-token (SMT vs exhaustive) or eq-bits (ours vs FP theory)")->capture_default_str();
  sub->add_option("--format", o->format, "eq-bits: the format, e.g. fp32");
  add_recipe(sub, o->recipe,
             "a precision recipe (docs/formats.md#recipes): the timed checks run under it. eq-bits: instead of "
             "--format; eq-token: a recipe family as in threshold (the stages in R's param format take the family's "
             "format at p; default: the family of R's param stage, p1 = p2 = its width)");
  add_count(sub, "--n", o->n, 1, 4096, "eq-bits: bits per party, 1..4096");
  sub->add_option("--encoding", o->encoding, "eq-bits: ours, fp or both")->capture_default_str();
  sub->add_option("--peers", o->peers, "eq-bits: the FP-theory solvers, z3, cvc5 or z3,cvc5 (cvc5 solves the query's SMT-LIB text)")->capture_default_str();
  sub->add_flag("--scaling", o->scaling, "eq-bits: time one check (ours) at n = 1, 2, 3, 4, 6, 8, ... up to --n, and print the fitted exponent");
  sub->add_option("--family", o->family, "format family (as for threshold)")->capture_default_str();
  add_count(sub, "--p1", o->p1, 2, 64, "first p, from the family's least p");
  add_count(sub, "--p2", o->p2, 2, 64, "last p, at most 64");
  add_count(sub, "--d", o->d, 1, 64, "token dimension d, 1..64");
  add_time_limit(sub, o->timeout, "SMT time limit per row, or per encoding with eq-bits");
  sub->add_flag("--json", o->json, "print one JSON object {task, family, d, rows: [{p, format, smt_status, smt_seconds, exhaustive_seconds, ratio}]}; eq-bits: see docs/cli.md");
  sub->footer(
      "Examples:\n"
      "  everybit bench --family fixed --p1 2 --p2 12\n"
      "  everybit bench --task eq-bits --format fp32 --n 4 --timeout 600\n"
      "  everybit bench --task eq-bits --format fp32 --n 24 --scaling\n"
      "  everybit bench --recipe fa3-fp8                  # eq-token at p = 8 under the recipe\n"
      "  everybit bench --task eq-bits --recipe bf16+acc:fp32 --n 4\n"
      "Exit codes: 0 timed (whatever the verdicts); 3 usage; 6 internal error (the two methods disagree, or a "
      "counterexample does not replay: please report). More: docs/cli.md#bench");
  sub->callback([o, sub, &code] {
    const auto given = [sub](const char* name) { return sub->get_option(name)->count() > 0; };
    const bool bits = o->task == "eq-bits";
    o->family_given = given("--family");
    o->p_given = given("--p1") || given("--p2");
    for (const char* name : {"--format", "--n", "--encoding", "--family", "--p1", "--p2", "--d", "--peers", "--scaling"}) {
      const bool eq_bits_option = std::string(name) == "--format" || std::string(name) == "--n" ||
                                  std::string(name) == "--encoding" || std::string(name) == "--peers" ||
                                  std::string(name) == "--scaling";
      if (given(name) && eq_bits_option != bits)
        throw Failure(kUsage, fmt::format("bench: {} applies to --task {} only", name, bits ? "eq-token" : "eq-bits"));
    }
    code = run(*o);
  });
}

}  // namespace eb::cli
