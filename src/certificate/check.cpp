// The certificate checker (docs/certificates.md). It trusts nothing the writer computed:
//  * claim_sha256 is recomputed from the canonical claim text;
//  * the lower side's integers (R, the fooling-set size, V, M) are recomputed here with
//    cpp_int directly from the task's definition and the recorded architecture, with this
//    file's own list of bounds and their validity conditions (not the counting library);
//  * every SMT-LIB2 text (the final query and each lemma) is hashed and re-solved from the
//    text, by the Z3 library or by an external solver of the user's choice;
//  * independently of any SMT text, the model is evaluated on the exact reference on every
//    input (when there are at most opt.exhaustive_limit), and a counterexample is replayed
//    on the concrete evaluator and on the reference against Γ computed here.
#include <algorithm>
#include <atomic>
#include <mutex>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "util/one_line.hpp"

#include "certificate/certificate.hpp"
#include "certificate/check.hpp"
#include "transformer/evaluator.hpp"
#include "model/model_json.hpp"
#include "upper/reference_replay.hpp"
#include "solver/smt_check.hpp"
#include "task/task_file.hpp"

namespace eb {

namespace certcheck {

bool read_certificate(const std::string& path, nlohmann::json& out, std::string& problem) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problem = fmt::format("{}: cannot read the file", path);
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    problem = fmt::format("{}: cannot read the file", path);
    return false;
  }
  try {
    out = nlohmann::json::parse(ss.str());
  } catch (const nlohmann::json::exception& e) {
    std::string msg = e.what();
    if (auto nl = msg.find('\n'); nl != std::string::npos) msg.resize(nl);
    problem = fmt::format("{}: not JSON ({})", path, msg);
    return false;
  }
  if (!out.is_object() || !out.contains("claim") || !out["claim"].is_object() || !out.contains("claim_sha256")) {
    problem = fmt::format("{}: not an everybit certificate (no \"claim\" object and \"claim_sha256\")", path);
    return false;
  }
  return true;
}

}  // namespace certcheck

namespace {

using nlohmann::json;
using Int = boost::multiprecision::cpp_int;
using certcheck::SolveStatus;

// Γ, straight from SPEC §4 (not through Task::truth); a table task's Γ is a lookup in the
// definition embedded in the claim (parsed by parse_task_table, task_file.hpp).
bool table_gamma(const Task& t, const std::vector<BigInt>& tok) {
  const TaskTable& tt = *t.table;
  uint64_t index = 0;
  for (int j = 0; j < tt.positions; ++j) {
    const auto& dom = tt.domain.at(j);
    if (tok.at(j) < 0 || tok.at(j) >= tt.alphabet) throw std::invalid_argument("input outside the task's alphabet");
    const uint64_t x = static_cast<uint64_t>(tok.at(j));
    auto it = std::lower_bound(dom.begin(), dom.end(), x);
    if (it == dom.end() || *it != x) throw std::invalid_argument("input outside the task's domain");
    index = index * dom.size() + static_cast<uint64_t>(it - dom.begin());
  }
  return tt.truth.at(index);
}

bool gamma_of(const Task& t, const std::vector<BigInt>& tok) {
  if (t.kind == Task::Kind::Table) return table_gamma(t, tok);
  if (t.kind == Task::Kind::EqToken) return tok.at(0) == tok.at(1);
  for (int i = 0; i < t.n; ++i)
    if (tok.at(i) != tok.at(t.n + i)) return false;
  return true;
}

// SPEC §4: |Σ|, N, c and the inputs.
// A table task: its definition's alphabet, positions and the product of its domains.
Int sigma_size(const Task& t) {
  if (t.kind == Task::Kind::Table) return Int(t.table->alphabet);
  return t.kind == Task::Kind::EqToken ? (Int(1) << ((t.p - 1) * t.d)) + 1 : Int(3);
}
int alice_positions(const Task& t) {
  if (t.kind == Task::Kind::Table) return t.table->alice;
  return t.kind == Task::Kind::EqToken ? 1 : t.n;
}
int positions_of(const Task& t) {
  if (t.kind == Task::Kind::Table) return t.table->positions;
  return t.kind == Task::Kind::EqToken ? 2 : 2 * t.n + 1;
}
Int input_space(const Task& t) {
  if (t.kind == Task::Kind::Table) {
    Int count = 1;
    for (const auto& dom : t.table->domain) count *= Int(dom.size());
    return count;
  }
  return t.kind == Task::Kind::EqToken ? sigma_size(t) * sigma_size(t) : Int(1) << (2 * t.n);
}
std::vector<BigInt> input_at(const Task& t, uint64_t index) {
  if (t.kind == Task::Kind::Table) {
    std::vector<BigInt> tok(t.table->positions);
    for (int j = t.table->positions - 1; j >= 0; --j) {
      const auto& dom = t.table->domain[j];
      tok[j] = BigInt(dom[index % dom.size()]);
      index /= dom.size();
    }
    return tok;
  }
  if (t.kind == Task::Kind::EqToken) {
    const uint64_t S = static_cast<uint64_t>(sigma_size(t));
    return {BigInt(index / S), BigInt(index % S)};
  }
  std::vector<BigInt> tok;
  for (int i = 0; i < 2 * t.n; ++i) tok.push_back(BigInt((index >> i) & 1));
  tok.push_back(2);
  return tok;
}

// R: the number of distinct rows of Γ's communication matrix for the cut (Alice: positions
// 1..c). eq-token: equality on Σ, row x is the indicator of {x}: |Σ| distinct rows. eq-bits:
// equality on {0,1}^n (Bob's readout token is fixed): 2^n. For both, the diagonal
// {(x, x)} is a fooling set (Γ(x,x) = 1, Γ(x,x') = 0 for x != x'), of size R.
Int rows_of(const Task& t) { return t.kind == Task::Kind::EqToken ? sigma_size(t) : Int(1) << t.n; }

// R by enumerating Γ on every (Alice input, Bob input), for small instances.
std::optional<Int> rows_enumerated(const Task& t) {
  if (t.kind == Task::Kind::Table) return std::nullopt;  // table tasks have no lower side here
  const Int alice = rows_of(t);
  if (alice > 256) return std::nullopt;
  const uint64_t A = static_cast<uint64_t>(alice);
  std::set<std::vector<bool>> rows;
  for (uint64_t a = 0; a < A; ++a) {
    std::vector<bool> row;
    for (uint64_t b = 0; b < A; ++b) {
      std::vector<BigInt> tok;
      if (t.kind == Task::Kind::EqToken) {
        tok = {BigInt(a), BigInt(b)};
      } else {
        for (int i = 0; i < t.n; ++i) tok.push_back(BigInt((a >> i) & 1));
        for (int i = 0; i < t.n; ++i) tok.push_back(BigInt((b >> i) & 1));
        tok.push_back(2);
      }
      row.push_back(gamma_of(t, tok));
    }
    rows.insert(row);
  }
  return Int(rows.size());
}

struct KnownBound {
  std::string name;
  bool valid = false;
  std::string why_not;      // when not valid
  int64_t exponent = 0;     // messages = V^exponent
  std::string exponent_text;
  std::string compared_with;
};

// The bounds of SPEC §6 and their validity conditions (proofs/counting_bounds.md).
std::vector<KnownBound> known_bounds(int c, const std::string& cls, int d_tok, int H, int d_h,
                                     const std::string& softmax, bool fixed_query) {
  std::vector<KnownBound> out;
  KnownBound e{"embedding", true, "", int64_t(c) * d_tok, fmt::format("c*d_tok = {}*{}", c, d_tok), "rows"};
  out.push_back(e);
  KnownBound s{"state", false, "", int64_t(H) * (1 + d_h), fmt::format("H*(1+d_h) = {}*(1+{})", H, d_h), "rows"};
  if (cls != "accumulation") s.why_not = "needs the accumulation class";
  else if (softmax != "plain") s.why_not = "needs plain softmax";
  else if (!fixed_query) s.why_not = "needs a fixed readout query";
  else s.valid = true;
  out.push_back(s);
  KnownBound w{"two-way", false, "", int64_t(H) * (3 + d_h), fmt::format("H*(3+d_h) = {}*(3+{})", H, d_h), "fooling"};
  if (cls != "accumulation") w.why_not = "needs the accumulation class";
  else if (softmax != "stable") w.why_not = "needs stable softmax";
  else if (!fixed_query) w.why_not = "needs a fixed readout query";
  else w.valid = true;
  out.push_back(w);
  return out;
}

// No std::regex on the file's strings: libstdc++'s matcher recurses once per character and
// overflows the stack on a string of ~100k characters (found by fuzzing, fuzz/corpus).
bool is_hex64(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// ^(0|[1-9][0-9]*)$
bool is_decimal(const std::string& s) {
  if (s.empty() || s.size() >= 100000000 || (s[0] == '0' && s.size() > 1)) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string short_decimal(const std::string& s) {
  if (s.size() <= 40) return s;
  return fmt::format("{}...{} ({} digits)", s.substr(0, 12), s.substr(s.size() - 12), s.size());
}

// The first match of \(set-info\s+:status\s+([a-z]+)\s*\) (\s: space, \t, \n, \v, \f, \r).
std::string smt_status_line(const std::string& text) {
  auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  const std::string head = "(set-info", key = ":status";
  for (size_t at = text.find(head); at != std::string::npos; at = text.find(head, at + 1)) {
    size_t i = at + head.size(), from = i;
    while (i < text.size() && space(text[i])) ++i;
    if (i == from || text.compare(i, key.size(), key) != 0) continue;
    i += key.size();
    from = i;
    while (i < text.size() && space(text[i])) ++i;
    if (i == from) continue;
    from = i;
    while (i < text.size() && text[i] >= 'a' && text[i] <= 'z') ++i;
    if (i == from) continue;
    const size_t end = i;
    while (i < text.size() && space(text[i])) ++i;
    if (i < text.size() && text[i] == ')') return text.substr(from, end - from);
  }
  return "";
}

class Checker {
 public:
  Checker(const CheckOptions& opt, CheckReport& rep, const certcheck::Solver* solver)
      : opt_(opt), rep_(rep), solver_(solver), deep_(opt.deep) {}

  void run(const json& cert);

 private:
  const CheckOptions& opt_;
  CheckReport& rep_;
  const certcheck::Solver* solver_;  // null when the solver could not be resolved

  // What the rest of the checks learn along the way.
  std::optional<Task> task_;
  bool verify_kind_ = false;  // claim.kind == "verify": the upper side only (`everybit verify --cert`)
  std::optional<int> p_;
  std::optional<Format> format_;
  std::optional<Model> model_;
  std::string status_;
  bool upper_ok_ = true;
  std::optional<bool> lower_ruled_out_;
  std::optional<std::string> lower_class_;
  struct Arch {
    int d_tok = 0, heads = 0, d_h = 0;
    std::string softmax;
  };
  std::optional<Arch> arch_;
  // False once claim_sha256 does not match: the claim was edited, so the certificate is
  // rejected whatever else holds; the cheap field-by-field checks still run and name what
  // changed, the expensive ones (re-solving, evaluating every input, re-encoding) do not.
  bool deep_ = true;

  void problem(const std::string& field, const std::string& msg) { rep_.problems.push_back(one_line(field + ": " + msg)); }
  void pass(const std::string& line) { rep_.passed.push_back(one_line(line)); }

  // Typed access; each records a problem naming the field when it fails.
  const json* member(const json& obj, const std::string& where, const char* key) {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    if (it == obj.end()) {
      problem(where + "." + key, "missing");
      return nullptr;
    }
    return &*it;
  }
  std::optional<std::string> str(const json& obj, const std::string& where, const char* key) {
    const json* v = member(obj, where, key);
    if (!v) return std::nullopt;
    if (!v->is_string()) {
      problem(where + "." + key, "not a string");
      return std::nullopt;
    }
    return v->get<std::string>();
  }
  std::optional<int64_t> integer(const json& obj, const std::string& where, const char* key) {
    const json* v = member(obj, where, key);
    if (!v) return std::nullopt;
    if (!v->is_number_integer()) {
      problem(where + "." + key, "not an integer");
      return std::nullopt;
    }
    if (v->is_number_unsigned() && v->get<uint64_t>() > uint64_t(INT64_MAX)) {
      problem(where + "." + key, "out of range");
      return std::nullopt;
    }
    return v->get<int64_t>();
  }
  std::optional<bool> boolean(const json& obj, const std::string& where, const char* key) {
    const json* v = member(obj, where, key);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) {
      problem(where + "." + key, "not a boolean");
      return std::nullopt;
    }
    return v->get<bool>();
  }
  const json* object(const json& obj, const std::string& where, const char* key, bool nullable = false) {
    const json* v = member(obj, where, key);
    if (!v) return nullptr;
    if (nullable && v->is_null()) return nullptr;
    if (!v->is_object()) {
      problem(where + "." + key, nullable ? "neither an object nor null" : "not an object");
      return nullptr;
    }
    return v;
  }
  const json* array(const json& obj, const std::string& where, const char* key) {
    const json* v = member(obj, where, key);
    if (!v) return nullptr;
    if (!v->is_array()) {
      problem(where + "." + key, "not an array");
      return nullptr;
    }
    return v;
  }
  void only_keys(const json& obj, const std::string& where, std::initializer_list<const char*> keys) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      bool known = false;
      for (const char* k : keys) known = known || it.key() == k;
      if (!known) problem(where + "." + it.key(), "unexpected key");
    }
  }

  void check_hash(const json& cert);
  void check_task_and_format(const json& claim);
  void check_upper(const json& upper);
  bool check_model(const json& upper);
  struct Text {
    std::string field, text, statement, status;  // status: of its (set-info :status ...) line
  };
  std::optional<Text> check_text(const json& obj, const std::string& where, const std::vector<std::string>& allowed,
                                 const std::string& why);
  void resolve(const std::vector<Text>& texts, SolveStatus expected, const std::string& what);
  void check_counterexample(const json& cex);
  void reference_exhaustive();
  void reference_samples();
  void bind_query_to_model(const Text& query, const std::vector<Text>& lemmas, const std::string& recorded_solver,
                           std::optional<int64_t> refinements);
  void check_lower(const json& lower);
  void check_tight(const json& claim);
};

void Checker::run(const json& cert) {
  only_keys(cert, "certificate", {"everybit", "claim", "claim_sha256", "timing"});
  if (auto v = str(cert, "certificate", "everybit"); v && v->rfind("0.", 0) != 0)
    problem("everybit", fmt::format("unsupported certificate version '{}' (this checker reads 0.x)", *v));
  if (cert.contains("timing") && !cert["timing"].is_object()) problem("timing", "not an object");
  check_hash(cert);
  const json* claim = object(cert, "certificate", "claim");
  if (!claim) return;
  if (claim->contains("kind")) {
    // A verdict of `everybit verify`: one model, one task, no lower side.
    auto kind = str(*claim, "claim", "kind");
    if (kind && *kind != "verify") problem("claim.kind", fmt::format("'{}' is not a kind of claim (the checker knows verify)", *kind));
    verify_kind_ = true;
    only_keys(*claim, "claim", {"kind", "task", "p", "format", "upper"});
    check_task_and_format(*claim);
    if (const json* upper = object(*claim, "claim", "upper")) check_upper(*upper);
    if (upper_ok_ && !status_.empty()) pass(fmt::format("verify claim: upper side {} (no lower side)", status_));
    return;
  }
  only_keys(*claim, "claim", {"task", "p", "family", "format", "upper", "lower", "tight"});
  check_task_and_format(*claim);
  if (task_ && task_->kind == Task::Kind::Table) {
    problem("claim.task.name", "a table task appears only in a claim of kind verify");
    task_.reset();
  }
  if (const json* upper = object(*claim, "claim", "upper")) check_upper(*upper);
  if (const json* lower = object(*claim, "claim", "lower")) check_lower(*lower);
  check_tight(*claim);
}

void Checker::check_hash(const json& cert) {
  if (!cert.contains("claim") || !cert["claim"].is_object()) return;
  const std::string recomputed = sha256_hex(cert["claim"].dump(2));
  auto recorded = str(cert, "certificate", "claim_sha256");
  if (!recorded) {
    deep_ = false;
    return;
  }
  if (*recorded != recomputed) {
    problem("claim_sha256", fmt::format("recorded {}, recomputed {}", *recorded, recomputed));
    deep_ = false;
  } else
    pass("claim_sha256: recomputed from the canonical claim, matches");
}

void Checker::check_task_and_format(const json& claim) {
  const json* task = object(claim, "claim", "task");
  if (task) {
    auto name = str(*task, "claim.task", "name");
    if (name && *name == "eq-token") {
      only_keys(*task, "claim.task", {"name", "p", "d"});
      auto p = integer(*task, "claim.task", "p");
      auto d = integer(*task, "claim.task", "d");
      if (p && d) {
        if (*p < 2 || *p > 64 || *d < 1 || *d > 4096)
          problem("claim.task", fmt::format("eq-token(p={},d={}) out of range (p in 2..64, d in 1..4096)", *p, *d));
        else
          task_ = Task::eq_token(static_cast<int>(*p), static_cast<int>(*d));
      }
    } else if (name && *name == "eq-bits") {
      only_keys(*task, "claim.task", {"name", "n"});
      auto n = integer(*task, "claim.task", "n");
      if (n) {
        if (*n < 1 || *n > 4096)
          problem("claim.task.n", fmt::format("{} out of range 1..4096", *n));
        else
          task_ = Task::eq_bits(static_cast<int>(*n));
      }
    } else if (name && *name == "table") {
      only_keys(*task, "claim.task", {"name", "definition"});
      if (const json* def = object(*task, "claim.task", "definition")) {
        try {
          auto table = parse_task_table(*def);
          if (task_table_json(*table) != *def)
            problem("claim.task.definition", "not in the canonical form of a task file (docs/tasks.md)");
          else
            task_ = Task::from_table(table);
        } catch (const TaskFileError& e) {
          problem(e.field.empty() ? "claim.task.definition" : "claim.task.definition." + e.field, e.problem);
        }
      }
    } else if (name) {
      problem("claim.task.name", fmt::format("unknown task '{}' (the checker knows eq-token, eq-bits and table)", *name));
    }
  }
  auto p = integer(claim, "claim", "p");
  if (p && (*p < 2 || *p > 64)) {
    problem("claim.p", fmt::format("{} out of range 2..64", *p));
    p.reset();
  }
  if (p) p_ = static_cast<int>(*p);
  if (task_ && p_ && !verify_kind_ && task_->kind == Task::Kind::EqToken && task_->p != *p_)
    problem("claim.p", fmt::format("recorded {}, the task is eq-token with p = {}", *p_, task_->p));

  auto fmt_text = str(claim, "claim", "format");
  std::optional<std::string> fam_text;
  if (!verify_kind_) fam_text = str(claim, "claim", "family");
  std::optional<Format> F;
  if (fmt_text) {
    try {
      F = parse_format(*fmt_text);
      validate(*F);
      if (F->str() != *fmt_text) problem("claim.format", fmt::format("'{}' is not the canonical spelling '{}'", *fmt_text, F->str()));
    } catch (const std::exception& e) {
      problem("claim.format", e.what());
      F.reset();
    }
  }
  if (F && p_ && F->bits() != *p_) {
    problem("claim.format", fmt::format("{} has {} bits, the claim is about p = {}", F->str(), F->bits(), *p_));
  }
  if (fam_text) {
    try {
      Family fam = parse_family(*fam_text);
      if (fam.str() != *fam_text) problem("claim.family", fmt::format("'{}' is not the canonical spelling '{}'", *fam_text, fam.str()));
      if (F && p_) {
        Format at = fam.at(*p_);
        if (!(at == *F))
          problem("claim.format", fmt::format("recorded {}, the family {} at p = {} is {}", F->str(), fam.str(), *p_, at.str()));
      }
    } catch (const std::exception& e) {
      problem("claim.family", e.what());
    }
  }
  format_ = F;
  if (task_ && F && p_ && F->bits() == *p_) {
    if (verify_kind_)
      pass(fmt::format("task and format: {} over {} ({} bits)", task_->str(), F->str(), *p_));
    else
      pass(fmt::format("task and format: {} over {} ({} bits, the family {} at p = {})", task_->str(), F->str(), *p_,
                       fam_text ? *fam_text : "?", *p_));
  }
}

std::optional<Checker::Text> Checker::check_text(const json& obj, const std::string& where,
                                                 const std::vector<std::string>& allowed, const std::string& why) {
  auto text = str(obj, where, "smt2");
  auto sha = str(obj, where, "sha256");
  if (!text) return std::nullopt;
  bool ok = true;
  if (sha) {
    const std::string re = sha256_hex(*text);
    if (!is_hex64(*sha)) {
      problem(where + ".sha256", "not a SHA-256 in lower-case hex");
      ok = false;
    } else if (*sha != re) {
      problem(where + ".sha256", fmt::format("recorded {}, recomputed {} from {}.smt2", *sha, re, where));
      ok = false;
    }
  } else {
    ok = false;
  }
  const std::string st = smt_status_line(*text);
  bool allowed_status = false;
  for (const auto& a : allowed) allowed_status = allowed_status || st == a;
  if (!allowed_status) {
    problem(where + ".smt2", st.empty() ? "no (set-info :status ...) line"
                                        : fmt::format("the text says (set-info :status {}), {}", st, why));
    ok = false;
  }
  if (!ok) return std::nullopt;
  return Text{where, *text, "", st};
}

void Checker::resolve(const std::vector<Text>& texts, SolveStatus expected, const std::string& what) {
  if (texts.empty()) return;
  if (!solver_) {
    problem(what, "not re-solved: the solver is missing");
    upper_ok_ = false;
    return;
  }
  double secs = 0;
  size_t good = 0;
  for (const Text& t : texts) {
    auto r = certcheck::solve_smt2(*solver_, t.text, opt_.timeout_seconds);
    secs += r.seconds;
    if (r.status == expected) {
      ++good;
      continue;
    }
    upper_ok_ = false;
    if (r.status == SolveStatus::Unknown) ++rep_.undecided;
    else if (r.status == SolveStatus::Error && !solver_->library) ++rep_.solver_failures;
    problem(t.field, fmt::format("recorded {}, re-solved {} with {}{}", certcheck::solve_status_name(expected),
                                 certcheck::solve_status_name(r.status), solver_->describe(),
                                 r.detail.empty() ? "" : " (" + r.detail + ")"));
  }
  if (good == texts.size())
    pass(fmt::format("{}: {} text{} hashed and re-solved {} with {} ({:.2f} s)", what, texts.size(),
                     texts.size() == 1 ? "" : "s", certcheck::solve_status_name(expected), solver_->describe(), secs));
}

bool Checker::check_model(const json& upper) {
  const json* mj = object(upper, "claim.upper", "model");
  if (!mj) return false;
  try {
    Model m = model_from_json(*mj);
    validate(m);
    bool ok = true;
    // One model, one text: defaults left out or spelled otherwise would let the bytes of the
    // claim change while its meaning stays (and the other way round).
    if (model_to_json(m) != *mj) {
      problem("claim.upper.model", "not in the canonical form of the model file (docs/model-file.md)");
      ok = false;
    }
    if (format_ && !(m.format == *format_)) {
      problem("claim.upper.model.format", fmt::format("recorded {}, the claim is about {}", m.format.str(), format_->str()));
      ok = false;
    }
    // A threshold claim is about p bits; a verify claim about this model, whatever its
    // accumulator.
    if (!verify_kind_ && !(m.acc == m.format)) {
      problem("claim.upper.model.accumulator",
              fmt::format("{}: a claim about p bits needs every stored number in the {}-bit format {}", m.acc.str(),
                          m.format.bits(), m.format.str()));
      ok = false;
    }
    if (task_) {
      if (m.positions != positions_of(*task_)) {
        problem("claim.upper.model", fmt::format("reads N = {} tokens, {} has N = {}", m.positions, task_->str(), positions_of(*task_)));
        ok = false;
      }
      if (m.E.alphabet_size() < sigma_size(*task_)) {
        problem("claim.upper.model.E", fmt::format("embeds {} tokens, {} has |Σ| = {}", m.E.alphabet_size().str(), task_->str(),
                                                   sigma_size(*task_).str()));
        ok = false;
      }
    }
    if (!ok) return false;
    model_ = std::move(m);
    pass(fmt::format("model: parses, fits the task (N = {}, |Σ| = {}), every weight and the accumulator in {}", model_->positions,
                     short_decimal(model_->E.alphabet_size().str()), model_->format.str()));
    return true;
  } catch (const std::exception& e) {
    problem("claim.upper.model", e.what());
    return false;
  }
}

void Checker::check_upper(const json& upper) {
  const std::string W = "claim.upper";
  if (verify_kind_)
    only_keys(upper, W, {"status", "reason", "solver", "model", "query", "lemmas", "refinements", "exhaustive", "counterexample"});
  else
    only_keys(upper, W, {"status", "reason", "solver", "model", "construction", "query", "lemmas", "refinements", "exhaustive",
                         "counterexample"});
  auto status = str(upper, W, "status");
  if (status && *status != "verified" && *status != "refuted" && *status != "unknown") {
    problem(W + ".status", fmt::format("'{}' is not verified, refuted or unknown", *status));
    status.reset();
  }
  if (!status) upper_ok_ = false;
  status_ = status.value_or("");
  str(upper, W, "reason");
  if (const json* s = object(upper, W, "solver")) {
    only_keys(*s, W + ".solver", {"name", "version"});
    str(*s, W + ".solver", "name");
    str(*s, W + ".solver", "version");
  }
  if (const json* c = verify_kind_ ? nullptr : object(upper, W, "construction")) {
    only_keys(*c, W + ".construction", {"notes", "ideal"});
    if (const json* notes = array(*c, W + ".construction", "notes"))
      for (size_t i = 0; i < notes->size(); ++i)
        if (!(*notes)[i].is_string()) problem(fmt::format("{}.construction.notes[{}]", W, i), "not a string");
    boolean(*c, W + ".construction", "ideal");
  }
  auto refinements = integer(upper, W, "refinements");
  if (refinements && *refinements < 0) problem(W + ".refinements", "negative");
  std::optional<bool> exhaustive_done;
  if (const json* e = object(upper, W, "exhaustive")) {
    only_keys(*e, W + ".exhaustive", {"done", "note"});
    exhaustive_done = boolean(*e, W + ".exhaustive", "done");
    str(*e, W + ".exhaustive", "note");
  }

  const bool model_ok = check_model(upper);
  if (!model_ok) upper_ok_ = false;

  // What the final query's status line may say: unsat for a verified claim (the proof),
  // unknown when the verdict came from evaluating every input instead; sat for a refuted
  // claim, unknown when exhaustive evaluation found the counterexample.
  std::vector<std::string> allowed = {"unknown"};
  std::string why = "an unknown verdict's query says unknown";
  if (status_ == "verified") {
    allowed = {"unsat", "unknown"};
    why = "a verified claim needs unsat (or unknown with every input evaluated)";
  } else if (status_ == "refuted") {
    allowed = {"sat", "unknown"};
    why = "a refuted claim needs sat (or unknown with the counterexample found by evaluation)";
  }
  std::optional<Text> query;
  bool query_present = false;
  if (const json* q = object(upper, W, "query", true)) {
    only_keys(*q, W + ".query", {"smt2", "sha256"});
    query_present = true;
    if (!status_.empty()) {
      query = check_text(*q, W + ".query", allowed, why);
      if (!query) upper_ok_ = false;
    }
  }
  std::vector<Text> lemmas;
  if (const json* ls = array(upper, W, "lemmas")) {
    for (size_t i = 0; i < ls->size(); ++i) {
      const std::string w = fmt::format("{}.lemmas[{}]", W, i);
      const json& l = (*ls)[i];
      if (!l.is_object()) {
        problem(w, "not an object");
        upper_ok_ = false;
        continue;
      }
      only_keys(l, w, {"statement", "smt2", "sha256"});
      auto st = str(l, w, "statement");
      auto t = check_text(l, w, {"unsat"}, "a lemma is proven by unsat");
      if (!t || !st) {
        upper_ok_ = false;
        continue;
      }
      t->statement = *st;
      lemmas.push_back(*t);
    }
  }

  const json* cex = nullptr;
  if (const json* c = member(upper, W, "counterexample")) {
    if (c->is_object()) cex = c;
    else if (!c->is_null()) problem(W + ".counterexample", "neither an object nor null");
  }
  if (status_.empty()) return;
  if (!deep_) {
    if (!opt_.deep) return;  // the caller asked for the field checks only
    problem("claim", "the SMT texts, the model's evaluation and its encoding were not re-verified: the claim does not match "
                     "claim_sha256");
    return;
  }
  const bool small = task_ && input_space(*task_) <= opt_.exhaustive_limit;
  std::string recorded_solver;
  if (upper.contains("solver") && upper["solver"].is_object()) {
    const json& s = upper["solver"];
    if (s.contains("name") && s["name"].is_string()) recorded_solver = s["name"].get<std::string>();
    if (s.contains("version") && s["version"].is_string() && !s["version"].get<std::string>().empty())
      recorded_solver += " " + s["version"].get<std::string>();
  }

  if (status_ == "verified") {
    if (cex) {
      problem(W + ".counterexample", "a verified claim has no counterexample");
      upper_ok_ = false;
    }
    const bool by_query = query && query->status == "unsat";
    if (!query_present || (query && query->status == "unknown")) {
      // The claim rests on evaluating every input: the checker must be able to redo that.
      if (!exhaustive_done || !*exhaustive_done) {
        problem(W + ".query", "a verified claim without an unsat query needs exhaustive evaluation (exhaustive.done)");
        upper_ok_ = false;
      } else if (task_ && !small) {
        problem(W + ".status", fmt::format("verified by evaluating every input only, and the task's {} inputs exceed the "
                                           "checker's exhaustive limit {}: raise the limit to re-verify",
                                           short_decimal(input_space(*task_).str()), opt_.exhaustive_limit));
        upper_ok_ = false;
      }
    }
    if (by_query) resolve({*query}, SolveStatus::Unsat, W + ".query");
    resolve(lemmas, SolveStatus::Unsat, W + ".lemmas");
    if (model_ok && task_) {
      if (small)
        reference_exhaustive();
      else
        reference_samples();
      if (by_query) bind_query_to_model(*query, lemmas, recorded_solver, refinements);
    }
    if (exhaustive_done && *exhaustive_done && task_ && input_space(*task_) > (Int(1) << 40))
      problem(W + ".exhaustive.done", fmt::format("claims every one of {} inputs was evaluated", short_decimal(input_space(*task_).str())));
  } else if (status_ == "refuted") {
    if (!cex) {
      problem(W + ".counterexample", "a refuted claim needs a counterexample");
      upper_ok_ = false;
    } else if (model_ok && task_) {
      check_counterexample(*cex);
    }
    const bool by_query = query && query->status == "sat";
    if (!query_present && refinements && *refinements != 0) {
      problem(W + ".refinements", fmt::format("recorded {}, but the counterexample was found without a solver (no query)",
                                              *refinements));
      upper_ok_ = false;
    }
    if (by_query) resolve({*query}, SolveStatus::Sat, W + ".query");
    resolve(lemmas, SolveStatus::Unsat, W + ".lemmas");
    if (by_query && model_ok && task_) bind_query_to_model(*query, lemmas, recorded_solver, refinements);
  } else {
    if (cex) {
      problem(W + ".counterexample", "an unknown verdict has no counterexample");
      upper_ok_ = false;
    }
    resolve(lemmas, SolveStatus::Unsat, W + ".lemmas");
    pass("upper: unknown (no claim proven; nothing to re-verify beyond the lemmas)");
  }
}

void Checker::check_counterexample(const json& cex) {
  const std::string W = "claim.upper.counterexample";
  only_keys(cex, W, {"tokens", "accepts", "expected", "reference_agrees"});
  auto accepts = boolean(cex, W, "accepts");
  auto expected = boolean(cex, W, "expected");
  auto agrees = boolean(cex, W, "reference_agrees");
  const json* toks = array(cex, W, "tokens");
  if (!toks) {
    upper_ok_ = false;
    return;
  }
  const Task& t = *task_;
  if (static_cast<int>(toks->size()) != positions_of(t)) {
    problem(W + ".tokens", fmt::format("{} tokens, {} has N = {}", toks->size(), t.str(), positions_of(t)));
    upper_ok_ = false;
    return;
  }
  std::vector<BigInt> tokens;
  const Int S = sigma_size(t);
  for (size_t i = 0; i < toks->size(); ++i) {
    const std::string w = fmt::format("{}.tokens[{}]", W, i);
    const json& v = (*toks)[i];
    if (!v.is_string() || !is_decimal(v.get<std::string>())) {
      problem(w, "not a decimal string");
      upper_ok_ = false;
      return;
    }
    BigInt x(v.get<std::string>());
    bool in_domain = x < S;
    if (t.kind == Task::Kind::EqBits) in_domain = static_cast<int>(i) == 2 * t.n ? x == 2 : x <= 1;
    if (t.kind == Task::Kind::Table)
      in_domain = in_domain && std::binary_search(t.table->domain[i].begin(), t.table->domain[i].end(), static_cast<uint64_t>(x));
    if (!in_domain) {
      problem(w, fmt::format("{} is not an input token of {} at this position", short_decimal(v.get<std::string>()), t.str()));
      upper_ok_ = false;
      return;
    }
    tokens.push_back(x);
  }
  const bool g = gamma_of(t, tokens);
  bool ev = false, ref = false;
  try {
    ev = evaluate(*model_, tokens).accepts;
    ref = reference_accepts(*model_, tokens);
  } catch (const std::exception& e) {
    problem(W, fmt::format("replay failed: {}", e.what()));
    upper_ok_ = false;
    return;
  }
  bool ok = true;
  if (ev == g) {
    problem(W, fmt::format("the concrete evaluator gives {} = Γ: not a counterexample", ev ? "accept" : "reject"));
    ok = false;
  }
  if (ref == g) {
    problem(W, fmt::format("the exact reference gives {} = Γ: not a counterexample", ref ? "accept" : "reject"));
    ok = false;
  }
  if (accepts && *accepts != ev) {
    problem(W + ".accepts", fmt::format("recorded {}, the concrete evaluator gives {}", *accepts, ev));
    ok = false;
  }
  if (expected && *expected != g) {
    problem(W + ".expected", fmt::format("recorded {}, Γ gives {}", *expected, g));
    ok = false;
  }
  if (agrees && *agrees != (ref == ev)) {
    problem(W + ".reference_agrees", fmt::format("recorded {}, recomputed {}", *agrees, ref == ev));
    ok = false;
  }
  if (!ok || !accepts || !expected || !agrees) {
    upper_ok_ = false;
    return;
  }
  std::string shown;
  for (size_t i = 0; i < tokens.size() && i < 8; ++i) shown += (i ? "," : "") + short_decimal(tokens[i].str());
  if (tokens.size() > 8) shown += ",...";
  pass(fmt::format("counterexample ({}) replayed: the concrete evaluator and the exact reference both {}, Γ = {}", shown,
                   ev ? "accept" : "reject", g ? 1 : 0));
}

void Checker::reference_exhaustive() {
  const Task t = *task_;
  const Model& m = *model_;
  const uint64_t total = static_cast<uint64_t>(input_space(t));
  std::atomic<uint64_t> next{0}, disagreements{0};
  std::atomic<bool> failed{false};
  std::atomic<uint64_t> first{UINT64_MAX};
  std::string error;
  std::mutex mu;
  auto work = [&] {
    try {
      for (;;) {
        const uint64_t from = next.fetch_add(256);
        if (from >= total || failed) return;
        const uint64_t to = std::min(total, from + 256);
        for (uint64_t i = from; i < to; ++i) {
          auto tok = input_at(t, i);
          if (reference_accepts(m, tok) != gamma_of(t, tok)) {
            disagreements++;
            uint64_t cur = first.load();
            while (i < cur && !first.compare_exchange_weak(cur, i)) {
            }
          }
        }
      }
    } catch (const std::exception& e) {
      std::lock_guard<std::mutex> lock(mu);
      error = e.what();
      failed = true;
    }
  };
  std::thread other(work);
  work();
  other.join();
  if (failed) {
    problem("claim.upper.model", fmt::format("evaluation on the exact reference failed: {}", error));
    upper_ok_ = false;
    return;
  }
  if (disagreements > 0) {
    auto tok = input_at(t, first.load());
    std::string shown;
    for (size_t i = 0; i < tok.size(); ++i) {
      if (i) shown += ',';
      shown += tok[i].str();
    }
    problem("claim.upper.status",
            fmt::format("recorded verified, but the exact reference disagrees with Γ on {} of {} inputs (first: {})",
                        disagreements.load(), total, shown));
    upper_ok_ = false;
    return;
  }
  pass(fmt::format("reference: every one of the {} inputs evaluated on the exact reference agrees with Γ "
                   "(independent of the SMT texts)", total));
}

void Checker::reference_samples() {
  const Task t = *task_;
  const Model& m = *model_;
  // Fixed-seed samples: the alphabet's ends, equal and different pairs.
  std::vector<std::vector<BigInt>> samples;
  uint64_t state = 0x2545f4914f6cdd1dull;
  auto next = [&state] {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545f4914f6cdd1dull;
  };
  if (t.kind == Task::Kind::Table) {
    const uint64_t total = static_cast<uint64_t>(input_space(t));
    samples = {input_at(t, 0), input_at(t, total - 1)};
    for (int k = 0; k < 30; ++k) samples.push_back(input_at(t, next() % total));
  } else if (t.kind == Task::Kind::EqToken) {
    const Int S = sigma_size(t);
    auto rnd = [&] {
      Int r = 0;
      for (int i = 0; i < (t.p * t.d) / 64 + 2; ++i) r = (r << 64) | Int(next());
      return BigInt(r % S);
    };
    samples = {{0, 0}, {S - 1, S - 1}, {0, S - 1}, {S - 1, 0}, {1, 0}, {0, 1}, {S - 2, S - 1}, {S - 1, S - 2}};
    for (int k = 0; k < 24; ++k) {
      BigInt a = rnd();
      BigInt b = k % 2 ? a : rnd();
      if (k % 4 == 3) b = a == S - 1 ? BigInt(a - 1) : BigInt(a + 1);
      samples.push_back({a, b});
    }
  } else {
    for (int k = 0; k < 32; ++k) {
      std::vector<BigInt> tok;
      for (int i = 0; i < t.n; ++i) tok.push_back(BigInt(next() & 1));
      for (int i = 0; i < t.n; ++i) tok.push_back(k % 2 ? tok[i] : BigInt(next() & 1));
      if (k % 4 == 3) tok[t.n + (next() % t.n)] ^= 1;
      tok.push_back(2);
      samples.push_back(tok);
    }
  }
  try {
    for (const auto& tok : samples)
      if (reference_accepts(m, tok) != gamma_of(t, tok)) {
        std::string shown;
        for (size_t i = 0; i < tok.size() && i < 8; ++i) shown += (i ? "," : "") + short_decimal(tok[i].str());
        problem("claim.upper.status", fmt::format("recorded verified, but on input ({}) the exact reference gives {}, Γ = {}",
                                                  shown, reference_accepts(m, tok) ? "accept" : "reject", gamma_of(t, tok) ? 1 : 0));
        upper_ok_ = false;
        return;
      }
  } catch (const std::exception& e) {
    problem("claim.upper.model", fmt::format("evaluation on the exact reference failed: {}", e.what()));
    upper_ok_ = false;
    return;
  }
  pass(fmt::format("reference: {} sample inputs agree with Γ on the exact reference ({} inputs in all, over the "
                   "exhaustive limit {})", samples.size(), short_decimal(input_space(t).str()), opt_.exhaustive_limit));
}

void Checker::bind_query_to_model(const Text& query, const std::vector<Text>& lemmas, const std::string& recorded_solver,
                                  std::optional<int64_t> refinements) {
  // The recorded query is only a text: nothing in it names the model's weights. A fresh
  // encoding of the recorded model (the project's encoder, a new run that reuses nothing
  // recorded) must give the same final query and the same lemmas, byte for byte, so the
  // query re-solved above is the query of this model. The encoding is deterministic for a
  // given Z3 version; under another version only the fresh verdict is compared.
  SmtOptions so;
  so.timeout_seconds = opt_.timeout_seconds;
  const std::string W = "claim.upper";
  UpperVerdict v;
  try {
    v = smt_check(*model_, *task_, so);
  } catch (const std::exception& e) {
    problem(W + ".model", fmt::format("re-encoding failed: {}", e.what()));
    upper_ok_ = false;
    return;
  }
  if (upper_status_name(v.status) != status_) {
    if (v.status == UpperStatus::Unknown) ++rep_.undecided;
    problem(W + ".status", fmt::format("recorded {}, but a fresh SMT check of the model gives {}{}", status_, upper_status_name(v.status),
                                       v.reason.empty() ? "" : " (" + v.reason + ")"));
    upper_ok_ = false;
    return;
  }
  if (recorded_solver != v.solver) {
    pass(fmt::format("model: a fresh SMT check of its weights gives {} ({}, {:.2f} s); the certificate was written with "
                     "{}, so its query text is not compared with the fresh encoding",
                     status_, v.solver, v.seconds, recorded_solver.empty() ? "an unnamed solver" : recorded_solver));
    return;
  }
  bool same = sha256_hex(v.smt2) == sha256_hex(query.text);
  if (!same)
    problem(W + ".query.smt2",
            fmt::format("not the encoding of claim.upper.model: a fresh encoding has SHA-256 {} (and is {}); the model "
                        "or the query was edited, or the certificate comes from a build of everybit with another encoder",
                        sha256_hex(v.smt2), status_));
  if (v.lemmas.size() != lemmas.size()) {
    problem(W + ".lemmas", fmt::format("recorded {} lemmas, a fresh encoding of the model has {}", lemmas.size(), v.lemmas.size()));
    same = false;
  } else {
    for (size_t i = 0; i < lemmas.size(); ++i)
      if (v.lemmas[i].smt2 != lemmas[i].text) {
        problem(lemmas[i].field + ".smt2", "not the lemma of a fresh encoding of claim.upper.model");
        same = false;
      }
  }
  if (refinements && *refinements != v.refinements) {
    problem(W + ".refinements", fmt::format("recorded {}, a fresh encoding of the model needs {}", *refinements, v.refinements));
    same = false;
  }
  if (!same) {
    upper_ok_ = false;
    return;
  }
  pass(fmt::format("query: the final query and the {} lemma{} are exactly the fresh encoding of the recorded model ({}, {:.2f} s)",
                   lemmas.size(), lemmas.size() == 1 ? "" : "s", v.solver, v.seconds));
}

void Checker::check_lower(const json& lower) {
  const std::string W = "claim.lower";
  only_keys(lower, W, {"q", "class", "architecture", "value_count", "rows", "fooling", "messages", "bound", "compared_with",
                       "argument", "ruled_out"});
  auto q = integer(lower, W, "q");
  auto cls = str(lower, W, "class");
  auto V_text = str(lower, W, "value_count");
  auto R_text = str(lower, W, "rows");
  auto fool_text = str(lower, W, "fooling");
  auto M_text = str(lower, W, "messages");
  auto bound = str(lower, W, "bound");
  auto compared = str(lower, W, "compared_with");
  auto argument = str(lower, W, "argument");
  auto ruled_out = boolean(lower, W, "ruled_out");
  std::optional<int64_t> d_tok, heads, d_h;
  std::optional<std::string> softmax;
  std::optional<bool> fixed_query;
  if (const json* a = object(lower, W, "architecture")) {
    const std::string A = W + ".architecture";
    only_keys(*a, A, {"d_tok", "heads", "d_h", "softmax", "fixed_readout_query"});
    d_tok = integer(*a, A, "d_tok");
    heads = integer(*a, A, "heads");
    d_h = integer(*a, A, "d_h");
    softmax = str(*a, A, "softmax");
    fixed_query = boolean(*a, A, "fixed_readout_query");
    for (auto [name, v] : {std::pair{"d_tok", &d_tok}, std::pair{"heads", &heads}, std::pair{"d_h", &d_h}})
      if (*v && (**v < 1 || **v > 65536)) {
        problem(A + "." + name, fmt::format("{} out of range 1..65536", **v));
        v->reset();
      }
    if (softmax && *softmax != "stable" && *softmax != "plain") {
      problem(A + ".softmax", fmt::format("'{}' is not stable or plain", *softmax));
      softmax.reset();
    }
    if (task_ && fixed_query) {
      const bool needed = task_->kind == Task::Kind::EqBits;  // eq-token: position N holds Bob's y
      if (*fixed_query != needed)
        problem(A + ".fixed_readout_query",
                fmt::format("recorded {}, {} has {}", *fixed_query, task_->str(),
                            needed ? "a fixed readout token at position N" : "Bob's token at the output position"));
    }
    // The lower side is about Transformers of the construction's shape at p-1 bits.
    if (model_) {
      int model_dh = 0;
      for (size_t h = 0; h < model_->heads.size(); ++h) model_dh = std::max(model_dh, model_->d_h(h));
      auto same = [&](const char* name, const std::optional<int64_t>& rec, int64_t want) {
        if (rec && *rec != want)
          problem(A + "." + name, fmt::format("recorded {}, the construction (claim.upper.model) has {}", *rec, want));
      };
      same("d_tok", d_tok, model_->d_tok);
      same("heads", heads, static_cast<int64_t>(model_->heads.size()));
      same("d_h", d_h, model_dh);
      if (softmax && *softmax != softmax_name(model_->softmax))
        problem(A + ".softmax", fmt::format("recorded {}, the construction (claim.upper.model) has {}", *softmax,
                                            softmax_name(model_->softmax)));
    }
    if (task_ && d_tok && task_->kind == Task::Kind::EqToken && *d_tok != task_->d)
      problem(A + ".d_tok", fmt::format("recorded {}, the threshold for {} is about d_tok = d = {}", *d_tok, task_->str(), task_->d));
  }
  if (cls && *cls != "embedding" && *cls != "accumulation") {
    problem(W + ".class", fmt::format("'{}' is not embedding or accumulation", *cls));
    cls.reset();
  }
  for (auto [name, v] : {std::pair{"value_count", &V_text}, std::pair{"rows", &R_text}, std::pair{"fooling", &fool_text},
                         std::pair{"messages", &M_text}})
    if (*v && !is_decimal(**v)) {
      problem(W + "." + name, "not a decimal string");
      v->reset();
    }
  if (q && (*q < 1 || *q > 256)) {
    problem(W + ".q", fmt::format("{} out of range 1..256", *q));
    q.reset();
  }
  if (q && p_ && *q != *p_ - 1) problem(W + ".q", fmt::format("recorded {}, the threshold at p = {} needs q = p-1 = {}", *q, *p_, *p_ - 1));
  if (!task_ || !q) return;

  const Task& t = *task_;
  const int c = alice_positions(t);
  const Int V = Int(1) << *q;
  const Int R = rows_of(t);
  const Int fooling = R;
  bool ok = true;
  auto compare = [&](const char* name, const std::optional<std::string>& recorded, const Int& value) {
    if (!recorded) {
      ok = false;
      return;
    }
    const std::string s = value.str();
    if (*recorded != s) {
      problem(W + "." + name, fmt::format("recorded {}, recomputed {}", short_decimal(*recorded), short_decimal(s)));
      ok = false;
    }
  };
  compare("value_count", V_text, V);
  compare("rows", R_text, R);
  compare("fooling", fool_text, fooling);
  std::string enumerated;
  if (auto e = rows_enumerated(t)) {
    if (*e != R) {
      problem(W + ".rows", fmt::format("the closed form gives {}, enumerating Γ gives {}", R.str(), e->str()));
      ok = false;
    }
    enumerated = ", also by enumerating Γ";
  }

  if (!cls || !d_tok || !heads || !d_h || !softmax || !fixed_query || !bound) return;
  lower_class_ = *cls;
  arch_ = Arch{static_cast<int>(*d_tok), static_cast<int>(*heads), static_cast<int>(*d_h), *softmax};
  auto bounds = known_bounds(c, *cls, static_cast<int>(*d_tok), static_cast<int>(*heads), static_cast<int>(*d_h), *softmax, *fixed_query);
  const KnownBound* chosen = nullptr;
  for (const auto& b : bounds)
    if (b.name == *bound) chosen = &b;
  if (!chosen) {
    problem(W + ".bound", fmt::format("unknown bound '{}' (the checker knows embedding, state, two-way)", *bound));
    return;
  }
  if (!chosen->valid) {
    problem(W + ".bound", fmt::format("the {} bound is not valid here: it {}", chosen->name, chosen->why_not));
    return;
  }
  if (compared && *compared != chosen->compared_with)
    problem(W + ".compared_with", fmt::format("recorded {}, the {} bound compares with {}", *compared, chosen->name, chosen->compared_with));
  if (argument && argument->rfind(chosen->name + " bound", 0) != 0)
    problem(W + ".argument", fmt::format("does not begin with '{} bound'", chosen->name));

  // Decide every valid bound exactly; materialize V^k only up to 2^24 bits.
  const int64_t kMaxBits = int64_t(1) << 24;
  bool any_rules_out = false, chosen_rules_out = false;
  std::optional<Int> M;
  for (const auto& b : bounds) {
    if (!b.valid) continue;
    const Int& witness = b.compared_with == "rows" ? R : fooling;
    bool rules_out;
    if (*q * b.exponent > kMaxBits) {
      rules_out = false;  // V^k has more than 2^24 bits; R (at most 258049 bits) cannot exceed it
      if (&b == chosen) {
        problem(W + ".messages", fmt::format("V^{} has more than 2^24 bits: too large to check", b.exponent));
        return;
      }
    } else {
      const Int Mb = Int(1) << (*q * b.exponent);  // V = 2^q
      rules_out = witness > Mb;
      if (&b == chosen) M = Mb;
    }
    any_rules_out = any_rules_out || rules_out;
    if (&b == chosen) chosen_rules_out = rules_out;
  }
  compare("messages", M_text, *M);
  if (ruled_out) {
    if (*ruled_out != any_rules_out) {
      problem(W + ".ruled_out", fmt::format("recorded {}, recomputed {}", *ruled_out, any_rules_out));
      ok = false;
    } else if (*ruled_out && !chosen_rules_out) {
      problem(W + ".bound", fmt::format("recorded as the ruling-out bound, but the {} bound does not rule out", chosen->name));
      ok = false;
    }
  } else {
    ok = false;
  }
  if (ok) lower_ruled_out_ = any_rules_out;
  if (ok && M_text && *M_text == M->str())
    pass(fmt::format("lower: recomputed from the task: R = {} ({}{}), V = 2^{}, M = V^({}) = V^{} ({} bound, {} class), "
                     "{} {} M: {}",
                     short_decimal(R.str()), t.kind == Task::Kind::EqToken ? fmt::format("2^(({}-1)*{})+1", t.p, t.d) : fmt::format("2^{}", t.n),
                     enumerated, *q, chosen->exponent_text, chosen->exponent, chosen->name, *cls,
                     chosen->compared_with == "rows" ? "R" : "the fooling-set size", chosen_rules_out ? ">" : "<=",
                     any_rules_out ? "ruled out" : "not ruled out"));
}

void Checker::check_tight(const json& claim) {
  auto tight = boolean(claim, "claim", "tight");
  if (!tight || status_.empty() || !lower_ruled_out_) return;
  const bool recomputed = status_ == "verified" && *lower_ruled_out_;
  if (*tight != recomputed) {
    problem("claim.tight", fmt::format("recorded {}, recomputed {} (upper {}, lower {})", *tight, recomputed, status_,
                                       *lower_ruled_out_ ? "ruled out" : "not ruled out"));
    return;
  }
  if (!*tight) return;
  // The lower bound must cover Transformers of the construction's shape (at p-1 bits).
  if (model_ && arch_ && lower_class_) {
    bool covers = model_->d_tok <= arch_->d_tok;
    if (*lower_class_ == "accumulation") {
      covers = covers && static_cast<int>(model_->heads.size()) <= arch_->heads && arch_->softmax == softmax_name(model_->softmax);
      for (size_t h = 0; h < model_->heads.size(); ++h) covers = covers && model_->d_h(h) <= arch_->d_h;
    }
    if (!covers) {
      problem("claim.tight", fmt::format("the lower bound's architecture (d_tok = {}, H = {}, d_h = {}, {} softmax, {} class) does not "
                                         "contain the construction's shape",
                                         arch_->d_tok, arch_->heads, arch_->d_h, arch_->softmax, *lower_class_));
      return;
    }
  }
  if (upper_ok_ && p_) pass(fmt::format("tight: verified at p = {} and ruled out at q = {}: the threshold is exactly p", *p_, *p_ - 1));
}

}  // namespace

CheckReport check_certificate(const std::string& path, const CheckOptions& opt) {
  CheckReport rep;
  json cert;
  std::string problem;
  if (!certcheck::read_certificate(path, cert, problem)) {
    rep.problems.push_back(problem);
    return rep;
  }
  std::string solver_problem;
  std::optional<certcheck::Solver> solver;
  if (opt.deep) {
    solver = certcheck::resolve_solver(opt.solver, solver_problem);
    if (!solver) rep.problems.push_back(solver_problem);
  }
  try {
    Checker c(opt, rep, solver ? &*solver : nullptr);
    c.run(cert);
  } catch (const std::exception& e) {
    rep.problems.push_back(fmt::format("internal error while checking: {}", e.what()));
  }
  rep.ok = rep.problems.empty();
  return rep;
}

}  // namespace eb
