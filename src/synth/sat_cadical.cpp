#include "synth/sat_cadical.hpp"

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "certificate/proof_cnf_goal.hpp"
#include "certificate/proof_write.hpp"
#include "drat/checker.hpp"
#include "util/file_text.hpp"

namespace eb {

namespace fs = std::filesystem;

namespace {

double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// A private scratch directory for one round's CNF, proof and CaDiCaL output, removed with
// everything in it when the round ends.
struct Scratch {
  fs::path dir;
  Scratch() {
    const char* tmp = std::getenv("TMPDIR");
    std::string templ = (fs::path(tmp && *tmp ? tmp : "/tmp") / "everybit-sat-XXXXXX").string();
    if (!mkdtemp(templ.data())) throw SatToolError(fmt::format("cannot create a scratch directory like '{}'", templ));
    dir = templ;
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  std::string file(const char* name) const { return (dir / name).string(); }
};

std::string read_all(const std::string& path) { return read_file_text(path).value_or(""); }

void write_all(const std::string& path, const std::string& text) {
  if (!write_file_text(path, text)) throw SatToolError(fmt::format("cannot write the CNF to '{}'", path));
}

// The witness of CaDiCaL's output: "v" lines of signed literals ending with 0. Index v of
// the result is variable v's value (index 0 unused); variables not listed are false.
std::vector<bool> read_witness(const std::string& out, long variables) {
  std::vector<bool> val(static_cast<size_t>(variables) + 1, false);
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("v ", 0) != 0) continue;
    std::istringstream ls(line.substr(2));
    long lit = 0;
    while (ls >> lit)
      if (lit > 0 && lit <= variables) val[static_cast<size_t>(lit)] = true;
  }
  return val;
}

}  // namespace

std::string sat_bit_name(const std::string& name, unsigned k) { return fmt::format("eb_bit!{}!{}", name, k); }

std::string cadical_version_text(const std::string& executable) {
  Scratch s;
  const std::string out = s.file("version");
  if (run_program({executable, "--version"}, out) != 0) return "cadical";
  std::string v = read_all(out);
  if (auto nl = v.find('\n'); nl != std::string::npos) v.resize(nl);
  return v.empty() ? "cadical" : "cadical " + v;
}

SatRound solve_round_cadical(z3::context& ctx, const std::vector<z3::expr>& assertions,
                             const std::vector<z3::expr>& weights, double timeout_seconds, const CadicalConfig& cfg) {
  SatRound r;
  const auto start = std::chrono::steady_clock::now();
  z3::goal g(ctx);
  for (const auto& a : assertions) g.add(a);
  // The weights' bits as named Boolean constants (the header's convention).
  for (const auto& x : weights) {
    const std::string name = x.decl().name().str();
    const unsigned w = x.get_sort().bv_size();
    z3::expr cat = z3::ite(ctx.bool_const(sat_bit_name(name, w - 1).c_str()), ctx.bv_val(1, 1), ctx.bv_val(0, 1));
    for (unsigned k = w - 1; k-- > 0;)
      cat = z3::concat(cat, z3::ite(ctx.bool_const(sat_bit_name(name, k).c_str()), ctx.bv_val(1, 1), ctx.bv_val(0, 1)));
    g.add(x == cat);
  }
  NamedCnf cnf;
  try {
    cnf = goal_cnf(g, static_cast<unsigned>(std::max(1.0, timeout_seconds * 1000)));
  } catch (const z3::exception& e) {
    r.reason = since(start) >= timeout_seconds ? "time limit reached while bit-blasting"
                                               : fmt::format("bit-blasting failed: {}", e.msg());
    return r;
  }
  r.blast_seconds = since(start);
  r.variables = cnf.variables;
  r.clauses = cnf.clauses;
  const double left = timeout_seconds - r.blast_seconds;
  if (left <= 0) {
    r.reason = "time limit reached while bit-blasting";
    return r;
  }
  Scratch s;
  const std::string cnf_path = s.file("round.cnf"), proof_path = s.file("round.drat"), out_path = s.file("out");
  write_all(cnf_path, cnf.dimacs);
  // CaDiCaL's limit is whole seconds; the caller's loop stops at its own limit anyway.
  auto cadical = [&](double limit, bool proof) {
    std::vector<std::string> argv{cfg.executable, "-q"};
    argv.insert(argv.end(), cfg.options.begin(), cfg.options.end());
    argv.insert(argv.end(), {"-t", std::to_string(static_cast<long>(std::ceil(std::max(1.0, limit))))});
    if (proof) argv.insert(argv.end(), {"--binary=true", cnf_path, proof_path});
    else argv.push_back(cnf_path);
    return run_program(argv, out_path);
  };
  const auto t0 = std::chrono::steady_clock::now();
  const int rc = cadical(left, false);
  r.sat_seconds = since(t0);
  if (rc == 0) {
    r.reason = "CaDiCaL reached its time limit";
    return r;
  }
  if (rc == 10) {
    const std::vector<bool> val = read_witness(read_all(out_path), cnf.variables);
    z3::model m(ctx);
    for (const auto& x : weights) {
      const std::string name = x.decl().name().str();
      const unsigned w = x.get_sort().bv_size();
      uint64_t v = 0;
      for (unsigned k = 0; k < w; ++k) {
        auto it = cnf.names.find(sat_bit_name(name, k));
        if (it == cnf.names.end()) continue;  // in no clause: free, read as 0
        ++r.named_bits;
        if (val[static_cast<size_t>(it->second)]) v |= uint64_t(1) << k;
      }
      z3::func_decl d = x.decl();
      z3::expr value = ctx.bv_val(v, w);
      m.add_const_interp(d, value);
    }
    r.answer = SatRound::Answer::Sat;
    r.model = m;
    return r;
  }
  if (rc != 20)
    throw SatToolError(fmt::format("CaDiCaL failed on the round's CNF ({} variables, {} clauses): exit status {}",
                                   cnf.variables, cnf.clauses, rc));
  // UNSAT. The search ran without a proof (a proof of a long SAT search costs disk and
  // time for nothing); it is run again writing the DRAT proof, which must check on the very
  // CNF CaDiCaL read.
  const double left2 = timeout_seconds - since(start);
  const auto t2 = std::chrono::steady_clock::now();
  const int rc2 = left2 > 0 ? cadical(left2, true) : 0;
  r.proof_seconds = since(t2);
  if (rc2 == 0) {
    r.reason = "CaDiCaL said UNSAT; the time limit was reached while it wrote the proof";
    return r;
  }
  if (rc2 != 20)
    throw SatToolError(fmt::format("CaDiCaL said UNSAT, then exit status {} on the run writing its proof", rc2));
  const auto t1 = std::chrono::steady_clock::now();
  drat::CheckResult chk;
  try {
    chk = drat::check_drat(drat::parse_dimacs(cnf.dimacs), drat::parse_drat(read_all(proof_path)));
  } catch (const drat::ParseError& e) {
    chk.ok = false;
    chk.problem = e.what();
  }
  r.drat_seconds = since(t1);
  if (!chk.ok) {
    r.proof_rejected = true;
    r.reason = fmt::format("CaDiCaL says UNSAT, but its DRAT proof does not check: {}", chk.problem);
    return r;
  }
  r.answer = SatRound::Answer::Unsat;
  r.reason = fmt::format("CaDiCaL's DRAT proof ({} lemmas, {} checked) accepted by the project's checker in {:.2f} s",
                         chk.lemmas, chk.lemmas_checked, r.drat_seconds);
  return r;
}

}  // namespace eb
