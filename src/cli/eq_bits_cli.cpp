#include "cli/eq_bits_cli.hpp"

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"

namespace eb::cli {

void EqBitsShapeOptions::add_to(CLI::App* sub, bool with_timeout) {
  add_count(sub, "--heads", heads, 1, 64, "number of heads H, 1..64");
  add_count(sub, "--d-h", d_h, 1, 64, "head width d_h, 1..64 (the n bits are split into H*d_h chunks)");
  sub->add_option("--softmax", softmax, "softmax variant: stable or plain")->capture_default_str();
  if (with_timeout)
    add_time_limit(sub, timeout, "SMT time limit per check (then: unknown, unless every input is evaluated)");
  add_exhaustive_limit(sub, exhaustive_limit, uint64_t(1) << 24,
                       "evaluate every input as the cross-check of each SMT verdict when there are at most this many "
                       "(2^(2n) for eq-bits(n); default 65536: n <= 8; at most 2^24)");
}

EqBitsShape EqBitsShapeOptions::shape() const {
  // --heads, --d-h, --timeout and --exhaustive-limit were checked while parsing (options.hpp).
  EqBitsShape s;
  s.heads = heads;
  s.d_h = d_h;
  s.softmax = parse_softmax(softmax);  // std::invalid_argument -> exit 3 in main
  return s;
}

EqBitsCheckOptions EqBitsShapeOptions::checks() const {
  return EqBitsCheckOptions(smt(), exhaustive_limit);
}

SmtOptions EqBitsShapeOptions::smt() const {
  SmtOptions o;
  o.timeout_seconds = timeout;
  o.lemma_timeout_seconds = std::min(o.lemma_timeout_seconds, timeout);
  return o;
}

void check_eq_bits_n(int n, const std::string& option) {
  if (n < 1 || n > 4096) throw Failure(kUsage, fmt::format("{}: {} is out of range 1..4096", option, n));
}

std::pair<int, int> parse_n_range(const std::string& text, const std::string& option) {
  return parse_range(text, option, 1, 4096);
}

std::vector<Family> parse_families(const std::vector<std::string>& items) {
  std::vector<Family> out;
  for (const auto& s : items) {
    Family f = parse_family(s);
    // One family per spelling ("fixed" and "fixed,sat" are one): rows and plot lines are keyed by it.
    if (std::none_of(out.begin(), out.end(), [&](const Family& g) { return g.str() == f.str(); })) out.push_back(f);
  }
  if (out.empty()) out = {parse_family("fixed"), parse_family("float:e=8")};
  return out;
}

nlohmann::json check_json(const EqBitsCheck& c) {
  const UpperVerdict& v = c.verdict;
  nlohmann::json j = {{"n", c.n},
                      {"format", c.format.str()},
                      {"status", upper_status_name(v.status)},
                      {"reason", check_reason(c)},
                      {"solver", v.solver},
                      {"seconds", v.seconds},
                      {"exhaustive", v.exhaustive},
                      {"exhaustive_result", c.exhaustive_note},
                      {"design_holds", c.ideal},
                      {"notes", c.notes}};
  if (v.counterexample) {
    nlohmann::json toks = nlohmann::json::array();
    for (const auto& t : v.counterexample->tokens) toks.push_back(t.str());
    j["counterexample"] = {{"tokens", toks},
                           {"accepts", v.counterexample->accepts},
                           {"expected", v.counterexample->expected},
                           {"reference_agrees", v.counterexample->reference_agrees}};
  }
  return j;
}

nlohmann::json lower_json(const EqBitsLower& l) {
  nlohmann::json j = {{"q_min", l.q_min},
                      {"class", counting::to_string(l.arch.cls)},
                      {"heads", l.arch.heads},
                      {"d_h", l.arch.d_h},
                      {"softmax", counting::to_string(l.arch.softmax)},
                      {"fixed_readout_query", l.arch.fixed_readout_query},
                      {"summary", lower_argument_name(l)}};
  if (l.below) {
    j["bound"] = l.below->bound;
    j["argument"] = l.below->argument;
  } else {
    j["bound"] = nullptr;
    j["argument"] = l.at.argument;
  }
  return j;
}

std::string bracket_status(const EqBitsBracket& b) {
  if (b.upper.p) return b.tight() ? "tight" : "bracket";
  return b.upper.blocked() ? "unknown" : "no_construction";
}

std::string bracket_text(const EqBitsBracket& b) {
  if (!b.upper.p) return fmt::format("[{}, > 64]", b.lower.q_min);
  if (b.tight()) return fmt::format("tight at p = {}", *b.upper.p);
  return fmt::format("[{}, {}]", b.lower.q_min, *b.upper.p);
}

std::string bracket_verdict(const EqBitsBracket& b) {
  const auto& u = b.upper;
  std::string out;
  if (u.p && b.tight()) {
    out = fmt::format("tight: minimal precision exactly {}", *u.p);
  } else if (u.p) {
    out = fmt::format("[{}, {}]: construction verified at p = {}", b.lower.q_min, *u.p, *u.p);
    if (u.below) out += fmt::format(", {} at p = {}", upper_status_name(u.below->verdict.status), *u.p - 1);
  } else {
    int lo = 64;
    for (const auto& c : u.checks) lo = std::min(lo, c.format.bits());
    out = fmt::format("[{}, > 64]: construction not verified at p = {}", b.lower.q_min,
                      lo == 64 ? std::string("64") : fmt::format("{}..64", lo));
  }
  if (u.blocked()) out += " (a check ended unknown)";
  return out;
}

nlohmann::json shape_search_json(const ShapeSearch& s) {
  nlohmann::json tried = nlohmann::json::array();
  for (const ShapeTry& t : s.tries)
    tried.push_back({{"heads", t.shape.heads},
                     {"d_h", t.shape.d_h},
                     {"design_capacity", t.design_capacity},
                     {"ruled_out_by_counting", t.ruled_out_by_counting},
                     {"status", t.check ? upper_status_name(t.check->verdict.status) : std::string("not_checked")},
                     {"reason", t.check ? check_reason(*t.check) : t.skip_reason},
                     {"check", t.check ? check_json(*t.check) : nlohmann::json(nullptr)}});
  nlohmann::json found = nullptr;
  if (s.found) found = {{"heads", s.tries[*s.found].shape.heads}, {"d_h", s.tries[*s.found].shape.d_h}};
  return {{"format", s.format.str()},
          {"found", found},
          {"max_checks", s.max_checks},
          {"checks_made", s.checks_made},
          {"blocked", s.blocked()},
          {"summary", shape_search_text(s)},
          {"tried", tried}};
}

nlohmann::json bracket_json(const EqBitsBracket& b) {
  const auto opt = [](const std::optional<EqBitsCheck>& c) { return c ? check_json(*c) : nlohmann::json(nullptr); };
  nlohmann::json checks = nlohmann::json::array();
  for (const auto& c : b.upper.checks)
    checks.push_back({{"p", c.format.bits()}, {"status", upper_status_name(c.verdict.status)}, {"seconds", c.verdict.seconds}});
  return {{"family", b.family.str()},
          {"n", b.n},
          {"q_min", b.lower.q_min},
          {"p_construction", b.upper.p ? nlohmann::json(*b.upper.p) : nlohmann::json(nullptr)},
          {"format", b.upper.p ? nlohmann::json(b.family.at(*b.upper.p).str()) : nlohmann::json(nullptr)},
          {"gap", b.gap() ? nlohmann::json(*b.gap()) : nlohmann::json(nullptr)},
          {"tight", b.tight()},
          {"status", bracket_status(b)},
          {"blocked", b.upper.blocked()},
          {"predicted_p", b.upper.predicted ? nlohmann::json(*b.upper.predicted) : nlohmann::json(nullptr)},
          {"lower", lower_json(b.lower)},
          {"construction", opt(b.upper.at_p)},
          {"below", opt(b.upper.below)},
          {"checks", checks}};
}

void run_parallel(size_t count, int workers, const std::function<void(size_t)>& job) {
  std::mutex mu;
  size_t next = 0;
  std::vector<std::exception_ptr> errors(count);
  auto worker = [&] {
    for (;;) {
      size_t k;
      {
        std::lock_guard<std::mutex> lock(mu);
        if (next >= count) return;
        k = next++;
      }
      try {
        job(k);
      } catch (...) {
        errors[k] = std::current_exception();
      }
    }
  };
  std::vector<std::thread> pool;
  const size_t n = std::min<size_t>(std::max(workers, 1), count);
  for (size_t i = 0; i < n; ++i) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace eb::cli
