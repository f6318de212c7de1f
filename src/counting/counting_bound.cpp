#include "counting/counting_bound.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "counting/communication_matrix.hpp"
#include "counting/decimal.hpp"
#include "counting/exact_power.hpp"
#include "counting/fooling_set.hpp"

namespace eb::counting {

namespace {

std::string spell_v(const Int& V) {
  std::int64_t e = 0;
  if (is_power_of_two(V, e) && e > 0) return fmt::format("2^{}", e);
  return to_decimal(V);
}

std::string argument_for(const Task& task, const Architecture& a, const BoundTerm& t, const Int& V, bool out) {
  const std::string v = spell_v(V);
  const char* verdict = out ? "exceeds" : "does not exceed";
  if (t.name == "embedding")
    return fmt::format(
        "embedding bound (one-way protocol): the output depends on Alice's {} token(s) only through their "
        "embeddings, {}*{} coordinates with at most V = {} values each, so at most M = V^{} messages, and R {} M",
        task.alice_positions(), task.alice_positions(), a.d_tok, v, t.exponent, verdict);
  if (t.name == "state")
    return fmt::format(
        "state bound (one-way protocol): with plain softmax and a fixed readout query, Alice's positions reach "
        "the output only through Z and U of each of the {} head(s) after position {}, {}*(1+{}) stored values "
        "with at most V = {} values each, so at most M = V^{} messages, and R {} M",
        a.heads, task.alice_positions(), a.heads, a.d_h, v, t.exponent, verdict);
  return fmt::format(
      "two-way bound (fooling set): with stable softmax and a fixed readout query, Bob sends his partial max "
      "of each of the {} head(s) (V^{}), Alice replies mu, Z, U per head (V^({}*(2+{}))), so at most M = V^{} "
      "transcripts with V = {}; the pairs of a fooling set need distinct transcripts, and the fooling-set size "
      "{} M",
      a.heads, a.heads, a.heads, a.d_h, t.exponent, v, verdict);
}

}  // namespace

BoundResult bound_with_values(const Task& task, const Architecture& arch, const Int& V, int q_label) {
  if (V < 1) throw std::invalid_argument("the value count V must be at least 1");
  BoundResult r;
  r.q = q_label;
  r.value_count = V;
  r.rows = rows_closed_form(task);
  r.fooling = fooling_set_size(task);
  for (const MessageBound& b : valid_bounds(task, arch)) {
    BoundTerm t;
    t.name = b.name;
    t.exponent = b.exponent;
    t.formula = b.formula;
    t.compared_with = to_string(b.compared_with);
    const Int& witness = b.compared_with == Comparison::Rows ? r.rows : r.fooling;
    t.ruled_out = compare_with_power(witness, V, b.exponent) > 0;
    t.materialized = power_bits_upper(V, b.exponent) <= kMaxPowerBits;
    if (t.materialized) t.messages = exact_power(V, b.exponent);
    r.terms.push_back(std::move(t));
  }
  // Every V^k has the same V >= 1, so the fewest messages is the smallest exponent.
  const BoundTerm* chosen = nullptr;
  for (const BoundTerm& t : r.terms) r.ruled_out = r.ruled_out || t.ruled_out;
  for (const BoundTerm& t : r.terms)
    if ((!r.ruled_out || t.ruled_out) && (!chosen || t.exponent < chosen->exponent)) chosen = &t;
  if (!chosen->materialized)
    throw std::invalid_argument(fmt::format("M = V^{} has more than 2^24 bits", chosen->exponent));
  r.messages = chosen->messages;
  r.bound = chosen->name;
  r.compared_with = chosen->compared_with;
  r.argument = argument_for(task, arch, *chosen, V, chosen->ruled_out);
  return r;
}

BoundResult bound(const Task& task, const Architecture& arch, int q) {
  if (q < 1) throw std::invalid_argument(fmt::format("q = {} out of range: q >= 1", q));
  return bound_with_values(task, arch, pow2(q), q);
}

int q_min(const Task& task, const Architecture& arch, int q_max) {
  if (q_max < 1) throw std::invalid_argument(fmt::format("q_max = {} out of range: q_max >= 1", q_max));
  for (int q = 1; q <= q_max; ++q)
    if (!bound(task, arch, q).ruled_out) return q;
  return q_max + 1;
}

}  // namespace eb::counting
