// everybit threshold: the main job. One row per p: the construction verified at p (SMT
// check, and every input where there are at most --exhaustive-limit, 2^18 by default), the
// counting check at q = p-1, and whether the threshold is exactly p.
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "certificate/certificate.hpp"
#include "cli/proof_cli.hpp"
#include "cli/cmd_threshold_eq_bits.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "cli/threshold_text.hpp"
#include "cache/verdict_cache.hpp"
#include "counting/decimal.hpp"
#include "threshold/threshold.hpp"
#include "format/recipe_rules.hpp"

namespace eb::cli {

namespace {

struct Options {
  std::string task = "eq-token";
  std::vector<std::string> families;
  std::string p_range;
  int d = 1;
  bool json = false;
  std::string certs;
  bool proofs = false;  // --proofs (cli/proof_cli.hpp)
  double timeout = 120;
  std::string cls = "embedding";
  bool quiet = false;
  int jobs = 2;
  CacheOption cache;
  std::string recipe;  // --recipe: a recipe family (docs/cli.md#threshold)
  bool timing = false; // --timing: each row's phases on stderr, and "phases" in the JSON
  // eq-token: every input is evaluated as the cross-check of the SMT verdict up to this many
  // inputs (|Σ|^2). 2^18 (fixed p <= 9 at d = 1), where evaluation costs less than the SMT
  // check; beyond, it dominated the row (float:e=8 p = 12: 15 s of CPU against 0.4 s) and
  // is opt-in with --exhaustive-limit (up to 2^24), as `check`'s default is 2^18.
  uint64_t exhaustive_limit = uint64_t(1) << 18;
};

// "falsify 0.01/0.01 forward 0.50/0.48 ..." (wall/CPU seconds; the exhaustive phase: wall).
std::string phases_text(const std::vector<PhaseTime>& phases) {
  std::string out;
  double wall = 0, cpu = 0;
  for (const auto& ph : phases) {
    out += ph.cpu < 0 ? fmt::format(" {} {:.2f}", ph.name, ph.wall) : fmt::format(" {} {:.2f}/{:.2f}", ph.name, ph.wall, ph.cpu);
    wall += ph.wall;
    cpu += std::max(0.0, ph.cpu);
  }
  return fmt::format("{} (total {:.2f}/{:.2f})", out, wall, cpu);
}

nlohmann::json phases_json(const std::vector<PhaseTime>& phases) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& ph : phases) {
    nlohmann::json one = {{"phase", ph.name}, {"wall", ph.wall}};
    if (ph.cpu >= 0) one["cpu"] = ph.cpu;
    out.push_back(one);
  }
  return out;
}

std::string cert_name(const ThresholdRow& row) {
  std::string fam;
  for (char c : row.family.str()) fam += std::isalnum(static_cast<unsigned char>(c)) || c == '=' ? c : '-';
  return fmt::format("eq-token-{}-p{}-d{}.json", fam, row.task.p, row.task.d);
}

nlohmann::json row_json(const ThresholdRow& r) {
  nlohmann::json up = {{"status", upper_status_name(r.upper.status)},
                       {"solver", r.upper.solver},
                       {"seconds", r.upper.seconds},
                       {"exhaustive", r.upper.exhaustive},
                       {"exhaustive_result", r.exhaustive_note},
                       {"reason", r.upper.reason},
                       {"lemmas", r.upper.lemmas.size()},
                       {"construction_notes", r.construction.notes}};
  if (r.upper.counterexample) {
    nlohmann::json toks = nlohmann::json::array();
    for (const auto& t : r.upper.counterexample->tokens) toks.push_back(t.str());
    up["counterexample"] = {{"tokens", toks},
                            {"accepts", r.upper.counterexample->accepts},
                            {"expected", r.upper.counterexample->expected},
                            {"reference_agrees", r.upper.counterexample->reference_agrees}};
  }
  nlohmann::json low = {{"q", r.lower.q},
                        {"status", r.lower.ruled_out ? "ruled_out" : "not_ruled_out"},
                        {"rows", counting::to_decimal(r.lower.rows)},
                        {"messages", counting::to_decimal(r.lower.messages)},
                        {"bound", r.lower.bound},
                        {"argument", r.lower.argument}};
  return {{"p", r.task.p},
          {"format", r.format.str()},
          {"alphabet_size", r.task.alphabet_size().str()},
          {"upper", up},
          {"lower", low},
          {"tight", r.tight}};
}

int run(const Options& o, VerdictCache* cache) {
  if (o.task != "eq-token")
    throw Failure(kUsage, fmt::format("threshold: task '{}' is not supported (eq-token or eq-bits)", o.task));
  // --recipe R: a recipe family (threshold/threshold.hpp, recipe_at). The param stage walks the
  // family (by default the one R's param stage belongs to, at its p alone).
  std::optional<Recipe> recipe;
  if (!o.recipe.empty()) recipe = parse_recipe_option(o.recipe);
  std::vector<std::string> families = o.families.empty() ? std::vector<std::string>{"fixed", "float:e=8"} : o.families;
  if (recipe && o.families.empty()) families = {family_of((*recipe)[Stage::Param]).str()};
  ThresholdOptions topt;
  topt.smt.timeout_seconds = o.timeout;
  // For measuring proofs/smt_lemmas.md §16 against the two cases it replaces (docs/sweeps.md).
  if (const char* off = std::getenv("EB_NO_ADDER_SPLIT"); off && *off && std::string(off) != "0") topt.smt.adder_split = false;
  topt.exhaustive_limit = o.exhaustive_limit;
  topt.cls = counting::parse_arch_class(o.cls);
  topt.cache = cache;
  if (o.proofs && o.certs.empty()) throw Failure(kUsage, "--proofs needs --certs (the certificates record the proofs)");
  if (o.proofs) require_cadical();
  if (!o.certs.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(o.certs, ec);
    if (ec) throw Failure(kBadFile, fmt::format("--certs: cannot create the directory '{}': {}", o.certs, ec.message()));
  }
  // A certificate that cannot be written stops further certificates but not the rows:
  // every row is still printed, then the error (exit 4).
  struct Plan {
    Family fam;
    int p1, p2;
  };
  std::vector<Plan> plans;
  for (const auto& f : families) {
    Family fam = parse_family(f);
    int p1 = 0, p2 = 0;
    if (recipe) require_param_in_family(*recipe, fam);
    if (recipe && o.p_range.empty()) {
      p1 = p2 = (*recipe)[Stage::Param].bits();
    } else if (o.p_range.empty()) {
      p1 = std::max(fam.min_p(), fam.kind == Kind::Fixed ? 2 : 10);
      p2 = 24;
    } else {
      std::tie(p1, p2) = parse_range(o.p_range, "--p", 2, 64);
    }
    if (p1 < fam.min_p() || p2 > 64)
      throw Failure(kUsage, fmt::format("--p: {}..{} is out of range for family {} (p in {}..64)", p1, p2, fam.str(), fam.min_p()));
    if ((p2 - 1) * o.d > 4096) throw Failure(kUsage, "threshold: tokens wider than 4096 bits (lower p or d)");
    if (recipe)
      for (int p = p1; p <= p2; ++p) {
        const Recipe r = recipe_at(*recipe, fam, p);
        try {
          validate(r);
        } catch (const FormatError& e) {
          throw Failure(kUsage, fmt::format("--recipe: at p = {} (param {}): {}", p, r[Stage::Param].str(), e.what()));
        }
      }
    plans.push_back({fam, p1, p2});
  }
  // Rows are independent: two workers (the machine's cores) take them in order; results
  // are printed in order as soon as every earlier row is done.
  struct Job {
    size_t plan;
    int p;
  };
  std::vector<Job> jobs;
  for (size_t i = 0; i < plans.size(); ++i)
    for (int p = plans[i].p1; p <= plans[i].p2; ++p) jobs.push_back({i, p});
  std::vector<std::optional<ThresholdRow>> results(jobs.size());
  std::vector<std::string> errors(jobs.size());
  std::mutex mu;
  std::condition_variable cv;
  size_t next = 0;
  auto worker = [&] {
    for (;;) {
      size_t k;
      {
        std::lock_guard<std::mutex> lock(mu);
        if (next >= jobs.size()) return;
        k = next++;
        if (!o.quiet)
          fmt::print(stderr, "threshold: [{}/{}] {} p={} ...\n", k + 1, jobs.size(), plans[jobs[k].plan].fam.str(), jobs[k].p);
      }
      std::optional<ThresholdRow> row;
      std::string err;
      try {
        row = recipe ? threshold_row(*recipe, plans[jobs[k].plan].fam, jobs[k].p, o.d, topt)
                     : threshold_row(plans[jobs[k].plan].fam, jobs[k].p, o.d, topt);
      } catch (const std::exception& e) {
        err = e.what();
      }
      std::lock_guard<std::mutex> lock(mu);
      results[k] = std::move(row);
      errors[k] = err.empty() ? "" : err;
      if (!results[k] && errors[k].empty()) errors[k] = "unknown error";
      cv.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (int i = 0; i < std::min<int>(o.jobs, static_cast<int>(jobs.size())); ++i) pool.emplace_back(worker);
  bool any_negative = false, any_unknown = false;
  nlohmann::json out_families = nlohmann::json::array();
  nlohmann::json rows = nlohmann::json::array();
  std::string failure;
  std::optional<Failure> cert_failure;  // the first certificate not written, thrown after the workers end
  for (size_t k = 0; k < jobs.size(); ++k) {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return results[k].has_value() || !errors[k].empty(); });
    if (!errors[k].empty()) {
      if (failure.empty()) failure = errors[k];
      continue;
    }
    const ThresholdRow& row = *results[k];
    lock.unlock();
    const auto& pl = plans[jobs[k].plan];
    if (jobs[k].p == pl.p1 && !o.json)
      print_eq_token_header(pl.fam.str(), o.d, recipe ? recipe_label(*recipe) : "");
    if (!row.tight) {
      if (row.upper.status == UpperStatus::Unknown) any_unknown = true;
      else any_negative = true;
    }
    if (!o.certs.empty() && !cert_failure)
      cert_failure = write_certificate_with_proofs(row, (std::filesystem::path(o.certs) / cert_name(row)).string(),
                                                   o.proofs, o.timeout);
    if (o.timing)
      fmt::print(stderr, "timing: {} p={}:{}\n", pl.fam.str(), jobs[k].p,
                 row.upper.phases.empty() ? " (no phases: from the cache)" : phases_text(row.upper.phases));
    if (o.json) {
      rows.push_back(row_json(row));
      if (recipe) rows.back()["recipe"] = row.recipe.str();
      if (o.timing) rows.back()["upper"]["phases"] = phases_json(row.upper.phases);
    }
    else print_eq_token_row(row_json(row));
    std::fflush(stdout);
    if (jobs[k].p == pl.p2) {
      out_families.push_back({{"task", "eq-token"}, {"family", pl.fam.str()}, {"d", o.d}, {"rows", rows}});
      if (recipe) out_families.back()["recipe"] = recipe->str();
      rows = nlohmann::json::array();
    }
  }
  for (auto& t : pool) t.join();
  report_cache(cache, "threshold", o.quiet);
  if (!failure.empty()) throw Failure(kInternal, failure);
  if (o.json) {
    std::cout << combine_groups(out_families, {{"task", "eq-token"}, {"d", o.d}}).dump(2) << "\n";
  }
  std::cout.flush();
  if (cert_failure)
    throw Failure(cert_failure->code, fmt::format("--certs: {} (the rows above are complete; later certificates were "
                                                  "not written)", cert_failure->what()));
  return any_negative ? kNegative : any_unknown ? kUnknown : kOk;
}

}  // namespace

void add_threshold_command(CLI::App& app, int& code) {
  auto opts = std::make_shared<Options>();
  auto* sub = app.add_subcommand(
      "threshold",
      "The one-bit threshold of eq-token: per p, the construction verified at p and the counting check ruling out p-1; "
      "for eq-bits, per n, the bracket [q_min, p] or tight");
  sub->add_option("--task", opts->task, "task: eq-token, or eq-bits (see --n)")->capture_default_str();
  sub->add_option("--family", opts->families,
                  "format family, repeatable: fixed, fixed:f=F, float:e=K with modifiers (,wrap ,fn ,ftz); "
                  "default: fixed and float:e=8");
  add_range(sub, "--p", opts->p_range, 2, 64,
            "precision P or range P1..P2, from the family's least p up to 64 (default: fixed 2..24, float 10..24)");
  add_count(sub, "--d", opts->d, 1, 64, "token dimension d, 1..64 (|Σ| = 2^((p-1)d) + 1)");
  add_time_limit(sub, opts->timeout, "SMT time limit per row (then: unknown)");
  sub->add_option("--class", opts->cls, "architecture class of the lower bound: embedding or accumulation")
      ->capture_default_str();
  add_output_dir(sub, "--certs", opts->certs,
                 "write one certificate per row into this directory (created when missing); re-verify them with "
                 "`everybit check`");
  sub->add_flag("--proofs", opts->proofs,
                "with --certs: also the CNF and a DRAT proof (CaDiCaL) of each unsat query, in CERT.proofs/ beside "
                "CERT.json (docs/certificates.md)");
  sub->add_flag("--json", opts->json, "print one JSON object (schema in docs/cli.md)");
  sub->add_flag("--quiet", opts->quiet, "no progress lines on stderr");
  sub->add_flag("--timing", opts->timing,
                "eq-token: per row, where the upper side's time went (falsify, forward, pullback, cut, final, print, "
                "exhaustive; wall/CPU seconds) on stderr, and as \"phases\" in the JSON");
  add_jobs(sub, opts->jobs, "rows solved at once, 1..16 (each row's exhaustive check uses 2 threads)");
  opts->cache.add_to(sub);
  add_recipe(sub, opts->recipe,
             "a precision recipe (docs/formats.md#recipes). eq-token: a recipe family: at each p, the stages R stores "
             "in its param format take the family's format at p, the others stay R's; the construction designed per "
             "recipe (default: --family of R's param stage, --p its width). eq-bits: per n, R's construction and "
             "verdict, instead of --family");
  sub->footer(
      "Examples:\n"
      "  everybit threshold                                   # the default: fixed 2..24 and float:e=8 10..24\n"
      "  everybit threshold --family fixed --p 2..64 --certs certs/\n"
      "  everybit threshold --task eq-bits --n 1..8 --family fixed --timeout 60\n"
      "  everybit threshold --recipe e4m3+acc:fp32                # one row: p = 8, the construction per recipe\n"
      "  everybit threshold --recipe 'float(3,2)+acc:fp16' --p 6..8 # param float:e=3 at p = 6..8, acc fp16\n"
      "  everybit threshold --task eq-bits --recipe fa3-fp8 --n 1..8\n"
      "Exit codes: 0 every row tight; 1 some row not tight (refuted, or not ruled out; eq-bits: a bracket); "
      "2 some row unknown (a solver limit); 3 usage; 4 --certs cannot be created or a certificate cannot be written "
      "(after every row is printed); 6 internal error. More: docs/cli.md#threshold");
  // eq-bits (cmd_threshold_eq_bits.cpp): --n and the shape options; --p, --d, --certs are eq-token's.
  auto eqb = std::make_shared<ThresholdEqBitsOptions>();
  add_threshold_eq_bits_options(sub, *eqb);
  // One option, two defaults: the help says both (eq-token's is applied in the callback).
  sub->get_option("--exhaustive-limit")
      ->description("evaluate every input as the cross-check of each SMT verdict when there are at most this many, "
                    "at most 2^24; default: eq-token 262144 (2^18), eq-bits 65536 (2^(2n): n <= 8)")
      ->default_str("");
  sub->callback([opts, eqb, sub, &code] {
    const auto given = [sub](const char* name) { return sub->get_option(name)->count() > 0; };
    if (opts->task != "eq-bits") {
      for (const char* name : {"--n", "--heads", "--d-h", "--softmax"})
        if (given(name)) throw Failure(kUsage, fmt::format("threshold: {} applies to --task eq-bits only", name));
      // --exhaustive-limit is registered with the eq-bits options (its default there is eq-bits').
      if (given("--exhaustive-limit")) opts->exhaustive_limit = eqb->shape.exhaustive_limit;
      const auto cache = opts->cache.open();
      code = run(*opts, cache.get());
      return;
    }
    for (const char* name : {"--p", "--d", "--certs", "--proofs", "--timing"})
      if (given(name)) throw Failure(kUsage, fmt::format("threshold: {} applies to --task eq-token only", name));
    eqb->families = opts->families;
    eqb->recipe = opts->recipe;
    eqb->cls = given("--class") ? opts->cls : "accumulation";
    eqb->timeout = opts->timeout;
    eqb->jobs = opts->jobs;
    eqb->json = opts->json;
    eqb->quiet = opts->quiet;
    const auto cache = opts->cache.open();
    eqb->cache = cache.get();
    code = run_threshold_eq_bits(*eqb);
  });
}

}  // namespace eb::cli
