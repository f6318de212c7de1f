#include "certificate/proof_write.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "certificate/certificate.hpp"
#include "certificate/proof_cnf.hpp"
#include "util/file_text.hpp"

extern char** environ;

namespace eb {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

bool executable_file(const std::string& p) {
  struct stat st {};
  return stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(p.c_str(), X_OK) == 0;
}

// Runs argv with stdin from /dev/null and stdout to `out` (a file name); returns the exit
// status, or -1 when it could not start or was killed by a signal.
int run(const std::vector<std::string>& argv, const std::string& out) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string read_all(const std::string& path) { return read_file_text(path).value_or(""); }

void write_all(const std::string& path, const std::string& text) {
  if (!write_file_text(path, text)) throw std::runtime_error(fmt::format("cannot write '{}' (--proof)", path));
}

std::string cadical_version(const std::string& exe, const std::string& scratch) {
  if (run({exe, "--version"}, scratch) != 0) return "";
  std::string v = read_all(scratch);
  if (auto nl = v.find('\n'); nl != std::string::npos) v.resize(nl);
  return v;
}

// The CNF's header counts, for the record.
std::pair<long, long> header_counts(const std::string& dimacs) {
  long v = 0, c = 0;
  std::istringstream in(dimacs);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("p cnf ", 0) == 0) {
      std::istringstream h(line.substr(6));
      h >> v >> c;
      break;
    }
  return {v, c};
}

}  // namespace

int run_program(const std::vector<std::string>& argv, const std::string& out) { return run(argv, out); }

std::string cadical_executable(const char* needed_by) {
  if (const char* env = std::getenv("EVERYBIT_CADICAL"); env && *env) {
    if (!executable_file(env))
      throw ProofToolError(fmt::format("CaDiCaL not found: EVERYBIT_CADICAL='{}' is not an executable file", env));
    return env;
  }
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/cadical";
    if (executable_file(candidate)) return candidate;
  }
  throw ProofToolError(fmt::format(
      "CaDiCaL not found: no 'cadical' on PATH (install the Debian package cadical; needed by {})", needed_by));
}

void attach_proofs(json& cert, const std::string& cert_path, const ProofWriteOptions& opt) {
  const std::string exe = cadical_executable();
  std::error_code ec;
  fs::create_directories(opt.dir, ec);
  if (!fs::is_directory(opt.dir)) throw std::runtime_error(fmt::format("cannot create the proof directory '{}'", opt.dir));
  const fs::path cert_dir = fs::absolute(fs::path(cert_path)).parent_path();
  const std::string scratch = (fs::path(opt.dir) / ".cadical.out").string();
  const json& upper = cert.at("claim").at("upper");

  // (the claim's name of the text, the text, the file stem)
  std::vector<std::tuple<std::string, std::string, std::string>> texts;
  // The final query needs a proof when the verified claim rests on its unsat answer (not
  // when the solver said unknown and exhaustive evaluation decided).
  if (upper.value("status", "") == "verified" && upper.contains("query") && upper["query"].is_object() &&
      upper["query"].at("smt2").get<std::string>().find("(set-info :status unsat)") != std::string::npos)
    texts.emplace_back("claim.upper.query", upper["query"].at("smt2").get<std::string>(), "query");
  if (upper.contains("lemmas"))
    for (size_t i = 0; i < upper["lemmas"].size(); ++i)
      texts.emplace_back(fmt::format("claim.upper.lemmas[{}]", i), upper["lemmas"][i].at("smt2").get<std::string>(),
                         fmt::format("lemma{}", i + 1));

  json items = json::array();
  for (const auto& [name, smt2, stem] : texts) {
    std::string cnf;
    try {
      cnf = query_cnf(smt2);
    } catch (const std::runtime_error& e) {  // the writer's own query: a bug
      throw std::logic_error(fmt::format("{}: {}", name, e.what()));
    }
    const fs::path cnf_path = fs::path(opt.dir) / (stem + ".cnf");
    const fs::path drat_path = fs::path(opt.dir) / (stem + ".drat");
    write_all(cnf_path.string(), cnf);
    std::vector<std::string> argv{exe, "-q", "--binary=true"};
    if (opt.timeout_seconds > 0) {
      argv.push_back("-t");
      argv.push_back(std::to_string(static_cast<long>(std::ceil(opt.timeout_seconds))));
    }
    argv.push_back(cnf_path.string());
    argv.push_back(drat_path.string());
    const auto t0 = std::chrono::steady_clock::now();
    const int rc = run(argv, scratch);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (rc == 10)
      throw std::logic_error(fmt::format("CaDiCaL finds the CNF of {} ({}) satisfiable, but the query was proven unsat",
                                         name, cnf_path.string()));
    if (rc == 0)
      throw ProofToolError(fmt::format("CaDiCaL gave no answer on {} within {} s", cnf_path.string(), opt.timeout_seconds));
    if (rc != 20) throw ProofToolError(fmt::format("CaDiCaL failed on {} (exit status {})", cnf_path.string(), rc));
    const std::string drat = read_all(drat_path.string());
    const auto [vars, clauses] = header_counts(cnf);
    items.push_back(json{{"text", name},
                         {"smt2_sha256", sha256_hex(smt2)},
                         {"cnf", {{"file", fs::relative(fs::absolute(cnf_path), cert_dir).string()},
                                  {"sha256", sha256_hex(cnf)},
                                  {"variables", vars},
                                  {"clauses", clauses}}},
                         {"drat", {{"file", fs::relative(fs::absolute(drat_path), cert_dir).string()},
                                   {"sha256", sha256_hex(drat)},
                                   {"bytes", drat.size()}}},
                         {"prover_seconds", seconds}});
  }
  const std::string version = cadical_version(exe, scratch);
  fs::remove(scratch, ec);
  cert["proofs"] = json{{"format", "DRAT (binary)"},
                        {"binding", query_cnf_binding()},
                        {"prover", fmt::format("cadical {}", version)},
                        {"items", items}};
}

}  // namespace eb
