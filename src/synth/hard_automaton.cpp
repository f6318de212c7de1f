#include "synth/hard_automaton.hpp"

#include <stdexcept>
#include <algorithm>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace eb {

namespace {

using Prefix = std::vector<int>;  // a token per position read: 0, 1, or kReadout
constexpr int kReadout = 2;

// A prefix's residual (proofs/eq_bits_fixed_hard.md step 6): on Alice's side the bits of x
// read so far; on Bob's the rest of x while y so far equals x ("live"), else "dead".
struct Residual {
  int tag = 0;  // 0: x so far, 1: live, 2: dead
  Prefix bits;
  bool operator==(const Residual&) const = default;
};

class Writer {
 public:
  explicit Writer(const HardAutomatonQuery& q)
      : q_(q), half_(q.varying + q.pad), h_(int64_t(1) << (q.p - 1)), w_(q.p + 3) {}

  std::string text() {
    header();
    for (int k = 1; k <= 2 * half_; ++k) {
      const auto prefs = tokens(k);
      for (const auto& pref : prefs)
        step(pref, wide(fmt::format("s{}_{}", k - 1, pref.back())), wide(fmt::format("v{}_{}", k - 1, pref.back())));
      if (q_.nerode && q_.task) nerode(prefs);
    }
    for (const auto& pref : tokens(2 * half_)) readout(pref);
    if (q_.mono) mono();
    if (q_.sym)
      for (int j = 0; j < q_.varying; ++j)
        emit(fmt::format("(assert (or (bvslt s{0}_0 s{0}_1) (and (= s{0}_0 s{0}_1) (bvslt v{0}_0 v{0}_1))))", j));
    emit("(check-sat)");
    emit("(exit)");
    return out_;
  }

 private:
  const HardAutomatonQuery& q_;
  const int half_;
  const int64_t h_;  // fixed(p): the integers -h .. h-1
  const int w_;      // the state's width
  std::string out_;

  void emit(const std::string& line) { out_ += line + "\n"; }

  // A nullary definition, or (declare) a declared constant and its equation.
  void define(const std::string& name, const std::string& sort, const std::string& body) {
    if (q_.declare) {
      emit(fmt::format("(declare-fun {} () {})", name, sort));
      emit(fmt::format("(assert (= {} {}))", name, body));
    } else
      emit(fmt::format("(define-fun {} () {} {})", name, sort, body));
  }
  std::string sort_w() const { return fmt::format("(_ BitVec {})", w_); }

  std::string c(int64_t v) const {
    const int64_t mod = int64_t(1) << w_;
    return fmt::format("(_ bv{} {})", ((v % mod) + mod) % mod, w_);
  }
  std::string wide(const std::string& x) const { return fmt::format("((_ sign_extend {}) {})", w_ - q_.p, x); }
  std::string clamp(const std::string& x) const {
    return fmt::format("(ite (bvslt {0} {1}) {1} (ite (bvsgt {0} {2}) {2} {0}))", x, c(-h_), c(h_ - 1));
  }
  bool varies(int j) const { return j % half_ < q_.varying; }

  static std::string name(const Prefix& pref) {
    std::string s = "q";
    for (int t : pref) s += t == kReadout ? std::string("R") : std::to_string(t);
    return s;
  }

  void header() {
    const int n = q_.varying;
    emit(q_.pad ? fmt::format("; eq-bits({}) restricted to x_{}.. = y_{}.. = 0", n + q_.pad, n + 1, n + 1)
                : fmt::format("; eq-bits({})", n));
    emit(fmt::format("; hard-attention automaton over fixed({}); mono={} sym={} nerode={}", q_.p, int(q_.mono),
                     int(q_.sym), int(q_.nerode)));
    emit("; proofs/eq_bits_fixed_hard.md; the same text from src/synth/hard_automaton.cpp and scripts/hard_automaton_smt.py");
    emit("(set-logic QF_BV)");
    if (!q_.status.empty()) emit(fmt::format("(set-info :status {})", q_.status));
    for (int j = 0; j < 2 * half_; ++j)
      for (int b = 0; b < (varies(j) ? 2 : 1); ++b) {
        emit(fmt::format("(declare-fun s{}_{} () (_ BitVec {}))", j, b, q_.p));
        emit(fmt::format("(declare-fun v{}_{} () (_ BitVec {}))", j, b, q_.p));
      }
    emit(fmt::format("(declare-fun sR () (_ BitVec {}))", q_.p));
    emit(fmt::format("(declare-fun vR () (_ BitVec {}))", q_.p));
    emit(fmt::format("(declare-fun acc () (_ BitVec {}))", 2 * h_));
  }

  // Every prefix of length k, position 1 slowest, 0 before 1; a padded position reads 0.
  std::vector<Prefix> tokens(int k) const {
    std::vector<Prefix> all{Prefix{}};
    for (int j = 0; j < k; ++j) {
      std::vector<Prefix> next;
      for (const auto& p : all)
        for (int b = 0; b < (varies(j) ? 2 : 1); ++b) {
          next.push_back(p);
          next.back().push_back(b);
        }
      all = std::move(next);
    }
    return all;
  }

  // The state after reading pref: a reset on a larger score, Z + 1 and the clamped U + v on
  // an equal one (Z also clamped: the count saturates at h - 1), unchanged on a smaller one.
  void step(const Prefix& pref, const std::string& s, const std::string& v) {
    const std::string t = name(pref);
    if (pref.size() == 1) {
      define(t + "m", sort_w(), s);
      define(t + "z", sort_w(), c(1));
      define(t + "u", sort_w(), v);
      return;
    }
    const std::string q = name(Prefix(pref.begin(), pref.end() - 1));
    const std::string gt = fmt::format("(bvsgt {} {}m)", s, q), eq = fmt::format("(= {} {}m)", s, q);
    define(t + "m", sort_w(), fmt::format("(ite {} {} {}m)", gt, s, q));
    define(t + "z", sort_w(),
           fmt::format("(ite {} {} (ite {} {} {}z))", gt, c(1), eq, clamp(fmt::format("(bvadd {}z {})", q, c(1))), q));
    define(t + "u", sort_w(),
           fmt::format("(ite {} {} (ite {} {} {}u))", gt, v, eq, clamp(fmt::format("(bvadd {}u {})", q, v)), q));
  }

  Residual residual(const Prefix& pref) const {
    const int n = q_.varying;
    if (static_cast<int>(pref.size()) <= half_)
      return {0, Prefix(pref.begin(), pref.begin() + std::min<size_t>(n, pref.size()))};
    const Prefix x(pref.begin(), pref.begin() + n);
    const Prefix y(pref.begin() + half_, pref.begin() + std::min<size_t>(half_ + n, pref.size()));
    const size_t j = y.size();
    if (Prefix(x.begin(), x.begin() + j) == y) return {1, Prefix(x.begin() + j, x.end())};
    return {2, {}};
  }

  void nerode(const std::vector<Prefix>& prefs) {
    for (size_t i = 0; i < prefs.size(); ++i)
      for (size_t k = i + 1; k < prefs.size(); ++k)
        if (!(residual(prefs[i]) == residual(prefs[k]))) {
          const std::string A = name(prefs[i]), B = name(prefs[k]);
          emit(fmt::format("(assert (not (and (= {0}m {1}m) (= {0}z {1}z) (= {0}u {1}u))))", A, B));
        }
  }

  // The readout, a = rnd(U/Z) (Z >= 1), and the task through the accepted set.
  void readout(const Prefix& pref) {
    Prefix r = pref;
    r.push_back(kReadout);
    step(r, wide("sR"), wide("vR"));
    const std::string t = name(r);
    define(t + "q0", sort_w(), fmt::format("(bvsdiv {0}u {0}z)", t));
    define(t + "fl", sort_w(),
           fmt::format("(ite (and (bvslt {0}u {1}) (not (= (bvmul {0}q0 {0}z) {0}u))) (bvsub {0}q0 {2}) {0}q0)", t, c(0),
                       c(1)));
    define(t + "r2", sort_w(), fmt::format("(bvmul {1} (bvsub {0}u (bvmul {0}fl {0}z)))", t, c(2)));
    define(t + "a", sort_w(),
           fmt::format("(ite (or (bvsgt {0}r2 {0}z) (and (= {0}r2 {0}z) (= ((_ extract 0 0) {0}fl) #b1))) (bvadd {0}fl "
                       "{1}) {0}fl)",
                       t, c(1)));
    std::string idx = fmt::format("(bvadd {}a {})", t, c(h_));
    if (2 * h_ > w_) idx = fmt::format("((_ zero_extend {}) {})", 2 * h_ - w_, idx);
    else if (2 * h_ < w_) idx = fmt::format("((_ extract {} 0) {})", 2 * h_ - 1, idx);
    const int n = q_.varying;
    const bool good = std::equal(pref.begin(), pref.begin() + n, pref.begin() + half_);
    if (q_.task) emit(fmt::format("(assert (= ((_ extract 0 0) (bvlshr acc {})) {}))", idx, good ? "#b1" : "#b0"));
  }

  void mono() {
    std::string s_le, v_le, v_ge;
    for (int j = 0; j < 2 * half_; ++j) {
      if (!varies(j)) continue;
      s_le += fmt::format(" (bvsle s{0}_0 s{0}_1)", j);
      v_le += fmt::format(" (bvsle v{0}_0 v{0}_1)", j);
      v_ge += fmt::format(" (bvsge v{0}_0 v{0}_1)", j);
    }
    emit("(assert (and" + s_le + "))");
    emit("(assert (or (and" + v_le + ") (and" + v_ge + ")))");
  }
};

}  // namespace

std::string hard_automaton_smt2(const HardAutomatonQuery& q) {
  auto range = [](const char* what, int v, int lo, int hi) {
    if (v < lo || v > hi)
      throw std::invalid_argument(fmt::format("hard-attention automaton: {} = {} is out of range {}..{}", what, v, lo, hi));
  };
  range("varying", q.varying, 1, 4);
  range("p", q.p, 2, 6);
  range("pad", q.pad, 0, 3);
  if (q.mono && q.sym)
    throw std::invalid_argument("hard-attention automaton: mono and sym use two different symmetries; give one");
  if (!q.status.empty() && q.status != "sat" && q.status != "unsat")
    throw std::invalid_argument(fmt::format("hard-attention automaton: status '{}' is not sat or unsat", q.status));
  return Writer(q).text();
}

}  // namespace eb
