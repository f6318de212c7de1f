// Re-solving SMT-LIB2 texts for the certificate checker: with the Z3 library (the text is
// parsed afresh, nothing of the writer's context survives) or with an external solver
// executable run on a temporary file under a time limit.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <z3++.h>

#include "certificate/check.hpp"

extern char** environ;

namespace eb::certcheck {

struct LibraryContext {
  std::unique_ptr<z3::context> ctx = std::make_unique<z3::context>();
};

const char* solve_status_name(SolveStatus s) {
  switch (s) {
    case SolveStatus::Sat: return "sat";
    case SolveStatus::Unsat: return "unsat";
    case SolveStatus::Unknown: return "unknown";
    case SolveStatus::Error: return "error";
  }
  return "?";
}

std::string Solver::describe() const { return version.empty() ? name : version; }

namespace {

using Clock = std::chrono::steady_clock;

std::string first_line(const std::string& s) {
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    if (!line.empty()) return line;
  }
  return "";
}

bool is_executable_file(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
}

struct RunResult {
  bool started = false;
  bool timed_out = false;
  int exit_status = -1;
  std::string output;  // stdout and stderr together
};

// Runs argv[0] with the given arguments, stdin from /dev/null, stdout and stderr into one
// pipe, in its own process group (killed whole at the time limit).
RunResult run_process(const std::vector<std::string>& args, double timeout_seconds) {
  RunResult r;
  int fds[2];
  if (::pipe(fds) != 0) return r;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
  posix_spawn_file_actions_addclose(&fa, fds[0]);
  posix_spawn_file_actions_addclose(&fa, fds[1]);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, args[0].c_str(), &fa, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    return r;
  }
  r.started = true;
  const auto deadline = Clock::now() + std::chrono::duration<double>(timeout_seconds);
  char buf[4096];
  for (;;) {
    const double left = std::chrono::duration<double>(deadline - Clock::now()).count();
    if (left <= 0) {
      r.timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    const int pr = ::poll(&p, 1, static_cast<int>(std::min(left * 1000.0, 200.0)) + 1);
    if (pr < 0 && errno != EINTR) break;
    if (pr <= 0) continue;
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the process closed its output
    if (r.output.size() < (1u << 20)) r.output.append(buf, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  if (r.timed_out) ::kill(-pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return r;
}

SolveResult solve_library(z3::context& ctx, const std::string& text, double timeout_seconds) {
  SolveResult out;
  const auto start = Clock::now();
  try {
    z3::expr_vector assertions = ctx.parse_string(text.c_str());
    // Word-level preprocessing, then bit-blasting: the standard QF_BV pipeline of Z3,
    // spelled out here (not shared with the writer's solver set-up).
    z3::tactic t = z3::tactic(ctx, "simplify") & z3::tactic(ctx, "propagate-values") & z3::tactic(ctx, "solve-eqs") &
                   z3::tactic(ctx, "simplify") & z3::tactic(ctx, "bit-blast") & z3::tactic(ctx, "sat");
    const unsigned ms = static_cast<unsigned>(std::max(1.0, timeout_seconds * 1000.0));
    z3::solver s = z3::try_for(t, ms).mk_solver();
    for (unsigned i = 0; i < assertions.size(); ++i) s.add(assertions[i]);
    switch (s.check()) {
      case z3::sat: out.status = SolveStatus::Sat; break;
      case z3::unsat: out.status = SolveStatus::Unsat; break;
      default:
        out.status = SolveStatus::Unknown;
        out.detail = s.reason_unknown();
        break;
    }
  } catch (const z3::exception& e) {
    out.status = SolveStatus::Error;
    out.detail = first_line(e.msg());
    if (out.detail.empty()) out.detail = "Z3 rejected the text";
  }
  out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return out;
}

std::string temp_dir() {
  const char* t = std::getenv("TMPDIR");
  return t && *t ? t : "/tmp";
}

SolveResult solve_executable(const Solver& solver, const std::string& text, double timeout_seconds) {
  SolveResult out;
  std::string path = temp_dir() + "/everybit-check-XXXXXX.smt2";
  std::vector<char> tmpl(path.begin(), path.end());
  tmpl.push_back('\0');
  const int fd = ::mkstemps(tmpl.data(), 5);
  if (fd < 0) {
    out.detail = fmt::format("cannot create a temporary file in {}", temp_dir());
    return out;
  }
  path = tmpl.data();
  bool written = true;
  for (size_t off = 0; off < text.size();) {
    const ssize_t n = ::write(fd, text.data() + off, text.size() - off);
    if (n <= 0) {
      written = false;
      break;
    }
    off += static_cast<size_t>(n);
  }
  ::close(fd);
  if (!written) {
    ::unlink(path.c_str());
    out.detail = fmt::format("cannot write the temporary file {}", path);
    return out;
  }
  const auto start = Clock::now();
  RunResult r = run_process({solver.executable, path}, timeout_seconds);
  out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  ::unlink(path.c_str());
  if (!r.started) {
    out.detail = fmt::format("cannot run {}", solver.executable);
    return out;
  }
  if (r.timed_out) {
    out.status = SolveStatus::Unknown;
    out.detail = fmt::format("time limit of {} s reached", timeout_seconds);
    return out;
  }
  std::istringstream in(r.output);
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line == "sat") out.status = SolveStatus::Sat;
    else if (line == "unsat") out.status = SolveStatus::Unsat;
    else if (line == "unknown") out.status = SolveStatus::Unknown;
    else continue;
    return out;
  }
  const std::string first = first_line(r.output);
  out.status = SolveStatus::Error;
  out.detail = first.empty() ? fmt::format("no answer (exit status {})", r.exit_status)
                             : fmt::format("no answer (exit status {}): {}", r.exit_status, first.substr(0, 200));
  return out;
}

}  // namespace

std::optional<Solver> resolve_solver(const std::string& spec, std::string& problem) {
  Solver s;
  s.name = spec;
  if (spec == "z3") {
    unsigned major, minor, build, rev;
    Z3_get_version(&major, &minor, &build, &rev);
    s.library = true;
    s.version = fmt::format("z3 {}.{}.{} (library)", major, minor, build);
    s.ctx = std::make_shared<LibraryContext>();
    return s;
  }
  s.library = false;
  if (spec.empty()) {
    problem = "solver: empty solver name";
    return std::nullopt;
  }
  if (spec.find('/') != std::string::npos) {
    if (!is_executable_file(spec)) {
      problem = fmt::format("solver: '{}' is not an executable file", spec);
      return std::nullopt;
    }
    s.executable = spec;
  } else {
    const char* env = std::getenv("PATH");
    std::string pathvar = env ? env : "/usr/local/bin:/usr/bin:/bin";
    std::istringstream dirs(pathvar);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
      if (dir.empty()) dir.push_back('.');
      std::string candidate = dir;
      candidate += '/';
      candidate += spec;
      if (is_executable_file(candidate)) {
        s.executable = candidate;
        break;
      }
    }
    if (s.executable.empty()) {
      problem = fmt::format("solver: '{}' not found on PATH (install it, or give its path)", spec);
      return std::nullopt;
    }
  }
  RunResult v = run_process({s.executable, "--version"}, 10);
  const std::string line = v.started && !v.timed_out ? first_line(v.output) : "";
  s.version = line.empty() ? fmt::format("{} (executable {})", spec, s.executable)
                           : fmt::format("{} (executable {}: {})", spec, s.executable, line.substr(0, 120));
  return s;
}

SolveResult solve_smt2(const Solver& solver, const std::string& text, double timeout_seconds) {
  if (!solver.library) return solve_executable(solver, text, timeout_seconds);
  if (!solver.ctx) {
    z3::context ctx;
    return solve_library(ctx, text, timeout_seconds);
  }
  SolveResult r = solve_library(*solver.ctx->ctx, text, timeout_seconds);
  // Z3 4.8 reports a parse error again on every later parse in the same context: start afresh.
  if (r.status == SolveStatus::Error) solver.ctx->ctx = std::make_unique<z3::context>();
  return r;
}

}  // namespace eb::certcheck
