#include "cli/synth_cli.hpp"

#include <sstream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "certificate/proof_write.hpp"
#include "synth/reduction.hpp"
#include "synth/sat_cadical.hpp"

namespace eb::cli {

std::string command_line(const std::string& command, const std::string& msg) {
  const std::string lib = "synth: ";
  return msg.rfind(lib, 0) == 0 ? command + ": " + msg.substr(lib.size()) : msg;
}

void SynthCliOptions::add_to(CLI::App* sub) {
  command = sub->get_name();
  sub->add_option("--task", task, "eq-token or eq-bits")->required();
  add_count(sub, "--p", p, 2, 64, "eq-token: the task's p (alphabet 0..2^((p-1)d)), 2..64");
  add_count(sub, "--d", d, 1, 64, "eq-token: coordinates d, 1..64 (default 1)");
  add_count(sub, "--n", n, 1, 64, "eq-bits: string length n, 1..64");
  add_count(sub, "--d-tok", d_tok, 1, 64, "shape: token coordinates (default: the construction's, d)");
  add_count(sub, "--d-pos", d_pos, 0, 64, "shape: positional coordinates (default: eq-token 2, eq-bits 3)");
  add_count(sub, "--heads", heads, 1, 64, "shape: heads H (default 1)");
  add_count(sub, "--d-h", d_h, 1, 64, "shape: head width d_h (default: eq-token d, eq-bits 1)");
  add_count(sub, "--mlp", mlp, 1, 64, "shape: MLP width (default: eq-token 2d, eq-bits 2)");
  sub->add_option("--softmax", softmax, "shape: stable or plain")->capture_default_str();
  add_time_limit(sub, timeout, "time limit in seconds for each synthesis (or none); reaching it gives unknown");
  add_count(sub, "--per-round", per_round, 1, 1024, "counterexamples added to the input subset per round (default 4)");
  sub->add_option("--symmetry", symmetry,
                  "on: search only embeddings whose interchangeable tokens' rows are in non-decreasing order "
                  "(proofs/synth_symmetry.md; eq-token and eq-bits with E free, ignored otherwise); off: every embedding")
      ->capture_default_str();
  sub->add_option("--rows", rows,
                  "the query's embedding rows: cases (one forward pass per tuple of concrete rows, shared between "
                  "inputs), symbolic, or auto (cases when at most 16 cases per input)")
      ->capture_default_str();
  sub->add_option("--solver-mode", solver_mode,
                  "fresh: a new bit-blasting solver per round on the whole subset; incremental: one Z3 QF_BV solver "
                  "kept across rounds, adding only the new inputs (same verdicts, different time)")
      ->capture_default_str();
  sub->add_option("--narrow", narrow,
                  "on: first search with every weight outside E on the grid {-1, 0, 1}, then on 0 and the powers of "
                  "two (each at most a tenth of the time limit), then the whole shape; a Transformer found there is "
                  "verified like any other, none comes only from the whole shape (docs/synthesis.md#narrow-stages); "
                  "off: the whole shape only")
      ->capture_default_str();
  sub->add_option("--reduction", reduction,
                  "on: where every Transformer of the shape runs a hard-attention automaton (eq-bits, fixed(p) with p "
                  "<= 6, H = d_h = 1, stable softmax, nothing fixed), first ask whether any automaton computes the "
                  "task, with at most half the time limit; UNSAT is none, resting on a written reduction "
                  "(docs/synthesis.md#the-hard-attention-reduction---reduction-onoff); off: the search only")
      ->capture_default_str();
  sub->add_option("--sat", sat,
                  "the SAT back-end of each round: z3 (Z3's bit-blasting solver) or cadical (the round's CNF solved by "
                  "the cadical executable; an UNSAT round's DRAT proof checked by everybit; docs/synthesis.md#sat-back-end)")
      ->capture_default_str();
  sub->add_option("--cadical-options", cadical_options,
                  "with --sat cadical: options passed to cadical, space-separated, e.g. --cadical-options=--sat or --cadical-options=--unsat");
}

Task SynthCliOptions::make_task() const {
  if (task == "eq-token") {
    if (p == 0) throw Failure(kUsage, command + ": --task eq-token needs --p P (the task's p)");
    if (n != 0) throw Failure(kUsage, command + ": --n belongs to eq-bits; eq-token takes --p and --d");
    return Task::eq_token(p, d);
  }
  if (task == "eq-bits") {
    if (n == 0) throw Failure(kUsage, command + ": --task eq-bits needs --n N");
    if (p != 0) throw Failure(kUsage, command + ": --p belongs to eq-token; eq-bits takes --n");
    return Task::eq_bits(n);
  }
  throw Failure(kUsage, fmt::format("{}: unknown task '{}' (eq-token or eq-bits)", command, task));
}

SynthShape SynthCliOptions::make_shape(const Task& t) const {
  SynthShape s = default_shape(t);
  if (d_tok >= 0) s.d_tok = d_tok;
  if (d_pos >= 0) s.d_pos = d_pos;
  if (heads >= 0) s.heads = heads;
  if (d_h >= 0) s.d_h = d_h;
  if (mlp >= 0) s.mlp = mlp;
  s.softmax = parse_softmax(softmax);
  return s;
}

SynthOptions SynthCliOptions::synth() const {
  SynthOptions o;
  o.timeout_seconds = timeout;
  o.per_round = per_round;
  if (symmetry != "on" && symmetry != "off")
    throw Failure(kUsage, fmt::format("{}: --symmetry '{}' is not on or off", command, symmetry));
  o.encoding.symmetry = symmetry == "on";
  if (solver_mode != "fresh" && solver_mode != "incremental")
    throw Failure(kUsage, fmt::format("{}: --solver-mode '{}' is not fresh or incremental", command, solver_mode));
  o.incremental = solver_mode == "incremental";
  if (narrow != "on" && narrow != "off")
    throw Failure(kUsage, fmt::format("{}: --narrow '{}' is not on or off", command, narrow));
  o.narrow = narrow == "on";
  if (reduction != "on" && reduction != "off")
    throw Failure(kUsage, fmt::format("{}: --reduction '{}' is not on or off", command, reduction));
  o.reduction = reduction == "on";
  if (sat != "z3" && sat != "cadical") throw Failure(kUsage, fmt::format("{}: --sat '{}' is not z3 or cadical", command, sat));
  std::istringstream opts(cadical_options);
  for (std::string w; opts >> w;) {
    if (w.size() < 2 || w[0] != '-')
      throw Failure(kUsage, fmt::format("{}: --cadical-options '{}' is not an option (it starts with '-')", command, w));
    o.cadical_options.push_back(w);
  }
  if (!o.cadical_options.empty() && sat != "cadical")
    throw Failure(kUsage, command + ": --cadical-options needs --sat cadical");
  if (sat == "cadical") {
    if (o.incremental)
      throw Failure(kUsage, command + ": --solver-mode incremental keeps one Z3 solver; --sat cadical solves each round's "
                            "CNF afresh (leave one out)");
    o.sat = SynthOptions::Sat::Cadical;
    try {
      cadical_executable("--sat cadical");
    } catch (const ProofToolError& e) {
      throw Failure(kSolver, fmt::format("{}: {}", command, e.what()));
    }
  }
  try {
    o.encoding.rows = parse_synth_rows(rows);
  } catch (const std::invalid_argument& e) {
    throw Failure(kUsage, command_line(command, e.what()));
  }
  return o;
}

std::string synth_verdict_line(const Task& t, const std::string& over, const SynthShape& s, const SynthResult& r) {
  switch (r.status) {
    case SynthStatus::Found:
      return fmt::format("found: a Transformer of the shape {} over {} computes {} ({}; {} rounds, {:.2f} s)", s.str(),
                         over, t.str(), r.reason, r.rounds, r.seconds);
    case SynthStatus::None:
      return fmt::format("none: no Transformer of the shape {} over {} computes {} ({}; {} rounds, {:.2f} s; this "
                         "shape only, docs/synthesis.md)",
                         s.str(), over, t.str(), r.reason, r.rounds, r.seconds);
    case SynthStatus::Unknown: break;
  }
  return fmt::format("unknown: {} over {} for {}: {} ({} rounds, {} inputs in the subset, {:.2f} s)", s.str(), over,
                     t.str(), r.reason, r.rounds, r.inputs.size(), r.seconds);
}

namespace {

// The SAT back-end; with cadical, the last round's CNF and the times summed over the rounds.
nlohmann::json sat_json(const SynthResult& r) {
  nlohmann::json j{{"backend", r.sat}};
  if (r.sat == "cadical") {
    j["cnf_variables"] = r.cnf_variables;
    j["cnf_clauses"] = r.cnf_clauses;
    j["blast_seconds"] = r.blast_seconds;
    j["cadical_seconds"] = r.sat_seconds;
    j["proof_seconds"] = r.proof_seconds;
    j["drat_check_seconds"] = r.drat_seconds;
  }
  return j;
}

nlohmann::json round_log_json(const SynthResult& r) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& rd : r.round_log) {
    nlohmann::json j{{"inputs", rd.inputs},
                     {"answer", rd.answer},
                     {"solve_seconds", rd.solve_seconds},
                     {"eval_seconds", rd.eval_seconds},
                     {"wrong", rd.wrong},
                     {"stage", rd.stage.empty() ? "shape" : rd.stage}};
    if (r.sat == "cadical") {
      j["cnf_variables"] = rd.cnf_variables;
      j["cnf_clauses"] = rd.cnf_clauses;
    }
    a.push_back(j);
  }
  return a;
}

}  // namespace

std::string synth_rounds_line(const SynthResult& r) {
  std::string s = "rounds:";
  for (size_t i = 0; i < r.round_log.size(); ++i) {
    const auto& rd = r.round_log[i];
    s += fmt::format("{} {}{}: {} inputs, {} in {:.2f} s", i ? ";" : "", i + 1,
                     rd.stage.empty() ? "" : " [" + rd.stage + "]", rd.inputs, rd.answer, rd.solve_seconds);
    if (rd.stage == reduction_name()) {
      if (rd.answer == "sat") s += " (an automaton exists; that says nothing about the shape)";
    } else if (rd.answer == "sat")
      s += fmt::format(", {} wrong", rd.wrong);
    if (r.sat == "cadical") s += fmt::format(" (CNF {} variables, {} clauses)", rd.cnf_variables, rd.cnf_clauses);
  }
  return s;
}

std::string synth_sat_line(const SynthResult& r) {
  return fmt::format("sat back-end cadical: last round's CNF {} variables, {} clauses; over {} rounds bit-blasting "
                     "{:.2f} s, CaDiCaL {:.2f} s, proof run {:.2f} s, DRAT check {:.2f} s",
                     r.cnf_variables, r.cnf_clauses, r.rounds, r.blast_seconds, r.sat_seconds, r.proof_seconds,
                     r.drat_seconds);
}

nlohmann::json synth_result_json(const Task& t, const Format& F, const SynthShape& s, const SynthResult& r) {
  return {{"task", t.str()},        {"format", F.str()},
          {"p", F.bits()},          {"shape", s.str()},
          {"status", synth_status_name(r.status)},
          {"reason", r.reason},     {"rounds", r.rounds},
          {"subset", r.inputs.size()}, {"inputs", r.all_inputs},
          {"free_weights", r.free_weights}, {"seconds", r.seconds},
          {"solver", r.solver},     {"internal_error", r.internal_error},
          {"symmetry", r.symmetry ? "on" : "off"}, {"rows", r.row_cases ? "cases" : "symbolic"},
          {"case_circuits", r.case_circuits}, {"sat", sat_json(r)}, {"round_log", round_log_json(r)},
          {"narrow_stages", r.narrow_stages},
          {"reduction", r.reduction ? reduction_json(*r.reduction) : nlohmann::json(nullptr)},
          {"found_stage", r.status == SynthStatus::Found ? nlohmann::json(r.found_stage.empty() ? "shape" : r.found_stage)
                                                         : nlohmann::json(nullptr)}};
}

nlohmann::json synth_result_json(const Task& t, const Recipe& rc, const SynthShape& s, const SynthResult& r) {
  nlohmann::json j = synth_result_json(t, rc[Stage::Param], s, r);
  if (!rc.is_uniform()) j["recipe"] = rc.str();
  return j;
}

int synth_exit_code(const SynthResult& r) {
  if (r.internal_error) return kInternal;
  switch (r.status) {
    case SynthStatus::Found: return kOk;
    case SynthStatus::None: return kNegative;
    case SynthStatus::Unknown: break;
  }
  return kUnknown;
}

SynthResult run_synth_guarded(const std::function<SynthResult()>& f, const std::string& command) {
  try {
    return f();
  } catch (const ProofToolError& e) {
    throw Failure(kSolver, fmt::format("{}: {}", command, e.what()));
  } catch (const SatToolError& e) {
    throw Failure(kSolver, fmt::format("{}: {}", command, e.what()));
  }
}

}  // namespace eb::cli
