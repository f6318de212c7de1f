// everybit bench: the SMT check and exhaustive evaluation of the eq-token construction,
// timed in one run on the same models, with their ratio where both run; and, with
// --task eq-bits, the project's QF_BV encoding (smt_check) against an independent
// encoding in Z3's floating-point theory (solver/fp_theory.hpp) on the eq-bits construction.
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "construction/construction.hpp"
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
};

int run_eq_token(const Options& o) {
  Family fam = parse_family(o.family);
  if (o.p1 < fam.min_p() || o.p2 > 64 || o.p1 > o.p2)
    throw Failure(kUsage, fmt::format("bench: p must satisfy {} <= p1 <= p2 <= 64", fam.min_p()));
  nlohmann::json rows = nlohmann::json::array();
  if (!o.json) fmt::print("{:>3}  {:<22} {:>10} {:>12} {:>14} {:>10}\n", "p", "format", "smt (s)", "inputs", "exhaustive (s)", "ratio");
  bool disagree = false;
  for (int p = o.p1; p <= o.p2; ++p) {
    auto c = construct_eq_token(fam.at(p), o.d);
    SmtOptions so;
    so.timeout_seconds = o.timeout;
    auto v = smt_check(c.model, c.task, so);
    nlohmann::json row = {{"p", p}, {"format", c.model.format.str()}, {"smt_status", upper_status_name(v.status)},
                          {"smt_seconds", v.seconds}};
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
  if (o.json)
    std::cout << nlohmann::json{{"task", "eq-token"}, {"family", fam.str()}, {"d", o.d}, {"rows", rows}}.dump(2) << "\n";
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

int run_eq_bits(const Options& o) {
  if (o.encoding != "ours" && o.encoding != "fp" && o.encoding != "both")
    throw Failure(kUsage, fmt::format("bench: --encoding must be ours, fp or both (got '{}')", o.encoding));
  if (o.format.empty()) throw Failure(kUsage, "bench --task eq-bits needs --format");
  if (o.n < 1 || o.n > 4096) throw Failure(kUsage, "bench --task eq-bits needs --n in 1..4096");
  Format F;
  try {
    F = parse_format(o.format);
    validate(F);
  } catch (const FormatError& e) {
    throw Failure(kUsage, e.what());
  }
  const bool ours = o.encoding != "fp", fp = o.encoding != "ours";
  if (fp)
    if (auto why = fp_theory_unsupported(F))
      throw Failure(kUsage, fmt::format("bench: unsupported by the FP-theory encoding: {} (use --encoding ours)", *why));
  Construction c;
  try {
    c = construct_eq_bits(F, o.n, EqBitsShape{});
  } catch (const std::invalid_argument& e) {
    throw Failure(kUsage, fmt::format("bench: {}", e.what()));
  }
  std::optional<Side> a, b;
  if (ours) {
    SmtOptions so;
    so.timeout_seconds = o.timeout;
    a = Side{smt_check(c.model, c.task, so)};
    a->timed_out = hit_time_limit(a->v);
  }
  if (fp) {
    FpTheoryOptions fo;
    fo.timeout_seconds = o.timeout;
    try {
      auto r = fp_theory_check(c.model, c.task, fo);
      b = Side{r.verdict, r.timed_out};
    } catch (const FpUnsupported& e) {
      throw Failure(kUsage, fmt::format("bench: {}", e.what()));
    }
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
    nlohmann::json j = {{"task", "eq-bits"}, {"format", F.str()}, {"n", o.n}, {"encoding", o.encoding},
                        {"timeout", o.timeout}, {"construction_ideal", c.ideal}, {"construction_notes", c.notes}};
    side_json(a, j, "ours");
    side_json(b, j, "fp_theory");
    j["fp_theory_exp_sites"] = b ? nlohmann::json(b->v.abstract_exp_sites) : nlohmann::json(nullptr);
    j["ratio"] = ratio;
    j["ratio_is_lower_bound"] = lower;
    j["ratio_is_upper_bound"] = upper;
    j["agree"] = agree;
    std::cout << j.dump(2) << "\n";
  } else {
    fmt::print("eq-bits(n={}) over {}{}\n", o.n, F.str(), c.ideal ? "" : " (construction not ideal: " + c.notes.front() + ")");
    auto line = [&](const char* name, const std::optional<Side>& s) {
      if (s) fmt::print("  {:<34} {:>10.3f} s{}  {}{}\n", name, s->v.seconds, s->timed_out ? "+" : " ",
                        status_name(s->v), s->v.reason.empty() ? "" : " (" + s->v.reason + ")");
    };
    line("ours (QF_BV over the core)", a);
    line("fp theory (Z3 QF_FP, RNE)", b);
    if (a && b) {
      if (ratio.is_null()) fmt::print("  ratio: - (both sides hit the time limit)\n");
      else fmt::print("  ratio fp/ours = {}{:.2f}x (above 1: ours is faster)\n", lower ? ">= " : upper ? "<= " : "",
                      ratio.get<double>());
      fmt::print("  agree: {}\n", agree.is_null() ? "- (a side has no verdict)" : agree.get<bool>() ? "yes" : "NO");
    }
  }
  if (agree.is_boolean() && !agree.get<bool>())
    throw Failure(kInternal, "bench: the two encodings disagree on a verdict (please report)");
  for (const auto& s : {a, b})
    if (s && s->v.counterexample && !s->v.counterexample->reference_agrees)
      throw Failure(kInternal, "bench: a counterexample does not replay on the exact reference (please report)");
  return kOk;
}

int run(const Options& o) {
  if (o.task == "eq-token") return run_eq_token(o);
  if (o.task == "eq-bits") return run_eq_bits(o);
  throw Failure(kUsage, fmt::format("bench: --task must be eq-token or eq-bits (got '{}')", o.task));
}

}  // namespace

void add_bench_command(CLI::App& app, int& code) {
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("bench", "Time the SMT check against exhaustive evaluation (eq-token), or against Z3's FP theory (eq-bits)");
  sub->add_option("--task", o->task, "eq-token (SMT vs exhaustive) or eq-bits (ours vs FP theory)")->capture_default_str();
  sub->add_option("--format", o->format, "eq-bits: the format, e.g. fp32");
  add_count(sub, "--n", o->n, 1, 4096, "eq-bits: bits per party, 1..4096");
  sub->add_option("--encoding", o->encoding, "eq-bits: ours, fp or both")->capture_default_str();
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
      "Exit codes: 0 timed (whatever the verdicts); 3 usage; 6 internal error (the two methods disagree, or a "
      "counterexample does not replay: please report). More: docs/cli.md#bench");
  sub->callback([o, sub, &code] {
    const auto given = [sub](const char* name) { return sub->get_option(name)->count() > 0; };
    const bool bits = o->task == "eq-bits";
    for (const char* name : {"--format", "--n", "--encoding", "--family", "--p1", "--p2", "--d"}) {
      const bool eq_bits_option = std::string(name) == "--format" || std::string(name) == "--n" ||
                                  std::string(name) == "--encoding";
      if (given(name) && eq_bits_option != bits)
        throw Failure(kUsage, fmt::format("bench: {} applies to --task {} only", name, bits ? "eq-token" : "eq-bits"));
    }
    code = run(*o);
  });
}

}  // namespace eb::cli
