#include "solver/box_evaluation.hpp"

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "core/concrete_backend.hpp"

namespace eb {

namespace {

using C = ConcreteBackend;

// Two's complement of v in w bits (w <= 128).
u128 pattern(const BigInt& v, int w) {
  const BigInt m = BigInt(1) << w;
  const BigInt r = ((v % m) + m) % m;
  u128 out = 0;
  for (int i = w - 1; i >= 0; --i) out = (out << 1) | u128(bit_test(r, static_cast<unsigned>(i)) ? 1 : 0);
  return out;
}


// One interpreted node: a Boolean (w = 0) or a bit-vector of width w.
struct Node {
  Z3_decl_kind kind;
  int w = 0;
  int p0 = 0, p1 = 0;             // extract hi/lo; extension width
  std::vector<int> args;
  bool dynamic = false;           // depends on a box variable
  int var = -1;                   // index of the box variable
};

class Program {
 public:
  explicit Program(const std::vector<BoxVar>& box) {
    for (size_t i = 0; i < box.size(); ++i) var_index_[box[i].var.id()] = static_cast<int>(i);
  }

  // Compiles e (post-order, shared); nullopt when something is not interpretable.
  std::optional<int> compile(const z3::expr& root) {
    std::vector<std::pair<z3::expr, bool>> stack{{root, false}};
    while (!stack.empty()) {
      auto [e, expanded] = stack.back();
      stack.pop_back();
      if (index_.count(e.id())) continue;
      if (!e.is_app()) return std::nullopt;
      const unsigned n = e.num_args();
      if (!expanded && n > 0) {
        stack.push_back({e, true});
        for (unsigned i = 0; i < n; ++i)
          if (!index_.count(e.arg(i).id())) stack.push_back({e.arg(i), false});
        continue;
      }
      if (!add(e)) return std::nullopt;
    }
    return index_.at(root.id());
  }

  size_t dynamic_count() const { return dynamic_.size(); }

  // Evaluates the constant nodes once.
  bool prepare() {
    val_.assign(nodes_.size(), CBV{});
    for (size_t i = 0; i < nodes_.size(); ++i)
      if (!nodes_[i].dynamic && !eval(i)) return false;
    return true;
  }

  // Evaluates the dynamic nodes with the box variables at `point`.
  bool run(const std::vector<u128>& point) {
    for (int i : dynamic_) {
      const Node& n = nodes_[i];
      if (n.var >= 0) {
        val_[i] = CBV{n.w, point[n.var]};
        continue;
      }
      if (!eval(i)) return false;
    }
    return true;
  }
  bool truth(int i) const { return val_[i].v != 0; }

 private:
  bool add(const z3::expr& e) {
    Node n;
    const z3::func_decl d = e.decl();
    n.kind = d.decl_kind();
    if (e.is_bv()) {
      const unsigned w = e.get_sort().bv_size();
      if (w < 1 || w > 128) return false;
      n.w = static_cast<int>(w);
    } else if (!e.is_bool()) {
      return false;
    }
    for (unsigned i = 0; i < e.num_args(); ++i) {
      n.args.push_back(index_.at(e.arg(i).id()));
      n.dynamic = n.dynamic || nodes_[n.args.back()].dynamic;
    }
    CBV constant{};
    switch (n.kind) {
      case Z3_OP_UNINTERPRETED: {
        auto it = var_index_.find(e.id());
        if (e.num_args() != 0 || it == var_index_.end()) return false;
        n.var = it->second;
        n.dynamic = true;
        break;
      }
      case Z3_OP_BNUM: {
        // The decimal numeral, read digit by digit into 128 bits.
        const std::string s = e.get_decimal_string(0);
        u128 v = 0;
        for (char c : s) v = v * 10 + static_cast<unsigned>(c - '0');
        constant = C::num(n.w, v);
        break;
      }
      case Z3_OP_TRUE: constant = CBV{0, 1}; break;
      case Z3_OP_FALSE: constant = CBV{0, 0}; break;
      case Z3_OP_EXTRACT:
        n.p0 = Z3_get_decl_int_parameter(e.ctx(), d, 0);
        n.p1 = Z3_get_decl_int_parameter(e.ctx(), d, 1);
        break;
      case Z3_OP_ZERO_EXT:
      case Z3_OP_SIGN_EXT: n.p0 = Z3_get_decl_int_parameter(e.ctx(), d, 0); break;
      case Z3_OP_EQ: case Z3_OP_DISTINCT: case Z3_OP_ITE: case Z3_OP_AND: case Z3_OP_OR: case Z3_OP_NOT:
      case Z3_OP_XOR: case Z3_OP_IFF: case Z3_OP_IMPLIES:
      case Z3_OP_BADD: case Z3_OP_BSUB: case Z3_OP_BMUL: case Z3_OP_BNEG: case Z3_OP_BUDIV: case Z3_OP_BUDIV_I:
      case Z3_OP_BUREM: case Z3_OP_BUREM_I: case Z3_OP_BSHL: case Z3_OP_BLSHR: case Z3_OP_BASHR: case Z3_OP_BAND:
      case Z3_OP_BOR: case Z3_OP_BXOR: case Z3_OP_BNOT: case Z3_OP_CONCAT: case Z3_OP_ULEQ: case Z3_OP_ULT:
      case Z3_OP_UGEQ: case Z3_OP_UGT: case Z3_OP_SLEQ: case Z3_OP_SLT: case Z3_OP_SGEQ: case Z3_OP_SGT:
        if (n.args.empty()) return false;
        break;
      default: return false;
    }
    const int i = static_cast<int>(nodes_.size());
    nodes_.push_back(n);
    if (n.kind == Z3_OP_BNUM || n.kind == Z3_OP_TRUE || n.kind == Z3_OP_FALSE) constants_[i] = constant;
    if (n.dynamic) dynamic_.push_back(i);
    index_[e.id()] = i;
    return true;
  }

  static CBV boolean(bool b) { return CBV{0, b ? u128(1) : u128(0)}; }

  // Ill-sorted operands (which Z3 would not build) throw in the concrete back-end: then the
  // query is not interpreted.
  bool eval(size_t i) try {
    const Node& n = nodes_[i];
    const auto a = [&](size_t k) -> const CBV& { return val_[n.args[k]]; };
    const size_t na = n.args.size();
    auto fold = [&](auto op) {
      CBV r = a(0);
      for (size_t k = 1; k < na; ++k) r = op(r, a(k));
      return r;
    };
    CBV r{};
    switch (n.kind) {
      case Z3_OP_BNUM: case Z3_OP_TRUE: case Z3_OP_FALSE: r = constants_.at(static_cast<int>(i)); break;
      case Z3_OP_EQ: {
        bool all = true;
        for (size_t k = 1; k < na; ++k) all = all && a(k).v == a(0).v && a(k).w == a(0).w;
        r = boolean(all);
        break;
      }
      case Z3_OP_IFF: r = boolean(a(0).v == a(1).v); break;
      case Z3_OP_DISTINCT: {
        bool distinct = true;
        for (size_t k = 0; k < na; ++k)
          for (size_t l = k + 1; l < na; ++l) distinct = distinct && a(k).v != a(l).v;
        r = boolean(distinct);
        break;
      }
      case Z3_OP_ITE: r = a(0).v ? a(1) : a(2); break;
      case Z3_OP_AND: {
        bool all = true;
        for (size_t k = 0; k < na && all; ++k) all = a(k).v != 0;
        r = boolean(all);
        break;
      }
      case Z3_OP_OR: {
        bool any = false;
        for (size_t k = 0; k < na && !any; ++k) any = a(k).v != 0;
        r = boolean(any);
        break;
      }
      case Z3_OP_NOT: r = boolean(a(0).v == 0); break;
      case Z3_OP_XOR: r = boolean((a(0).v != 0) != (a(1).v != 0)); break;
      case Z3_OP_IMPLIES: r = boolean(a(0).v == 0 || a(1).v != 0); break;
      case Z3_OP_BADD: r = fold(C::add); break;
      case Z3_OP_BSUB: r = fold(C::sub); break;
      case Z3_OP_BMUL: r = fold(C::mul); break;
      case Z3_OP_BNEG: r = C::neg(a(0)); break;
      case Z3_OP_BUDIV: case Z3_OP_BUDIV_I: r = C::udiv(a(0), a(1)); break;
      case Z3_OP_BUREM: case Z3_OP_BUREM_I: r = C::urem(a(0), a(1)); break;
      case Z3_OP_BSHL: r = C::shl(a(0), a(1)); break;
      case Z3_OP_BLSHR: r = C::lshr(a(0), a(1)); break;
      case Z3_OP_BASHR: r = C::ashr(a(0), a(1)); break;
      case Z3_OP_BAND: r = fold(C::band); break;
      case Z3_OP_BOR: r = fold(C::bor); break;
      case Z3_OP_BXOR: r = fold(C::bxor); break;
      case Z3_OP_BNOT: r = C::bnot(a(0)); break;
      case Z3_OP_CONCAT: r = fold(C::concat); break;
      case Z3_OP_EXTRACT: r = C::extract(a(0), n.p0, n.p1); break;
      case Z3_OP_ZERO_EXT: r = C::zext(a(0), n.p0); break;
      case Z3_OP_SIGN_EXT: r = C::sext(a(0), n.p0); break;
      case Z3_OP_ULEQ: r = boolean(C::ule(a(0), a(1))); break;
      case Z3_OP_ULT: r = boolean(C::ult(a(0), a(1))); break;
      case Z3_OP_UGEQ: r = boolean(C::ule(a(1), a(0))); break;
      case Z3_OP_UGT: r = boolean(C::ult(a(1), a(0))); break;
      case Z3_OP_SLEQ: r = boolean(C::sle(a(0), a(1))); break;
      case Z3_OP_SLT: r = boolean(C::slt(a(0), a(1))); break;
      case Z3_OP_SGEQ: r = boolean(C::sle(a(1), a(0))); break;
      case Z3_OP_SGT: r = boolean(C::slt(a(1), a(0))); break;
      default: return false;
    }
    if (r.w != n.w) return false;  // a result of an unexpected sort: not interpreted
    val_[i] = r;
    return true;
  } catch (const std::logic_error&) {
    return false;
  }

  std::unordered_map<unsigned, int> var_index_;  // AST id of a box variable -> its index
  std::unordered_map<unsigned, int> index_;      // AST id -> node
  std::unordered_map<int, CBV> constants_;
  std::vector<Node> nodes_;
  std::vector<int> dynamic_;
  std::vector<CBV> val_;
};

void flatten(const z3::expr& e, std::vector<z3::expr>& out) {
  if (e.is_app() && e.decl().decl_kind() == Z3_OP_AND) {
    for (unsigned i = 0; i < e.num_args(); ++i) flatten(e.arg(i), out);
    return;
  }
  out.push_back(e);
}

// The variables (uninterpreted constants) e reads, by AST id.
std::unordered_set<unsigned> variables(const z3::expr& root, bool& unreadable) {
  std::unordered_set<unsigned> out, seen;
  std::vector<z3::expr> todo{root};
  while (!todo.empty()) {
    z3::expr e = todo.back();
    todo.pop_back();
    if (!seen.insert(e.id()).second) continue;
    if (!e.is_app()) {
      unreadable = true;  // a quantifier or bound variable: nothing of ours
      continue;
    }
    if (e.num_args() == 0) {
      if (e.decl().decl_kind() == Z3_OP_UNINTERPRETED) out.insert(e.id());
      continue;
    }
    for (unsigned i = 0; i < e.num_args(); ++i) todo.push_back(e.arg(i));
  }
  return out;
}

bool is_var(const z3::expr& e) {
  return e.is_app() && e.num_args() == 0 && e.decl().decl_kind() == Z3_OP_UNINTERPRETED && e.is_bv();
}

// The signed value of a bit-vector numeral of width w.
BigInt signed_numeral(const z3::expr& e) {
  const int w = static_cast<int>(e.get_sort().bv_size());
  BigInt v(e.get_decimal_string(0));
  if (v >= (BigInt(1) << (w - 1))) v -= BigInt(1) << w;
  return v;
}

// A bound conjunct: x <=u c, c <=s x or x <=s c, with x a variable and c a numeral.
struct Bound {
  unsigned var = 0;
  enum { UHi, SLo, SHi } kind;
  BigInt value;
};
std::optional<Bound> bound_of(const z3::expr& c) {
  if (!c.is_app() || c.num_args() != 2) return std::nullopt;
  const Z3_decl_kind k = c.decl().decl_kind();
  const z3::expr a = c.arg(0), b = c.arg(1);
  if (k == Z3_OP_ULEQ && is_var(a) && b.is_numeral()) return Bound{a.id(), Bound::UHi, BigInt(b.get_decimal_string(0))};
  if (k == Z3_OP_SLEQ && is_var(a) && b.is_numeral()) return Bound{a.id(), Bound::SHi, signed_numeral(b)};
  if (k == Z3_OP_SLEQ && a.is_numeral() && is_var(b)) return Bound{b.id(), Bound::SLo, signed_numeral(a)};
  return std::nullopt;
}

}  // namespace

BoxDecision false_on_box(const std::vector<z3::expr>& query, uint64_t max_work) {
  BoxDecision out;
  std::vector<z3::expr> conj;
  for (const auto& q : query) flatten(q, conj);
  // The bounds the query's own conjuncts put on its variables: a variable with an unsigned
  // upper bound, or with a signed lower and upper bound, is confined to a box.
  struct Range {
    std::optional<BigInt> uhi, slo, shi;
    z3::expr var;
  };
  std::unordered_map<unsigned, Range> ranges;
  std::vector<bool> is_bound(conj.size(), false);
  for (size_t i = 0; i < conj.size(); ++i) {
    auto bd = bound_of(conj[i]);
    if (!bd) continue;
    is_bound[i] = true;
    const z3::expr v = bd->kind == Bound::SLo ? conj[i].arg(1) : conj[i].arg(0);
    auto it = ranges.try_emplace(bd->var, Range{{}, {}, {}, v}).first;
    auto& slot = bd->kind == Bound::UHi ? it->second.uhi : bd->kind == Bound::SLo ? it->second.slo : it->second.shi;
    slot = slot ? (bd->kind == Bound::SLo ? std::max(*slot, bd->value) : std::min(*slot, bd->value)) : bd->value;
  }
  // The box: every bounded variable that a conjunct other than a bound reads.
  std::vector<std::unordered_set<unsigned>> reads(conj.size());
  std::unordered_set<unsigned> wanted;
  bool unreadable = false;
  for (size_t i = 0; i < conj.size(); ++i) {
    reads[i] = variables(conj[i], unreadable);
    if (!is_bound[i])
      for (auto v : reads[i]) wanted.insert(v);
  }
  if (unreadable) return out;
  std::vector<BoxVar> box;
  std::unordered_set<unsigned> boxed;
  BigInt points = 1;
  for (const auto& [id, r] : ranges) {
    if (!wanted.count(id) || r.var.get_sort().bv_size() > 128) continue;
    BoxVar bv{r.var, 0, 0, true};
    if (r.slo && r.shi) {
      bv.lo = *r.slo;
      bv.hi = *r.shi;
    } else if (r.uhi) {
      bv.is_signed = false;
      bv.hi = *r.uhi;
    } else {
      continue;
    }
    if (bv.hi < bv.lo) {  // an empty box: the two bounds alone are contradictory
      out.decided = out.interpreted = true;
      return out;
    }
    box.push_back(bv);
    boxed.insert(id);
    points *= BigInt(bv.hi - bv.lo + 1);
    if (points > BigInt(max_work)) return out;
  }
  // (An empty box is the one point of a query whose closed conjuncts are ground.)
  // A stable order (the unordered map's is not): by variable name.
  std::sort(box.begin(), box.end(), [](const BoxVar& a, const BoxVar& b) {
    return a.var.decl().name().str() < b.var.decl().name().str();
  });
  Program prog(box);
  std::vector<int> roots;
  bool separable = true;  // every non-bound conjunct reads only box variables or none of them
  for (size_t i = 0; i < conj.size(); ++i) {
    bool in = false, other = false;
    for (auto v : reads[i]) (boxed.count(v) ? in : other) = true;
    if (other) {
      separable = separable && !in;
      continue;
    }
    auto r = prog.compile(conj[i]);
    if (!r) return out;
    roots.push_back(*r);
  }
  if (roots.empty() || points * BigInt(prog.dynamic_count() + 1) > BigInt(max_work) || !prog.prepare()) return out;
  out.interpreted = true;
  // Mixed radix over the box, the last variable fastest; each variable's pattern steps by
  // one (mod 2^w) from lo's two's complement.
  const size_t k = box.size();
  std::vector<u128> point(k), first(k);
  std::vector<uint64_t> step(k, 0), count(k);
  for (size_t i = 0; i < k; ++i) {
    first[i] = point[i] = pattern(box[i].lo, static_cast<int>(box[i].var.get_sort().bv_size()));
    count[i] = static_cast<uint64_t>(BigInt(box[i].hi - box[i].lo + 1));
  }
  for (bool more = true; more;) {
    if (!prog.run(point)) return out;
    ++out.points;
    bool falsified = false;
    for (int r : roots)
      if (!prog.truth(r)) {
        falsified = true;
        break;
      }
    if (!falsified) {
      out.satisfied_at = separable;
      return out;
    }
    more = false;
    for (size_t i = k; i-- > 0;) {
      if (++step[i] < count[i]) {
        point[i] = (point[i] + 1) & width_mask(static_cast<int>(box[i].var.get_sort().bv_size()));
        more = true;
        break;
      }
      step[i] = 0;
      point[i] = first[i];
    }
  }
  out.decided = true;
  return out;
}

}  // namespace eb
