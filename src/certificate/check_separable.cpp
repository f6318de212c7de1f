// The MLP cut of a separable MLP (proofs/smt_lemmas.md §14): one term lemma per class of
// residual coordinates, instantiated for every coordinate of its class, an accumulation
// lemma and the readout (the cut's own lemma). Their texts are re-solved like every lemma;
// what the instantiation rests on is re-derived here from the model's weights, with code
// of its own (the writer, solver/separable_cut.cpp, groups coordinates by their weights and
// compares Z3 terms; this file reads the model only):
//   * the param, acc and out formats are fixed point (a zero weight then contributes an
//     exact 0 whatever the coordinate holds);
//   * every row of W_1 has exactly one nonzero weight, at a coordinate of the cut;
//   * every coordinate of the cut is instantiated by exactly one term lemma, and the units
//     that read it carry, in order, the weights (W_1 entry, b_1, w_2) of the units that
//     read its lemma's coordinate, which are the units the lemma names;
//   * every term lemma's θ is the readout's, there is one accumulation lemma, in the
//     model's accumulator format, and A is the product of the classes' sets.
// Trusts: the written argument of §14 that these facts and the UNSATs give the cut.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "certificate/checker.hpp"

namespace eb::certcheck {

namespace {

const std::string kTerm = "MLP cut, separable term of residual coordinate ";
const std::string kAccumulation = "MLP cut, accumulation in ";

// A statement read piece by piece; each reader moves on only when it matches.
struct Reader {
  const std::string& s;
  size_t at = 0;
  bool text(const std::string& t) {
    if (s.compare(at, t.size(), t) != 0) return false;
    at += t.size();
    return true;
  }
  bool decimal(size_t& out) {
    size_t v = 0, i = at;
    while (i < s.size() && i - at < 9 && s[i] >= '0' && s[i] <= '9') v = 10 * v + static_cast<size_t>(s[i++] - '0');
    if (i == at || (i < s.size() && s[i] >= '0' && s[i] <= '9')) return false;
    at = i;
    out = v;
    return true;
  }
  bool hexadecimal(uint64_t& out) {
    if (s.compare(at, 2, "0x") != 0) return false;
    size_t i = at + 2;
    uint64_t v = 0;
    for (; i < s.size() && i - at - 2 < 16; ++i) {
      const char ch = s[i];
      const int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
      if (d < 0) break;
      v = 16 * v + static_cast<uint64_t>(d);
    }
    if (i == at + 2 || (i < s.size() && std::isxdigit(static_cast<unsigned char>(s[i])))) return false;
    at = i;
    out = v;
    return true;
  }
  template <class T, class F> bool list(std::vector<T>& out, const char* sep, F item) {
    T v{};
    if (!item(v)) return false;
    out = {v};
    while (text(sep)) {
      if (!item(v)) return false;
      out.push_back(v);
    }
    return true;
  }
};

struct TermLemma {
  std::string field;
  size_t coordinate = 0;
  std::vector<size_t> units, instances;
  std::vector<uint64_t> zero_set;
  uint64_t threshold = 0;
};

std::optional<TermLemma> parse_term(const std::string& st) {
  Reader r{st};
  TermLemma t;
  auto dec = [&r](size_t& v) { return r.decimal(v); };
  auto hex = [&r](uint64_t& v) { return r.hexadecimal(v); };
  if (!r.text(kTerm) || !r.decimal(t.coordinate) || !r.text(" (MLP units ") || !r.list(t.units, ",", dec) ||
      !r.text("): each unit's term is 0 when the coordinate is one of {") || !r.list(t.zero_set, ",", hex) ||
      !r.text("}, otherwise some unit's term is at most ") || !r.hexadecimal(t.threshold) ||
      !r.text(", and no term is ever positive; instantiated for residual coordinates [") ||
      !r.list(t.instances, ",", dec) || !r.text("], whose units carry the same weights") || r.at != st.size())
    return std::nullopt;
  return t;
}

}  // namespace

void Checker::check_separable_cut(const std::vector<Text>& lemmas) {
  std::vector<TermLemma> terms;
  std::vector<std::pair<std::string, std::string>> accumulations;  // field, format
  std::vector<std::pair<std::string, StoredFact>> cuts;
  bool ok = true;
  auto reject = [&](const std::string& field, const std::string& msg) {
    problem(field, msg);
    ok = false;
  };
  for (const Text& l : lemmas) {
    const std::string& st = l.statement;
    if (st.rfind(kTerm, 0) == 0) {
      if (auto t = parse_term(st)) {
        t->field = l.field;
        terms.push_back(*t);
      } else {
        reject(l.field + ".statement", "a separable term lemma not in its form (proofs/smt_lemmas.md §14)");
      }
    } else if (st.rfind(kAccumulation, 0) == 0) {
      const std::string tail = ": a term at most 0 added to a sum at most 0 gives at most either, and 0 + 0 = 0";
      const size_t end = st.size() >= tail.size() ? st.size() - tail.size() : 0;
      if (st.size() > kAccumulation.size() + tail.size() && st.compare(end, tail.size(), tail) == 0)
        accumulations.emplace_back(l.field, st.substr(kAccumulation.size(), end - kAccumulation.size()));
      else
        reject(l.field + ".statement", "an accumulation lemma not in its form (proofs/smt_lemmas.md §14)");
    } else if (auto f = parse_stored_fact(st); f && f->kind == StoredFact::Kind::MlpCut && f->separable) {
      cuts.emplace_back(l.field, *f);
    }
  }
  if (terms.empty() && accumulations.empty() && cuts.empty() && ok) return;
  const std::string W = "claim.upper.lemmas";
  if (cuts.size() != 1) {
    reject(W, fmt::format("{} separable MLP cuts, with {} term and {} accumulation lemmas: a separable cut needs exactly one",
                          cuts.size(), terms.size(), accumulations.size()));
    upper_ok_ = false;
    return;
  }
  const std::string& cut_field = cuts[0].first;
  const StoredFact& cut = cuts[0].second;
  const Model& m = *model_;
  const Format out = m.stage(Stage::Out);
  if (!m.format.is_fixed() || !m.acc.is_fixed() || !out.is_fixed())
    reject(cut_field + ".statement", fmt::format("a separable cut needs fixed-point weights, accumulator and MLP values; the "
                                                 "model has {}, {} and {}",
                                                 m.format.str(), m.acc.str(), out.str()));
  if (accumulations.size() != 1)
    reject(W, fmt::format("{} accumulation lemmas: the separable cut needs one", accumulations.size()));
  for (const auto& [field, fmt_text] : accumulations)
    if (fmt_text != m.acc.str())
      reject(field + ".statement", fmt::format("about {}, the model's accumulator is {}", fmt_text, m.acc.str()));
  if (terms.empty()) reject(W, "a separable cut without a term lemma");

  // Which units read which coordinate, from W_1 alone.
  const Mlp& mlp = m.mlp;
  const std::set<size_t> cut_coords(cut.coords.begin(), cut.coords.end());
  std::map<size_t, std::vector<size_t>> readers;
  for (size_t u = 0; u < mlp.W_1.size(); ++u) {
    std::vector<size_t> nonzero;
    for (size_t j = 0; j < mlp.W_1[u].size(); ++j)
      if (mlp.W_1[u][j] != 0) nonzero.push_back(j);
    if (nonzero.size() != 1 || !cut_coords.count(nonzero[0])) {
      reject("claim.upper.model.mlp.W_1", fmt::format("row {} has {} nonzero weights{}: the separable cut needs each unit to "
                                                      "read one coordinate of the cut",
                                                      u, nonzero.size(), nonzero.size() == 1 ? " outside the cut" : ""));
      continue;
    }
    readers[nonzero[0]].push_back(u);
  }
  // Every coordinate of the cut instantiated once, with its lemma's weights; A_i per coordinate.
  std::map<size_t, const TermLemma*> lemma_of;
  for (const TermLemma& t : terms) {
    if (t.threshold != cut.threshold)
      reject(t.field + ".statement", fmt::format("θ = 0x{:x}, the readout's is 0x{:x}", t.threshold, cut.threshold));
    if (readers[t.coordinate] != t.units)
      reject(t.field + ".statement", fmt::format("names the units of coordinate {}, which are not the units reading it in "
                                                 "W_1",
                                                 t.coordinate));
    if (std::find(t.instances.begin(), t.instances.end(), t.coordinate) == t.instances.end())
      reject(t.field + ".statement", fmt::format("is not instantiated for its own coordinate {}", t.coordinate));
    for (size_t i : t.instances) {
      if (!cut_coords.count(i)) {
        reject(t.field + ".statement", fmt::format("instantiated for coordinate {}, which is not a coordinate of the cut", i));
        continue;
      }
      if (!lemma_of.emplace(i, &t).second) {
        reject(t.field + ".statement", fmt::format("coordinate {} is instantiated by two term lemmas", i));
        continue;
      }
      const std::vector<size_t>& mine = readers[i];
      bool same = mine.size() == t.units.size();
      for (size_t k = 0; same && k < mine.size(); ++k) {
        const size_t a = mine[k], b = t.units[k];
        same = mlp.W_1[a][i] == mlp.W_1[b][t.coordinate] && mlp.b_1[a] == mlp.b_1[b] && mlp.w_2[a] == mlp.w_2[b];
      }
      if (!same)
        reject(t.field + ".statement",
               fmt::format("instantiated for coordinate {}, whose units do not carry the weights of coordinate {}'s units "
                           "(W_1, b_1, w_2 in order)",
                           i, t.coordinate));
    }
  }
  for (size_t i : cut.coords)
    if (!lemma_of.count(i)) reject(cut_field + ".statement", fmt::format("coordinate {} is instantiated by no term lemma", i));
  if (!ok) {
    upper_ok_ = false;
    return;
  }
  // A = ∏ A_i: as many points as the product, each in it (the cut's points are sorted).
  double product = 1;
  for (size_t i : cut.coords) product *= static_cast<double>(lemma_of[i]->zero_set.size());
  bool inside = std::adjacent_find(cut.points.begin(), cut.points.end()) == cut.points.end();
  for (const auto& pt : cut.points)
    for (size_t k = 0; inside && k < pt.size(); ++k) {
      const auto& zs = lemma_of[cut.coords[k]]->zero_set;
      inside = std::find(zs.begin(), zs.end(), pt[k]) != zs.end();
    }
  if (!inside || product != static_cast<double>(cut.points.size())) {
    reject(cut_field + ".statement", "its points are not the product of the term lemmas' sets");
    upper_ok_ = false;
    return;
  }
  pass(fmt::format("MLP cut (separable): {} coordinate{} in {} class{} of identical units, re-derived from the model's "
                   "weights; the term, accumulation and readout lemmas re-solved above (proofs/smt_lemmas.md §14)",
                   cut.coords.size(), cut.coords.size() == 1 ? "" : "s", terms.size(), terms.size() == 1 ? "" : "es"));
}

}  // namespace eb::certcheck
