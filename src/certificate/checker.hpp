// The certificate checker's state and the parts of it that each check_*.cpp file owns
// (docs/certificates.md). One Checker reads one certificate; each check records what it
// re-verified (pass) or why the certificate is rejected (problem, naming the field).
//   check_read.cpp       the file, the claim's hash, the task and the format
//   check_upper.cpp      the upper side's fields and the model
//   check_smt.cpp        the SMT-LIB2 texts: hashed, re-solved, bound to the model
//   check_reference.cpp  the model on the independent reference Transformer; lemma facts
//   check_replay.cpp     a refuted claim's counterexample replayed
//   check_samples.cpp    the inputs evaluated above the exhaustive limit
//   check_lemma_facts.cpp  lemma statements about stored values, parsed and evaluated
//   check_lower.cpp      the lower side's integers and the tight verdict
//   check_task.cpp       Γ, |Σ|, N and R, from the task's definition
//   check_synth.cpp      a synthesis verdict 'none': the shape, the query rebuilt and re-solved
//   check_synth_reduction.cpp  a 'none' by the hard-attention reduction: its query rebuilt and re-solved
//   check_representable.cpp  the exact sums' representability steps, decided on the reference
//   check_separable.cpp  a separable MLP cut: its classes of coordinates, from the weights
#pragma once
#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "certificate/certificate.hpp"
#include "certificate/check.hpp"
#include "certificate/check_lemma_facts.hpp"
#include "certificate/check_task.hpp"
#include "model/model.hpp"
#include "synth/shape.hpp"
#include "task/task_file.hpp"
#include "util/one_line.hpp"

namespace eb::certcheck {

using nlohmann::json;

// No std::regex on the file's strings: libstdc++'s matcher recurses once per character and
// overflows the stack on a string of ~100k characters (found by fuzzing, fuzz/corpus).
inline bool is_hex64(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// ^(0|[1-9][0-9]*)$
inline bool is_decimal(const std::string& s) {
  if (s.empty() || s.size() >= 100000000 || (s[0] == '0' && s.size() > 1)) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

inline std::string short_decimal(const std::string& s) {
  if (s.size() <= 40) return s;
  return fmt::format("{}...{} ({} digits)", s.substr(0, 12), s.substr(s.size() - 12), s.size());
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
  std::optional<std::string> recipe_text_;  // a verify claim's "recipe" (docs/certificates.md)
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
  // claim.upper.representable (optional): each (format, g, R) re-decided on the exact
  // reference; the steps kept for the comparison with a fresh encoding.
  void check_representable(const json& upper);
  std::vector<RepresentableStep> representable_;
  // The reference Transformer on every input (every_input) or on the samples; the lemma
  // statements about stored values evaluated on the same inputs (check_reference.cpp).
  void reference_check(bool every_input, const std::vector<Text>& lemmas);
  void reference_facts_on_counterexample(const std::vector<Text>& lemmas);
  struct EvaluatedFact {
    StoredFact fact;
    std::string field;  // claim.upper.lemmas[i]
  };
  std::vector<EvaluatedFact> stored_facts(const std::vector<Text>& lemmas, size_t& unparsed) const;
  bool evaluate_on_reference(uint64_t count, const std::function<std::vector<BigInt>(uint64_t)>& input,
                             bool compare_with_gamma, const std::vector<EvaluatedFact>& facts);
  void mlp_cut_everywhere(const EvaluatedFact& f, const std::vector<BigInt>& some_input);
  std::optional<std::vector<BigInt>> cex_tokens_;  // a counterexample that replayed
  void bind_query_to_model(const Text& query, const std::vector<Text>& lemmas, const std::string& recorded_solver,
                           std::optional<int64_t> refinements);
  // A separable MLP cut's instantiation re-derived from the model's weights (check_separable.cpp).
  void check_separable_cut(const std::vector<Text>& lemmas);
  void check_lower(const json& lower);
  void check_tight(const json& claim);
  void check_synth(const json& claim);
  void check_synth_reduction(const json& claim, const json& query, const SynthShape& s);
};

}  // namespace eb::certcheck
