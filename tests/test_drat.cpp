// The project's DRAT checker (src/drat/, docs/certificates.md "Proofs"): hand-written proofs
// (RUP, RAT, deletions), malformed files, and CaDiCaL's proofs of pigeonhole and random
// 3-SAT formulas: accepted as written, rejected after edits (a lemma changed, the last
// lemmas removed, truncated), on an edited CNF (a clause dropped) and on satisfiable CNFs.
#include <doctest/doctest.h>

#include <cstdlib>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "drat/checker.hpp"
#include "test_files.hpp"

using namespace eb::drat;

namespace {

CheckResult check(const std::string& cnf, const std::string& proof) { return check_drat(parse_dimacs(cnf), parse_drat(proof)); }

using Clauses = std::vector<std::vector<int>>;
std::string dimacs(int vars, const Clauses& cs) {
  std::ostringstream o;
  o << "p cnf " << vars << " " << cs.size() << "\n";
  for (const auto& c : cs) {
    for (int l : c) o << l << " ";
    o << "0\n";
  }
  return o.str();
}

// n + 1 pigeons in n holes: unsat; without the first clause (pigeon 0 needs a hole): sat.
std::string pigeonhole(int n, bool drop_first = false) {
  Clauses cs;
  auto v = [n](int p, int h) { return p * n + h + 1; };
  for (int p = 0; p <= n; ++p) {
    std::vector<int> c;
    for (int h = 0; h < n; ++h) c.push_back(v(p, h));
    cs.push_back(c);
  }
  for (int h = 0; h < n; ++h)
    for (int a = 0; a <= n; ++a)
      for (int b = a + 1; b <= n; ++b) cs.push_back({-v(a, h), -v(b, h)});
  if (drop_first) cs.erase(cs.begin());
  return dimacs((n + 1) * n, cs);
}

// Random 3-SAT at the threshold (m = 4.26 n), std::mt19937 with a fixed seed.
std::string random3sat(int n, unsigned seed) {
  std::mt19937 rng(seed);
  Clauses cs;
  const int m = static_cast<int>(4.26 * n);
  for (int i = 0; i < m; ++i) {
    std::vector<int> c;
    while (c.size() < 3) {
      const int v = static_cast<int>(rng() % n) + 1;
      bool dup = false;
      for (int l : c) dup |= std::abs(l) == v;
      if (!dup) c.push_back(rng() % 2 ? v : -v);
    }
    cs.push_back(c);
  }
  return dimacs(n, cs);
}

// CaDiCaL's answer on the CNF (10 sat, 20 unsat) and its proof (text or binary DRAT).
int cadical(const eb_test::TempDir& dir, const std::string& cnf, bool binary, std::string& proof) {
  const std::string in = dir.write("f.cnf", cnf), out = dir.file("f.drat");
  const std::string cmd = "cadical -q " + std::string(binary ? "--binary=true" : "--binary=false") + " '" + in + "' '" + out +
                          "' >/dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  proof = eb_test::read_file(out);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}
std::string join(const std::vector<std::string>& ls) {
  std::string s;
  for (const auto& l : ls) s += l + "\n";
  return s;
}

// Complete formula over 3 variables: the 8 clauses; unsat, and unit propagation from a
// single literal finds no conflict.
const std::string kComplete3 = "p cnf 3 8\n1 2 3 0\n1 2 -3 0\n1 -2 3 0\n1 -2 -3 0\n-1 2 3 0\n-1 2 -3 0\n-1 -2 3 0\n-1 -2 -3 0\n";

}  // namespace

TEST_CASE("drat: hand-written proofs: RUP, RAT on the first literal, deletions") {
  // RUP lemmas down to the empty clause.
  auto r = check(kComplete3, "1 2 0\n1 0\n2 0\n0\n");
  CHECK(r.ok);
  CHECK(r.lemmas_checked == 3);
  CHECK(check(kComplete3, "1 2 0\n1 0\n2 0\n").ok);  // the final conflict without an explicit empty clause
  // A deletion is honoured: after deleting (1 2 3), (1 2) no longer follows.
  r = check(kComplete3, "d 1 2 3 0\n1 2 0\n1 0\n2 0\n0\n");
  CHECK_FALSE(r.ok);
  CHECK(r.problem.find("line 2") != std::string::npos);
  // The deletion of a unit clause (the reason of a top-level assignment) is ignored.
  r = check(kComplete3, "1 2 0\n1 0\nd 1 0\n2 0\n0\n");
  CHECK(r.ok);
  CHECK(r.ignored_unit_deletions == 1);
  // Deleting a clause that is not there is ignored too.
  r = check(kComplete3, "d 1 2 0\n1 2 0\n1 0\n2 0\n0\n");
  CHECK(r.ok);
  CHECK(r.ignored_missing_deletions == 1);
  // RAT: (4 -2) is not RUP but RAT on 4 in this formula, and the refutation uses it.
  const std::string rat_cnf =
      "p cnf 4 12\n2 4 0\n2 1 0\n-1 -2 3 0\n2 -1 3 0\n-3 -1 0\n-4 -1 0\n2 1 0\n-3 -4 0\n-3 1 4 0\n1 2 -3 0\n3 1 -2 0\n-1 -4 2 0\n";
  r = check(rat_cnf, "4 -2 0\n-4 0\n2 0\n0\n");
  CHECK(r.ok);
  CHECK(r.rat_lemmas == 1);
  // The same lemma written with -2 first: RAT on -2 fails.
  r = check(rat_cnf, "-2 4 0\n-4 0\n2 0\n0\n");
  CHECK_FALSE(r.ok);
  CHECK(r.problem.find("line 1") != std::string::npos);
  // A CNF with the empty clause needs no lemma; the empty proof refutes it.
  CHECK(check("p cnf 0 1\n0\n", "").ok);
  CHECK(check("p cnf 2 2\n1 0\n-1 0\n", "").ok);
  // Satisfiable formulas: no proof is accepted.
  CHECK_FALSE(check("p cnf 2 1\n1 2 0\n", "-1 0\n-2 0\n0\n").ok);
  CHECK_FALSE(check("p cnf 2 1\n1 2 0\n", "0\n").ok);
  CHECK_FALSE(check("p cnf 2 1\n1 2 0\n", "").ok);
  CHECK_FALSE(check("p cnf 0 0\n", "0\n").ok);
  // The empty clause as a lemma before any conflict.
  r = check(kComplete3, "0\n1 2 0\n1 0\n2 0\n");
  CHECK_FALSE(r.ok);
  CHECK(r.problem.find("empty clause at line 1") != std::string::npos);
  // A tautology in the proof is skipped; duplicate literals count once.
  CHECK(check(kComplete3, "1 -1 0\n1 2 2 0\n1 1 0\n2 0\n0\n").ok);
}

TEST_CASE("drat: malformed DIMACS and DRAT files give one line") {
  auto dimacs_error = [](const std::string& text) {
    try {
      parse_dimacs(text);
    } catch (const ParseError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK(dimacs_error("") .find("no header") != std::string::npos);
  CHECK(dimacs_error("1 2 0\n").find("before the header") != std::string::npos);
  CHECK(dimacs_error("p cnf 2 1\n1 3 0\n").find("outside") != std::string::npos);
  CHECK(dimacs_error("p cnf 2 2\n1 2 0\n").find("header says 2") != std::string::npos);
  CHECK(dimacs_error("p cnf 2 1\n1 2 0\n1 0\n").find("more clauses") != std::string::npos);
  CHECK(dimacs_error("p cnf 2 1\n1 2\n").find("truncated") != std::string::npos);
  CHECK(dimacs_error("p cnf 2 1\n1 x 0\n").find("line 2") != std::string::npos);
  CHECK(dimacs_error("c a comment\np cnf 2 1\nc another\n1 -2 0\n") == "accepted");
  auto drat_error = [](const std::string& text) {
    try {
      parse_drat(text);
    } catch (const ParseError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK(drat_error("1 2 0\n-1 3").find("line 2: truncated") != std::string::npos);
  CHECK(drat_error("1 2 0\n-1 -").find("line 2") != std::string::npos);
  CHECK(drat_error("1 2 0\nx 1 0\n").find("line 2") != std::string::npos);
  CHECK(drat_error("d1 0\n").find("line 1") != std::string::npos);
  CHECK(drat_error("1 99999999999 0\n").find("too large") != std::string::npos);
  CHECK(drat_error(std::string("a\x02\x05", 3)).find("truncated") != std::string::npos);
  CHECK(drat_error(std::string("a\x02\x00q", 4)).find("byte 3") != std::string::npos);
  for (const std::string& e : {drat_error("1 2 0\n-1 3"), drat_error(std::string("a\x82", 2))}) CHECK(e.find('\n') == std::string::npos);
  // Binary: 'a' 2 (literal 1) 5 (literal -2) 0; 'd' 2 0.
  const Proof p = parse_drat(std::string("a\x02\x05\x00" "d\x02\x00", 7));
  REQUIRE(p.steps.size() == 2);
  CHECK(p.binary);
  CHECK(p.lits == std::vector<int>{1, -2, 1});
  CHECK(p.steps[1].deletion);
  CHECK(p.max_var == 2);
}

TEST_CASE("drat: CaDiCaL's proofs are accepted, edited proofs and CNFs rejected") {
  eb_test::TempDir dir("eb_drat");
  std::vector<std::string> unsat = {pigeonhole(5), pigeonhole(6)}, sat;
  for (unsigned seed = 1; seed <= 16; ++seed) {
    const std::string f = random3sat(60, seed);
    std::string proof;
    const int rc = cadical(dir, f, true, proof);
    REQUIRE_MESSAGE((rc == 10 || rc == 20), "cadical (Debian package cadical) must be installed: exit " << rc);
    (rc == 20 ? unsat : sat).push_back(f);
  }
  REQUIRE(unsat.size() >= 5);
  REQUIRE(sat.size() >= 3);
  int changed_rejected = 0;
  for (size_t i = 0; i < unsat.size(); ++i) {
    CAPTURE(i);
    const std::string& f = unsat[i];
    std::string bin, text;
    REQUIRE(cadical(dir, f, true, bin) == 20);
    REQUIRE(cadical(dir, f, false, text) == 20);
    const CheckResult rb = check(f, bin), rt = check(f, text);
    CHECK(rb.ok);
    CHECK(rt.ok);
    CHECK(rb.lemmas == rt.lemmas);
    // Edited: the last lemmas up to the final conflict removed, the empty clause kept.
    std::vector<std::string> ls = lines_of(text);
    std::vector<std::string> kept;
    size_t step = 0;
    for (const auto& l : ls) {
      if (l.empty() || l[0] == 'c') continue;
      if (step++ + 1 >= rt.steps_used) break;
      kept.push_back(l);
    }
    kept.push_back("0");
    CHECK_FALSE(check(f, join(kept)).ok);
    // Edited: one lemma's literals negated, at 10%, 20%, ... 90% of the proof. The lemmas
    // before it are unchanged (and valid): a rejection names the edited line or a later one.
    for (int pct = 10; pct <= 90; pct += 10) {
      const size_t k = ls.size() * pct / 100;
      if (ls[k].empty() || ls[k][0] == 'd') continue;
      std::vector<std::string> edited = ls;
      std::istringstream in(ls[k]);
      edited[k].clear();
      for (long lit; in >> lit && lit != 0;) edited[k] += std::to_string(-lit) + " ";
      edited[k] += "0";
      const CheckResult e = check(f, join(edited));
      if (e.ok) continue;
      ++changed_rejected;
      const auto at = e.problem.find(" at line ");
      if (at != std::string::npos) CHECK(std::stoul(e.problem.substr(at + 9)) >= k + 1);
    }
    // Edited: truncated in the middle of its last line (the final "0" and one more literal cut).
    std::string cut = text.substr(0, text.rfind('\n', text.size() - 2));
    while (!cut.empty() && cut.back() != ' ') cut.pop_back();
    CHECK_THROWS_AS(parse_drat(cut), ParseError);
    CHECK_THROWS_AS(parse_drat(bin.substr(0, bin.size() - 1)), ParseError);
  }
  CHECK(changed_rejected >= static_cast<int>(unsat.size()));
  // An edited CNF: pigeonhole without pigeon 0's clause is satisfiable; the proof fails.
  std::string proof;
  REQUIRE(cadical(dir, pigeonhole(6), true, proof) == 20);
  CHECK_FALSE(check(pigeonhole(6, true), proof).ok);
  // Satisfiable CNFs with a proof of another formula, or a bogus one.
  for (const auto& f : sat) {
    CHECK_FALSE(check(f, proof).ok);
    CHECK_FALSE(check(f, "1 0\n-1 0\n0\n").ok);
  }
}
