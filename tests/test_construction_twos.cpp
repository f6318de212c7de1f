// The two's-complement eq-bits construction (construction/eq_bits_twos.hpp,
// proofs/eq_bits_twos_complement.md): it regenerates the hand-checked models of
// docs/examples/synth/, computes eq-bits on every input (evaluator and exact reference),
// reports its failing design conditions as notes, and is a design of its own in the CLI and
// in the verdict cache's key.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "cache/verdict_cache.hpp"
#include "cli_run.hpp"
#include "construction/construction.hpp"
#include "construction/eq_bits_recipe.hpp"
#include "model/model_json.hpp"
#include "synth/synth.hpp"
#include "test_files.hpp"
#include "transformer/evaluator.hpp"
#include "upper/reference_replay.hpp"

using namespace eb;

namespace {

EqBitsShape twos() {
  EqBitsShape s;
  s.design = EqBitsDesign::TwosComplement;
  return s;
}

// CHECKs the model on every input against Γ and the exact reference; returns the number of
// inputs where the evaluator is wrong.
int wrong_inputs(const Model& m, int n, bool check_reference = true) {
  const Task t = Task::eq_bits(n);
  int wrong = 0;
  for (const auto& in : all_task_inputs(t)) {
    const bool acc = evaluate(m, in).accepts;
    wrong += acc != t.truth(in);
    if (check_reference) CHECK(reference_accepts(m, in) == acc);
  }
  return wrong;
}

}  // namespace

TEST_CASE("construction twos: the generated models equal the hand-checked ones of docs/examples/synth/") {
  const struct {
    const char* file;
    const char* format;
    int n;
  } cases[] = {{"eq_bits3_float31.json", "float(3,1)", 3}, {"eq_bits3_float81.json", "float(8,1)", 3},
               {"eq_bits4_float32.json", "float(3,2)", 4}, {"eq_bits4_float82.json", "float(8,2)", 4},
               {"eq_bits5_float83.json", "float(8,3)", 5}, {"eq_bits3_fixed5.json", "fixed(5)", 3},
               {"eq_bits4_fixed7.json", "fixed(7)", 4},     {"eq_bits5_fixed8.json", "fixed(8)", 5}};
  for (const auto& c : cases) {
    CAPTURE(c.file);
    const std::string text = eb_test::read_file(std::string(EB_SOURCE_DIR) + "/docs/examples/synth/" + c.file);
    REQUIRE(!text.empty());
    const Construction k = construct_eq_bits(parse_format(c.format), c.n, twos());
    CHECK(k.ideal);
    CHECK(k.notes.empty());
    CHECK(k.task.str() == Task::eq_bits(c.n).str());
    CHECK(model_to_json(k.model) == model_to_json(model_from_json(nlohmann::json::parse(text))));
  }
}

TEST_CASE("construction twos: correct on every input (evaluator and exact reference) where its conditions hold") {
  const struct {
    const char* format;
    int n;
  } cases[] = {{"float(3,1)", 3}, {"float(3,2)", 4}, {"float(8,3)", 5}, {"fp16", 5}, {"e5m2", 4}, {"e4m3", 5},
               {"fixed(4)", 2},   {"fixed(5)", 3},   {"fixed(7)", 4},   {"fixed(8)", 5}};
  for (const auto& c : cases) {
    CAPTURE(c.format);
    CAPTURE(c.n);
    const Construction k = construct_eq_bits(parse_format(c.format), c.n, twos());
    CHECK(k.ideal);
    CHECK(wrong_inputs(k.model, c.n) == 0);
  }
}

TEST_CASE("construction twos: one significand bit fewer than the standard design: m >= n - 2") {
  // float(3,1): the standard design needs m >= n - 1, so n = 3 fails there; the twos design holds.
  const Format F = parse_format("float(3,1)");
  CHECK(!construct_eq_bits(F, 3, {}).ideal);
  CHECK(construct_eq_bits(F, 3, twos()).ideal);
  CHECK(eq_bits_design_capacity(F, twos()) == 3);
  // fp16 (m = 10), bf16 (m = 7): the predictions differ by exactly one.
  for (const char* name : {"fp16", "bf16", "fp32"}) {
    CAPTURE(name);
    const Format G = parse_format(name);
    CHECK(eq_bits_design_capacity(G, twos()) == G.m + 2);
    CHECK(eq_bits_design_capacity(G, twos()) == eq_bits_design_capacity(G, EqBitsShape{}) + 1);
  }
}

TEST_CASE("construction twos: a failing condition gets a note, and the model is then wrong somewhere") {
  // n = 4 over float(3,1): m = 1 < n - 2 (R1).
  const Construction k = construct_eq_bits(parse_format("float(3,1)"), 4, twos());
  CHECK(!k.ideal);
  REQUIRE(!k.notes.empty());
  CHECK(k.notes[0].find("(R1)") != std::string::npos);
  CHECK(wrong_inputs(k.model, 4, false) > 0);
  // Fixed point, one bit fewer than (F) needs (p = n + ceil(log2(n + 1)) - 1): the note names
  // (F), and the model (its top position values clamped) errs on some input.
  for (const auto& [p, n] : {std::pair{3, 2}, std::pair{4, 3}, std::pair{6, 4}, std::pair{7, 5}}) {
    CAPTURE(p);
    CAPTURE(n);
    const Construction f = construct_eq_bits(Format::fixed(p, 0), n, twos());
    CHECK(!f.ideal);
    REQUIRE(f.notes.size() == 1);
    CHECK(f.notes[0].find("(F)") != std::string::npos);
    CHECK(wrong_inputs(f.model, n, false) > 0);
  }
  // Fractional bits or wrapping overflow: outside the argument (F0), said in a note.
  for (const char* name : {"fixed(8,1)", "fixed(8,0,wrap)"}) {
    CAPTURE(name);
    const Construction f = construct_eq_bits(parse_format(name), 3, twos());
    CHECK(!f.ideal);
    REQUIRE(!f.notes.empty());
    CHECK(f.notes[0].find("(F0)") != std::string::npos);
  }
}

TEST_CASE("construction twos: over fixed(p) the gain-K design reaches one n more than the standard design") {
  // (F): the largest n with n·2^(n-1) <= 2^(p-1) - 1.
  const struct {
    int p, n_max;
  } cases[] = {{3, 1}, {4, 2}, {5, 3}, {7, 4}, {8, 5}, {12, 8}, {16, 12}, {32, 27}, {64, 58}};
  for (const auto& c : cases) {
    CAPTURE(c.p);
    const Format F = Format::fixed(c.p, 0);
    CHECK(eq_bits_design_capacity(F, twos()) == c.n_max);
    CHECK(construct_eq_bits(F, c.n_max, twos()).ideal);
    CHECK(!construct_eq_bits(F, c.n_max + 1, twos()).ideal);
  }
  for (int p : {8, 12, 16, 24}) {
    CAPTURE(p);
    const Format F = Format::fixed(p, 0);
    CHECK(eq_bits_design_capacity(F, twos()) == eq_bits_design_capacity(F, EqBitsShape{}) + 1);
  }
  CHECK(eq_bits_design_capacity(parse_format("fixed(16,1)"), twos()) == 0);
}

TEST_CASE("construction twos: the verdict cache keys of the two designs differ") {
  eb_test::TempDir dir("eb_cache_twos");
  VerdictCache cache(dir.path.string());
  const Format F = parse_format("fp16");
  const Construction a = construct_eq_bits(F, 3, {});
  const Construction b = construct_eq_bits(F, 3, twos());
  SmtOptions smt;
  CHECK(cache.key_text(a.model, a.task, smt, 1 << 16) != cache.key_text(b.model, b.task, smt, 1 << 16));
}

TEST_CASE("cli construction twos: --design, and its usage errors exit 3 with one line") {
  using eb_test::run_cli;
  const auto ok = run_cli("construct eq-bits --n 3 --format 'float(3,1)' --design twos-complement");
  CHECK(ok.code == 0);
  CHECK(model_to_json(model_from_json(nlohmann::json::parse(ok.out))) ==
        model_to_json(construct_eq_bits(parse_format("float(3,1)"), 3, twos()).model));
  for (const char* args : {"construct eq-bits --n 3 --format fp16 --design bogus",
                           "capacity --task eq-bits --format fp16 --design bogus",
                           "construct eq-bits --n 3 --format fp16 --design twos-complement --heads 2",
                           "capacity --task eq-bits --format fp16 --design twos-complement --softmax plain",
                           "capacity --task eq-bits --recipe bf16+acc:fp32 --design twos-complement"}) {
    CAPTURE(args);
    const auto r = run_cli(args);
    CHECK(r.code == 3);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
  // A failing condition: the model is written and the note goes to stderr, as for the standard design.
  const auto noted = run_cli("construct eq-bits --n 3 --format 'fixed(4)' --design twos-complement");
  CHECK(noted.code == 0);
  CHECK(noted.err.find("note: (F) the largest value of fixed(4,0,sat)") != std::string::npos);
  // Fixed point where (F) holds: the gain-K model, no note.
  const auto fixed = run_cli("construct eq-bits --n 3 --format 'fixed(5)' --design twos-complement");
  CHECK(fixed.code == 0);
  CHECK(fixed.err.empty());
  CHECK(model_to_json(model_from_json(nlohmann::json::parse(fixed.out))) ==
        model_to_json(construct_eq_bits(parse_format("fixed(5)"), 3, twos()).model));
}

TEST_CASE("cli construction twos: capacity walks n with the design (float(3,1): n_max = 3)") {
  const auto r = eb_test::run_cli(
      "capacity --task eq-bits --format 'float(3,1)' --design twos-complement --no-cache --quiet --json");
  CHECK(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j.at("design") == "twos-complement");
  CHECK(j.at("n_max") == 3);
}

TEST_CASE("cli construction twos: capacity walks fixed point with the design (fixed(5): n_max = 3)") {
  const auto r = eb_test::run_cli(
      "capacity --task eq-bits --format 'fixed(5)' --design twos-complement --no-cache --quiet --json");
  CHECK(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j.at("design") == "twos-complement");
  CHECK(j.at("n_max") == 3);
}
