#include "cache/verdict_cache.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cache/claim_verdict.hpp"
#include "certificate/certificate.hpp"
#include "model/model_json.hpp"
#include "task/task_file.hpp"
#include "util/file_text.hpp"
#include "util/one_line.hpp"

namespace eb {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Writes to a name unique to this process and thread, then renames: readers see the old
// file or the whole new one.
void write_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = fmt::format("{}.tmp.{}.{}", path, static_cast<long>(::getpid()),
                                      std::hash<std::thread::id>{}(std::this_thread::get_id()));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error(fmt::format("cannot write '{}'", tmp));
    out << text;
    out.close();
    if (!out) throw std::runtime_error(fmt::format("cannot write '{}'", tmp));
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw std::runtime_error(fmt::format("cannot rename to '{}'", path));
  }
}

json task_key(const Task& t) {
  if (t.kind == Task::Kind::Table) return json{{"name", t.name()}, {"definition", task_table_json(*t.table)}};
  if (t.kind == Task::Kind::EqToken) return json{{"name", t.name()}, {"p", t.p}, {"d", t.d}};
  return json{{"name", t.name()}, {"n", t.n}};
}

}  // namespace

VerdictCache::VerdictCache(std::string dir) : dir_(std::move(dir)) {
  warn = [](const std::string& line) { std::fprintf(stderr, "everybit: warning: %s\n", line.c_str()); };
  const fs::path sub = fs::path(dir_) / fmt::format("v{}", kVerdictEncodingVersion);
  std::error_code ec;
  fs::create_directories(sub, ec);
  if (ec) throw std::runtime_error(fmt::format("cannot create the cache directory '{}': {}", sub.string(), ec.message()));
  // Writable: a probe file, removed again.
  const fs::path probe = sub / fmt::format(".probe.{}", static_cast<long>(::getpid()));
  {
    std::ofstream out(probe);
    if (!out) throw std::runtime_error(fmt::format("the cache directory '{}' is not writable", sub.string()));
  }
  fs::remove(probe, ec);
}

std::string VerdictCache::default_dir() {
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return (fs::path(x) / "everybit").string();
  if (const char* h = std::getenv("HOME"); h && *h) return (fs::path(h) / ".cache" / "everybit").string();
  return "";
}

std::string VerdictCache::key_text(const Model& m, const Task& t, const SmtOptions& smt, uint64_t exhaustive_limit) const {
  // Time, memory, refinement and cut limits are left out: they only decide between a
  // decided verdict and unknown, and unknowns are not stored.
  const json k = {{"everybit_verdict_cache", kVerdictEncodingVersion},
                  {"solver", solver_version()},
                  {"task", task_key(t)},
                  {"model", model_to_json(m)},
                  {"exhaustive_limit", exhaustive_limit},
                  {"exact_exp_bits", smt.exact_exp_bits},
                  {"lemmas", smt.lemmas},
                  {"adder_lemmas", smt.adder_lemmas},
                  {"adder_split", smt.adder_split}};
  return k.dump();
}

std::string VerdictCache::key_of(const std::string& key_text) { return sha256_hex(key_text); }

std::string VerdictCache::entry_path(const std::string& key) const {
  return (fs::path(dir_) / fmt::format("v{}", kVerdictEncodingVersion) / key.substr(0, 2) / (key + ".json")).string();
}

std::string VerdictCache::cert_path(const std::string& key) const {
  return (fs::path(dir_) / fmt::format("v{}", kVerdictEncodingVersion) / key.substr(0, 2) / (key + ".cert.json")).string();
}

std::optional<UpperCheck> VerdictCache::lookup(const std::string& key, const std::string& key_text, const Model& m,
                                               const Task&) {
  const auto entry_text = read_file_text(entry_path(key));
  if (!entry_text) return std::nullopt;  // a plain miss
  const auto bad = [&](const std::string& why) -> std::optional<UpperCheck> {
    ++corrupt;
    warn(one_line(fmt::format("cache entry '{}' ignored ({}); the check is solved again", entry_path(key), why)));
    return std::nullopt;
  };
  try {
    const json entry = json::parse(*entry_text);
    if (entry.at("key").get<std::string>() != key || entry.at("key_text").get<std::string>() != key_text)
      return bad("its key does not match the check");
    const auto cert_text = read_file_text(cert_path(key));
    if (!cert_text) return bad("its certificate is missing");
    if (sha256_hex(*cert_text) != entry.at("cert_sha256").get<std::string>())
      return bad("its certificate does not match the recorded SHA-256");
    const json cert = json::parse(*cert_text);
    if (cert.at("claim_sha256").get<std::string>() != sha256_hex(cert.at("claim").dump(2)))
      return bad("the certificate's claim does not match its claim_sha256");
    if (cert.at("claim").at("kind") != "verify" || cert.at("claim").at("upper").at("model") != model_to_json(m))
      return bad("the certificate is about another model");
    std::string why;
    auto c = verdict_from_certificate(cert, why);
    if (!c) return bad(why);
    return c;
  } catch (const std::exception& e) {
    return bad(std::string("malformed: ") + e.what());
  }
}

void VerdictCache::store(const std::string& key, const std::string& key_text, const Model& m, const Task& t,
                         const UpperCheck& c) {
  if (!cacheable(c)) return;
  try {
    const std::string cert = verify_certificate_json(VerifyClaim{t, m, c.verdict, c.exhaustive_note}).dump(2) + "\n";
    std::error_code ec;
    fs::create_directories(fs::path(entry_path(key)).parent_path(), ec);
    write_atomically(cert_path(key), cert);
    const json entry = {{"key", key}, {"key_text", key_text}, {"cert_sha256", sha256_hex(cert)}};
    write_atomically(entry_path(key), entry.dump(2) + "\n");
    ++stored;
  } catch (const std::exception& e) {
    if (!write_warned_.exchange(true))
      warn(one_line(fmt::format("the verdict cache '{}' could not be written ({}); verdicts are not stored", dir_, e.what())));
  }
}

bool cacheable(const UpperCheck& c) {
  const UpperVerdict& v = c.verdict;
  if (c.disagreement || v.internal_error) return false;
  if (v.status == UpperStatus::Verified) return true;
  return v.status == UpperStatus::Refuted && v.counterexample && v.counterexample->reference_agrees;
}

UpperCheck cached_check_upper(VerdictCache* cache, const Model& m, const Task& t, const SmtOptions& smt,
                              uint64_t exhaustive_limit) {
  if (!cache) return check_upper(m, t, smt, exhaustive_limit);
  const std::string text = cache->key_text(m, t, smt, exhaustive_limit);
  const std::string key = VerdictCache::key_of(text);
  if (auto hit = cache->lookup(key, text, m, t)) {
    ++cache->hits;
    return std::move(*hit);
  }
  ++cache->misses;
  UpperCheck c = check_upper(m, t, smt, exhaustive_limit);
  cache->store(key, text, m, t, c);
  return c;
}

}  // namespace eb
