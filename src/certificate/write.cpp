// The certificate writer (docs/certificates.md). It only records: every number it writes
// comes from the ThresholdRow, and nothing here is used by the checker
// (certificate/check_*.cpp), which re-derives what it can from the task definition.
#include "certificate/certificate.hpp"

#include <fstream>
#include <optional>
#include <regex>
#include <stdexcept>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "counting/decimal.hpp"
#include "model/model_json.hpp"
#include "task/task_file.hpp"

namespace eb {

using nlohmann::json;

std::string sha256_hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("sha256: OpenSSL EVP_Digest failed");
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(2 * len);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(hex[md[i] >> 4]);
    out.push_back(hex[md[i] & 15]);
  }
  return out;
}

namespace {

// The lemma sweep appends its solving time to each statement, "... for every input (0.03 s)".
// A time does not belong in the hashed claim: the statement is recorded without it and the
// seconds go to "timing".
std::pair<std::string, std::optional<double>> split_statement_time(const std::string& s) {
  static const std::regex re(R"(^(.*\S)\s*\((\d+(?:\.\d+)?) s\)\s*$)");
  std::smatch m;
  if (std::regex_match(s, m, re)) return {m[1].str(), std::stod(m[2].str())};
  return {s, std::nullopt};
}

json task_json(const Task& t) {
  // A table task carries its whole (canonical) definition: the checker recomputes Γ from it.
  if (t.kind == Task::Kind::Table) return json{{"name", t.name()}, {"definition", task_table_json(*t.table)}};
  if (t.kind == Task::Kind::EqToken) return json{{"name", t.name()}, {"p", t.p}, {"d", t.d}};
  return json{{"name", t.name()}, {"n", t.n}};
}

json solver_json(const std::string& s) {
  const auto sp = s.find(' ');
  if (sp == std::string::npos) return json{{"name", s}, {"version", ""}};
  return json{{"name", s.substr(0, sp)}, {"version", s.substr(sp + 1)}};
}

// The upper side of a claim; a threshold row adds "construction".
json upper_json(const UpperVerdict& u, const Model& model, const std::string& exhaustive_note) {
  json j;
  j["status"] = upper_status_name(u.status);
  j["reason"] = u.reason;
  j["solver"] = solver_json(u.solver);
  j["model"] = model_to_json(model);
  if (u.smt2.empty())
    j["query"] = nullptr;
  else
    j["query"] = json{{"smt2", u.smt2}, {"sha256", sha256_hex(u.smt2)}};
  json lemmas = json::array();
  for (const auto& l : u.lemmas)
    lemmas.push_back(json{{"statement", split_statement_time(l.statement).first}, {"smt2", l.smt2}, {"sha256", sha256_hex(l.smt2)}});
  j["lemmas"] = lemmas;
  // The exact sums' representability steps (docs/certificates.md); [] when there are none.
  json reps = json::array();
  for (const auto& r : u.representable) reps.push_back(json{{"format", r.format}, {"g", r.g}, {"R", r.R}});
  j["representable"] = reps;
  j["refinements"] = u.refinements;
  j["exhaustive"] = json{{"done", u.exhaustive}, {"note", exhaustive_note}};
  if (u.counterexample) {
    json toks = json::array();
    for (const auto& t : u.counterexample->tokens) toks.push_back(t.str());
    j["counterexample"] = json{{"tokens", toks},
                               {"accepts", u.counterexample->accepts},
                               {"expected", u.counterexample->expected},
                               {"reference_agrees", u.counterexample->reference_agrees}};
  } else {
    j["counterexample"] = nullptr;
  }
  return j;
}

json lower_json(const ThresholdRow& row) {
  const counting::BoundResult& b = row.lower;
  const counting::Architecture& a = row.arch;
  json j;
  j["q"] = b.q;
  j["class"] = counting::to_string(a.cls);
  j["architecture"] = json{{"d_tok", a.d_tok},
                           {"heads", a.heads},
                           {"d_h", a.d_h},
                           {"softmax", counting::to_string(a.softmax)},
                           {"fixed_readout_query", a.fixed_readout_query}};
  j["value_count"] = counting::to_decimal(b.value_count);
  j["rows"] = counting::to_decimal(b.rows);
  j["fooling"] = counting::to_decimal(b.fooling);
  j["messages"] = counting::to_decimal(b.messages);
  j["bound"] = b.bound;
  j["compared_with"] = b.compared_with;
  j["argument"] = b.argument;
  j["ruled_out"] = b.ruled_out;
  return j;
}

}  // namespace

namespace {

json wrap_claim(json claim, const UpperVerdict& u) {
  json timing;
  timing["upper_seconds"] = u.seconds;
  json lemma_seconds = json::array();
  for (const auto& l : u.lemmas) {
    // The lemma's recorded solving time; a time suffix on the statement (older writers) wins.
    auto t = split_statement_time(l.statement).second;
    lemma_seconds.push_back(t ? *t : l.seconds);
  }
  timing["lemma_seconds"] = lemma_seconds;
  json cert;
  cert["everybit"] = "0.1";
  cert["claim_sha256"] = sha256_hex(claim.dump(2));
  cert["claim"] = std::move(claim);
  cert["timing"] = std::move(timing);
  return cert;
}

void write_json_file(const json& cert, const std::string& path) {
  const std::string text = cert.dump(2) + "\n";
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error(fmt::format("cannot write certificate '{}'", path));
  out << text;
  out.close();
  if (!out) throw std::runtime_error(fmt::format("cannot write certificate '{}'", path));
}

}  // namespace

json verify_certificate_json(const VerifyClaim& c) {
  json claim;
  claim["kind"] = "verify";
  claim["task"] = task_json(c.task);
  claim["p"] = c.model.format.bits();
  claim["format"] = c.model.format.str();
  if (!c.model.recipe().is_storage_plus_acc()) claim["recipe"] = c.model.recipe().str();
  claim["upper"] = upper_json(c.upper, c.model, c.exhaustive_note);
  return wrap_claim(std::move(claim), c.upper);
}

void write_verify_certificate(const VerifyClaim& c, const std::string& path, const ProofWriteOptions* proofs) {
  json cert = verify_certificate_json(c);
  if (proofs) attach_proofs(cert, path, *proofs);
  write_json_file(cert, path);
}

json certificate_json(const ThresholdRow& row) {
  json claim;
  claim["task"] = task_json(row.task);
  claim["p"] = row.format.bits();
  claim["family"] = row.family.str();
  claim["format"] = row.format.str();
  claim["upper"] = upper_json(row.upper, row.construction.model, row.exhaustive_note);
  claim["upper"]["construction"] = json{{"notes", row.construction.notes}, {"ideal", row.construction.ideal}};
  claim["lower"] = lower_json(row);
  claim["tight"] = row.tight;
  return wrap_claim(std::move(claim), row.upper);
}

void write_certificate(const ThresholdRow& row, const std::string& path, const ProofWriteOptions* proofs) {
  json cert = certificate_json(row);
  if (proofs) attach_proofs(cert, path, *proofs);
  write_json_file(cert, path);
}

}  // namespace eb
