// The model file (src/model/model_json.hpp, docs/model-file.md): weight spelling, round trips of
// every shipped construction, canonical output, and one-line errors naming the field.
#include <doctest/doctest.h>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "construction/construction.hpp"
#include "model/model_json.hpp"
#include "reference/decode.hpp"

using namespace eb;
using nlohmann::json;

namespace {

bool same_model(const Model& a, const Model& b) {
  if (!(a.format == b.format) || !(a.acc == b.acc) || a.softmax != b.softmax || a.d_tok != b.d_tok ||
      a.d_pos != b.d_pos || a.positions != b.positions || a.E.kind != b.E.kind || a.E.table != b.E.table ||
      a.E.digit_bits != b.E.digit_bits || a.E.digits != b.E.digits || a.P != b.P || a.heads.size() != b.heads.size())
    return false;
  for (size_t h = 0; h < a.heads.size(); ++h) {
    const Head &x = a.heads[h], &y = b.heads[h];
    if (x.W_Q != y.W_Q || x.W_K != y.W_K || x.W_V != y.W_V || x.W_O != y.W_O) return false;
  }
  return a.mlp.W_1 == b.mlp.W_1 && a.mlp.b_1 == b.mlp.b_1 && a.mlp.w_2 == b.mlp.w_2 && a.mlp.b_2 == b.mlp.b_2;
}

std::string error_of(const json& j) {
  try {
    model_from_json(j);
  } catch (const ModelError& e) {
    return e.what();
  }
  return "(no error)";
}

json base_model() { return model_to_json(construct_eq_token(Format::fixed(4, 0), 1).model); }

}  // namespace

TEST_CASE("model_json: weight spelling") {
  const Format fx83 = Format::fixed(8, 3);
  CHECK(parse_weight(fx83, "-0.375", "w") == 0xfd);
  CHECK(parse_weight(fx83, "-0", "w") == 0);
  CHECK(parse_weight(fx83, "+1.25", "w") == 10);
  CHECK(parse_weight(fx83, "15.875", "w") == 0x7f);
  CHECK(parse_weight(fx83, "-16", "w") == 0x80);
  CHECK(parse_weight(fx83, "0x80", "w") == 0x80);
  CHECK(parse_weight(fx83, "0x0080", "w") == 0x80);
  CHECK(parse_weight(fx83, ".5", "w") == 4);
  CHECK(parse_weight(fx83, "5e-1", "w") == 4);
  CHECK_THROWS_WITH_AS(parse_weight(fx83, "0.3", "heads[0].W_K[1][2]"),
                       "heads[0].W_K[1][2]: '0.3' is not a value of fixed(8,3,sat) (nearest: 0.25)", ModelError);
  CHECK_THROWS_AS(parse_weight(fx83, "16", "w"), ModelError);
  CHECK_THROWS_AS(parse_weight(fx83, "inf", "w"), ModelError);
  CHECK_THROWS_AS(parse_weight(fx83, "0x100", "w"), ModelError);
  CHECK_THROWS_AS(parse_weight(fx83, "0x", "w"), ModelError);
  CHECK_THROWS_AS(parse_weight(fx83, "0xg", "w"), ModelError);
  CHECK_THROWS_AS(parse_weight(fx83, "", "w"), ModelError);
  CHECK(parse_weight(fx83, "1.", "w") == 8);
  CHECK(parse_weight(fx83, "0.125E1", "w") == 10);
}

TEST_CASE("model_json: float weights, specials, exactness") {
  const Format h = parse_format("fp16");
  CHECK(parse_weight(h, "1.5e3", "w") == 0x65dc);
  CHECK(parse_weight(h, "1500", "w") == 0x65dc);
  CHECK(parse_weight(h, "inf", "w") == 0x7c00);
  CHECK(parse_weight(h, "-inf", "w") == 0xfc00);
  CHECK(parse_weight(h, "-0", "w") == 0x8000);
  CHECK(parse_weight(h, "0", "w") == 0x0000);
  CHECK(parse_weight(h, "65504", "w") == 0x7bff);
  CHECK(parse_weight(h, "0.000000059604644775390625", "w") == 0x0001);  // 2^-24, the least subnormal
  CHECK_THROWS_AS(parse_weight(h, "1e-3", "w"), ModelError);
  CHECK_THROWS_AS(parse_weight(h, "65505", "w"), ModelError);
  CHECK_THROWS_AS(parse_weight(h, "nan", "w"), ModelError);
  CHECK_THROWS_AS(parse_weight(h, "1e99999", "w"), ModelError);
  CHECK(weight_text(h, 0x7e00) == "0x7e00");
  CHECK(weight_text(h, 0x8000) == "-0");
  CHECK(weight_text(h, 0xfc00) == "-inf");
  CHECK(weight_text(h, 0x3c00) == "1");
  const Format e4m3 = parse_format("e4m3");
  CHECK(parse_weight(e4m3, "448", "w") == 0x7e);
  CHECK(parse_weight(e4m3, "0x7f", "w") == 0x7f);
  CHECK(weight_text(e4m3, 0x7f) == "0x7f");
  CHECK_THROWS_WITH_AS(parse_weight(e4m3, "inf", "mlp.b_2"),
                       "mlp.b_2: 'inf' is not a value of float(4,3,fn,on) (fn formats have no infinities)", ModelError);
  // ftz: the subnormal patterns exist (arithmetic reads them as zero) and round-trip.
  const Format ftz = parse_format("float(4,3,ieee,ftz)");
  CHECK(parse_weight(ftz, weight_text(ftz, 0x01), "w") == 0x01);
}

TEST_CASE("model_json: every pattern of every small format round-trips through its text") {
  std::vector<Format> formats;
  for (int p = 2; p <= 8; ++p)
    for (int f = 0; f <= p; f += 3) {
      formats.push_back(Format::fixed(p, f, Overflow::Sat));
      formats.push_back(Format::fixed(p, f, Overflow::Wrap));
    }
  for (int e = 1; e <= 6; ++e)
    for (int m = 0; e + m + 1 <= 8; ++m)
      for (auto s : {Specials::Ieee, Specials::Fn})
        for (auto u : {Subnormals::On, Subnormals::Ftz}) {
          try {
            formats.push_back(Format::flt(e, m, s, u));
          } catch (const FormatError&) {
          }
        }
  size_t checked = 0;
  for (const Format& F : formats)
    for (uint64_t x = 0; x <= F.mask(); ++x) {
      const std::string t = weight_text(F, x);
      INFO(F.str() << " pattern " << x << " text " << t);
      CHECK(parse_weight(F, t, "w") == x);
      ++checked;
    }
  CHECK(checked > 5000);
}

TEST_CASE("model_json: shipped constructions round-trip, canonically") {
  std::vector<Format> formats;
  for (int p = 2; p <= 16; ++p) formats.push_back(parse_family("fixed").at(p));
  for (int p : {6, 8, 10, 12}) formats.push_back(parse_family("float:e=4").at(p));
  for (int p : {7, 8, 11, 16}) formats.push_back(parse_family("float:e=5").at(p));
  for (int p : {10, 12, 16, 24, 32, 64}) formats.push_back(parse_family("float:e=8").at(p));
  formats.push_back(parse_family("float:e=4,ftz").at(8));
  formats.push_back(parse_family("fixed,wrap").at(6));
  formats.push_back(parse_format("e4m3"));
  formats.push_back(parse_format("fp16"));
  for (const Format& F : formats)
    for (int d = 1; d <= 3; ++d) {
      INFO(F.str() << " d = " << d);
      const Construction c = construct_eq_token(F, d);
      const json j = model_to_json(c.model);
      const Model back = model_from_json(j);
      CHECK(same_model(back, c.model));
      const std::string text = j.dump(2);
      CHECK(model_to_json(back).dump(2) == text);
      // Through text, too (what a file holds).
      CHECK(model_to_json(model_from_json(json::parse(text))).dump(2) == text);
    }
}

TEST_CASE("model_json: a table embedding, an accumulator and plain softmax round-trip") {
  Model m = construct_eq_token(Format::fixed(4, 0), 1).model;
  m.E.kind = Embedding::Kind::Table;
  for (uint64_t t = 0; t < 9; ++t) m.E.table.push_back({t});
  m.E.digit_bits = 0;
  m.E.digits = 0;
  m.softmax = Softmax::Plain;
  m.acc = Format::fixed(8, 0);
  const json j = model_to_json(m);
  CHECK(j.at("accumulator") == "fixed(8,0,sat)");
  CHECK(j.at("softmax") == "plain");
  CHECK(j.at("E").at("table").size() == 9);
  CHECK(same_model(model_from_json(j), m));
  // Without "accumulator" the accumulator is the format; without "softmax" it is stable.
  json k = j;
  k.erase("accumulator");
  k.erase("softmax");
  const Model b = model_from_json(k);
  CHECK(b.acc == b.format);
  CHECK(b.softmax == Softmax::Stable);
  // d_tok, d_pos and positions default from E and P.
  k.erase("d_tok");
  k.erase("d_pos");
  k.erase("positions");
  const Model c = model_from_json(k);
  CHECK(c.d_tok == 1);
  CHECK(c.d_pos == 2);
  CHECK(c.positions == 2);
}

TEST_CASE("model_json: each malformed field gives one line naming it") {
  struct Case {
    std::string name, expect;
    std::function<void(json&)> edit;
  };
  const std::vector<Case> cases = {
      {"missing mlp", "mlp: missing key", [](json& j) { j.erase("mlp"); }},
      {"missing format", "format: missing key", [](json& j) { j.erase("format"); }},
      {"unknown format", "format: ", [](json& j) { j["format"] = "fixed(99)"; }},
      {"format not a string", "format: expected a string, got an integer", [](json& j) { j["format"] = 4; }},
      {"unknown softmax", "softmax: unknown softmax 'soft'", [](json& j) { j["softmax"] = "soft"; }},
      {"bad weight", "heads[0].W_Q[0][2]: '0.5' is not a value of fixed(4,0,sat)",
       [](json& j) { j["heads"][0]["W_Q"][0][2] = "0.5"; }},
      {"number weight", "mlp.w_2[1]: expected a string holding a weight", [](json& j) { j["mlp"]["w_2"][1] = 1; }},
      {"wide pattern", "mlp.b_2: '0x10' does not fit fixed(4,0,sat)", [](json& j) { j["mlp"]["b_2"] = "0x10"; }},
      {"W_K rows", "heads[0].W_K: expected 1 rows", [](json& j) { j["heads"][0]["W_K"].push_back(j["heads"][0]["W_K"][0]); }},
      {"W_V row length", "heads[0].W_V[0]: expected 3 entries", [](json& j) { j["heads"][0]["W_V"][0].erase(0); }},
      {"W_O cols", "heads[0].W_O[2]: expected 1 entries", [](json& j) { j["heads"][0]["W_O"][2].push_back("0"); }},
      {"W_1 cols", "mlp.W_1[1]: expected 3 entries", [](json& j) { j["mlp"]["W_1"][1].push_back("0"); }},
      {"b_1 length", "mlp.b_1: expected 2 entries", [](json& j) { j["mlp"]["b_1"].push_back("0"); }},
      {"P rows", "P: expected 2 rows", [](json& j) { j["P"].push_back(j["P"][0]); }},
      {"P row length", "P[1]: expected 2 entries", [](json& j) { j["P"][1].push_back("0"); }},
      {"unknown E rule", "E.rule: unknown rule 'bits'", [](json& j) { j["E"]["rule"] = "bits"; }},
      {"E digit_bits too wide", "E.digit_bits: 4 needs a format of at least 5 bits", [](json& j) { j["E"]["digit_bits"] = 4; }},
      {"E d vs d_tok", "E.d: 2 but d_tok is 1", [](json& j) { j["E"]["d"] = 2; }},
      {"E both", "E: give either", [](json& j) { j["E"]["table"] = json::array(); }},
      {"E table row", "E.table[1]: expected 1 entries (d_tok), got 2",
       [](json& j) { j["E"] = {{"table", {{"0"}, {"1", "2"}}}}; }},
      {"E table empty", "E.table: the table is empty", [](json& j) { j["E"] = {{"table", json::array()}}; }},
      {"unknown key", "heads[0].W_X: unknown key", [](json& j) { j["heads"][0]["W_X"] = json::array(); }},
      {"unknown top key", "weights: unknown key", [](json& j) { j["weights"] = 1; }},
      {"heads not array", "heads: expected an array, got an object", [](json& j) { j["heads"] = json::object(); }},
      {"no heads", "heads: at least one head", [](json& j) { j["heads"] = json::array(); }},
      {"positions", "positions: expected an integer", [](json& j) { j["positions"] = "2"; }},
      {"positions vs P", "P: expected 3 rows (N = positions), got 2", [](json& j) { j["positions"] = 3; }},
      {"bad task", "task: 'eq(p=4)' is not a task", [](json& j) { j["task"] = "eq(p=4)"; }},
      {"task range", "task: eq-token: p = 99 out of range", [](json& j) { j["task"] = "eq-token(p=99,d=1)"; }},
      {"accumulator", "accumulator: ", [](json& j) { j["accumulator"] = "float(0,0)"; }},
      {"not an object", "the model must be a JSON object", [](json& j) { j = json::array(); }},
      {"control characters", "mlp.W\\x0a1: unknown key", [](json& j) { j["mlp"]["W\n1"] = 1; }},
      {"weight text with a newline", "mlp.b_2: '1\\x0a' is not a weight", [](json& j) { j["mlp"]["b_2"] = "1\n"; }},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    json j = base_model();
    c.edit(j);
    const std::string err = error_of(j);
    CHECK(err.find(c.expect) == 0);
    CHECK(err.find('\n') == std::string::npos);
  }
  CHECK(error_of(base_model()) == "(no error)");
}

TEST_CASE("model_json: load_model reports unreadable files and invalid JSON in one line") {
  CHECK_THROWS_WITH_AS(load_model("/nonexistent/eb/model.json"),
                       doctest::Contains("cannot read model file '/nonexistent/eb/model.json'"), ModelError);
  const std::string path = "/tmp/eb_model_json_test_bad.json";
  {
    FILE* f = std::fopen(path.c_str(), "w");
    REQUIRE(f);
    std::fputs("{\n  \"format\": \"fixed(4)\",\n  \"E\": [,]\n}\n", f);
    std::fclose(f);
  }
  try {
    load_model(path);
    FAIL("no error");
  } catch (const ModelError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("is not valid JSON: line 3, column") != std::string::npos);
    CHECK(msg.find('\n') == std::string::npos);
  }
  std::remove(path.c_str());
}

TEST_CASE("model_json: save_model writes one row per line and reads back") {
  const Model m = construct_eq_token(parse_format("e5m2"), 2).model;
  const std::string path = "/tmp/eb_model_json_test_save.json";
  save_model(m, path);
  CHECK(same_model(load_model(path), m));
  std::FILE* f = std::fopen(path.c_str(), "r");
  REQUIRE(f);
  std::string text;
  char buf[4096];
  size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, got);
  std::fclose(f);
  std::remove(path.c_str());
  CHECK(text.find("\"format\": \"float(5,2,ieee,on)\"") != std::string::npos);
  CHECK(text.find("[\"1\", \"0\"]") != std::string::npos);  // P[1] on one line
  CHECK(text.find("\"format\"") < text.find("\"E\""));
  CHECK(json::parse(text) == model_to_json(m));
}
