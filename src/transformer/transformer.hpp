// src/transformer/ owns the forward pass written once over an arithmetic provider, the
// embedding rule and the concrete evaluator. The exact reference has its own, separate
// forward pass (src/reference/forward_pass.hpp).
//
// The forward pass of SPEC §3, written once over an arithmetic provider A (core::Arith on
// a back-end, or the exact reference's adapter): A::BV values, constant(F, pattern), and
// add/sub/mul/div (with an optional rounding target), max, exp, relu, convert, positive.
//
// Order of evaluation (part of the semantics): a dot product starts at +0 and adds the
// rounded products left to right, in the accumulator format F_acc (operands converted to
// F_acc, exact when F_acc contains F), and is stored in F. A bias is added to the
// accumulator before the store. Scores are stored dot products; μ is the left fold of max;
// Z and U accumulate in F_acc by increasing position; a = U / Z is rounded once to F.
// Heads update the residual in order: r <- rnd(r + W_O a), with W_O a stored first.
//
// Recipes (docs/model.md §2a): each value is rounded once into its stage's format. F_ is
// the param stage (weights, h), Acc_ the acc stage; q, k in qk, v in value, s, μ and
// s − μ in score, w in prob, and a, W_O a, the residual and the MLP's values in out.
// Operands of different stages meet only inside acc (converted exactly: the recipe rules
// make acc contain them), except exp, which rounds once from score into prob. With every
// stage F (or F+acc:G) each call below is the call of the one-format pass, so the
// results and the SMT terms are those of the one-format pass.
#pragma once
#include <functional>
#include <stdexcept>
#include <vector>

#include "model/model.hpp"

namespace eb {

template <class A> struct HeadTrace {
  using BV = typename A::BV;
  std::vector<BV> q;
  std::vector<std::vector<BV>> k, v;  // per position
  std::vector<BV> s, w;               // scores and softmax weights per position
  BV mu{}, Z{};
  std::vector<BV> U, a;
  std::vector<BV> upd;                // W_O a, as stored (the residual adds it)
};

template <class A> struct Trace {
  using BV = typename A::BV;
  std::vector<HeadTrace<A>> heads;
  std::vector<std::vector<BV>> r;     // residual after each head (r[0] = h_N)
  std::vector<BV> pre, g;             // MLP: W_1 r + b_1, and ReLU of it
  BV o{};
};

// Per-position projections: k_j and v_j for every head (and q when j = N). They depend
// only on h_j, so exhaustive evaluation computes them once per (position, token).
template <class A> struct Projection {
  using BV = typename A::BV;
  std::vector<std::vector<BV>> q, k, v;  // per head
};

template <class A> class Forward {
 public:
  using BV = typename A::BV;
  using Bit = typename A::Bit;

  Forward(A& a, const Model& m)
      : a_(a), m_(m), F_(m.format), Acc_(m.acc), Qk_(m.stage(Stage::Qk)), Val_(m.stage(Stage::Value)),
        Score_(m.stage(Stage::Score)), Prob_(m.stage(Stage::Prob)), Out_(m.stage(Stage::Out)) {}

  // Called on every stored value that later steps read (projections, scores, μ, weights,
  // Z, U, a, the residual), in an order that does not depend on the values; it may return
  // an equal value (the SMT check substitutes proven constants and equalities there).
  std::function<BV(const BV&)> on_store;

  // Called for every step of the attention sums Z and U (acc <- rnd(acc + term) in F_acc,
  // from acc = +0, by increasing position); it must return a value equal to that sum (the
  // SMT check substitutes an exact integer shadow there, solver/exact_sum.hpp).
  std::function<BV(const Format&, const BV&, const BV&)> on_accumulate;
  BV accumulate(const BV& acc, const BV& term) {
    return on_accumulate ? on_accumulate(Acc_, acc, term) : a_.add(Acc_, acc, term);
  }

  // Synthesis (src/synth/): when set, every weight the pass reads from the model (W_Q, W_K,
  // W_V, W_O, W_1, b_1, w_2, b_2) is this function of the weight's location in the model
  // (its address: the model outlives the pass) instead of the constant pattern stored there.
  std::function<BV(const uint64_t&)> on_weight;
  BV weight(const uint64_t& w) { return on_weight ? on_weight(w) : a_.constant(F_, w); }

  // ⟨w, x⟩ with w the model's weights (param stage) and x in `Fx`; rounded to the
  // accumulator, plus an optional bias (param), then stored in `St`.
  BV dot_const(const Vec& w, const Format& Fx, const std::vector<BV>& x, const Format& St,
               const uint64_t* bias = nullptr) {
    std::vector<BV> wc;
    for (const auto& p : w) wc.push_back(weight(p));
    return dot(F_, wc, Fx, x, St, bias);
  }

  BV dot(const Format& Fw, const std::vector<BV>& w, const Format& Fx, const std::vector<BV>& x, const Format& St,
         const uint64_t* bias = nullptr) {
    BV acc = a_.constant(Acc_, 0);
    for (size_t i = 0; i < w.size(); ++i) {
      BV prod = a_.mul(Acc_, a_.convert(Fw, Acc_, w[i]), a_.convert(Fx, Acc_, x[i]));
      acc = a_.add(Acc_, acc, prod);
    }
    if (bias) acc = a_.add(Acc_, acc, a_.convert(F_, Acc_, weight(*bias)));
    return a_.convert(Acc_, St, acc);
  }

  // W x, W of the param stage, x in Fx, each coordinate stored in St.
  std::vector<BV> matvec(const Mat& W, const Format& Fx, const std::vector<BV>& x, const Format& St) {
    std::vector<BV> out;
    for (const auto& row : W) out.push_back(dot_const(row, Fx, x, St));
    return out;
  }

  // rnd_out(x + y), x in Fx and y in out: in out when Fx is out (the one-format add),
  // else computed in acc from the exact conversions and rounded once into out.
  BV add_out(const Format& Fx, const BV& x, const BV& y) {
    if (Fx == Out_) return a_.add(Out_, x, y);
    return a_.add(Acc_, a_.convert(Fx, Acc_, x), a_.convert(Out_, Acc_, y), &Out_);
  }

  BV store(const BV& v) { return on_store ? on_store(v) : v; }
  std::vector<BV> store(std::vector<BV> v) {
    for (auto& x : v) x = store(x);
    return v;
  }

  Projection<A> project(const std::vector<BV>& h, bool output_position) {
    Projection<A> pr;
    for (const auto& hd : m_.heads) {
      pr.k.push_back(store(matvec(hd.W_K, F_, h, Qk_)));
      pr.v.push_back(store(matvec(hd.W_V, F_, h, Val_)));
      pr.q.push_back(output_position ? store(matvec(hd.W_Q, F_, h, Qk_)) : std::vector<BV>{});
    }
    return pr;
  }

  // Steps 3-6 from the projections of positions 1..N (proj[N-1] carries q) and h_N.
  BV finish(const std::vector<const Projection<A>*>& proj, const std::vector<BV>& hN, Trace<A>* tr = nullptr) {
    return output(residual(proj, hN, tr), tr);
  }

  // Steps 3-5: the residual r after every head.
  std::vector<BV> residual(const std::vector<const Projection<A>*>& proj, const std::vector<BV>& hN, Trace<A>* tr = nullptr) {
    const size_t N = proj.size();
    std::vector<BV> r = hN;
    if (tr) tr->r.push_back(r);
    for (size_t h = 0; h < m_.heads.size(); ++h) {
      const auto& q = proj[N - 1]->q[h];
      std::vector<BV> s;
      for (size_t j = 0; j < N; ++j) s.push_back(store(dot(Qk_, q, Qk_, proj[j]->k[h], Score_)));
      BV mu = s[0];
      if (m_.softmax == Softmax::Stable) {
        for (size_t j = 1; j < N; ++j) mu = a_.max(Score_, mu, s[j]);
        mu = store(mu);
      }
      std::vector<BV> w;
      for (size_t j = 0; j < N; ++j)
        w.push_back(store(m_.softmax == Softmax::Stable ? exp(store(a_.sub(Score_, s[j], mu))) : exp(s[j])));
      const size_t dh = q.size();
      BV Z = a_.constant(Acc_, 0);
      std::vector<BV> U(dh, a_.constant(Acc_, 0));
      for (size_t j = 0; j < N; ++j) {
        BV wj = a_.convert(Prob_, Acc_, w[j]);
        Z = accumulate(Z, wj);
        for (size_t i = 0; i < dh; ++i) U[i] = accumulate(U[i], a_.mul(Acc_, wj, a_.convert(Val_, Acc_, proj[j]->v[h][i])));
      }
      Z = store(Z);
      U = store(U);
      std::vector<BV> att;
      for (size_t i = 0; i < dh; ++i) att.push_back(store(a_.div(Acc_, U[i], Z, &Out_)));
      std::vector<BV> upd = store(matvec(m_.heads[h].W_O, Out_, att, Out_));
      const Format Fr = h == 0 ? F_ : Out_;  // r starts as h_N (param)
      for (size_t i = 0; i < r.size(); ++i) r[i] = store(add_out(Fr, r[i], upd[i]));
      if (tr) {
        HeadTrace<A> ht;
        ht.q = q;
        for (size_t j = 0; j < N; ++j) {
          ht.k.push_back(proj[j]->k[h]);
          ht.v.push_back(proj[j]->v[h]);
        }
        ht.s = s;
        ht.w = w;
        ht.mu = mu;
        ht.Z = Z;
        ht.U = U;
        ht.a = att;
        ht.upd = upd;
        tr->heads.push_back(ht);
        tr->r.push_back(r);
      }
    }
    return r;
  }

  // Step 6: the MLP on the residual (out: every model has a head); the output o.
  BV output(const std::vector<BV>& r, Trace<A>* tr = nullptr) {
    std::vector<BV> pre, g;
    for (size_t u = 0; u < m_.mlp.W_1.size(); ++u) {
      pre.push_back(dot_const(m_.mlp.W_1[u], Out_, r, Out_, &m_.mlp.b_1[u]));
      g.push_back(a_.relu(Out_, pre.back()));
    }
    BV o = dot_const(m_.mlp.w_2, Out_, g, Out_, &m_.mlp.b_2);
    if (tr) {
      tr->pre = pre;
      tr->g = g;
      tr->o = o;
    }
    return o;
  }

  // The whole pass from the embedded vectors h_1..h_N.
  BV run(const std::vector<std::vector<BV>>& h, Trace<A>* tr = nullptr) { return output(run_residual(h, tr), tr); }

  std::vector<BV> run_residual(const std::vector<std::vector<BV>>& h, Trace<A>* tr = nullptr) {
    std::vector<Projection<A>> proj;
    for (size_t j = 0; j < h.size(); ++j) proj.push_back(project(h[j], j + 1 == h.size()));
    std::vector<const Projection<A>*> ptr;
    for (auto& p : proj) ptr.push_back(&p);
    return residual(ptr, h.back(), tr);
  }

  Bit accepts(const BV& o) { return a_.positive(Out_, o); }

  // w = rnd_prob(exp(x)), x in score: the one-format exp when the two stages agree.
  BV exp(const BV& x) {
    if (Score_ == Prob_) return a_.exp(Score_, x);
    if constexpr (requires { a_.exp(Score_, Prob_, x); }) return a_.exp(Score_, Prob_, x);
    else throw std::invalid_argument("this evaluation does not support an exp from the score stage into another prob stage");
  }

 private:
  A& a_;
  const Model& m_;
  Format F_, Acc_, Qk_, Val_, Score_, Prob_, Out_;
};

}  // namespace eb
