// The lower side: the integers R, the fooling-set size, V and M recomputed with cpp_int
// from the task's definition (check_task.cpp) and the recorded architecture, with this
// file's own list of the bounds of SPEC §6 and their validity conditions (not the counting
// library); the recorded architecture compared with the construction; and the tight
// verdict recomputed from both sides. Trusts: proofs/counting_bounds.md (that each bound,
// when valid, is a bound).
#include "certificate/checker.hpp"

namespace eb::certcheck {

namespace {

struct KnownBound {
  std::string name;
  bool valid = false;
  std::string why_not;      // when not valid
  int64_t exponent = 0;     // messages = V^exponent
  std::string exponent_text;
  std::string compared_with;
};

// The bounds of SPEC §6 and their validity conditions (proofs/counting_bounds.md).
std::vector<KnownBound> known_bounds(int c, const std::string& cls, int d_tok, int H, int d_h,
                                     const std::string& softmax, bool fixed_query) {
  std::vector<KnownBound> out;
  KnownBound e{"embedding", true, "", int64_t(c) * d_tok, fmt::format("c*d_tok = {}*{}", c, d_tok), "rows"};
  out.push_back(e);
  KnownBound s{"state", false, "", int64_t(H) * (1 + d_h), fmt::format("H*(1+d_h) = {}*(1+{})", H, d_h), "rows"};
  if (cls != "accumulation") s.why_not = "needs the accumulation class";
  else if (softmax != "plain") s.why_not = "needs plain softmax";
  else if (!fixed_query) s.why_not = "needs a fixed readout query";
  else s.valid = true;
  out.push_back(s);
  KnownBound w{"two-way", false, "", int64_t(H) * (3 + d_h), fmt::format("H*(3+d_h) = {}*(3+{})", H, d_h), "fooling"};
  if (cls != "accumulation") w.why_not = "needs the accumulation class";
  else if (softmax != "stable") w.why_not = "needs stable softmax";
  else if (!fixed_query) w.why_not = "needs a fixed readout query";
  else w.valid = true;
  out.push_back(w);
  return out;
}

}  // namespace

void Checker::check_lower(const json& lower) {
  const std::string W = "claim.lower";
  only_keys(lower, W, {"q", "class", "architecture", "value_count", "rows", "fooling", "messages", "bound", "compared_with",
                       "argument", "ruled_out"});
  auto q = integer(lower, W, "q");
  auto cls = str(lower, W, "class");
  auto V_text = str(lower, W, "value_count");
  auto R_text = str(lower, W, "rows");
  auto fool_text = str(lower, W, "fooling");
  auto M_text = str(lower, W, "messages");
  auto bound = str(lower, W, "bound");
  auto compared = str(lower, W, "compared_with");
  auto argument = str(lower, W, "argument");
  auto ruled_out = boolean(lower, W, "ruled_out");
  std::optional<int64_t> d_tok, heads, d_h;
  std::optional<std::string> softmax;
  std::optional<bool> fixed_query;
  if (const json* a = object(lower, W, "architecture")) {
    const std::string A = W + ".architecture";
    only_keys(*a, A, {"d_tok", "heads", "d_h", "softmax", "fixed_readout_query"});
    d_tok = integer(*a, A, "d_tok");
    heads = integer(*a, A, "heads");
    d_h = integer(*a, A, "d_h");
    softmax = str(*a, A, "softmax");
    fixed_query = boolean(*a, A, "fixed_readout_query");
    for (auto [name, v] : {std::pair{"d_tok", &d_tok}, std::pair{"heads", &heads}, std::pair{"d_h", &d_h}})
      if (*v && (**v < 1 || **v > 65536)) {
        problem(A + "." + name, fmt::format("{} out of range 1..65536", **v));
        v->reset();
      }
    if (softmax && *softmax != "stable" && *softmax != "plain") {
      problem(A + ".softmax", fmt::format("'{}' is not stable or plain", *softmax));
      softmax.reset();
    }
    if (task_ && fixed_query) {
      const bool needed = task_->kind == Task::Kind::EqBits;  // eq-token: position N holds Bob's y
      if (*fixed_query != needed)
        problem(A + ".fixed_readout_query",
                fmt::format("recorded {}, {} has {}", *fixed_query, task_->str(),
                            needed ? "a fixed readout token at position N" : "Bob's token at the output position"));
    }
    // The lower side is about Transformers of the construction's shape at p-1 bits.
    if (model_) {
      int model_dh = 0;
      for (size_t h = 0; h < model_->heads.size(); ++h) model_dh = std::max(model_dh, model_->d_h(h));
      auto same = [&](const char* name, const std::optional<int64_t>& rec, int64_t want) {
        if (rec && *rec != want)
          problem(A + "." + name, fmt::format("recorded {}, the construction (claim.upper.model) has {}", *rec, want));
      };
      same("d_tok", d_tok, model_->d_tok);
      same("heads", heads, static_cast<int64_t>(model_->heads.size()));
      same("d_h", d_h, model_dh);
      if (softmax && *softmax != softmax_name(model_->softmax))
        problem(A + ".softmax", fmt::format("recorded {}, the construction (claim.upper.model) has {}", *softmax,
                                            softmax_name(model_->softmax)));
    }
    if (task_ && d_tok && task_->kind == Task::Kind::EqToken && *d_tok != task_->d)
      problem(A + ".d_tok", fmt::format("recorded {}, the threshold for {} is about d_tok = d = {}", *d_tok, task_->str(), task_->d));
  }
  if (cls && *cls != "embedding" && *cls != "accumulation") {
    problem(W + ".class", fmt::format("'{}' is not embedding or accumulation", *cls));
    cls.reset();
  }
  for (auto [name, v] : {std::pair{"value_count", &V_text}, std::pair{"rows", &R_text}, std::pair{"fooling", &fool_text},
                         std::pair{"messages", &M_text}})
    if (*v && !is_decimal(**v)) {
      problem(W + "." + name, "not a decimal string");
      v->reset();
    }
  if (q && (*q < 1 || *q > 256)) {
    problem(W + ".q", fmt::format("{} out of range 1..256", *q));
    q.reset();
  }
  if (q && p_ && *q != *p_ - 1) problem(W + ".q", fmt::format("recorded {}, the threshold at p = {} needs q = p-1 = {}", *q, *p_, *p_ - 1));
  if (!task_ || !q) return;

  const Task& t = *task_;
  const int c = alice_positions(t);
  const Int V = Int(1) << *q;
  const Int R = rows_of(t);
  const Int fooling = R;
  bool ok = true;
  auto compare = [&](const char* name, const std::optional<std::string>& recorded, const Int& value) {
    if (!recorded) {
      ok = false;
      return;
    }
    const std::string s = value.str();
    if (*recorded != s) {
      problem(W + "." + name, fmt::format("recorded {}, recomputed {}", short_decimal(*recorded), short_decimal(s)));
      ok = false;
    }
  };
  compare("value_count", V_text, V);
  compare("rows", R_text, R);
  compare("fooling", fool_text, fooling);
  std::string enumerated;
  if (auto e = rows_enumerated(t)) {
    if (*e != R) {
      problem(W + ".rows", fmt::format("the closed form gives {}, enumerating Γ gives {}", R.str(), e->str()));
      ok = false;
    }
    enumerated = ", also by enumerating Γ";
  }

  if (!cls || !d_tok || !heads || !d_h || !softmax || !fixed_query || !bound) return;
  lower_class_ = *cls;
  arch_ = Arch{static_cast<int>(*d_tok), static_cast<int>(*heads), static_cast<int>(*d_h), *softmax};
  auto bounds = known_bounds(c, *cls, static_cast<int>(*d_tok), static_cast<int>(*heads), static_cast<int>(*d_h), *softmax, *fixed_query);
  const KnownBound* chosen = nullptr;
  for (const auto& b : bounds)
    if (b.name == *bound) chosen = &b;
  if (!chosen) {
    problem(W + ".bound", fmt::format("unknown bound '{}' (the checker knows embedding, state, two-way)", *bound));
    return;
  }
  if (!chosen->valid) {
    problem(W + ".bound", fmt::format("the {} bound is not valid here: it {}", chosen->name, chosen->why_not));
    return;
  }
  if (compared && *compared != chosen->compared_with)
    problem(W + ".compared_with", fmt::format("recorded {}, the {} bound compares with {}", *compared, chosen->name, chosen->compared_with));
  if (argument && argument->rfind(chosen->name + " bound", 0) != 0)
    problem(W + ".argument", fmt::format("does not begin with '{} bound'", chosen->name));

  // Decide every valid bound exactly; materialize V^k only up to 2^24 bits.
  const int64_t kMaxBits = int64_t(1) << 24;
  bool any_rules_out = false, chosen_rules_out = false;
  std::optional<Int> M;
  for (const auto& b : bounds) {
    if (!b.valid) continue;
    const Int& witness = b.compared_with == "rows" ? R : fooling;
    bool rules_out;
    if (*q * b.exponent > kMaxBits) {
      rules_out = false;  // V^k has more than 2^24 bits; R (at most 258049 bits) cannot exceed it
      if (&b == chosen) {
        problem(W + ".messages", fmt::format("V^{} has more than 2^24 bits: too large to check", b.exponent));
        return;
      }
    } else {
      const Int Mb = Int(1) << (*q * b.exponent);  // V = 2^q
      rules_out = witness > Mb;
      if (&b == chosen) M = Mb;
    }
    any_rules_out = any_rules_out || rules_out;
    if (&b == chosen) chosen_rules_out = rules_out;
  }
  compare("messages", M_text, *M);
  if (ruled_out) {
    if (*ruled_out != any_rules_out) {
      problem(W + ".ruled_out", fmt::format("recorded {}, recomputed {}", *ruled_out, any_rules_out));
      ok = false;
    } else if (*ruled_out && !chosen_rules_out) {
      problem(W + ".bound", fmt::format("recorded as the ruling-out bound, but the {} bound does not rule out", chosen->name));
      ok = false;
    }
  } else {
    ok = false;
  }
  if (ok) lower_ruled_out_ = any_rules_out;
  if (ok && M_text && *M_text == M->str())
    pass(fmt::format("lower: recomputed from the task: R = {} ({}{}), V = 2^{}, M = V^({}) = V^{} ({} bound, {} class), "
                     "{} {} M: {}",
                     short_decimal(R.str()), t.kind == Task::Kind::EqToken ? fmt::format("2^(({}-1)*{})+1", t.p, t.d) : fmt::format("2^{}", t.n),
                     enumerated, *q, chosen->exponent_text, chosen->exponent, chosen->name, *cls,
                     chosen->compared_with == "rows" ? "R" : "the fooling-set size", chosen_rules_out ? ">" : "<=",
                     any_rules_out ? "ruled out" : "not ruled out"));
}

void Checker::check_tight(const json& claim) {
  auto tight = boolean(claim, "claim", "tight");
  if (!tight || status_.empty() || !lower_ruled_out_) return;
  const bool recomputed = status_ == "verified" && *lower_ruled_out_;
  if (*tight != recomputed) {
    problem("claim.tight", fmt::format("recorded {}, recomputed {} (upper {}, lower {})", *tight, recomputed, status_,
                                       *lower_ruled_out_ ? "ruled out" : "not ruled out"));
    return;
  }
  if (!*tight) return;
  // The lower bound must cover Transformers of the construction's shape (at p-1 bits).
  if (model_ && arch_ && lower_class_) {
    bool covers = model_->d_tok <= arch_->d_tok;
    if (*lower_class_ == "accumulation") {
      covers = covers && static_cast<int>(model_->heads.size()) <= arch_->heads && arch_->softmax == softmax_name(model_->softmax);
      for (size_t h = 0; h < model_->heads.size(); ++h) covers = covers && model_->d_h(h) <= arch_->d_h;
    }
    if (!covers) {
      problem("claim.tight", fmt::format("the lower bound's architecture (d_tok = {}, H = {}, d_h = {}, {} softmax, {} class) does not "
                                         "contain the construction's shape",
                                         arch_->d_tok, arch_->heads, arch_->d_h, arch_->softmax, *lower_class_));
      return;
    }
  }
  if (upper_ok_ && p_) pass(fmt::format("tight: verified at p = {} and ruled out at q = {}: the threshold is exactly p", *p_, *p_ - 1));
}

}  // namespace eb::certcheck
