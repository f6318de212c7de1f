// Reading a certificate: the file and its JSON, the top-level keys, the version, the
// claim's SHA-256 (recomputed from the canonical claim text), the task and the format
// (parsed and compared with their canonical spellings and with p), and the dispatch to the
// upper and lower sides. Trusts: the JSON parser, OpenSSL's SHA-256, parse_format,
// parse_family and parse_task_table (the project's readers of those texts).
#include <fstream>
#include <sstream>

#include "certificate/checker.hpp"
#include "certificate/proof_check.hpp"
#include "format/format.hpp"
#include "task/task_file.hpp"
#include "util/file_text.hpp"

namespace eb::certcheck {

bool read_certificate(const std::string& path, nlohmann::json& out, std::string& problem) {
  const auto text = read_file_text(path);
  if (!text) {
    problem = fmt::format("{}: cannot read the file", path);
    return false;
  }
  try {
    out = nlohmann::json::parse(*text);
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
    if (kind && *kind == "synth") {  // a synthesis verdict (check_synth.cpp)
      check_synth(*claim);
      return;
    }
    if (kind && *kind != "verify") problem("claim.kind", fmt::format("'{}' is not a kind of claim (the checker knows verify and synth)", *kind));
    verify_kind_ = true;
    only_keys(*claim, "claim", {"kind", "task", "p", "format", "recipe", "upper"});
    check_task_and_format(*claim);
    // "recipe": present exactly when the model's recipe has stages other than the format and
    // the accumulator (its canonical spelling); compared with the model in check_upper.
    if (claim->contains("recipe")) recipe_text_ = str(*claim, "claim", "recipe");
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

}  // namespace eb::certcheck

namespace eb {

CheckReport check_certificate(const std::string& path, const CheckOptions& opt) {
  CheckReport rep;
  nlohmann::json cert;
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
    check_proofs(path, cert, opt, rep);  // the "proofs" section (certificate/proof_check.hpp)
    certcheck::Checker c(opt, rep, solver ? &*solver : nullptr);
    c.run(cert);
  } catch (const std::exception& e) {
    rep.problems.push_back(fmt::format("internal error while checking: {}", e.what()));
  }
  rep.ok = rep.problems.empty();
  return rep;
}

}  // namespace eb
