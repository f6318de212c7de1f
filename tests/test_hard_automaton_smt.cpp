// The hard-attention automaton of proofs/eq_bits_fixed_hard.md as SMT-LIB queries
// (scripts/hard_automaton_smt.py, committed in smt/hard_automaton/): each committed query
// regenerates identically and its solver answer equals its (set-info :status); the query's
// automaton agrees with the evaluator on real models (scores, values and a pinned from the
// evaluator's trace); and the d_tok = 1 monotonicity of the proof's step 9 holds on random models.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "model/model_json.hpp"
#include "eq_bits_fixed_model.hpp"
#include "synth/synth.hpp"
#include "synth_examples.hpp"
#include "test_files.hpp"
#include "transformer/evaluator.hpp"

using namespace eb;
namespace fs = std::filesystem;

namespace {

struct Query {
  const char* file;   // in smt/hard_automaton/
  const char* args;   // scripts/hard_automaton_smt.py arguments
  const char* status;
  bool fast;          // solved by z3 and Boolector in the default suite (a few seconds at most)
  bool z3_slow;       // solved by z3 in the slow suite
  bool boolector_slow;  // solved by Boolector (on the --declare text) in the slow suite
};

// Measured on the 2-core machine, the other core busy: the fast ones under 4 s; z3 4.8.12:
// eq-bits3-fixed3 85 s, eq-bits3-fixed4 294 s, eq-bits3-fixed4-mono 190 s,
// eq-bits4-first3-fixed4-mono 694 s, eq-bits3-fixed5-mono 161 s, eq-bits5-first3-fixed4-mono
// unknown at 2700 s; Boolector: eq-bits3-fixed4-mono 231 s, eq-bits4-first3-fixed4-mono 401 s,
// eq-bits5-first3-fixed4-mono 845 s.
const std::vector<Query> kQueries = {
    {"eq-bits2-fixed2.smt2", "--n 2 --p 2", "sat", true, true, false},
    {"eq-bits3-fixed2.smt2", "--n 3 --p 2", "unsat", true, true, false},
    {"eq-bits2-fixed3.smt2", "--n 2 --p 3", "sat", true, true, false},
    {"eq-bits3-fixed3.smt2", "--n 3 --p 3 --sym", "unsat", false, true, false},
    {"eq-bits3-fixed4.smt2", "--n 3 --p 4 --sym", "sat", false, true, false},
    {"eq-bits3-fixed4-mono.smt2", "--n 3 --p 4 --mono", "unsat", false, true, true},
    {"eq-bits4-first3-fixed4-mono.smt2", "--n 3 --p 4 --pad 1 --mono", "unsat", false, true, true},
    {"eq-bits5-first3-fixed4-mono.smt2", "--n 3 --p 4 --pad 2 --mono", "unsat", false, false, true},
    {"eq-bits3-fixed5-mono.smt2", "--n 3 --p 5 --mono", "sat", false, true, false},
};

std::string shell(const std::string& cmd) {
  std::string out;
  FILE* f = popen(cmd.c_str(), "r");
  REQUIRE(f != nullptr);
  char buf[65536];
  size_t got = 0;
  while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, got);
  pclose(f);
  return out;
}

std::string generate(const std::string& args) {
  return shell(fmt::format("python3 '{}/scripts/hard_automaton_smt.py' {}", EB_SOURCE_DIR, args));
}

// The first line a solver prints for a query text (written to a temporary file).
std::string solve(const std::string& solver, const std::string& text, int limit_s) {
  char path[] = "/tmp/eb_hard_automaton_XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  std::ofstream(path) << text;
  std::string out = shell(fmt::format("timeout {} {} '{}' 2>&1", limit_s, solver, path));
  std::remove(path);
  const auto nl = out.find('\n');
  return nl == std::string::npos ? out : out.substr(0, nl);
}

fs::path query_path(const Query& q) { return fs::path(EB_SOURCE_DIR) / "smt" / "hard_automaton" / q.file; }

std::string committed(const Query& q) {
  const std::string text = eb_test::read_file(query_path(q));
  REQUIRE_MESSAGE(!text.empty(), query_path(q).string(), " is missing");
  return text;
}

using eb_test::fixed_value;

std::string bv(int v, int width) { return fmt::format("(_ bv{} {})", ((v % (1 << width)) + (1 << width)) % (1 << width), width); }

// One model's abstract assignment read off the evaluator: (j, t_j) -> (s_j, v_j), and a per input.
struct Abstract {
  std::map<std::pair<size_t, int>, std::pair<int, int>> sv;
  std::vector<std::pair<std::string, int>> a;  // (the input's bits, a)
  size_t z_saturated = 0, u_clamped = 0;       // inputs whose count, or sum, saturated
};

Abstract abstract_of(const Model& m, int n, int p) {
  Abstract r;
  const Task t = Task::eq_bits(n);
  for (const auto& in : all_task_inputs(t)) {
    const Evaluation e = evaluate(m, in);
    const auto& hd = e.trace.heads[0];
    std::string bits;
    int mu = -(1 << (p - 1)), at_mu = 0, exact = 0;
    for (size_t j = 0; j < in.size(); ++j) mu = std::max(mu, fixed_value(uint64_t(hd.s[j].v), p));
    for (size_t j = 0; j < in.size(); ++j) {
      const int s = fixed_value(uint64_t(hd.s[j].v), p), v = fixed_value(uint64_t(hd.v[j][0].v), p);
      at_mu += s == mu;
      exact += s == mu ? v : 0;
      r.sv[{j, int(in[j])}] = {s, v};  // the last position reads the readout token
      if (j + 1 < in.size()) bits += char('0' + int(in[j]));
    }
    r.a.push_back({bits, fixed_value(uint64_t(hd.a[0].v), p)});
    r.z_saturated += at_mu > (1 << (p - 1)) - 1;
    r.u_clamped += exact != fixed_value(uint64_t(hd.U[0].v), p);
  }
  return r;
}

// The --no-task query with the assignment and every a pinned; `off` shifts one input's a. The
// generator's states and a are p + 3 bits wide, its scores and values p bits.
std::string pinned(const Abstract& ab, int n, int p, bool off) {
  std::string q = generate(fmt::format("--n {} --p {} --no-task", n, p));
  const auto cs = q.find("(check-sat)");
  REQUIRE(cs != std::string::npos);
  std::string pins;
  const size_t N = 2 * size_t(n);
  for (const auto& [key, val] : ab.sv) {
    const std::string s = key.first == N ? "sR" : fmt::format("s{}_{}", key.first, key.second);
    const std::string v = key.first == N ? "vR" : fmt::format("v{}_{}", key.first, key.second);
    pins += fmt::format("(assert (= {} {}))\n(assert (= {} {}))\n", s, bv(val.first, p), v, bv(val.second, p));
  }
  for (size_t k = 0; k < ab.a.size(); ++k) {
    const int a = ab.a[k].second + (off && k == ab.a.size() / 3 ? 1 : 0);
    pins += fmt::format("(assert (= q{}Ra {}))\n", ab.a[k].first, bv(a, p + 3));
  }
  return q.substr(0, cs) + pins + q.substr(cs);
}

// Step 9: with d_tok = 1, s_j(0) <= s_j(1) at every bit position or >= at every one; the same
// for v_j (in its own direction). Returns whether some position has s_j(0) != s_j(1).
bool check_monotone(const Abstract& ab, int n) {
  int s_dir = 0, v_dir = 0;  // -1, +1 once a strict pair is seen
  bool strict = false;
  for (int j = 0; j < 2 * n; ++j) {
    const auto [s0, v0] = ab.sv.at({size_t(j), 0});
    const auto [s1, v1] = ab.sv.at({size_t(j), 1});
    for (auto [x0, x1, dir] : {std::tuple{s0, s1, &s_dir}, std::tuple{v0, v1, &v_dir}}) {
      if (x0 == x1) continue;
      const int d = x0 < x1 ? 1 : -1;
      CHECK((*dir == 0 || *dir == d));
      *dir = d;
    }
    strict = strict || s0 != s1;
  }
  return strict;
}

}  // namespace

TEST_CASE("hard automaton smt: the committed queries of smt/hard_automaton/ regenerate identically; the small ones are answered by z3 and Boolector as their status says") {
  for (const Query& q : kQueries) {
    CAPTURE(q.file);
    const std::string text = committed(q);
    CHECK(text == generate(std::string(q.args) + " --status " + q.status));
    CHECK(text.find(fmt::format("(set-info :status {})", q.status)) != std::string::npos);
    if (!q.fast) continue;
    CHECK(solve("z3", text, 120) == q.status);
    CHECK(solve("boolector", generate(std::string(q.args) + " --declare"), 120) == q.status);
  }
}

TEST_CASE("hard automaton smt: the query's automaton gives the evaluator's a on every input of the fixed(5) Transformer of eq-bits(3) and of random fixed(3) and fixed(4) models") {
  std::vector<std::pair<Model, int>> models = {{eb_test::synth_example("eq_bits3_fixed5.json"), 5}};
  std::mt19937 rng(20261203);
  // k = 0: weights in -1..1; k = 2: the full range (clamped sums).
  for (int p : {3, 4})
    for (int k = 0; k < 3; ++k) {
      const int h = 1 << (p - 1);
      nlohmann::json j = eb_test::random_eq_bits_fixed_model(rng, 3, p, k < 2 ? -1 : -h, k < 2 ? 1 : h - 1);
      // k = 1: every score 0 (W_K = 0: all 7 positions tie, so Z saturates at fixed(3)) and
      // v_j = t_j (E = 0, 1, 0; W_V reads the token): U counts the bits 1, up to its clamp.
      if (k == 1) {
        j["E"] = {{"table", {{"0"}, {"1"}, {"0"}}}};
        j["heads"][0]["W_K"] = nlohmann::json::array({nlohmann::json::array({"0", "0", "0", "0"})});
        j["heads"][0]["W_V"] = nlohmann::json::array({nlohmann::json::array({"1", "0", "0", "0"})});
      }
      models.push_back({model_from_json(j), p});
    }
  size_t z_saturated = 0, u_clamped = 0;
  for (const auto& [m, p] : models) {
    CAPTURE(p);
    const Abstract ab = abstract_of(m, 3, p);
    z_saturated += ab.z_saturated;
    u_clamped += ab.u_clamped;
    CHECK(solve("z3", pinned(ab, 3, p, false), 60) == "sat");
    CHECK(solve("z3", pinned(ab, 3, p, true), 60) == "unsat");
  }
  CHECK(z_saturated > 0);
  CHECK(u_clamped > 0);
}

TEST_CASE("hard automaton smt: with d_tok = 1 the scores and the values are monotone in the bit in one direction at every position (proofs/eq_bits_fixed_hard.md step 9)") {
  std::mt19937 rng(9);
  size_t strict = 0;
  for (int p : {3, 4, 5})
    for (int k = 0; k < 30; ++k) {
      CAPTURE(p);
      const int h = 1 << (p - 1);
      const bool small = k % 2 == 0;
      strict += check_monotone(abstract_of(model_from_json(eb_test::random_eq_bits_fixed_model(rng, 3, p, small ? -2 : -h, small ? 1 : h - 1)), 3, p), 3);
    }
  CHECK(strict > 20);  // the property is met with scores that do depend on the bit
  CHECK(check_monotone(abstract_of(eb_test::synth_example("eq_bits3_fixed5.json"), 3, 5), 3));
}

TEST_CASE("hard automaton smt: every committed query is answered as its status says by z3 (but eq-bits(5)) and the fixed(4) ones by Boolector (proofs/eq_bits_fixed_hard.md)" *
          doctest::test_suite("slow")) {
  for (const Query& q : kQueries) {
    CAPTURE(q.file);
    if (q.z3_slow) CHECK(solve("z3", committed(q), 1800) == q.status);
    if (q.boolector_slow) CHECK(solve("boolector", generate(std::string(q.args) + " --declare"), 3600) == q.status);
  }
}
