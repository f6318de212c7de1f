#include "cli/settled_cli.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

namespace eb::cli {

namespace fs = std::filesystem;
using nlohmann::json;

void SettledOption::add_to(CLI::App* sub) {
  sub->add_option("--settled", value,
                  "the settled results re-checked and shown as exact p* (docs/synthesis.md#settled-results): DIR, or "
                  "none; default: ../results/synth beside the executable's directory (a clone's build/), else "
                  "../share/everybit/results/synth; none found: no exact rows")
      ->option_text("DIR|none")
      ->check([](const std::string& v) { return v.empty() ? std::string("empty directory name; give DIR or none") : ""; });
}

void SettledOption::require_readable() const {
  std::error_code ec;
  if (!value.empty() && value != "none" && !fs::is_directory(value, ec))
    throw Failure(kBadFile, fmt::format("--settled: '{}' is not a directory (give DIR, or none)", value));
}

std::vector<std::string> settled_job_args(const SettledOption& o) {
  if (o.value.empty()) return {};
  if (o.value == "none") return {"--settled", "none"};
  return {"--settled", fs::absolute(o.value).lexically_normal().string()};
}

std::string default_settled_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  for (const char* rel : {"../results/synth", "../share/everybit/results/synth"}) {
    const fs::path d = (exe.parent_path() / rel).lexically_normal();
    if (fs::is_directory(d, ec)) return d.string();
  }
  return "";
}

ExactResults::ExactResults(const SettledOption& o, const SettledCheckOptions& check, const std::string& command,
                           bool quiet)
    : command_(command), quiet_(quiet), check_(check) {
  if (o.value == "none") return;
  dir_ = o.value.empty() ? default_settled_dir() : o.value;
  std::error_code ec;
  if (!o.value.empty() && !fs::is_directory(dir_, ec))
    fmt::print(stderr, "{}: warning: --settled {}: no such directory; no p* is shown as exact\n", command_, dir_);
  SettledRead r = read_settled(dir_);
  for (const auto& w : r.warnings) fmt::print(stderr, "{}: warning: settled results: {}\n", command_, w);
  entries_ = std::move(r.entries);
}

json ExactResults::eq_bits(int n, const Family& fam, const EqBitsShape& s) {
  const std::string task = Task::eq_bits(n).str(), family = fam.str();
  for (const SettledEntry& e : entries_) {
    if (e.task.str() != task || e.family.str() != family || e.shape.heads != s.heads || e.shape.d_h != s.d_h ||
        e.shape.softmax != s.softmax)
      continue;
    auto it = checked_.find(e.name);
    if (it == checked_.end()) {
      if (!quiet_ && e.none_file)
        fmt::print(stderr,
                   "{}: re-checking the settled result {}: its model verified, its none certificate's query re-solved "
                   "(minutes for some; the answer is then kept with the cache's files and reused)\n",
                   command_, e.name);
      it = checked_.emplace(e.name, recheck_settled(e, check_)).first;
      if (!it->second.ok)
        fmt::print(stderr, "{}: warning: settled result {} is not shown as exact: {}\n", command_, e.name,
                   it->second.problem);
    }
    if (it->second.ok) return exact_json(e, it->second);
  }
  return nullptr;
}

json exact_json(const SettledEntry& e, const SettledCheck& c) {
  return {{"p_star", e.p_star},
          {"shape", e.shape.str()},
          {"format", c.found_format},
          {"found_by", e.found_by.empty() ? json(nullptr) : json(e.found_by)},
          {"none_format", e.none_file ? json(c.none_format) : json(nullptr)},
          {"none_reduction", c.none_reduction.empty() ? json(nullptr) : json(c.none_reduction)},
          {"least_p", !e.none_file.has_value()},
          {"entry", e.name}};
}

std::string exact_text(const json& exact) {
  if (exact.is_null()) return "";
  const std::string by = exact.at("found_by").is_null() ? ""
                         : exact.at("found_by") == "construct" ? " (the construction, a Transformer of this shape)"
                         : exact.at("found_by") == "model"     ? " (a Transformer designed by hand)"
                                                               : " (by synthesis)";
  const std::string none = exact.at("none_format").is_null()
                               ? std::string(", the family's least p")
                               : fmt::format(", none at {} (certificate re-checked{})",
                                             exact.at("none_format").get<std::string>(),
                                             exact.value("none_reduction", nlohmann::json()).is_null()
                                                 ? ""
                                                 : "; it rests on the written hard-attention reduction, "
                                                   "proofs/eq_bits_fixed_hard.md");
  return fmt::format("exact p* = {} for one shape ({}): found at {}{} and verified{}; settled result {}, re-checked",
                     exact.at("p_star").get<int>(), exact.at("shape").get<std::string>(),
                     exact.at("format").get<std::string>(), by, none, exact.at("entry").get<std::string>());
}

std::string exact_cell(const json& row) {
  if (!row.contains("exact") || row.at("exact").is_null()) return "-";
  return std::to_string(row.at("exact").at("p_star").get<int>());
}

std::string exact_footnote() {
  return "p*: the exact minimal precision of ONE shape (the shape named in the row's exact line or JSON): a Transformer "
         "of that shape is found and verified at p*, and none exists at p* - 1 (a re-checked certificate, or p* is the "
         "family's least p). It is not a bound for every Transformer; q_min is (docs/synthesis.md#settled-results).";
}

}  // namespace eb::cli
