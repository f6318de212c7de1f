#include "certificate/answer_cache.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "certificate/certificate.hpp"

namespace eb::certcheck {

namespace fs = std::filesystem;

namespace {
fs::path record_path(const std::string& dir, const std::string& solver, const std::string& text_sha256) {
  return fs::path(dir) / "v1" / (sha256_hex(solver + "\n" + text_sha256) + ".json");
}
}  // namespace

std::optional<SolveStatus> recorded_answer(const std::string& dir, const std::string& solver,
                                           const std::string& text_sha256) {
  try {
    std::ifstream in(record_path(dir, solver, text_sha256));
    if (!in) return std::nullopt;
    const auto j = nlohmann::json::parse(in);
    if (j.at("solver") != solver || j.at("text_sha256") != text_sha256) return std::nullopt;
    const std::string s = j.at("status");
    if (s == "sat") return SolveStatus::Sat;
    if (s == "unsat") return SolveStatus::Unsat;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

void record_answer(const std::string& dir, const std::string& solver, const std::string& text_sha256, SolveStatus s,
                   double seconds) {
  if (s != SolveStatus::Sat && s != SolveStatus::Unsat) return;
  std::error_code ec;
  const fs::path path = record_path(dir, solver, text_sha256);
  fs::create_directories(path.parent_path(), ec);
  if (ec) return;
  const fs::path tmp = path.string() + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp);
    out << nlohmann::json{{"solver", solver},
                          {"text_sha256", text_sha256},
                          {"status", solve_status_name(s)},
                          {"seconds", seconds}}
               .dump(2)
        << "\n";
    if (!out) {
      fs::remove(tmp, ec);
      return;
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) fs::remove(tmp, ec);
}

}  // namespace eb::certcheck
