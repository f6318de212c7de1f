// everybit verify MODEL [--task eq-token|eq-bits|eq-bits(n=8)|TASK.json] [--p P --d D | --n N]
// [--timeout S] [--memory MB] [--json] [--emit-smt FILE] [--exhaustive-limit L] [--cert FILE]: checks a
// model file against a built-in task (docs/tasks.md) or a task file for every
// input: the SMT check (solver/smt_check.hpp), and, when the task has at most L (default
// 2^24) inputs, exhaustive evaluation as a cross-check. --cert writes the verdict as a
// certificate of kind "verify" (docs/certificates.md).
// Exit codes: 0 verified, 1 refuted (with a counterexample replayed on the concrete
// evaluator and the exact reference), 2 unknown (time or memory limit), 3 usage, 4 bad file (model, task file,
// --emit-smt or --cert not writable), 5 solver failure, 6 the two checks disagree or the
// evaluators disagree (a bug: please report).
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <z3++.h>

#include "cli/cli_util.hpp"
#include "cli/commands.hpp"
#include "certificate/certificate.hpp"
#include "cli/exit_codes.hpp"
#include "cli/proof_cli.hpp"
#include "cli/options.hpp"
#include "transformer/evaluator.hpp"
#include "upper/exhaustive.hpp"
#include "reference/decode.hpp"
#include "upper/reference_replay.hpp"
#include "solver/smt_check.hpp"
#include "task/task_file.hpp"

namespace eb::cli {

namespace {

struct VerifyOptions {
  std::string file, task, emit_smt, cert, recipe;
  std::string proof;  // --proof DIR (cli/proof_cli.hpp)
  int p = 0, d = 0, n = 0;
  bool has_p = false, has_d = false, has_n = false;
  double timeout = 120;
  unsigned memory_mb = 0;
  uint64_t exhaustive_limit = uint64_t(1) << 24;
  bool json = false;
  bool adder_lemmas = false;  // --adder-lemmas: the exact sums by adder lemmas (proofs/smt_lemmas.md §7)
};

// --task: a task file (docs/tasks.md), a full spelling "eq-bits(n=8)", or a kind with
// --p/--d/--n (defaulting to the model file's task).
Task resolve_task(const VerifyOptions& o, const std::optional<Task>& from_file) {
  if (!o.task.empty() && (looks_like_task_file(o.task) || parse_task_text(o.task))) {
    if (o.has_p || o.has_d || o.has_n)
      throw Failure(kUsage, fmt::format("--p, --d and --n apply to --task eq-token|eq-bits, not to '{}'", o.task));
    if (auto t = parse_task_text(o.task)) return *t;
    try {
      return load_task_file(o.task);
    } catch (const TaskFileError& e) {
      throw Failure(kBadFile, e.what());
    }
  }
  Task::Kind kind;
  if (!o.task.empty()) kind = parse_task_kind(o.task);
  else if (from_file) kind = from_file->kind;
  else throw Failure(kUsage, "verify needs --task (the model file has no \"task\" field)");
  const bool file_same = from_file && from_file->kind == kind;
  if (kind == Task::Kind::EqToken) {
    if (o.has_n) throw Failure(kUsage, "--n applies to eq-bits only");
    if ((!o.has_p || !o.has_d) && !file_same)
      throw Failure(kUsage, "eq-token needs --p and --d (the model file names no eq-token task)");
    return Task::eq_token(o.has_p ? o.p : from_file->p, o.has_d ? o.d : from_file->d);
  }
  if (o.has_p || o.has_d) throw Failure(kUsage, "--p and --d apply to eq-token only");
  if (!o.has_n && !file_same) throw Failure(kUsage, "eq-bits needs --n (the model file names no eq-bits task)");
  return Task::eq_bits(o.has_n ? o.n : from_file->n);
}

bool same_output(const Format& F, uint64_t a, uint64_t b) {
  if (a == b) return true;
  return F.is_float() && reference::classify(F, a) == reference::Class::NaN &&
         reference::classify(F, b) == reference::Class::NaN;
}

struct Replay {
  std::vector<BigInt> tokens;
  uint64_t o = 0, ref = 0;
  bool accepts = false, expected = false, ref_agrees = false;
};

Replay replay(const Model& m, const Task& t, const std::vector<BigInt>& tokens) {
  Replay r;
  r.tokens = tokens;
  const Evaluation ev = evaluate(m, tokens);
  r.o = ev.o;
  r.accepts = ev.accepts;
  r.expected = t.truth(tokens);
  r.ref = reference_output(m, tokens);
  r.ref_agrees = same_output(m.stage(Stage::Out), r.o, r.ref) && reference_accepts(m, tokens) == r.accepts;
  return r;
}

nlohmann::json replay_json(const Format& F, const Replay& r) {
  nlohmann::json toks = nlohmann::json::array();
  for (const auto& t : r.tokens) toks.push_back(t.str());
  return {{"tokens", toks},
          {"accepts", r.accepts},
          {"expected", r.expected},
          {"o", value_json(F, r.o)},
          {"reference_o", value_json(F, r.ref)},
          {"reference_agrees", r.ref_agrees}};
}

void print_replay(const Format& F, const Replay& r, const std::string& label) {
  fmt::print("{}: tokens {}: the model {} (o = {}) but Γ = {}\n", label, tokens_text(r.tokens),
             r.accepts ? "accepts" : "rejects", value_text(F, r.o), r.expected ? 1 : 0);
  fmt::print("  replayed on the concrete evaluator: o = {} ({})\n", value_text(F, r.o), r.accepts ? "accept" : "reject");
  fmt::print("  replayed on the exact reference:    o = {} ({})\n", value_text(F, r.ref),
             r.ref_agrees ? "agrees" : "DISAGREES: a core bug, please report");
}

void run_verify(const VerifyOptions& o, int& code) {
  ModelFile mf = load_model_file(o.file);
  if (!o.recipe.empty()) apply_recipe_option(mf.model, parse_recipe_option(o.recipe));
  const Model& m = mf.model;
  const Task task = resolve_task(o, mf.task);
  try {
    check_model_fits_task(m, task);
  } catch (const std::invalid_argument& e) {
    throw Failure(kUsage, fmt::format("the model does not fit the task: {}", e.what()));
  }
  const Format F = m.stage(Stage::Out);  // the output o is printed in the out stage

  if (!o.proof.empty() && o.cert.empty()) throw Failure(kUsage, "--proof needs --cert (the certificate records the proofs)");
  if (!o.proof.empty()) require_cadical();
  SmtOptions so;
  so.timeout_seconds = o.timeout;
  so.memory_mb = o.memory_mb;
  so.adder_lemmas = o.adder_lemmas;
  UpperVerdict v;
  try {
    v = smt_check(m, task, so);
  } catch (const z3::exception& e) {
    throw Failure(kSolver, fmt::format("the solver failed: {}", e.msg()));
  } catch (const std::length_error& e) {
    // A table task whose truth table is too irregular to encode: exhaustive evaluation decides.
    v = UpperVerdict{};
    v.status = UpperStatus::Unknown;
    v.solver = solver_version();
    v.reason = e.what();
  }
  // The final query rests on the lemmas: each is written beside it, BASE.lemmaK.smt2 with
  // BASE = FILE without ".smt2". A file that cannot be written (though it passed the check
  // before the solve) is reported after the results are printed.
  std::vector<std::string> lemma_files;
  std::string write_error;
  if (!o.emit_smt.empty()) {
    try {
      write_text_file(o.emit_smt, v.smt2);
      std::string base = o.emit_smt;
      if (base.size() > 5 && base.compare(base.size() - 5, 5, ".smt2") == 0) base.resize(base.size() - 5);
      for (size_t k = 0; k < v.lemmas.size(); ++k) {
        lemma_files.push_back(fmt::format("{}.lemma{}.smt2", base, k + 1));
        write_text_file(lemma_files.back(), v.lemmas[k].smt2);
      }
    } catch (const Failure& e) {
      write_error = fmt::format("--emit-smt: {}", e.what());
    }
  }

  const BigInt inputs = input_count(task);
  std::optional<ExhaustiveResult> ex;
  if (inputs <= BigInt(o.exhaustive_limit)) ex = exhaustive_check(m, task, o.exhaustive_limit);

  // The counterexample (SMT's, or exhaustive evaluation's first when SMT gave unknown).
  std::optional<Replay> cex;
  if (v.counterexample) cex = replay(m, task, v.counterexample->tokens);
  else if (ex && ex->first) cex = replay(m, task, *ex->first);

  // Combine, loudly on any disagreement.
  std::string status, how;
  std::string conflict;
  const bool ex_clean = ex && ex->disagreements == 0;
  switch (v.status) {
    case UpperStatus::Verified:
      status = "verified";
      how = "SMT (UNSAT)";
      if (ex && !ex_clean)
        conflict = fmt::format("the SMT check says verified but exhaustive evaluation finds {} disagreeing inputs "
                               "(first: {})",
                               ex->disagreements, tokens_text(*ex->first));
      if (ex) how += " and exhaustive evaluation";
      break;
    case UpperStatus::Refuted:
      status = "refuted";
      how = "SMT counterexample";
      if (ex && ex_clean)
        conflict = fmt::format("the SMT check refutes on {} but exhaustive evaluation finds every input correct",
                               tokens_text(v.counterexample->tokens));
      if (cex && cex->accepts == cex->expected)
        conflict = fmt::format("the SMT counterexample {} does not replay on the concrete evaluator",
                               tokens_text(cex->tokens));
      break;
    case UpperStatus::Unknown:
      if (ex) {
        status = ex_clean ? "verified" : "refuted";
        how = fmt::format("exhaustive evaluation (the SMT check gave unknown: {})", v.reason);
      } else {
        status = "unknown";
        how = v.reason;
      }
      break;
  }
  if (v.internal_error && conflict.empty()) conflict = "the SMT check: " + v.reason;
  if (cex && !cex->ref_agrees && conflict.empty())
    conflict = fmt::format("the concrete evaluator and the exact reference disagree on {}", tokens_text(cex->tokens));

  if (o.json) {
    nlohmann::json out;
    out["model"] = o.file;
    out["task"] = task.str();
    out["format"] = F.str();
    out["status"] = conflict.empty() ? status : "internal_error";
    out["how"] = how;
    nlohmann::json lemmas = nlohmann::json::array();
    for (const auto& l : v.lemmas) lemmas.push_back(l.statement);
    out["smt"] = {{"status", upper_status_name(v.status)}, {"solver", v.solver},   {"seconds", v.seconds},
                  {"reason", v.reason},                     {"refinements", v.refinements}, {"lemmas", lemmas}};
    nlohmann::json reps = nlohmann::json::array();
    for (const auto& r : v.representable) reps.push_back({{"format", r.format}, {"g", r.g}, {"R", r.R}});
    out["smt"]["representable"] = reps;
    if (ex)
      out["exhaustive"] = {{"inputs", ex->inputs},
                           {"disagreements", ex->disagreements},
                           {"seconds", ex->seconds},
                           {"first", ex->first ? nlohmann::json(tokens_text(*ex->first)) : nlohmann::json(nullptr)}};
    else
      out["exhaustive"] = nullptr;
    out["inputs"] = inputs.str();
    out["counterexample"] = cex ? replay_json(F, *cex) : nlohmann::json(nullptr);
    if (!conflict.empty()) out["error"] = conflict;
    if (!o.emit_smt.empty() && write_error.empty()) {
      out["smt2_file"] = o.emit_smt;
      out["lemma_files"] = lemma_files;
    }
    if (!o.cert.empty() && conflict.empty()) out["certificate"] = o.cert;
    const std::string text = out.dump();
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
  } else {
    fmt::print("model: {}: {}\n", o.file, model_summary(m));
    fmt::print("task: {}: |Σ| = {}, {} inputs\n", task.str(), task.alphabet_size().str(), inputs.str());
    fmt::print("smt: {} ({}, {:.3f} s, {} refinements, {} lemmas{}){}\n", upper_status_name(v.status), v.solver,
               v.seconds, v.refinements, v.lemmas.size(),
               v.representable.empty() ? "" : fmt::format(", {} representability step{}", v.representable.size(),
                                                                  v.representable.size() == 1 ? "" : "s"),
               v.reason.empty() ? "" : ": " + v.reason);
    if (ex) {
      if (ex->disagreements == 0)
        fmt::print("exhaustive: all {} inputs agree with Γ ({:.3f} s)\n", ex->inputs, ex->seconds);
      else
        fmt::print("exhaustive: {} of {} inputs disagree with Γ, first {} ({:.3f} s)\n", ex->disagreements, ex->inputs,
                   tokens_text(*ex->first), ex->seconds);
    } else {
      if (o.exhaustive_limit == 0) fmt::print("exhaustive: disabled (--exhaustive-limit 0)\n");
      else fmt::print("exhaustive: not run ({} inputs > limit {})\n", inputs.str(), o.exhaustive_limit);
    }
    if (cex) print_replay(F, *cex, "counterexample");
    if (!o.emit_smt.empty() && write_error.empty())
      fmt::print("smt-lib2 query written to {}{}\n", o.emit_smt,
                 lemma_files.empty() ? "" : fmt::format(", its {} lemmas to {} ... {}", lemma_files.size(),
                                                         lemma_files.front(), lemma_files.back()));
    if (conflict.empty()) {
      if (status == "unknown") fmt::print("verdict: unknown ({})\n", how);
      else fmt::print("verdict: {} (by {})\n", status, how);
    }
  }
  if (!o.cert.empty() && conflict.empty()) {
    VerifyClaim claim{task, m, v, ""};
    UpperVerdict& u = claim.upper;
    u.status = status == "verified" ? UpperStatus::Verified : status == "refuted" ? UpperStatus::Refuted : UpperStatus::Unknown;
    u.exhaustive = ex.has_value();
    if (ex) {
      u.seconds += ex->seconds;
      claim.exhaustive_note = ex->disagreements == 0
                                  ? fmt::format("all {} inputs agree with Γ", ex->inputs)
                                  : fmt::format("{} of {} inputs disagree with Γ", ex->disagreements, ex->inputs);
    } else {
      claim.exhaustive_note = o.exhaustive_limit == 0 ? "disabled (--exhaustive-limit 0)"
                                                      : fmt::format("{} inputs: over the exhaustive limit", inputs.str());
    }
    if (v.status == UpperStatus::Unknown && status != "unknown") u.reason = how;
    if (u.status == UpperStatus::Refuted && !u.counterexample && cex)
      u.counterexample = Counterexample{cex->tokens, cex->accepts, cex->expected, cex->ref_agrees};
    if (auto f = write_verify_certificate_with_proofs(claim, o.cert, o.proof, o.timeout)) throw *f;
    if (!o.json) fmt::print("certificate written to {} (re-verify it with `everybit check {}`)\n", o.cert, o.cert);
  }
  if (!conflict.empty())
    throw Failure(kInternal, fmt::format("INTERNAL ERROR, NO VERDICT: {} (a bug in everybit: please report it with "
                                         "the model file)",
                                         conflict));
  if (!write_error.empty()) {
    std::fflush(stdout);
    throw Failure(kBadFile, write_error);
  }
  code = status == "verified" ? kOk : status == "refuted" ? kNegative : kUnknown;
}

}  // namespace

void add_verify_command(CLI::App& app, int& code) {
  auto opts = std::make_shared<VerifyOptions>();
  auto* sub = app.add_subcommand(
      "verify",
      "Check a model file against a built-in task or a task file for every input (SMT, plus exhaustive evaluation "
      "when small)");
  sub->add_option("MODEL", opts->file, "Model file (docs/model-file.md)")->required();
  sub->add_option("--task", opts->task,
                  "Task: eq-token or eq-bits (with --p/--d or --n), a spelling like eq-bits(n=8), or a task file "
                  "TASK.json (docs/tasks.md); default: the model file's \"task\"");
  sub->add_option("--p", opts->p, "eq-token: p (alphabet 0..2^((p-1)d)); default from the model file's task");
  sub->add_option("--d", opts->d, "eq-token: d; default from the model file's task");
  sub->add_option("--n", opts->n, "eq-bits: n; default from the model file's task");
  add_time_limit(sub, opts->timeout, "SMT time limit; reaching it gives unknown (exit 2)");
  add_memory_limit(sub, opts->memory_mb,
                   "Solver memory limit in MB, 1..1048576, or none (default); reaching it gives unknown (exit 2)");
  add_exhaustive_limit(sub, opts->exhaustive_limit, kMaxExhaustiveLimit,
                       "Cross-check by exhaustive evaluation when the task has at most this many inputs (0 disables; "
                       "at most 2^32)");
  add_output_file(sub, "--emit-smt", opts->emit_smt,
                  "Write the final SMT-LIB2 (QF_BV) query to FILE, and each lemma it rests on beside it: --emit-smt "
                  "m.smt2 writes m.lemma1.smt2, m.lemma2.smt2, ... (FILE without .smt2, then .lemmaK.smt2)");
  add_output_file(sub, "--cert", opts->cert,
                  "Write the verdict as a certificate (kind \"verify\"; re-verify it with `everybit check FILE`)");
  add_output_dir(sub, "--proof", opts->proof,
                 "With --cert: write the CNF and a DRAT proof (CaDiCaL) of the final query and of each lemma into "
                 "this directory (created when missing), recorded in the certificate (docs/certificates.md)");
  sub->footer(
      "Examples:\n"
      "  everybit construct eq-token --family fixed --p 8 -o m.json && everybit verify m.json\n"
      "  everybit verify m.json --timeout 600 --emit-smt m.smt2 --cert m.cert.json\n"
      "  everybit verify b.json --task docs/examples/eq2_task.json --json\n"
      "Exit codes: 0 verified; 1 refuted (a counterexample, replayed); 2 unknown (time or memory limit, and too many "
      "inputs to evaluate all); 3 usage; 4 bad model or task file, or an output file that cannot be written; "
      "5 the solver failed; 6 internal error (the two checks or the evaluators disagree: please report). "
      "More: docs/cli.md#verify");
  sub->add_flag("--json", opts->json, "Print one JSON object");
  sub->add_flag("--adder-lemmas", opts->adder_lemmas,
                "Prove each exact attention-sum step by one adder lemma per term value (the slower path kept for "
                "comparison) instead of the representability argument (proofs/smt_lemmas.md §7a); same verdicts");
  add_recipe(sub, opts->recipe,
             "Verify under this recipe (docs/formats.md#recipes); its param stage must be the model's format");
  sub->callback([opts, sub, &code] {
    opts->has_p = sub->get_option("--p")->count() > 0;
    opts->has_d = sub->get_option("--d")->count() > 0;
    opts->has_n = sub->get_option("--n")->count() > 0;
    run_verify(*opts, code);
  });
}

}  // namespace eb::cli
