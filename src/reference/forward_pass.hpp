// The exact reference Transformer: the forward pass of docs/model.md §3, written plainly
// from the docs as loops over patterns whose every operation is computed by the exact
// reference (reference/ops.hpp: rationals, one rounding by an explicit nearest-value rule),
// with the reference's own embedding (reference/embedding.hpp). It shares no code with
// src/transformer/ (the Forward template, the embedding multiplexer, the evaluator) or with
// src/core/; it reads only the Model.
//
// The semantics, as docs/model.md states them (F the format, A the accumulator F_acc):
//  dot(w, x [, b]):  acc = +0 in A; for i = 1..n in order acc = rnd_A(acc + rnd_A(cv(w_i)·cv(x_i)));
//                    then acc = rnd_A(acc + cv(b)) when there is a bias; stored as rnd_F(acc).
//                    cv is the conversion F -> A (the identity when A = F).
//  per head η:       k_j = W_K h_j, v_j = W_V h_j (j = 1..N), q = W_Q h_N; s_j = dot(q, k_j);
//                    stable: μ = max(...max(max(s_1, s_2), s_3)..., s_N) in F,
//                            w_j = rnd_F(exp(rnd_F(s_j − μ)));   plain: w_j = rnd_F(exp(s_j));
//                    Z = +0, U_i = +0 in A; for j = 1..N: Z = rnd_A(Z + cv(w_j)),
//                    U_i = rnd_A(U_i + rnd_A(cv(w_j)·cv(v_j,i)));  a_i = rnd_F(U_i / Z);
//                    u = W_O a (dot products); r_i = rnd_F(r_i + u_i), r starting at h_N.
//  MLP:              pre_u = dot(W_1[u], r, b_1[u]); g_u = relu(pre_u); o = dot(w_2, g, b_2).
//  Output:           accepts iff o, as read, is > 0.
// Under a recipe (docs/model.md §2a) each value above is rounded into its stage instead of
// F: k, q into qk; v into value; s, μ, s − μ into score; w = rnd_prob(exp(·)) read from
// score; a, W_O a, r, pre, g, o into out; cv converts from the operand's own stage. The
// residual add r + u is computed directly on the two values when r is still h_N (param),
// not through acc as the core does it.
#pragma once
#include <cstdint>
#include <vector>

#include "model/model.hpp"

namespace eb::reference {

struct HeadValues {
  Vec q;                       // at position N
  std::vector<Vec> k, v;       // per position
  Vec s, w;                    // scores and softmax weights per position
  bool has_mu = false;         // stable softmax only
  uint64_t mu = 0;
  Vec d;                       // stable softmax: rnd_F(s_j − μ) per position
  uint64_t Z = 0;              // in the accumulator format
  Vec U;                       // in the accumulator format
  Vec a, u;                    // attention output, and W_O a
};

// Every stored value of one pass, in the order of docs/model.md §3.
struct ForwardValues {
  std::vector<Vec> h;          // h_1..h_N
  std::vector<HeadValues> heads;
  std::vector<Vec> r;          // r[0] = h_N, r[η] after head η
  Vec pre, g;                  // MLP
  uint64_t o = 0;
  bool accepts = false;
};

// Throws std::invalid_argument for tokens the model cannot read (count, alphabet).
ForwardValues forward_pass(const Model& m, const std::vector<BigInt>& tokens);

// The values that pass through on_store (docs/model.md §3), in its documented order: for
// each position j = 1..N and each head in order, k_j then v_j (and q after them at j = N);
// then for each head in order: s_1..s_N, μ (stable), per position d_j (stable) then w_j,
// Z, U, a, W_O a, and the residual r after the head. Lemma statements of the SMT check
// name them "stored value #i" by this index.
Vec stored_values(const ForwardValues& fv);

// Steps 8-9 alone: the MLP on a residual r (D patterns of F) and the output test.
bool mlp_accepts(const Model& m, const Vec& r);

// forward_pass(m, tokens).accepts.
bool forward_accepts(const Model& m, const std::vector<BigInt>& tokens);

}  // namespace eb::reference
