// Internals of the certificate checker shared with the `check` command: re-solving an
// SMT-LIB2 text with the Z3 library or an external solver executable, and reading a
// certificate file. None of this is used by the writer (certificate/write.cpp).
#pragma once
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace eb::certcheck {

struct LibraryContext;  // a Z3 context, replaced after a parse error (Z3 4.8 keeps the error)

enum class SolveStatus { Sat, Unsat, Unknown, Error };
const char* solve_status_name(SolveStatus s);   // "sat" | "unsat" | "unknown" | "error"

struct SolveResult {
  SolveStatus status = SolveStatus::Error;
  std::string detail;     // why unknown / the error, one line; empty otherwise
  double seconds = 0;
};

struct Solver {
  bool library = true;      // the linked Z3 library
  std::string name;         // "z3", or the executable's name as given
  std::string executable;   // absolute path of the executable (library = false)
  std::string version;      // "z3 4.8.12 (library)", or the first line of `EXE --version`
  // The library's context, shared by the texts of one check (creating one costs ~60 ms).
  // Each text is parsed on its own: declarations of one text are not visible to the next.
  std::shared_ptr<LibraryContext> ctx;
  std::string describe() const;
};

// "z3" is the linked Z3 library. A name without '/' (cvc5, boolector, bitwuzla, yices-smt2,
// ...) is looked up on PATH; anything with a '/' is a path to an executable. Returns nullopt
// and sets `problem` (one line) when the executable is missing or not executable.
std::optional<Solver> resolve_solver(const std::string& spec, std::string& problem);

// Solves an SMT-LIB2 benchmark given as text. The library parses it with
// Z3_parse_smtlib2_string; an executable is run as `EXE FILE.smt2` on a temporary file and
// the first line of its output that is exactly "sat", "unsat" or "unknown" is its answer.
// A time limit gives Unknown; a parse error or a crash gives Error.
SolveResult solve_smt2(const Solver& solver, const std::string& text, double timeout_seconds);

// Reads a certificate file. False, with a one-line `problem`, when the file cannot be read,
// is not JSON, or is not a certificate (an object with "claim" (an object) and
// "claim_sha256").
bool read_certificate(const std::string& path, nlohmann::json& out, std::string& problem);

}  // namespace eb::certcheck
