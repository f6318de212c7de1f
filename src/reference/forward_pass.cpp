#include "reference/forward_pass.hpp"

#include "reference/embedding.hpp"
#include "reference/ops.hpp"

namespace eb::reference {

namespace {

using core::Op;

// One pass over a model; F the format (param stage), A the accumulator (docs/model.md §3),
// and the recipe's other stages (docs/model.md §2a): Q (q, k), V (v), S (s, μ, s − μ),
// W (the softmax weights), O (a, W_O a, the residual, the MLP).
class Pass {
 public:
  explicit Pass(const Model& m)
      : m_(m), F_(m.format), A_(m.acc), Q_(m.stage(Stage::Qk)), V_(m.stage(Stage::Value)),
        S_(m.stage(Stage::Score)), W_(m.stage(Stage::Prob)), O_(m.stage(Stage::Out)) {}

  uint64_t to_acc(const Format& from, uint64_t x) const { return convert(from, A_, x); }

  // w in Fw, x in Fx, bias in F; stored in St.
  uint64_t dot(const Format& Fw, const Vec& w, const Format& Fx, const Vec& x, const Format& St,
               const uint64_t* bias = nullptr) const {
    uint64_t acc = 0;  // +0 in every format
    for (size_t i = 0; i < w.size(); ++i) {
      const uint64_t prod = apply(Op::Mul, A_, to_acc(Fw, w[i]), to_acc(Fx, x[i]));
      acc = apply(Op::Add, A_, acc, prod);
    }
    if (bias) acc = apply(Op::Add, A_, acc, to_acc(F_, *bias));
    return convert(A_, St, acc);
  }

  Vec matvec(const Mat& W, const Format& Fx, const Vec& x, const Format& St) const {
    Vec out;
    for (const Vec& row : W) out.push_back(dot(F_, row, Fx, x, St));
    return out;
  }

  HeadValues head(const Head& hd, const std::vector<Vec>& h) const {
    const size_t N = h.size();
    HeadValues out;
    for (size_t j = 0; j < N; ++j) {
      out.k.push_back(matvec(hd.W_K, F_, h[j], Q_));
      out.v.push_back(matvec(hd.W_V, F_, h[j], V_));
    }
    out.q = matvec(hd.W_Q, F_, h[N - 1], Q_);
    for (size_t j = 0; j < N; ++j) out.s.push_back(dot(Q_, out.q, Q_, out.k[j], S_));
    if (m_.softmax == Softmax::Stable) {
      out.has_mu = true;
      out.mu = out.s[0];
      for (size_t j = 1; j < N; ++j) out.mu = apply(Op::Max, S_, out.mu, out.s[j]);
      for (size_t j = 0; j < N; ++j) {
        out.d.push_back(apply(Op::Sub, S_, out.s[j], out.mu));
        out.w.push_back(exp_to(S_, W_, out.d.back()));
      }
    } else {
      for (size_t j = 0; j < N; ++j) out.w.push_back(exp_to(S_, W_, out.s[j]));
    }
    const size_t dh = hd.W_Q.size();
    out.Z = 0;
    out.U.assign(dh, 0);
    for (size_t j = 0; j < N; ++j) {
      const uint64_t wj = to_acc(W_, out.w[j]);
      out.Z = apply(Op::Add, A_, out.Z, wj);
      for (size_t i = 0; i < dh; ++i)
        out.U[i] = apply(Op::Add, A_, out.U[i], apply(Op::Mul, A_, wj, to_acc(V_, out.v[j][i])));
    }
    for (size_t i = 0; i < dh; ++i) out.a.push_back(apply_to(Op::Div, A_, O_, out.U[i], out.Z));
    out.u = matvec(hd.W_O, O_, out.a, O_);
    return out;
  }

  ForwardValues run(const std::vector<BigInt>& tokens) const {
    ForwardValues fv;
    fv.h = embed_input(m_, tokens);
    Vec r = fv.h.back();
    fv.r.push_back(r);
    Format Fr = F_;  // r starts as h_N (param), then holds out values
    for (const Head& hd : m_.heads) {
      fv.heads.push_back(head(hd, fv.h));
      const Vec& u = fv.heads.back().u;
      for (size_t i = 0; i < r.size(); ++i)
        r[i] = Fr == O_ ? apply(Op::Add, O_, r[i], u[i]) : apply_mixed(Op::Add, Fr, r[i], O_, u[i], O_);
      Fr = O_;
      fv.r.push_back(r);
    }
    mlp(r, fv);
    return fv;
  }

  // Steps 8-9 on the residual r: fills pre, g, o and accepts.
  void mlp(const Vec& r, ForwardValues& fv) const {
    for (size_t u = 0; u < m_.mlp.W_1.size(); ++u) {
      fv.pre.push_back(dot(F_, m_.mlp.W_1[u], O_, r, O_, &m_.mlp.b_1[u]));
      fv.g.push_back(apply(Op::Relu, O_, fv.pre.back()));
    }
    fv.o = dot(F_, m_.mlp.w_2, O_, fv.g, O_, &m_.mlp.b_2);
    fv.accepts = positive(O_, fv.o);
  }

 private:
  const Model& m_;
  Format F_, A_, Q_, V_, S_, W_, O_;
};

}  // namespace

ForwardValues forward_pass(const Model& m, const std::vector<BigInt>& tokens) { return Pass(m).run(tokens); }

Vec stored_values(const ForwardValues& fv) {
  Vec out;
  auto append = [&out](const Vec& v) { out.insert(out.end(), v.begin(), v.end()); };
  const size_t N = fv.h.size();
  for (size_t j = 0; j < N; ++j)
    for (const HeadValues& hv : fv.heads) {
      append(hv.k[j]);
      append(hv.v[j]);
      if (j + 1 == N) append(hv.q);
    }
  for (size_t h = 0; h < fv.heads.size(); ++h) {
    const HeadValues& hv = fv.heads[h];
    append(hv.s);
    if (hv.has_mu) out.push_back(hv.mu);
    for (size_t j = 0; j < N; ++j) {
      if (hv.has_mu) out.push_back(hv.d[j]);
      out.push_back(hv.w[j]);
    }
    out.push_back(hv.Z);
    append(hv.U);
    append(hv.a);
    append(hv.u);
    append(fv.r[h + 1]);
  }
  return out;
}

bool mlp_accepts(const Model& m, const Vec& r) {
  ForwardValues fv;
  Pass(m).mlp(r, fv);
  return fv.accepts;
}

bool forward_accepts(const Model& m, const std::vector<BigInt>& tokens) { return forward_pass(m, tokens).accepts; }

}  // namespace eb::reference
