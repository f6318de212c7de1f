#include "certificate/proof_cnf.hpp"

#include <stdexcept>

#include <fmt/format.h>
#include <z3++.h>

namespace eb {

namespace {
constexpr const char* kTactics = "(then simplify bit-blast simplify tseitin-cnf)";
}

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
    return out.dimacs(false);
  } catch (const z3::exception& e) {
    std::string msg = e.msg();
    for (char& c : msg)
      if (c == '\n' || c == '\r') c = ' ';
    throw std::runtime_error(fmt::format("cannot bit-blast the query: {}", msg));
  }
}

}  // namespace eb
