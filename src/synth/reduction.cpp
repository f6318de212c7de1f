#include "synth/reduction.hpp"

#include <fmt/format.h>


namespace eb {

std::optional<HardAutomatonQuery> hard_automaton_reduction(const Task& t, const Format& F, const SynthShape& s) {
  if (t.kind != Task::Kind::EqBits || t.n < 1 || t.n > 6) return std::nullopt;
  if (!F.is_fixed() || F.f != 0 || F.ovf != Overflow::Sat || F.p < 2 || F.p > 6) return std::nullopt;
  if (s.heads != 1 || s.d_h != 1 || s.softmax != Softmax::Stable || !s.fixed.empty()) return std::nullopt;
  HardAutomatonQuery q;
  q.varying = std::min(t.n, 3);
  q.pad = t.n - q.varying;
  q.p = F.p;
  q.mono = s.d_tok == 1;
  q.sym = !q.mono;
  q.nerode = true;
  q.task = true;
  q.declare = true;
  q.status = "unsat";
  return q;
}

// Position 1 slowest, each position's domain in increasing order (as all_task_inputs), with
// the bits after the first q.varying of x and of y fixed to 0. Written here, not through
// synth.cpp, so that the certificate checker links without the search.
std::vector<TokenSeq> reduction_inputs(const Task& t, const HardAutomatonQuery& q) {
  std::vector<std::vector<BigInt>> dom;
  for (int j = 0; j < t.positions(); ++j)
    dom.push_back(j < 2 * t.n && j % t.n >= q.varying ? std::vector<BigInt>{0} : domain_tokens(task_domain(t, j)));
  return token_sequences(dom);
}

std::string reduction_class_text(const HardAutomatonQuery& q) {
  return fmt::format(
      ". The query is not a forward pass of the shape: it asks whether any hard-attention automaton computes the task "
      "on the {} inputs whose bits after the first {} (of x and of y) are 0; every Transformer of the class (and of "
      "any d_pos and MLP width) runs such an automaton, by the written reduction of proofs/eq_bits_fixed_hard.md "
      "(steps 1-4){}. The verdict rests on that argument and on the solver",
      uint64_t(1) << (2 * q.varying), q.varying,
      q.mono ? ", with d_tok = 1 the scores and values monotone in the bit and the scores' direction fixed by "
               "exchanging E[0] and E[1] (step 9)"
             : ", with the bit symmetry of step 7");
}

std::string reduction_name() { return "hard-automaton"; }

nlohmann::json reduction_json(const HardAutomatonQuery& q) {
  return {{"name", reduction_name()}, {"varying", q.varying}, {"pad", q.pad}, {"mono", q.mono}, {"sym", q.sym}};
}

}  // namespace eb
