#include "certificate/proof_cnf.hpp"
#include "certificate/proof_cnf_goal.hpp"

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
std::string normalized_dimacs(const std::string& z3_text, long* vars_out = nullptr, long* clauses_out = nullptr) {
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
  if (vars_out) *vars_out = max_var;
  if (clauses_out) *clauses_out = clauses;
  return fmt::format("p cnf {} {}\n", max_var, clauses) + body;
}

z3::tactic cnf_tactic(z3::context& ctx) {
  return z3::tactic(ctx, "simplify") & z3::tactic(ctx, "bit-blast") & z3::tactic(ctx, "simplify") &
         z3::tactic(ctx, "tseitin-cnf");
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
    const z3::apply_result r = cnf_tactic(ctx)(g);
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

// Z3's comments "c <var> <name>" name the goal's Boolean constants (Tseitin's own atoms are
// "k!N"); a name whose variable is in no clause is left out (its value is free).
NamedCnf goal_cnf(const z3::goal& g, unsigned timeout_ms) {
  z3::context& ctx = g.ctx();
  z3::tactic t = cnf_tactic(ctx);
  if (timeout_ms > 0) t = z3::try_for(t, timeout_ms);
  const z3::apply_result r = t(g);
  if (r.size() != 1) throw std::runtime_error(fmt::format("bit-blasting gave {} goals, expected 1", r.size()));
  const z3::goal out = r[0];
  NamedCnf cnf;
  if (out.is_decided_unsat()) {
    cnf.dimacs = "p cnf 0 1\n0\n";
    cnf.clauses = 1;
    return cnf;
  }
  if (out.is_decided_sat()) {
    cnf.dimacs = "p cnf 0 0\n";
    return cnf;
  }
  const std::string text = out.dimacs(true);
  cnf.dimacs = normalized_dimacs(text, &cnf.variables, &cnf.clauses);
  size_t i = 0;
  while (i < text.size()) {
    size_t end = text.find('\n', i);
    if (end == std::string::npos) end = text.size();
    if (text.compare(i, 2, "c ") == 0) {
      const std::string line = text.substr(i + 2, end - i - 2);
      const size_t sp = line.find(' ');
      if (sp != std::string::npos) {
        const long var = std::stol(line.substr(0, sp));
        if (var >= 1 && var <= cnf.variables) cnf.names[line.substr(sp + 1)] = static_cast<int>(var);
      }
    }
    i = end + 1;
  }
  return cnf;
}

}  // namespace eb
