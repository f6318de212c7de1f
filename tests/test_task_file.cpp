// Task files (docs/tasks.md): the parser and its errors, a table task equal to eq-bits(2)
// behaving as the built-in task everywhere (Γ, domains, input count, R by enumeration,
// `verify` verdicts), a refuted table task, and malformed files through the CLI (exit 4,
// one stderr line naming the field).
#include <doctest/doctest.h>

#include "cli_run.hpp"
#include "test_files.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "counting/communication_matrix.hpp"
#include "upper/exhaustive.hpp"
#include "task/task_file.hpp"

using nlohmann::json;
using eb_test::run_cli;

namespace {

struct TaskTempDir : eb_test::TempDir {
  TaskTempDir() : eb_test::TempDir("eb_task_file") {}
};

int lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

// Γ of a two-party function on 2-bit strings x (positions 1, 2) and y (3, 4), readout
// token 2 at position 5, as a table in the documented order (index 8x1+4x2+2y1+y2).
template <class F>
std::string bits2_table(F f) {
  std::string s;
  for (int i = 0; i < 16; ++i) s += f((i >> 3 & 1) * 2 + (i >> 2 & 1), (i >> 1 & 1) * 2 + (i & 1)) ? '1' : '0';
  return s;
}

json bits2_task(const std::string& name, const std::string& table) {
  return json{{"task", "table"},
              {"name", name},
              {"alphabet", 3},
              {"positions", 5},
              {"alice", {1, 2}},
              {"bob", {3, 4, 5}},
              {"fixed", {{"5", 2}}},
              {"domain", {{"1", {0, 1}}, {"2", {0, 1}}, {"3", {1, 0}}, {"4", {0, 1}}}},
              {"truth", {{"table", table}}}};
}

json eq2_task() { return bits2_task("eq2", bits2_table([](int x, int y) { return x == y; })); }

std::string field_of(const json& j) {
  try {
    eb::parse_task_table(j);
  } catch (const eb::TaskFileError& e) {
    return e.field;
  }
  return "(accepted)";
}

}  // namespace

TEST_CASE("task file: a table equal to eq-bits(2) is the same task") {
  const eb::Task table = eb::Task::from_table(eb::parse_task_table(eq2_task()));
  const eb::Task bits = eb::Task::eq_bits(2);
  CHECK(table.str() == "table(eq2)");
  CHECK(table.positions() == 5);
  CHECK(table.alice_positions() == 2);
  CHECK(table.alphabet_size() == 3);
  CHECK(eb::input_count(table) == 16);
  for (int j = 0; j < 5; ++j) {
    const auto a = eb::task_domain(table, j), b = eb::task_domain(bits, j);
    CHECK(a.size() == b.size());
    for (int x = 0; x < 3; ++x) CHECK(a.contains(x) == b.contains(x));
  }
  for (int i = 0; i < 16; ++i) {
    std::vector<eb::BigInt> t = {i >> 3 & 1, i >> 2 & 1, i >> 1 & 1, i & 1, 2};
    CHECK(table.truth(t) == bits.truth(t));
  }
  CHECK_THROWS_AS(table.truth({0, 0, 0, 0, 1}), std::invalid_argument);  // outside the domain
  // Counting: R by enumeration, as for the built-in task (closed form 2^2); no closed form.
  CHECK(eb::counting::rows_by_enumeration(table) == eb::counting::rows_closed_form(bits));
  CHECK(eb::counting::rows_by_enumeration(table) == 4);
  CHECK_THROWS_AS(eb::counting::rows_closed_form(table), std::invalid_argument);
  // "accept" lists the same task; the canonical JSON is one text for one task.
  json acc = eq2_task();
  acc["truth"] = {{"accept", {{0, 0, 0, 0, 2}, {0, 1, 0, 1, 2}, {1, 0, 1, 0, 2}, {1, 1, 1, 1, 2}}}};
  const json canon = eb::task_table_json(*eb::parse_task_table(eq2_task()));
  CHECK(eb::task_table_json(*eb::parse_task_table(acc)) == canon);
  CHECK(eb::task_table_json(*eb::parse_task_table(canon)) == canon);
  CHECK(canon.at("fixed") == json{{"5", 2}});
  CHECK(canon.at("domain").at("3") == json{0, 1});
}

TEST_CASE("task file: every malformed field is named") {
  auto with = [](const char* key, json v) {
    json j = eq2_task();
    j[key] = std::move(v);
    return j;
  };
  CHECK(field_of(eq2_task()) == "(accepted)");
  CHECK(field_of(with("task", "eq")) == "task");
  CHECK(field_of(with("colour", 1)) == "colour");
  CHECK(field_of(with("alphabet", 1)) == "alphabet");
  CHECK(field_of(with("positions", "5")) == "positions");
  CHECK(field_of(with("truth", {{"table", "101"}})) == "truth.table");
  CHECK(field_of(with("truth", {{"table", std::string(15, '0') + "x"}})) == "truth.table");
  CHECK(field_of(with("truth", {{"accept", {{0, 0, 0, 0}}}})) == "truth.accept[0]");
  CHECK(field_of(with("truth", {{"accept", {{0, 0, 0, 0, 1}}}})) == "truth.accept[0][4]");
  CHECK(field_of(with("truth", {{"table", "0"}, {"accept", json::array()}})) == "truth");
  CHECK(field_of(with("fixed", {{"5", 3}})) == "fixed.5");
  CHECK(field_of(with("fixed", {{"6", 2}})) == "fixed.6");
  CHECK(field_of(with("domain", {{"5", {0, 1}}})) == "domain.5");  // also fixed
  CHECK(field_of(with("domain", {{"1", {0, 0}}})) == "domain.1");
  CHECK(field_of(with("domain", {{"1", {0, -1}}})) == "domain.1[1]");
  CHECK(field_of(with("alice", {1, 2, 3})) == "bob");               // position 3 held by both
  CHECK(field_of(with("alice", {1, 1})) == "alice");                // listed twice
  CHECK(field_of(with("alice", {2})) == "bob");                     // position 1 held by no one
  CHECK(field_of(with("bob", {1, 3, 4, 5})) == "bob");
  CHECK(field_of(with("alice", {1, 2, 5})) == "alice");             // the output position
  CHECK(field_of(with("alice", {1, 7})) == "alice[1]");
  json gap = with("alice", {1, 3});
  gap["bob"] = {2, 4, 5};
  CHECK(field_of(gap) == "alice");                                  // not a prefix 1..c
  json big = eq2_task();
  big["alphabet"] = 5000;
  big["domain"] = json::object();
  big["fixed"] = json::object();
  CHECK(field_of(big) == "domain");                                 // 5000^5 inputs
}

TEST_CASE("verify --task FILE: the table task gives the built-in task's verdicts; malformed files exit 4") {
  TaskTempDir dir;
  const std::string model = dir.file("eqb2.json");
  REQUIRE(run_cli("construct eq-bits --n 2 --format e5m2 -o '" + model + "'").code == 0);
  const std::string eq2 = dir.write("eq2.json", eq2_task().dump(2));
  auto built_in = run_cli("verify '" + model + "' --task 'eq-bits(n=2)'");
  auto table = run_cli("verify '" + model + "' --task '" + eq2 + "'");
  CHECK(built_in.code == 0);
  CHECK(table.code == 0);
  CHECK(table.out.find("task: table(eq2): |Σ| = 3, 16 inputs") != std::string::npos);
  CHECK(table.out.find("verdict: verified") != std::string::npos);

  // A broken model: the MLP's output bias -inf, so it rejects every input (also x = y).
  json broken = json::parse(std::ifstream(model));
  REQUIRE(broken.at("mlp").contains("b_2"));
  broken["mlp"]["b_2"] = "-inf";
  const std::string bad = dir.write("broken.json", broken.dump(2));
  for (const std::string& task : {std::string("'eq-bits(n=2)'"), "'" + eq2 + "'"}) {
    CAPTURE(task);
    const auto r = run_cli("verify '" + bad + "' --task " + task + " --json");
    CHECK(r.code == 1);
    if (r.code != 1) continue;
    const json cex = json::parse(r.out).at("counterexample");
    CHECK(cex.at("expected") == true);
    CHECK(cex.at("accepts") == false);
    CHECK(cex.at("reference_agrees") == true);
  }

  // Greater-than on 2-bit strings: the equality construction is refuted, and the
  // counterexample is replayed on both evaluators.
  const std::string gt = dir.write("gt.json", bits2_task("gt2", bits2_table([](int x, int y) { return x > y; })).dump());
  auto r = run_cli("verify '" + model + "' --task '" + gt + "' --json");
  CHECK(r.code == 1);
  const json j = json::parse(r.out);
  CHECK(j.at("status") == "refuted");
  const json& cex = j.at("counterexample");
  CHECK(cex.at("reference_agrees") == true);
  CHECK(cex.at("accepts") != cex.at("expected"));
  r = run_cli("verify '" + model + "' --task '" + gt + "'");
  CHECK(r.code == 1);
  CHECK(r.out.find("replayed on the exact reference") != std::string::npos);

  // --p/--n do not go with a task file; the model must fit the task.
  CHECK(run_cli("verify '" + model + "' --task '" + eq2 + "' --n 2").code == 3);
  json wide = eq2_task();
  wide["alphabet"] = 300;
  CHECK(run_cli("verify '" + model + "' --task '" + dir.write("wide.json", wide.dump()) + "'").code == 3);

  // Malformed task files: exit 4, one line naming the field.
  struct Bad {
    std::string name, text, field;
  };
  json short_table = eq2_task();
  short_table["truth"]["table"] = "101";
  json out_of_range = eq2_task();
  out_of_range["fixed"]["5"] = 3;
  json overlap = eq2_task();
  overlap["bob"] = {2, 3, 4, 5};
  json output_alice = eq2_task();
  output_alice["alice"] = {1, 2, 5};
  output_alice["bob"] = {3, 4};
  const Bad cases[] = {{"json.json", "{\"task\": \"table\", ", "not JSON"},
                       {"short.json", short_table.dump(), "truth.table:"},
                       {"range.json", out_of_range.dump(), "fixed.5:"},
                       {"overlap.json", overlap.dump(), "bob:"},
                       {"alice.json", output_alice.dump(), "alice:"}};
  for (const auto& c : cases) {
    CAPTURE(c.name);
    r = run_cli("verify '" + model + "' --task '" + dir.write(c.name, c.text) + "'");
    CHECK(r.code == 4);
    CHECK(lines(r.err) == 1);
    CHECK(r.err.find(c.field) != std::string::npos);
    CHECK(r.err.find(c.name) != std::string::npos);
  }
  r = run_cli("verify '" + model + "' --task '" + dir.file("missing.json") + "'");
  CHECK(r.code == 4);
  CHECK(lines(r.err) == 1);
}

TEST_CASE("task file: the example of docs/tasks.md (docs/examples/eq2_task.json) is the test's eq2 task, and verifies") {
  const std::string path = std::string(EB_SOURCE_DIR) + "/docs/examples/eq2_task.json";
  std::ifstream in(path);
  REQUIRE(in.good());
  const json file = json::parse(in);
  CHECK(eb::task_table_json(*eb::parse_task_table(file)) == eb::task_table_json(*eb::parse_task_table(eq2_task())));
  TaskTempDir dir;
  const std::string model = dir.file("b.json");
  REQUIRE(run_cli("construct eq-bits --n 2 --format fp16 -o '" + model + "'").code == 0);
  CHECK(run_cli("verify '" + model + "' --task '" + path + "'").code == 0);
}
