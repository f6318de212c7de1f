#include "synth/settled.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cache/verdict_cache.hpp"
#include "certificate/certificate.hpp"
#include "model/model_json.hpp"
#include "synth/synth.hpp"
#include "upper/reference_replay.hpp"
#include "util/one_line.hpp"

namespace eb {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Throws std::runtime_error naming the key when the manifest does not hold what it must.
const json& at(const json& obj, const char* key) {
  if (!obj.is_object() || !obj.contains(key)) throw std::runtime_error(fmt::format("'{}' is missing", key));
  return obj.at(key);
}
int integer(const json& obj, const char* key) {
  const json& v = at(obj, key);
  if (!v.is_number_integer()) throw std::runtime_error(fmt::format("'{}' is not an integer", key));
  return v.get<int>();
}
std::string string(const json& obj, const char* key) {
  const json& v = at(obj, key);
  if (!v.is_string()) throw std::runtime_error(fmt::format("'{}' is not a string", key));
  return v.get<std::string>();
}

SettledEntry parse_manifest(const fs::path& dir, const json& m) {
  SettledEntry e;
  e.dir = dir.string();
  e.name = dir.filename().string();
  const std::string task = string(m, "task");
  const auto t = parse_task_text(task);
  if (!t || t->kind == Task::Kind::Table) throw std::runtime_error(fmt::format("task '{}' is not eq-token or eq-bits", task));
  e.task = *t;
  e.family = parse_family(string(m, "family"));
  e.p_star = integer(m, "p_star");
  const json& s = at(m, "shape");
  e.shape.d_tok = integer(s, "d_tok");
  e.shape.d_pos = integer(s, "d_pos");
  e.shape.heads = integer(s, "heads");
  e.shape.d_h = integer(s, "d_h");
  e.shape.mlp = integer(s, "mlp");
  e.shape.softmax = parse_softmax(string(s, "softmax"));
  if (!at(s, "fixed").is_array() || !at(s, "fixed").empty())
    throw std::runtime_error("'shape.fixed' is not [] (entries with fixed parts are not read)");
  const json& found = at(m, "found");
  e.found_file = (dir / string(found, "file")).string();
  if (found.contains("by") && found.at("by").is_string()) e.found_by = found.at("by").get<std::string>();
  const json& none = at(m, "none");
  if (!none.is_null()) e.none_file = (dir / string(none, "file")).string();
  return e;
}

bool same_shape(const SynthShape& a, const SynthShape& b) {
  return a.d_tok == b.d_tok && a.d_pos == b.d_pos && a.heads == b.heads && a.d_h == b.d_h && a.mlp == b.mlp &&
         a.softmax == b.softmax && a.fixed == b.fixed;
}

// The found side: the shape and format of the manifest, verified as `verify` does, and
// right on every input on the exact reference. Empty when it holds, else the problem.
std::string check_found(const SettledEntry& e, const Format& F, const SettledCheckOptions& opt) {
  Model m;
  try {
    m = load_model(e.found_file);
  } catch (const std::exception& x) {
    return fmt::format("the found model: {}", x.what());
  }
  const auto shape = model_synth_shape(m);
  if (!shape || !same_shape(*shape, e.shape))
    return fmt::format("the found model's shape {} is not the manifest's {}", shape ? shape->str() : "(heads of unequal width)",
                       e.shape.str());
  if (m.recipe() != Recipe::uniform(F))
    return fmt::format("the found model is over {}, not over the family's member at p* = {}, {}", m.recipe().str(), e.p_star,
                       F.str());
  if (m.positions != e.task.positions() || m.E.alphabet_size() != e.task.alphabet_size())
    return fmt::format("the found model does not read {} (positions or alphabet)", e.task.str());
  SmtOptions smt;
  smt.timeout_seconds = opt.timeout_seconds;
  const UpperCheck c = cached_check_upper(opt.cache, m, e.task, smt, uint64_t(1) << 24);
  if (c.disagreement || c.verdict.status != UpperStatus::Verified)
    return fmt::format("the found model is not verified: {} ({})", upper_status_name(c.verdict.status), c.verdict.reason);
  BigInt count = 1;
  for (int j = 0; j < e.task.positions(); ++j) count *= task_domain(e.task, j).size();
  if (count > BigInt(kSynthMaxInputs))
    return fmt::format("{} has more than {} inputs: too many to replay on the exact reference", e.task.str(), kSynthMaxInputs);
  for (const auto& in : all_task_inputs(e.task))
    if (reference_accepts(m, in) != e.task.truth(in))
      return "the found model disagrees with Γ on the exact reference on some input";
  return "";
}

std::string task_mismatch(const json& claim_task, const Task& t) {
  const json expected = t.kind == Task::Kind::EqToken ? json{{"name", t.name()}, {"p", t.p}, {"d", t.d}}
                                                       : json{{"name", t.name()}, {"n", t.n}};
  return claim_task == expected ? "" : fmt::format("the certificate's task {} is not {}", claim_task.dump(), t.str());
}

// The none side: the certificate checker, then the claim's kind, task, format and shape
// against the manifest (the checker has bound the query to the claim's shape).
std::string check_none(const SettledEntry& e, const Format& below, const SettledCheckOptions& opt, bool& undecided,
                       std::string& reduction) {
  CheckOptions co;
  co.solver = opt.solver;
  co.timeout_seconds = opt.none_timeout_seconds;
  if (opt.cache) co.answer_cache_dir = (fs::path(opt.cache->dir()) / "answers").string();
  const CheckReport rep = check_certificate(*e.none_file, co);
  if (!rep.ok) {
    undecided = !rep.problems.empty() && rep.undecided + rep.solver_failures == rep.problems.size();
    return fmt::format("the none certificate is not accepted by the certificate checker: {}",
                       rep.problems.empty() ? std::string("rejected") : rep.problems.front());
  }
  json cert;
  try {
    std::ifstream in(*e.none_file);
    cert = json::parse(in);
  } catch (const std::exception& x) {
    return fmt::format("the none certificate: {}", x.what());
  }
  const json& claim = cert.at("claim");
  if (claim.value("kind", "") != "synth") return "the none certificate is not a synth certificate";
  if (auto w = task_mismatch(claim.at("task"), e.task); !w.empty()) return w;
  if (claim.value("format", "") != below.str())
    return fmt::format("the none certificate is over {}, not over the family's member at p* - 1 = {}, {}",
                       claim.value("format", "?"), e.p_star - 1, below.str());
  const json& s = claim.at("shape");
  SynthShape cs;
  cs.d_tok = s.at("d_tok");
  cs.d_pos = s.at("d_pos");
  cs.heads = s.at("heads");
  cs.d_h = s.at("d_h");
  cs.mlp = s.at("mlp");
  cs.softmax = parse_softmax(s.at("softmax").get<std::string>());
  for (const auto& f : s.at("fixed")) cs.fixed.insert(f.get<std::string>());
  if (!same_shape(cs, e.shape))
    return fmt::format("the none certificate's shape {} is not the manifest's {}", cs.str(), e.shape.str());
  const json& q = claim.at("query");
  if (q.contains("reduction")) reduction = q.at("reduction").at("name").get<std::string>();
  return "";
}

}  // namespace

SettledRead read_settled(const std::string& dir) {
  SettledRead r;
  std::error_code ec;
  if (dir.empty() || !fs::is_directory(dir, ec)) return r;
  std::vector<fs::path> subdirs;
  for (const auto& d : fs::directory_iterator(dir, ec))
    if (d.is_directory() && fs::exists(d.path() / "manifest.json")) subdirs.push_back(d.path());
  std::sort(subdirs.begin(), subdirs.end());
  for (const auto& d : subdirs) {
    try {
      std::ifstream in(d / "manifest.json");
      r.entries.push_back(parse_manifest(d, json::parse(in)));
    } catch (const std::exception& x) {
      r.warnings.push_back(one_line(fmt::format("{}: not read: {}", (d / "manifest.json").string(), x.what())));
    }
  }
  return r;
}

SettledCheck recheck_settled(const SettledEntry& e, const SettledCheckOptions& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  SettledCheck r;
  try {
    if (e.p_star < e.family.min_p()) {
      r.problem = fmt::format("p* = {} is below the family's least p, {}", e.p_star, e.family.min_p());
    } else {
      const Format F = e.family.at(e.p_star);
      r.found_format = F.str();
      if (!e.none_file && e.p_star != e.family.min_p())
        r.problem = fmt::format("no none certificate, and p* = {} is not the family's least p ({})", e.p_star,
                                e.family.min_p());
      if (r.problem.empty()) r.problem = check_found(e, F, opt);
      if (r.problem.empty() && e.none_file) {
        const Format below = e.family.at(e.p_star - 1);
        r.none_format = below.str();
        r.problem = check_none(e, below, opt, r.undecided, r.none_reduction);
      }
    }
  } catch (const std::exception& x) {
    r.problem = x.what();
  }
  r.problem = one_line(r.problem);
  r.ok = r.problem.empty();
  if (r.ok) r.undecided = false;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

std::optional<SynthShape> model_synth_shape(const Model& m) {
  SynthShape s;
  s.d_tok = m.d_tok;
  s.d_pos = m.d_pos;
  s.heads = static_cast<int>(m.heads.size());
  s.d_h = m.heads.empty() ? 0 : m.d_h(0);
  for (size_t h = 0; h < m.heads.size(); ++h)
    if (m.d_h(h) != s.d_h) return std::nullopt;
  s.mlp = static_cast<int>(m.mlp.W_1.size());
  s.softmax = m.softmax;
  return s;
}

}  // namespace eb
