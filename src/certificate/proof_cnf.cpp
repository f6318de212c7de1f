#include "certificate/proof_cnf.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>
#include <z3++.h>

namespace eb {

namespace {

constexpr const char* kTactics = "(then simplify bit-blast simplify tseitin-cnf)";

// Z3 4.8.12's goal printer may declare fewer variables than its clauses use: the header is
// recomputed from the clauses (the largest variable, the number of clauses), and every
// clause is written on one line.
std::string normalized_dimacs(const std::string& z3_text) {
  std::string body;
  long max_var = 0, clauses = 0;
  size_t i = 0;
  while (i < z3_text.size()) {
    size_t end = z3_text.find('\n', i);
    if (end == std::string::npos) end = z3_text.size();
    const std::string line = z3_text.substr(i, end - i);
    i = end + 1;
    if (line.empty() || line[0] == 'p' || line[0] == 'c') continue;
    size_t k = 0;
    while (k < line.size()) {
      while (k < line.size() && line[k] == ' ') ++k;
      if (k >= line.size()) break;
      size_t used = 0;
      const long lit = std::stol(line.substr(k), &used);
      k += used;
      body += std::to_string(lit);
      if (lit == 0) {
        body += '\n';
        ++clauses;
      } else {
        body += ' ';
        max_var = std::max(max_var, lit < 0 ? -lit : lit);
      }
    }
  }
  if (!body.empty() && body.back() != '\n') throw std::runtime_error("Z3's DIMACS output ends inside a clause");
  return fmt::format("p cnf {} {}\n", max_var, clauses) + body;
}

}  // namespace

std::string query_cnf_binding() {
  unsigned major = 0, minor = 0, build = 0, rev = 0;
  Z3_get_version(&major, &minor, &build, &rev);
  return fmt::format("the query text bit-blasted by the Z3 library {}.{}.{}: {}, printed in DIMACS without names", major,
                     minor, build, kTactics);
}

std::string query_cnf(const std::string& smt2) {
  try {
    z3::context ctx;
    const z3::expr_vector assertions = ctx.parse_string(smt2.c_str());
    z3::goal g(ctx);
    for (unsigned i = 0; i < assertions.size(); ++i) g.add(assertions[i]);
    z3::tactic t = z3::tactic(ctx, "simplify") & z3::tactic(ctx, "bit-blast") & z3::tactic(ctx, "simplify") &
                   z3::tactic(ctx, "tseitin-cnf");
    const z3::apply_result r = t(g);
    if (r.size() != 1) throw std::runtime_error(fmt::format("bit-blasting gave {} goals, expected 1", r.size()));
    const z3::goal out = r[0];
    if (out.is_decided_unsat()) return "p cnf 0 1\n0\n";
    if (out.is_decided_sat()) return "p cnf 0 0\n";
    return normalized_dimacs(out.dimacs(false));
  } catch (const z3::exception& e) {
    std::string msg = e.msg();
    for (char& c : msg)
      if (c == '\n' || c == '\r') c = ' ';
    throw std::runtime_error(fmt::format("cannot bit-blast the query: {}", msg));
  }
}

}  // namespace eb
