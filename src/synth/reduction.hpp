// The hard-attention reduction of synthesis (docs/synthesis.md#the-hard-attention-reduction---reduction-onoff,
// proofs/eq_bits_fixed_hard.md): where every Transformer of the shape is a run of the
// hard-attention automaton, synthesis first asks whether any automaton computes the task. An
// UNSAT answer proves none for the whole class; SAT or a time limit proves nothing (an
// automaton need not be realizable by weights), and the search goes on as without it.
//
// It applies to eq-bits(n), 1 <= n <= 6, over fixed(p) = fixed(p,0,sat), 2 <= p <= 6, as a
// uniform format (every stage fixed(p), as synthesis builds its models), with H = d_h = 1,
// stable softmax and nothing fixed; any d_pos and MLP width. The query reads the first
// min(n, 3) bits of x and of y and n - 3 positions of the token 0 after each half (the inputs
// whose later bits are 0: UNSAT on a subset of the inputs already proves none). With d_tok = 1
// it adds step 9 of the proof (scores and values monotone in the bit), otherwise step 7's bit
// symmetry. Its text is the `declare` form (Boolector reads it).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "format/format.hpp"
#include "synth/hard_automaton.hpp"
#include "synth/shape.hpp"
#include "task/task.hpp"

namespace eb {

using TokenSeq = std::vector<BigInt>;

// The query for the class, or nullopt where the reduction does not apply.
std::optional<HardAutomatonQuery> hard_automaton_reduction(const Task& t, const Format& F, const SynthShape& s);

// The inputs of the task the query covers: every input whose bits after the first
// q.varying (of x and of y) are 0, in all_task_inputs order.
std::vector<TokenSeq> reduction_inputs(const Task& t, const HardAutomatonQuery& q);

// What a none by the reduction rests on, one sentence appended to the class text.
std::string reduction_class_text(const HardAutomatonQuery& q);

std::string reduction_name();  // "hard-automaton"
// The reduction's record in a certificate (claim.query.reduction):
// {"name": "hard-automaton", "varying": 3, "pad": 0, "mono": true, "sym": false}.
nlohmann::json reduction_json(const HardAutomatonQuery& q);

}  // namespace eb
