// Runs the everybit CLI (path in the EB_CLI macro) with arguments, capturing stdout,
// stderr and the exit code: shared by the CLI tests.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

namespace eb_test {

struct CliRun {
  int code = -1;
  std::string out, err;
};

inline CliRun run_cli(const std::string& args) {
  char path[] = "/tmp/eb_cli_stderr_XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  const std::string cmd = std::string("'") + EB_CLI + "' " + args + " 2>'" + path + "'";
  CliRun r;
  FILE* f = popen(cmd.c_str(), "r");
  REQUIRE(f != nullptr);
  char buf[65536];
  std::size_t got = 0;
  while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) r.out.append(buf, got);
  const int status = pclose(f);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  r.err = ss.str();
  std::remove(path);
  return r;
}

}  // namespace eb_test
