// Comparing a sweep's merged output with the single-machine command's: the solving times
// differ from run to run ("seconds", "seconds_at_n_max", and "0.12 s" inside strings and
// text); nothing else may. And a shell command's exit code.
#pragma once
#include <cstdlib>
#include <regex>
#include <string>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

namespace eb_test {

inline std::string mask_seconds(const std::string& text) {
  return std::regex_replace(text, std::regex("[0-9]+\\.[0-9][0-9] s"), "# s");
}

inline nlohmann::json without_seconds(nlohmann::json j) {
  if (j.is_string()) return mask_seconds(j.get<std::string>());
  if (j.is_object()) {
    for (const char* k : {"seconds", "seconds_at_n_max"}) j.erase(k);
    for (auto& [k, v] : j.items()) v = without_seconds(v);
  } else if (j.is_array()) {
    for (auto& v : j) v = without_seconds(v);
  }
  return j;
}

inline int shell(const std::string& cmd) {
  const int s = std::system(cmd.c_str());
  return WIFEXITED(s) ? WEXITSTATUS(s) : -1;
}

}  // namespace eb_test
