// Synthesis on CaDiCaL (`synth --sat cadical`, docs/synthesis.md#sat-back-end). Default
// suite: the weights read back from a CNF model are weights Z3 accepts (the mapping), the
// tiny eq-token verdicts agree with the Z3 back-end (found at p = 2, none at p = 3 over
// fixed(2)), a none's certificate is re-checked, and a missing cadical is one line, exit 5.
// Suite slow: eq-token p = 3 found at fixed(3) and p = 4 none at fixed(3) on CaDiCaL.
#include <doctest/doctest.h>

#include <cstdlib>

#include "certificate/certificate.hpp"
#include "certificate/proof_write.hpp"
#include "certificate/synth_cert.hpp"
#include "cli_run.hpp"
#include "synth/query.hpp"
#include "synth/sat_cadical.hpp"
#include "synth/synth.hpp"
#include "task/sample_inputs.hpp"
#include "test_files.hpp"
#include "transformer/evaluator.hpp"

using namespace eb;

namespace {

int lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

CadicalConfig cadical() { return CadicalConfig{cadical_executable("the tests"), {}}; }

SynthOptions on_cadical(double timeout) {
  SynthOptions o;
  o.timeout_seconds = timeout;
  o.sat = SynthOptions::Sat::Cadical;
  return o;
}

}  // namespace

TEST_CASE("synth --sat cadical: the bits read back from the CNF model are a model of the query") {
  SUBCASE("a hand-made query: x * y = 6 (mod 16), x <= y, x != 1, y's top bit set") {
    z3::context ctx;
    const z3::expr x = ctx.bv_const("x", 4), y = ctx.bv_const("y", 4);
    const std::vector<z3::expr> q{x * y == ctx.bv_val(6, 4), z3::ule(x, y), x != ctx.bv_val(1, 4),
                                  y.extract(3, 3) == ctx.bv_val(1, 1)};
    const SatRound r = solve_round_cadical(ctx, q, {x, y}, 60, cadical());
    REQUIRE(r.answer == SatRound::Answer::Sat);
    CHECK(r.named_bits == 8);
    const uint64_t vx = r.model->eval(x, true).get_numeral_uint64(), vy = r.model->eval(y, true).get_numeral_uint64();
    CAPTURE(vx);
    CAPTURE(vy);
    CHECK((vx * vy) % 16 == 6);
    CHECK(vx <= vy);
    CHECK(vx != 1);
    CHECK(vy >= 8);
  }
  SUBCASE("the synthesis query of eq-token(2) over fixed(2) on its samples: Z3 accepts the weights") {
    const Task t = Task::eq_token(2, 1);
    const Format F = Format::fixed(2, 0);
    const SynthShape s = default_shape(t);
    const Model skel = synth_skeleton(t, F, s, nullptr);
    z3::context ctx;
    SynthEncoder enc(ctx, t, skel, s, SynthEncoding{true, SynthRows::Symbolic});
    std::vector<z3::expr> q;
    for (const auto& in : sample_inputs(t)) q.push_back(enc.input_constraint(in));
    q.insert(q.end(), enc.side().begin(), enc.side().end());
    const SatRound r = solve_round_cadical(ctx, q, enc.weight_vars(), 120, cadical());
    REQUIRE(r.answer == SatRound::Answer::Sat);
    CHECK(r.named_bits > 0);
    // Z3 on the same assertions with every weight fixed to the value read back.
    z3::solver z(ctx);
    for (const auto& a : q) z.add(a);
    for (const auto& w : enc.weight_vars()) z.add(w == r.model->eval(w, true));
    CHECK(z.check() == z3::sat);
    // The candidate built from it is right on the samples (the evaluator, not Z3).
    const Model cand = enc.extract(*r.model);
    for (const auto& in : sample_inputs(t)) CHECK(evaluate(cand, in).accepts == t.truth(in));
  }
  SUBCASE("an unsat query: UNSAT only with a DRAT proof the project's checker accepts") {
    z3::context ctx;
    const z3::expr x = ctx.bv_const("x", 3);
    const std::vector<z3::expr> q{z3::ugt(x, ctx.bv_val(5, 3)), x * x == ctx.bv_val(2, 3)};
    const SatRound r = solve_round_cadical(ctx, q, {x}, 60, cadical());
    CHECK(r.answer == SatRound::Answer::Unsat);
    CHECK(r.reason.find("DRAT proof") != std::string::npos);
  }
}

TEST_CASE("synth --sat cadical: the same verdicts as z3 on eq-token p = 2 (found) and p = 3 over fixed(2) (none)") {
  for (int p : {2, 3}) {
    CAPTURE(p);
    const Task t = Task::eq_token(p, 1);
    const Format F = Format::fixed(2, 0);
    const SynthShape s = default_shape(t);
    SynthOptions z3o;
    z3o.timeout_seconds = 300;
    const auto rz = synthesize(t, F, s, nullptr, z3o);
    const auto rc = synthesize(t, F, s, nullptr, on_cadical(300));
    CHECK(rz.sat == "z3");
    CHECK(rc.sat == "cadical");
    CHECK(rc.solver.find("cadical") == 0);
    CHECK_FALSE(rc.internal_error);
    REQUIRE(rz.status == (p == 2 ? SynthStatus::Found : SynthStatus::None));
    CHECK(rc.status == rz.status);
    CHECK(rc.cnf_clauses > 0);
    if (p == 2) {
      REQUIRE(rc.model);
      CHECK(rc.check->verdict.status == UpperStatus::Verified);
      for (const auto& in : all_task_inputs(t)) CHECK(evaluate(*rc.model, in).accepts == t.truth(in));
    } else {
      // The certificate is the same as on z3: the final query's text, re-solved by `check`.
      CHECK(rc.reason.find("DRAT proof") != std::string::npos);
      CHECK(rc.smt2.find("(set-info :status unsat)") != std::string::npos);
      eb_test::TempDir dir("eb_synth_sat");
      const std::string cert = dir.file("none.json");
      write_synth_certificate(SynthClaim{t, F, s, synth_skeleton(t, F, s, nullptr), rc}, cert);
      CheckOptions co;
      const auto rep = check_certificate(cert, co);
      CHECK_MESSAGE(rep.ok, (rep.problems.empty() ? "" : rep.problems[0]));
    }
  }
}

TEST_CASE("synth --sat cadical: a missing cadical is one line and exit 5, before any work; bad options exit 3") {
  setenv("EVERYBIT_CADICAL", "/nonexistent/cadical", 1);
  auto r = eb_test::run_cli("synth --task eq-token --p 2 --format 'fixed(2)' --sat cadical");
  const auto m = eb_test::run_cli("minprec --task eq-token --p 2 --family fixed --sat cadical");
  unsetenv("EVERYBIT_CADICAL");
  CHECK(r.code == 5);
  CHECK(r.out.empty());
  CHECK(lines(r.err) == 1);
  CHECK(r.err.find("everybit: synth: CaDiCaL not found") == 0);
  CHECK(r.err.find("EVERYBIT_CADICAL") != std::string::npos);
  CHECK(m.code == 5);
  CHECK(lines(m.err) == 1);
  // PATH without cadical, no override: the same.
  r = eb_test::run_cli("synth --task eq-token --p 2 --format 'fixed(2)' --sat cadical");  // sanity: found on PATH
  CHECK(r.code == 0);
  const char* old = std::getenv("PATH");
  const std::string saved = old ? old : "";
  setenv("PATH", "/nonexistent", 1);
  r = eb_test::run_cli("synth --task eq-token --p 2 --format 'fixed(2)' --sat cadical");
  setenv("PATH", saved.c_str(), 1);
  CHECK(r.code == 5);
  CHECK(lines(r.err) == 1);
  CHECK(r.err.find("no 'cadical' on PATH") != std::string::npos);
  CHECK(r.err.find("needed by --sat cadical") != std::string::npos);

  for (const char* bad : {"--sat minisat", "--cadical-options=--sat", "--sat cadical --cadical-options unsat",
                          "--sat cadical --solver-mode incremental"}) {
    CAPTURE(bad);
    r = eb_test::run_cli(std::string("synth --task eq-token --p 2 --format 'fixed(2)' ") + bad);
    CHECK(r.code == 3);
    CHECK(lines(r.err) == 1);
  }
}

// Tens of seconds to minutes on the shared 2-core machine (docs/synthesis.md#sat-back-end).
TEST_SUITE("slow") {
TEST_CASE("synth --sat cadical: eq-token p = 3 found at fixed(3), p = 4 none at fixed(3) (row cases)") {
  {
    const Task t = Task::eq_token(3, 1);
    const auto r = synthesize(t, Format::fixed(3, 0), default_shape(t), nullptr, on_cadical(1800));
    REQUIRE(r.status == SynthStatus::Found);
    CHECK(r.check->verdict.status == UpperStatus::Verified);
    for (const auto& in : all_task_inputs(t)) CHECK(evaluate(*r.model, in).accepts == t.truth(in));
  }
  {
    const Task t = Task::eq_token(4, 1);
    SynthOptions o = on_cadical(600);
    o.encoding = SynthEncoding{true, SynthRows::Cases};
    const auto r = synthesize(t, Format::fixed(3, 0), default_shape(t), nullptr, o);
    CHECK(r.status == SynthStatus::None);
    CHECK_FALSE(r.internal_error);
  }
}
}  // TEST_SUITE("slow")
