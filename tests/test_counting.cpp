// The communication-counting component (SPEC §6): closed forms against enumeration,
// fooling sets checked against Γ, the message bounds, the verdicts and q_min.
#include <doctest/doctest.h>

#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "counting/counting.hpp"

using namespace eb;
using namespace eb::counting;

namespace {

std::vector<Task> small_tasks() {
  std::vector<Task> v;
  for (int p = 2; p <= 7; ++p) v.push_back(Task::eq_token(p, 1));
  for (int p = 2; p <= 4; ++p) v.push_back(Task::eq_token(p, 2));
  for (int n = 1; n <= 10; ++n) v.push_back(Task::eq_bits(n));
  return v;
}

Int two_to(int e) {  // independent of the library's pow2
  Int r(1);
  r <<= e;
  return r;
}

}  // namespace

TEST_CASE("counting: R from the closed form equals R by enumerating the truth table") {
  for (const Task& t : small_tasks()) {
    CAPTURE(t.str());
    CHECK(rows_by_enumeration(t) == rows_closed_form(t));
  }
  // The closed forms themselves, spelled out.
  CHECK(rows_closed_form(Task::eq_token(3, 1)) == 5);
  CHECK(rows_closed_form(Task::eq_token(4, 2)) == 65);
  CHECK(rows_closed_form(Task::eq_bits(10)) == 1024);
  CHECK(rows_closed_form(Task::eq_token(64, 4096)) == two_to(63 * 4096) + 1);
}

TEST_CASE("counting: the enumerated matrix is Γ's truth table and distinct_rows counts duplicates once") {
  const Task t = Task::eq_bits(3);
  const CommunicationMatrix m = build_communication_matrix(t);
  REQUIRE(m.rows == 8);
  REQUIRE(m.cols == 8);
  for (std::size_t i = 0; i < 8; ++i)
    for (std::size_t j = 0; j < 8; ++j) CHECK(m.at(i, j) == (i == j));
  // Bob's inputs end with the readout token; Alice's never contain it.
  CHECK(bob_input(t, 5).back() == 2);
  CHECK(alice_input(t, 5) == std::vector<BigInt>{1, 0, 1});
  // A hand-made matrix with repeated rows: 4 rows, 2 distinct.
  CommunicationMatrix h;
  h.rows = 4;
  h.cols = 70;  // two words per row
  h.bits.assign(8, 0);
  h.bits[0] = h.bits[2] = 5;          // rows 0 and 1 equal
  h.bits[4] = 5;                      // row 2 differs in the second word
  h.bits[5] = 1;
  h.bits[6] = 5;                      // row 3 equals row 2
  h.bits[7] = 1;
  CHECK(distinct_rows(h) == 2);
}

TEST_CASE("counting: enumeration refuses more than 2^12 inputs") {
  CHECK_THROWS_AS(rows_by_enumeration(Task::eq_token(13, 1)), std::invalid_argument);  // 4097 tokens
  CHECK_THROWS_AS(rows_by_enumeration(Task::eq_token(8, 2)), std::invalid_argument);
  CHECK_THROWS_AS(rows_by_enumeration(Task::eq_bits(13)), std::invalid_argument);
}

TEST_CASE("counting: a greedy fooling set is built from the truth table and checked against Γ") {
  for (const Task& t : small_tasks()) {
    if (t.kind == Task::Kind::EqBits && t.n > 9) continue;  // n = 10 runs in the slow suite
    CAPTURE(t.str());
    const CommunicationMatrix m = build_communication_matrix(t);
    const FoolingSet s = greedy_fooling_set(m);
    CHECK(Int(s.size()) == fooling_set_size(t));
    const FoolingCheck c = check_fooling_set(t, s);
    CHECK_MESSAGE(c.ok, c.reason);
    // A fooling set never exceeds R (its Alice inputs have pairwise distinct rows).
    CHECK(fooling_set_size(t) <= rows_closed_form(t));
  }
}

TEST_CASE("counting: check_fooling_set rejects sets that do not fool") {
  const Task t = Task::eq_token(3, 1);
  CHECK_FALSE(check_fooling_set(t, {{0, 0}, {1, 2}}).ok);  // Γ(1, 2) = 0
  CHECK_FALSE(check_fooling_set(t, {{0, 0}, {0, 0}}).ok);  // the same pair twice spans a 1-rectangle
  CHECK(check_fooling_set(t, {{0, 0}, {3, 3}}).ok);
}

TEST_CASE("counting: rank over Q is exact") {
  for (int p = 2; p <= 5; ++p) {
    const Task t = Task::eq_token(p, 1);
    CHECK(Int(rank_over_q(build_communication_matrix(t))) == rows_closed_form(t));
  }
  // Rows 110, 011, 101: rank 3 over Q although rank 2 over GF(2).
  CommunicationMatrix a;
  a.rows = 3;
  a.cols = 3;
  a.bits = {0b011, 0b110, 0b101};
  CHECK(rank_over_q(a) == 3);
  // Rows 110, 001, 111: rank 2.
  a.bits = {0b011, 0b100, 0b111};
  CHECK(rank_over_q(a) == 2);
}

TEST_CASE("counting: known values of eq-token(p=3, d=1)") {
  const Task t = Task::eq_token(3, 1);
  const Architecture a = default_architecture(t, ArchClass::Embedding);
  const BoundResult r2 = bound(t, a, 2);
  CHECK(r2.rows == 5);
  CHECK(r2.value_count == 4);
  CHECK(r2.messages == 4);
  CHECK(r2.bound == "embedding");
  CHECK(r2.compared_with == "rows");
  CHECK(r2.ruled_out);
  CHECK(r2.argument.find("embedding bound") != std::string::npos);
  const BoundResult r3 = bound(t, a, 3);
  CHECK(r3.messages == 8);
  CHECK_FALSE(r3.ruled_out);
}

TEST_CASE("counting: the embedding bound is exactly V^(c*d_tok)") {
  for (int d : {1, 3, 5}) {
    const Task t = Task::eq_token(5, d);
    const Architecture a = default_architecture(t, ArchClass::Embedding);
    for (int q = 1; q <= 6; ++q) CHECK(bound(t, a, q).messages == two_to(q * d));
  }
  // eq-bits in the embedding class: c = n positions, d_tok = 2.
  const Task b = Task::eq_bits(5);
  Architecture a = default_architecture(b, ArchClass::Embedding);
  a.d_tok = 2;
  CHECK(bound(b, a, 3).messages == two_to(3 * 5 * 2));
  CHECK(bound_with_values(b, a, 3, 0).messages == boost::multiprecision::pow(Int(3), 10));
  REQUIRE(bound(b, a, 3).terms.size() == 1);  // only the embedding bound is valid for that class
}

TEST_CASE("counting: state and two-way bounds for eq-bits") {
  const Task t = Task::eq_bits(16);
  Architecture a = default_architecture(t, ArchClass::Accumulation);
  CHECK(a.fixed_readout_query);
  a.softmax = SoftmaxKind::Plain;
  const BoundResult s = bound(t, a, 3);
  CHECK(s.bound == "state");
  CHECK(s.messages == two_to(3 * 2));  // V^(H(1+d_h)) with H = 1, d_h = 1
  CHECK(s.compared_with == "rows");
  CHECK(q_min(t, a, 64) == 8);       // 2^(2q) >= 2^16 first at q = 8
  a.softmax = SoftmaxKind::Stable;
  const BoundResult w = bound(t, a, 3);
  CHECK(w.bound == "two-way");
  CHECK(w.messages == two_to(3 * 4));  // V^H * V^(H(2+d_h))
  CHECK(w.compared_with == "fooling");
  CHECK(w.ruled_out);                 // 2^16 > 2^12
  CHECK(q_min(t, a, 64) == 4);
  a.heads = 2;
  a.d_h = 3;
  CHECK(bound(t, a, 1).messages == two_to(2 * (3 + 3)));
  CHECK(q_min(t, a, 64) == 2);
  a.softmax = SoftmaxKind::Plain;
  CHECK(bound(t, a, 1).messages == two_to(2 * (1 + 3)));
  CHECK(q_min(t, a, 64) == 2);
  // Small n: the embedding bound V^n is the smaller one and is reported.
  const Task t3 = Task::eq_bits(3);
  const BoundResult e = bound(t3, default_architecture(t3, ArchClass::Accumulation), 2);
  CHECK(e.bound == "embedding");
  CHECK(e.terms.size() == 2);
}

TEST_CASE("counting: the state and two-way bounds need the accumulation class and a fixed readout query") {
  const Task tok = Task::eq_token(6, 2);
  for (ArchClass c : {ArchClass::Embedding, ArchClass::Accumulation}) {
    Architecture a = default_architecture(tok, c);
    CHECK_FALSE(a.fixed_readout_query);
    for (SoftmaxKind s : {SoftmaxKind::Stable, SoftmaxKind::Plain}) {
      a.softmax = s;
      CHECK(valid_bounds(tok, a).size() == 1);
      CHECK(q_min(tok, a, 64) == 6);
    }
  }
  const Task bits = Task::eq_bits(40);
  Architecture a = default_architecture(bits, ArchClass::Embedding);
  CHECK(valid_bounds(bits, a).size() == 1);
  CHECK(q_min(bits, a, 64) == 1);  // V^40 >= 2^40 for every q >= 1
  a.cls = ArchClass::Accumulation;
  a.fixed_readout_query = false;
  CHECK(valid_bounds(bits, a).size() == 1);
}

TEST_CASE("counting: verdicts are monotone in q and M grows strictly") {
  std::vector<std::pair<Task, Architecture>> cases;
  for (const Task& t : {Task::eq_token(9, 3), Task::eq_bits(33)})
    for (ArchClass c : {ArchClass::Embedding, ArchClass::Accumulation})
      for (SoftmaxKind s : {SoftmaxKind::Stable, SoftmaxKind::Plain}) {
        Architecture a = default_architecture(t, c);
        a.softmax = s;
        cases.emplace_back(t, a);
      }
  for (const auto& [t, a] : cases) {
    CAPTURE(t.str());
    BoundResult prev = bound(t, a, 1);
    for (int q = 2; q <= 40; ++q) {
      const BoundResult r = bound(t, a, q);
      CHECK(r.messages > prev.messages);
      if (r.ruled_out) CHECK(prev.ruled_out);
      prev = r;
    }
  }
}

TEST_CASE("counting: q_min for eq-token is p (ruled out at q = p-1, not at q = p)") {
  for (int d : {1, 2, 7}) {
    for (int p = 2; p <= 64; ++p) {
      const Task t = Task::eq_token(p, d);
      const Architecture a = default_architecture(t, ArchClass::Embedding);
      CAPTURE(p);
      CAPTURE(d);
      CHECK(q_min(t, a, 64) == p);
    }
  }
  const Task big = Task::eq_token(64, 4096);
  const Architecture a = default_architecture(big, ArchClass::Embedding);
  const BoundResult below = bound(big, a, 63);
  CHECK(below.ruled_out);
  CHECK(below.rows - below.messages == 1);  // 2^(63*4096) + 1 against 2^(63*4096)
  CHECK_FALSE(bound(big, a, 64).ruled_out);
  CHECK(q_min(Task::eq_token(10, 1), default_architecture(Task::eq_token(10, 1), ArchClass::Embedding), 5) == 6);
}

TEST_CASE("counting: Theorem A (ii) at q = p-1 by the embedding bound") {
  for (int d : {1, 2, 3, 8, 64}) {
    for (int p = 2; p <= 64; ++p) {
      const Task t = Task::eq_token(p, d);
      for (ArchClass c : {ArchClass::Embedding, ArchClass::Accumulation}) {
        const BoundResult r = bound(t, default_architecture(t, c), p - 1);
        CAPTURE(p);
        CAPTURE(d);
        CHECK(r.ruled_out);
        CHECK(r.bound == "embedding");
        CHECK(r.messages == two_to((p - 1) * d));
        // Any smaller set G of values is ruled out too.
        CHECK(bound_with_values(t, default_architecture(t, c), two_to(p - 1) - 1, p - 1).ruled_out);
      }
    }
  }
}

TEST_CASE("counting: exact value counts that are not powers of two") {
  const Task t = Task::eq_token(3, 1);  // R = 5
  const Architecture a = default_architecture(t, ArchClass::Embedding);
  CHECK(bound_with_values(t, a, 3, 0).ruled_out);
  CHECK(bound_with_values(t, a, 4, 0).ruled_out);
  CHECK_FALSE(bound_with_values(t, a, 5, 0).ruled_out);  // R = M: not ruled out
  CHECK(bound_with_values(t, a, 5, 7).q == 7);
  CHECK_THROWS_AS(bound_with_values(t, a, 0, 0), std::invalid_argument);
  CHECK_THROWS_AS(bound(t, a, 0), std::invalid_argument);
  CHECK_THROWS_AS(q_min(t, a, 0), std::invalid_argument);
  Architecture bad = a;
  bad.d_tok = 0;
  CHECK_THROWS_AS(bound(t, bad, 3), std::invalid_argument);
}

TEST_CASE("counting: compare_with_power agrees with materialized powers") {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 2000; ++i) {
    const Int V = Int(rng() % 40 + 1);
    const std::int64_t k = static_cast<std::int64_t>(rng() % 30);
    const Int p = boost::multiprecision::pow(V, static_cast<unsigned>(k));
    for (const Int& x : std::vector<Int>{p - 1, p, p + 1, p * 2, p / 3, Int(rng() % 1000)}) {
      if (x < 0) continue;
      const int expect = x < p ? -1 : (x == p ? 0 : 1);
      CAPTURE(V);
      CAPTURE(k);
      CHECK(compare_with_power(x, V, k) == expect);
    }
    CHECK(exact_power(V, k) == p);
  }
  CHECK(compare_with_power(two_to(258048), 2, 258048) == 0);
  CHECK(compare_with_power(two_to(258048) + 1, two_to(63), 4096) == 1);
  CHECK(compare_with_power(two_to(258048) - 1, two_to(63), 4096) == -1);
  CHECK_THROWS_AS(exact_power(3, std::int64_t(1) << 30), std::invalid_argument);
}

TEST_CASE("counting: to_decimal equals cpp_int::str()") {
  std::vector<Int> xs = {0, 1, 9, 999999999, 1000000000, -12345, two_to(64), two_to(4095) + 17};
  for (int e : {4096, 4097, 5000, 12288, 8192, 40000, 4100}) {  // not ascending: exercises the cache
    xs.push_back(two_to(e));
    xs.push_back(two_to(e) + 1);
    xs.push_back(two_to(e) + (two_to(64) - 1));
    xs.push_back(two_to(e) + two_to(64));  // r >= 2^64: the generic path
    xs.push_back(two_to(e) - 1);
  }
  std::mt19937_64 rng(3);
  Int r = 0;
  for (int i = 0; i < 200; ++i) r = (r << 64) + rng();
  xs.push_back(r);
  for (const Int& x : xs) CHECK(to_decimal(x) == x.str());
  CHECK(abbreviate_decimal("12345") == "12345");
  CHECK(abbreviate_decimal(std::string(50, '7')) == "777777777777...777777777777 (50 digits)");
}

TEST_CASE("counting: default architectures") {
  const Architecture t = default_architecture(Task::eq_token(8, 3), ArchClass::Embedding);
  CHECK(t.d_tok == 3);
  CHECK(t.d_h == 3);
  CHECK(t.heads == 1);
  CHECK_FALSE(t.fixed_readout_query);
  CHECK(t.cls == ArchClass::Embedding);
  const Architecture b = default_architecture(Task::eq_bits(8), ArchClass::Accumulation);
  CHECK(b.d_tok == 1);
  CHECK(b.d_h == 1);
  CHECK(b.heads == 1);
  CHECK(b.softmax == SoftmaxKind::Stable);
  CHECK(b.fixed_readout_query);
  CHECK(b.cls == ArchClass::Accumulation);
  CHECK(parse_arch_class("accumulation") == ArchClass::Accumulation);
  CHECK_THROWS_AS(parse_arch_class("Embedding"), std::invalid_argument);
  CHECK_THROWS_AS(parse_softmax("soft"), std::invalid_argument);
}

TEST_SUITE("slow") {
  TEST_CASE("counting (slow): enumeration and fooling sets on larger instances") {
    std::vector<Task> ts;
    for (int p = 8; p <= 12; ++p) ts.push_back(Task::eq_token(p, 1));
    ts.push_back(Task::eq_token(5, 2));
    ts.push_back(Task::eq_token(3, 5));
    ts.push_back(Task::eq_token(2, 11));
    ts.push_back(Task::eq_token(4, 3));
    for (int n = 10; n <= 12; ++n) ts.push_back(Task::eq_bits(n));
    for (const Task& t : ts) {
      CAPTURE(t.str());
      const CommunicationMatrix m = build_communication_matrix(t);
      CHECK(Int(distinct_rows(m)) == rows_closed_form(t));
      const FoolingSet s = greedy_fooling_set(m);
      CHECK(Int(s.size()) == fooling_set_size(t));
      if (s.size() <= 2048) CHECK(check_fooling_set(t, s).ok);
    }
  }
}
