#include "task/task_file.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "util/file_text.hpp"
#include "util/one_line.hpp"

namespace eb {

using nlohmann::json;

namespace {

[[noreturn]] void fail(const std::string& field, const std::string& problem) {
  throw TaskFileError(one_line(field), one_line(problem));
}

uint64_t integer_in(const json& v, const std::string& field, uint64_t lo, uint64_t hi) {
  if (!v.is_number_integer()) fail(field, fmt::format("{} is not an integer", v.dump()));
  if (v.is_number_unsigned() ? v.get<uint64_t>() < lo || v.get<uint64_t>() > hi
                             : v.get<int64_t>() < 0 || static_cast<uint64_t>(v.get<int64_t>()) < lo ||
                                   static_cast<uint64_t>(v.get<int64_t>()) > hi)
    fail(field, fmt::format("{} out of range {}..{}", v.dump(), lo, hi));
  return v.get<uint64_t>();
}

uint64_t token_in(const json& v, const std::string& field, uint64_t alphabet) {
  if (!v.is_number_integer()) fail(field, fmt::format("{} is not a token (an integer)", v.dump()));
  if (v.is_number_unsigned() ? v.get<uint64_t>() >= alphabet : v.get<int64_t>() < 0 || static_cast<uint64_t>(v.get<int64_t>()) >= alphabet)
    fail(field, fmt::format("token {} out of the alphabet 0..{}", v.dump(), alphabet - 1));
  return v.get<uint64_t>();
}

// "3" -> position index 2; the keys of "fixed" and "domain" are positions 1..N.
int position_key(const std::string& key, const std::string& where, int N) {
  static const std::regex re("^[1-9][0-9]{0,5}$");
  if (!std::regex_match(key, re) || std::stoi(key) > N)
    fail(where + "." + key, fmt::format("\"{}\" is not a position 1..{}", key, N));
  return std::stoi(key) - 1;
}

std::vector<int> party(const json& j, const char* key, int N) {
  if (!j.contains(key)) fail(key, "missing (the list of the party's positions, 1-based)");
  const json& a = j.at(key);
  if (!a.is_array()) fail(key, "not an array of positions");
  std::vector<int> out;
  for (size_t i = 0; i < a.size(); ++i)
    out.push_back(static_cast<int>(integer_in(a[i], fmt::format("{}[{}]", key, i), 1, N)));
  return out;
}

void check_parties(const std::vector<int>& alice, const std::vector<int>& bob, int N) {
  std::vector<int> owner(N + 1, 0);  // 0 none, 1 Alice, 2 Bob
  for (int who = 1; who <= 2; ++who)
    for (int p : who == 1 ? alice : bob) {
      const char* field = who == 1 ? "alice" : "bob";
      if (who == 1 && p == N) fail("alice", fmt::format("holds the output position N = {}, which must be Bob's", N));
      if (owner[p] == who) fail(field, fmt::format("position {} is listed twice", p));
      if (owner[p] != 0) fail("bob", fmt::format("position {} is held by both parties", p));
      owner[p] = who;
    }
  for (int p = 1; p <= N; ++p)
    if (owner[p] == 0) fail("bob", fmt::format("position {} is held by neither party", p));
  if (alice.empty()) fail("alice", "empty: Alice holds positions 1..c with c >= 1");
  const int c = static_cast<int>(alice.size());
  for (int p = 1; p <= c; ++p)
    if (owner[p] != 1)
      fail("alice", fmt::format("Alice must hold the positions 1..c (the cut of docs/counting.md); she holds {} positions but "
                                "not position {}",
                                c, p));
}

std::vector<bool> truth_of(const json& j, const TaskTable& t) {
  if (!j.contains("truth")) fail("truth", "missing ({\"table\": \"0110...\"} or {\"accept\": [[...], ...]})");
  const json& tr = j.at("truth");
  if (!tr.is_object() || tr.size() != 1 || !(tr.contains("table") || tr.contains("accept")))
    fail("truth", "must be an object with exactly one key, \"table\" or \"accept\"");
  std::vector<bool> out(t.inputs, false);
  if (tr.contains("table")) {
    const json& s = tr.at("table");
    if (!s.is_string()) fail("truth.table", "not a string of 0s and 1s");
    const std::string& text = s.get_ref<const std::string&>();
    if (text.size() != t.inputs)
      fail("truth.table", fmt::format("{} characters, expected {} (one per input, in lexicographic order of the domains)",
                                      text.size(), t.inputs));
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '0' && text[i] != '1')
        fail("truth.table", fmt::format("character {} is '{}', expected 0 or 1", i + 1,
                                        std::isprint(static_cast<unsigned char>(text[i])) ? std::string(1, text[i]) : "?"));
      out[i] = text[i] == '1';
    }
    return out;
  }
  const json& acc = tr.at("accept");
  if (!acc.is_array()) fail("truth.accept", "not an array of inputs");
  for (size_t k = 0; k < acc.size(); ++k) {
    const std::string w = fmt::format("truth.accept[{}]", k);
    if (!acc[k].is_array() || static_cast<int>(acc[k].size()) != t.positions)
      fail(w, fmt::format("not an input of N = {} tokens", t.positions));
    std::vector<BigInt> toks;
    for (int p = 0; p < t.positions; ++p) {
      const uint64_t x = token_in(acc[k][p], fmt::format("{}[{}]", w, p), t.alphabet);
      if (!std::binary_search(t.domain[p].begin(), t.domain[p].end(), x))
        fail(fmt::format("{}[{}]", w, p), fmt::format("token {} is not in the domain of position {}", x, p + 1));
      toks.push_back(x);
    }
    out[*t.index_of(toks)] = true;
  }
  return out;
}

}  // namespace

std::shared_ptr<const TaskTable> parse_task_table(const json& j) {
  if (!j.is_object()) fail("", "a task file is a JSON object (docs/tasks.md)");
  for (auto it = j.begin(); it != j.end(); ++it) {
    static const std::set<std::string> known = {"task", "name", "alphabet", "positions", "alice", "bob", "fixed", "domain", "truth"};
    if (!known.count(it.key())) fail(it.key(), "unknown key (docs/tasks.md lists the keys)");
  }
  if (!j.contains("task") || j.at("task") != "table") fail("task", "must be \"table\"");
  auto t = std::make_shared<TaskTable>();
  t->name = "table";
  if (j.contains("name")) {
    static const std::regex re("^[A-Za-z0-9_.+-]{1,64}$");
    if (!j.at("name").is_string() || !std::regex_match(j.at("name").get<std::string>(), re))
      fail("name", "must be 1..64 characters of letters, digits and _ . + -");
    t->name = j.at("name").get<std::string>();
  }
  for (const char* key : {"alphabet", "positions"})
    if (!j.contains(key)) fail(key, "missing");
  t->alphabet = integer_in(j.at("alphabet"), "alphabet", 2, kMaxTableAlphabet);
  t->positions = static_cast<int>(integer_in(j.at("positions"), "positions", 2, kMaxTablePositions));
  const int N = t->positions;
  const auto alice = party(j, "alice", N), bob = party(j, "bob", N);
  check_parties(alice, bob, N);
  t->alice = static_cast<int>(alice.size());

  t->domain.assign(N, {});
  if (j.contains("fixed")) {
    if (!j.at("fixed").is_object()) fail("fixed", "not an object {\"position\": token}");
    for (auto it = j.at("fixed").begin(); it != j.at("fixed").end(); ++it) {
      const int p = position_key(it.key(), "fixed", N);
      t->domain[p] = {token_in(it.value(), "fixed." + it.key(), t->alphabet)};
    }
  }
  if (j.contains("domain")) {
    if (!j.at("domain").is_object()) fail("domain", "not an object {\"position\": [tokens]}");
    for (auto it = j.at("domain").begin(); it != j.at("domain").end(); ++it) {
      const std::string w = "domain." + it.key();
      const int p = position_key(it.key(), "domain", N);
      if (!t->domain[p].empty()) fail(w, fmt::format("position {} is also fixed", p + 1));
      if (!it.value().is_array() || it.value().empty()) fail(w, "not a non-empty array of tokens");
      std::vector<uint64_t> d;
      for (size_t i = 0; i < it.value().size(); ++i) d.push_back(token_in(it.value()[i], fmt::format("{}[{}]", w, i), t->alphabet));
      std::sort(d.begin(), d.end());
      if (std::adjacent_find(d.begin(), d.end()) != d.end()) fail(w, "a token is listed twice");
      t->domain[p] = d;
    }
  }
  BigInt inputs = 1;
  for (int p = 0; p < N; ++p) {
    if (t->domain[p].empty())
      for (uint64_t x = 0; x < t->alphabet && inputs * t->alphabet <= kMaxTableInputs; ++x) t->domain[p].push_back(x);
    inputs *= t->domain[p].empty() ? BigInt(t->alphabet) : BigInt(t->domain[p].size());
    if (inputs > kMaxTableInputs || t->domain[p].empty())
      fail("domain", fmt::format("the positions' domains give more than 2^24 = {} inputs (an explicit table needs "
                                 "at most that many: restrict positions with \"domain\" or \"fixed\")",
                                 kMaxTableInputs));
  }
  t->inputs = static_cast<uint64_t>(inputs);
  t->truth = truth_of(j, *t);
  return t;
}

json task_table_json(const TaskTable& t) {
  json j;
  j["task"] = "table";
  j["name"] = t.name;
  j["alphabet"] = t.alphabet;
  j["positions"] = t.positions;
  json alice = json::array(), bob = json::array(), fixed = json::object(), domain = json::object();
  for (int p = 1; p <= t.positions; ++p) (p <= t.alice ? alice : bob).push_back(p);
  for (int p = 0; p < t.positions; ++p) {
    if (t.fixed(p)) fixed[std::to_string(p + 1)] = t.domain[p][0];
    else if (!t.full(p)) domain[std::to_string(p + 1)] = t.domain[p];
  }
  j["alice"] = alice;
  j["bob"] = bob;
  j["fixed"] = fixed;
  j["domain"] = domain;
  std::string table(t.inputs, '0');
  for (uint64_t i = 0; i < t.inputs; ++i)
    if (t.truth[i]) table[i] = '1';
  j["truth"] = json{{"table", table}};
  return j;
}

Task load_task_file(const std::string& path) {
  const auto text = read_file_text(path);
  if (!text) fail("", fmt::format("task file '{}': cannot read the file", path));
  json j;
  try {
    j = json::parse(*text);
  } catch (const json::exception& e) {
    std::string msg = e.what();
    if (auto nl = msg.find('\n'); nl != std::string::npos) msg.resize(nl);
    fail("", fmt::format("task file '{}': not JSON ({})", path, msg));
  }
  try {
    return Task::from_table(parse_task_table(j));
  } catch (const TaskFileError& e) {
    throw TaskFileError(e.field, e.problem, fmt::format("task file '{}': ", path));
  }
}

bool looks_like_task_file(const std::string& arg) {
  if (arg.size() > 5 && arg.compare(arg.size() - 5, 5, ".json") == 0) return true;
  std::error_code ec;
  return std::filesystem::is_regular_file(arg, ec);
}

}  // namespace eb
