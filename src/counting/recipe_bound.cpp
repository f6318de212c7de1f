#include "counting/recipe_bound.hpp"

#include <fmt/format.h>

#include "counting/communication_matrix.hpp"
#include "counting/exact_power.hpp"
#include "counting/fooling_set.hpp"
#include "counting/message_bound.hpp"

namespace eb::counting {

StageBits stage_bits(const Recipe& r) {
  return {r[Stage::Param].bits(), r[Stage::Score].bits(), r[Stage::Acc].bits()};
}

namespace {

struct Term {
  std::int64_t log2_messages;
  std::string formula;
  std::int64_t carrier_bits;  // log2 V of the stage named as the bound's V
};

Term recipe_term(const Task& task, const Architecture& a, const MessageBound& b, const StageBits& sb) {
  const std::int64_t c = task.alice_positions(), H = a.heads, dh = a.d_h;
  if (b.name == "embedding")
    return {sb.param * c * a.d_tok, fmt::format("V_param^(c*d_tok) = (2^{})^({}*{})", sb.param, c, a.d_tok), sb.param};
  if (b.name == "state")
    return {sb.acc * H * (1 + dh), fmt::format("V_acc^(H*(1+d_h)) = (2^{})^({}*(1+{}))", sb.acc, H, dh), sb.acc};
  return {sb.score * 2 * H + sb.acc * H * (1 + dh),
          fmt::format("V_score^(2H) * V_acc^(H*(1+d_h)) = (2^{})^(2*{}) * (2^{})^({}*(1+{}))", sb.score, H, sb.acc, H,
                      dh),
          sb.acc};
}

std::string argument_for(const Task& task, const Architecture& a, const std::string& name, const Recipe& r,
                         std::int64_t E, bool out) {
  const char* verdict = out ? "exceeds" : "does not exceed";
  const std::string rs = recipe_label(r);
  if (name == "embedding")
    return fmt::format(
        "embedding bound (one-way protocol) under recipe {}: the output depends on Alice's {} token(s) only through "
        "their embeddings, {}*{} coordinates stored in stage param ({}), so at most M = 2^{} messages, and R {} M",
        rs, task.alice_positions(), task.alice_positions(), a.d_tok, r[Stage::Param].str(), E, verdict);
  if (name == "state")
    return fmt::format(
        "state bound (one-way protocol) under recipe {}: with plain softmax and a fixed readout query, Alice's "
        "positions reach the output only through Z and U of each of the {} head(s), {}*(1+{}) values stored in "
        "stage acc ({}), so at most M = 2^{} messages, and R {} M",
        rs, a.heads, a.heads, a.d_h, r[Stage::Acc].str(), E, verdict);
  return fmt::format(
      "two-way bound (fooling set) under recipe {}: with stable softmax and a fixed readout query, Bob sends his "
      "partial max of each of the {} head(s) and Alice replies mu (stage score, {}) and Z, U (stage acc, {}) per "
      "head, so at most M = 2^{} transcripts; the pairs of a fooling set need distinct transcripts, and the "
      "fooling-set size {} M",
      rs, a.heads, r[Stage::Score].str(), r[Stage::Acc].str(), E, verdict);
}

}  // namespace

BoundResult bound_for_recipe(const Task& task, const Architecture& arch, const Recipe& recipe) {
  const StageBits sb = stage_bits(recipe);
  BoundResult r;
  r.rows = rows_closed_form(task);
  r.fooling = fooling_set_size(task);
  std::vector<std::int64_t> carrier;
  for (const MessageBound& b : valid_bounds(task, arch)) {
    const Term tm = recipe_term(task, arch, b, sb);
    BoundTerm t;
    t.name = b.name;
    t.exponent = tm.log2_messages;
    t.formula = tm.formula;
    t.compared_with = to_string(b.compared_with);
    const Int& witness = b.compared_with == Comparison::Rows ? r.rows : r.fooling;
    t.ruled_out = compare_with_power(witness, Int(2), tm.log2_messages) > 0;
    t.materialized = tm.log2_messages <= kMaxPowerBits;
    if (t.materialized) t.messages = pow2(tm.log2_messages);
    r.terms.push_back(std::move(t));
    carrier.push_back(tm.carrier_bits);
  }
  // Same rule as bound_with_values: a ruling-out bound with the fewest messages, else the
  // fewest messages; every count is 2^E, so the fewest messages is the smallest E.
  int chosen = -1;
  for (const BoundTerm& t : r.terms) r.ruled_out = r.ruled_out || t.ruled_out;
  for (int i = 0; i < int(r.terms.size()); ++i) {
    const BoundTerm& t = r.terms[i];
    if ((!r.ruled_out || t.ruled_out) && (chosen < 0 || t.exponent < r.terms[chosen].exponent)) chosen = i;
  }
  const BoundTerm& c = r.terms[chosen];
  if (!c.materialized) throw std::invalid_argument(fmt::format("M = 2^{} has more than 2^24 bits", c.exponent));
  r.messages = c.messages;
  r.bound = c.name;
  r.compared_with = c.compared_with;
  r.q = static_cast<int>(carrier[chosen]);
  r.value_count = pow2(carrier[chosen]);
  r.argument = argument_for(task, arch, c.name, recipe, c.exponent, c.ruled_out);
  return r;
}

}  // namespace eb::counting
