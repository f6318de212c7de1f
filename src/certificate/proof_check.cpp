#include "certificate/proof_check.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "certificate/proof_cnf.hpp"
#include "drat/checker.hpp"
#include "util/one_line.hpp"

namespace eb {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct ProofChecker {
  const fs::path cert_dir;
  const CheckOptions& opt;
  CheckReport& rep;

  void problem(const std::string& where, const std::string& what) { rep.problems.push_back(fmt::format("{}: {}", where, what)); }

  const std::string* str(const json& j, const char* key) {
    if (!j.is_object() || !j.contains(key) || !j[key].is_string()) return nullptr;
    return j[key].get_ptr<const std::string*>();
  }

  // The bytes of a file named in the certificate, relative to its directory.
  bool read(const std::string& where, const std::string& name, std::string& out) {
    const fs::path p = fs::path(name).is_absolute() ? fs::path(name) : cert_dir / name;
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    if (in) ss << in.rdbuf();
    if (!in || in.bad()) {
      problem(where, fmt::format("cannot read the file '{}'", one_line(p.string())));
      rep.missing_file = true;
      return false;
    }
    out = ss.str();
    return true;
  }

  // The texts whose unsat answer the claim rests on, by their name in the claim.
  std::map<std::string, std::string> unsat_texts(const json& cert) {
    std::map<std::string, std::string> out;
    if (!cert.contains("claim") || !cert["claim"].is_object()) return out;
    const json& claim = cert["claim"];
    if (!claim.contains("upper") || !claim["upper"].is_object()) return out;
    const json& u = claim["upper"];
    const std::string* status = str(u, "status");
    if (status && *status == "verified" && u.contains("query"))
      if (const std::string* t = str(u["query"], "smt2"); t && t->find("(set-info :status unsat)") != std::string::npos)
        out["claim.upper.query"] = *t;
    if (u.contains("lemmas") && u["lemmas"].is_array())
      for (size_t i = 0; i < u["lemmas"].size(); ++i)
        if (const std::string* t = str(u["lemmas"][i], "smt2")) out[fmt::format("claim.upper.lemmas[{}]", i)] = *t;
    return out;
  }

  void item(const json& it, const std::string& where, const std::string& smt2, const std::string& text_name);
  void run(const json& cert);
};

void ProofChecker::run(const json& cert) {
  const json& pr = cert["proofs"];
  if (!pr.is_object()) {
    problem("proofs", "not an object");
    return;
  }
  for (const auto& [k, v] : pr.items())
    if (k != "format" && k != "binding" && k != "prover" && k != "items") problem("proofs", fmt::format("unknown key '{}'", one_line(k)));
  for (const char* k : {"format", "binding", "prover"})
    if (!str(pr, k)) problem(fmt::format("proofs.{}", k), "missing, or not a string");
  if (!pr.contains("items") || !pr["items"].is_array()) {
    problem("proofs.items", "missing, or not an array");
    return;
  }
  const auto texts = unsat_texts(cert);
  std::set<std::string> covered;
  const json& items = pr["items"];
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string where = fmt::format("proofs.items[{}]", i);
    const std::string* name = str(items[i], "text");
    if (!name) {
      problem(where + ".text", "missing, or not a string");
      continue;
    }
    auto t = texts.find(*name);
    if (t == texts.end()) {
      problem(where + ".text", fmt::format("'{}' is not a text of the claim that must be unsat", one_line(*name)));
      continue;
    }
    if (!covered.insert(*name).second) {
      problem(where + ".text", fmt::format("a second proof of {}", *name));
      continue;
    }
    item(items[i], where, t->second, *name);
  }
  for (const auto& [name, text] : texts)
    if (!covered.count(name)) problem("proofs.items", fmt::format("no proof of {}", name));
}

void ProofChecker::item(const json& it, const std::string& where, const std::string& smt2, const std::string& text_name) {
  for (const auto& [k, v] : it.items())
    if (k != "text" && k != "smt2_sha256" && k != "cnf" && k != "drat" && k != "prover_seconds")
      problem(where, fmt::format("unknown key '{}'", one_line(k)));
  const std::string* smt2_sha = str(it, "smt2_sha256");
  if (!smt2_sha || *smt2_sha != sha256_hex(smt2)) {
    problem(where + ".smt2_sha256", fmt::format("not the SHA-256 of {}'s text", text_name));
    return;
  }
  const json* cnf = it.contains("cnf") && it["cnf"].is_object() ? &it["cnf"] : nullptr;
  const json* drat = it.contains("drat") && it["drat"].is_object() ? &it["drat"] : nullptr;
  if (!cnf || !drat) {
    problem(where, "needs the objects \"cnf\" and \"drat\"");
    return;
  }
  const std::string* cnf_file = str(*cnf, "file");
  const std::string* cnf_sha = str(*cnf, "sha256");
  const std::string* drat_file = str(*drat, "file");
  const std::string* drat_sha = str(*drat, "sha256");
  if (!cnf_file || !cnf_sha || !drat_file || !drat_sha) {
    problem(where, "cnf and drat need the strings \"file\" and \"sha256\"");
    return;
  }
  if (!opt.deep) return;
  // The CNF belongs to the query: re-derived from the text, it has the recorded hash.
  std::string derived;
  try {
    derived = query_cnf(smt2);
  } catch (const std::exception& e) {
    problem(where, fmt::format("{}: {}", text_name, e.what()));
    return;
  }
  const std::string derived_sha = sha256_hex(derived);
  if (derived_sha != *cnf_sha) {
    problem(where + ".cnf.sha256",
            fmt::format("recorded {}, but bit-blasting {} gives {} (a CNF of another query, or another Z3: {})", one_line(*cnf_sha),
                        text_name, derived_sha, query_cnf_binding()));
    return;
  }
  std::string cnf_bytes, drat_bytes;
  if (!read(where + ".cnf.file", *cnf_file, cnf_bytes) || !read(where + ".drat.file", *drat_file, drat_bytes)) return;
  if (sha256_hex(cnf_bytes) != derived_sha) {
    problem(where + ".cnf.file", fmt::format("'{}' is not the CNF of {} (SHA-256 differs)", one_line(*cnf_file), text_name));
    return;
  }
  if (sha256_hex(drat_bytes) != *drat_sha) {
    problem(where + ".drat.file",
            fmt::format("'{}' has SHA-256 {}, recorded {} (an edited or truncated proof)", one_line(*drat_file), sha256_hex(drat_bytes),
                        one_line(*drat_sha)));
    return;
  }
  const auto t0 = std::chrono::steady_clock::now();
  drat::CheckResult r;
  try {
    const drat::Cnf f = drat::parse_dimacs(derived);
    const drat::Proof p = drat::parse_drat(drat_bytes);
    r = drat::check_drat(f, p);
  } catch (const drat::ParseError& e) {
    problem(where, fmt::format("{}: {}", one_line(*drat_file), e.what()));
    return;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!r.ok) {
    problem(where, fmt::format("the DRAT proof '{}' of {} does not check: {}", one_line(*drat_file), text_name, r.problem));
    return;
  }
  rep.passed.push_back(fmt::format("{}: DRAT proof checked against the CNF re-derived from the text ({} lemmas, {} checked, "
                                   "{} by RAT; {} unit deletions ignored) in {:.3f} s",
                                   text_name, r.lemmas, r.lemmas_checked, r.rat_lemmas, r.ignored_unit_deletions, seconds));
}

}  // namespace

void check_proofs(const std::string& cert_path, json& cert, const CheckOptions& opt, CheckReport& rep) {
  if (!cert.is_object() || !cert.contains("proofs")) return;
  ProofChecker pc{fs::absolute(fs::path(cert_path)).parent_path(), opt, rep};
  pc.run(cert);
  cert.erase("proofs");
}

}  // namespace eb
