// Invariants of the database: an active clause of size >= 2 is watched by its literals at
// positions 0 and 1; a clause that implied a literal has that literal at position 0 and is
// its reason. The top-level trail is closed under unit propagation between steps (no
// conflict except the final one). Temporary assignments of a RUP check sit above it and are
// undone after the check. analyzed[v]: v's reason and all its antecedents are marked; it is
// reset when v is unassigned.
#include "drat/checker.hpp"

#include <algorithm>
#include <cstdlib>
#include <unordered_map>

namespace eb::drat {

namespace {

struct Clause {
  uint64_t start = 0;
  uint32_t size = 0;
  int pivot = 0;          // a lemma's first literal as written (RAT); 0 for the empty clause
  bool active = false;
  bool core = false;      // marked: used by the refutation, so checked (lemmas)
  bool lemma = false;
};

struct Watch {
  uint32_t cid;
  int blocker;
};

uint64_t mix(int lit) {
  uint64_t x = static_cast<uint64_t>(static_cast<int64_t>(lit)) * 0x9E3779B97F4A7C15ull;
  x ^= x >> 29;
  return x * 0xBF58476D1CE4E5B9ull;
}

class Checker {
 public:
  Checker(const Cnf& cnf, const Proof& proof) : cnf_(cnf), proof_(proof) {
    const int n = std::max(cnf.vars, proof.max_var) + 1;
    val_.assign(n, 0);
    reason_.assign(n, -1);
    pos_.assign(n, 0);
    analyzed_.assign(n, 0);
    seen_.assign(2 * size_t(n), 0);
    watches_.resize(2 * size_t(n));
  }

  CheckResult run();

 private:
  const Cnf& cnf_;
  const Proof& proof_;
  std::vector<int> arena_;
  std::vector<Clause> cls_;
  std::vector<int8_t> val_;
  std::vector<int> reason_;
  std::vector<uint32_t> pos_;
  std::vector<uint8_t> analyzed_;
  std::vector<uint8_t> seen_;   // scratch, by literal code
  std::vector<int> trail_;
  size_t qhead_ = 0;
  std::vector<std::vector<Watch>> watches_;
  std::vector<uint32_t> units_;
  std::unordered_multimap<uint64_t, uint32_t> by_hash_;
  std::vector<int> stack_, scratch_;
  CheckResult res_;

  static size_t code(int lit) { return 2 * size_t(std::abs(lit)) + (lit < 0); }
  int value(int lit) const { return lit > 0 ? val_[lit] : -val_[-lit]; }
  int* lits(const Clause& c) { return arena_.data() + c.start; }
  void assign(int lit, int reason) {
    const int v = std::abs(lit);
    val_[v] = lit > 0 ? 1 : -1;
    reason_[v] = reason;
    pos_[v] = static_cast<uint32_t>(trail_.size());
    trail_.push_back(lit);
  }
  void undo_to(size_t n) {
    while (trail_.size() > n) {
      const int v = std::abs(trail_.back());
      val_[v] = 0;
      reason_[v] = -1;
      analyzed_[v] = 0;
      trail_.pop_back();
    }
    qhead_ = std::min(qhead_, n);
  }
  bool is_reason(uint32_t cid) {
    const Clause& c = cls_[cid];
    if (c.size == 0) return false;
    const int l = lits(c)[0];
    return value(l) == 1 && reason_[std::abs(l)] == int(cid);
  }

  // Adds a clause (duplicate literals dropped); returns its id, or -1 for a tautology.
  int add(const int* ls, uint32_t n, bool lemma);
  uint64_t hash_of(const Clause& c) {
    uint64_t h = 0;
    for (uint32_t k = 0; k < c.size; ++k) h += mix(lits(c)[k]);
    return h;
  }
  // Watches the clause under the current assignment; returns its id on a conflict, else -1.
  int attach(uint32_t cid);
  void detach(uint32_t cid);
  int propagate();
  // Undoes the trail down to n, re-asserts the unit clauses and propagates from the start.
  int rebuild(size_t n);
  void mark_var(int v);
  void mark_conflict(int cid);
  bool rup(const std::vector<int>& c);
  bool check_lemma(uint32_t cid);
  int find_deleted(const int* ls, uint32_t n);
  std::string where(const ProofStep& s) const {
    return (proof_.binary ? "at byte " : "at line ") + std::to_string(s.where);
  }
};

int Checker::add(const int* ls, uint32_t n, bool lemma) {
  Clause c;
  c.start = arena_.size();
  c.lemma = lemma;
  c.pivot = n > 0 ? ls[0] : 0;
  bool taut = false;
  for (uint32_t k = 0; k < n; ++k) {
    const int l = ls[k];
    if (seen_[code(l)]) continue;
    if (seen_[code(-l)]) taut = true;
    seen_[code(l)] = 1;
    arena_.push_back(l);
  }
  for (uint64_t k = c.start; k < arena_.size(); ++k) seen_[code(arena_[k])] = 0;
  if (taut) {
    arena_.resize(c.start);
    return -1;
  }
  c.size = static_cast<uint32_t>(arena_.size() - c.start);
  c.active = true;
  cls_.push_back(c);
  const uint32_t cid = static_cast<uint32_t>(cls_.size() - 1);
  by_hash_.emplace(hash_of(cls_[cid]), cid);
  return int(cid);
}

int Checker::attach(uint32_t cid) {
  Clause& c = cls_[cid];
  c.active = true;
  int* L = lits(c);
  if (c.size == 0) return int(cid);
  if (c.size == 1) {
    units_.push_back(cid);
    if (value(L[0]) == -1) return int(cid);
    if (value(L[0]) == 0) assign(L[0], int(cid));
    return -1;
  }
  // Non-false literals first; a true one, if any, at position 0.
  uint32_t front = 0;
  for (uint32_t k = 0; k < c.size && front < 2; ++k)
    if (value(L[k]) != -1) std::swap(L[front++], L[k]);
  if (value(L[1]) == 1) std::swap(L[0], L[1]);
  watches_[code(L[0])].push_back({cid, L[1]});
  watches_[code(L[1])].push_back({cid, L[0]});
  if (front == 0) return int(cid);
  if (front == 1 && value(L[0]) == 0) assign(L[0], int(cid));
  return -1;
}

void Checker::detach(uint32_t cid) {
  Clause& c = cls_[cid];
  c.active = false;
  if (c.size < 2) return;  // units_ is filtered by `active`
  for (int k = 0; k < 2; ++k) {
    auto& ws = watches_[code(lits(c)[k])];
    for (size_t i = 0; i < ws.size(); ++i)
      if (ws[i].cid == cid) {
        ws[i] = ws.back();
        ws.pop_back();
        break;
      }
  }
}

int Checker::propagate() {
  while (qhead_ < trail_.size()) {
    const int fl = -trail_[qhead_++];  // the literal that became false
    auto& ws = watches_[code(fl)];
    size_t i = 0, j = 0;
    const size_t n = ws.size();
    while (i < n) {
      const Watch w = ws[i];
      if (value(w.blocker) == 1) {
        ws[j++] = ws[i++];
        continue;
      }
      Clause& c = cls_[w.cid];
      int* L = lits(c);
      if (L[0] == fl) std::swap(L[0], L[1]);
      const int first = L[0];
      if (first != w.blocker && value(first) == 1) {
        ws[j++] = {w.cid, first};
        ++i;
        continue;
      }
      bool moved = false;
      for (uint32_t k = 2; k < c.size; ++k)
        if (value(L[k]) != -1) {
          std::swap(L[1], L[k]);
          watches_[code(L[1])].push_back({w.cid, first});
          moved = true;
          break;
        }
      ++i;
      if (moved) continue;
      ws[j++] = w;
      if (value(first) == -1) {
        while (i < n) ws[j++] = ws[i++];
        ws.resize(j);
        return int(w.cid);
      }
      assign(first, int(w.cid));
    }
    ws.resize(j);
  }
  return -1;
}

int Checker::rebuild(size_t n) {
  undo_to(n);
  qhead_ = 0;
  size_t keep = 0;
  for (size_t k = 0; k < units_.size(); ++k) {
    const uint32_t cid = units_[k];
    if (!cls_[cid].active) continue;
    units_[keep++] = cid;
    const int l = lits(cls_[cid])[0];
    if (value(l) == -1) return int(cid);
    if (value(l) == 0) assign(l, int(cid));
  }
  units_.resize(keep);
  return propagate();
}

void Checker::mark_var(int v0) {
  stack_.push_back(v0);
  while (!stack_.empty()) {
    const int v = stack_.back();
    stack_.pop_back();
    if (analyzed_[v]) continue;
    analyzed_[v] = 1;
    const int r = reason_[v];
    if (r < 0) continue;
    Clause& c = cls_[r];
    c.core = true;
    const int* L = lits(c);
    for (uint32_t k = 0; k < c.size; ++k) {
      const int u = std::abs(L[k]);
      if (u != v && !analyzed_[u]) stack_.push_back(u);
    }
  }
}

void Checker::mark_conflict(int cid) {
  Clause& c = cls_[cid];
  c.core = true;
  const int* L = lits(c);
  for (uint32_t k = 0; k < c.size; ++k) mark_var(std::abs(L[k]));
}

bool Checker::rup(const std::vector<int>& c) {
  const size_t t0 = trail_.size();
  bool ok = false;
  for (int l : c) {
    const int v = value(l);
    if (v == 1) {  // -l contradicts the top level (or an earlier assumption's propagation)
      mark_var(std::abs(l));
      ok = true;
      break;
    }
    if (v == 0) assign(-l, -1);
  }
  if (!ok) {
    const int confl = propagate();
    if (confl >= 0) {
      mark_conflict(confl);
      ok = true;
    }
  }
  undo_to(t0);
  qhead_ = t0;
  return ok;
}

bool Checker::check_lemma(uint32_t cid) {
  const Clause c = cls_[cid];
  std::vector<int> lemma(lits(c), lits(c) + c.size);
  if (rup(lemma)) return true;
  if (c.size == 0) return false;
  const int p = c.pivot;
  for (int l : lemma) seen_[code(l)] = 1;
  bool ok = true;
  for (uint32_t d = 0; d < cls_.size() && ok; ++d) {
    const Clause& D = cls_[d];
    if (!D.active || d == cid) continue;
    const int* L = lits(D);
    if (std::find(L, L + D.size, -p) == L + D.size) continue;
    cls_[d].core = true;
    scratch_ = lemma;
    bool taut = false;
    for (uint32_t k = 0; k < D.size; ++k) {
      const int l = L[k];
      if (l == -p || seen_[code(l)]) continue;
      if (seen_[code(-l)]) taut = true;
      scratch_.push_back(l);
    }
    if (taut) continue;
    // The resolvent may repeat a literal of D twice only if D does; rup() tolerates that.
    ok = rup(scratch_);
  }
  for (int l : lemma) seen_[code(l)] = 0;
  if (ok) ++res_.rat_lemmas;
  return ok;
}

int Checker::find_deleted(const int* ls, uint32_t n) {
  // The clause to delete, as a set: duplicates dropped, like add().
  scratch_.clear();
  for (uint32_t k = 0; k < n; ++k) {
    if (seen_[code(ls[k])]) continue;
    seen_[code(ls[k])] = 1;
    scratch_.push_back(ls[k]);
  }
  for (int l : scratch_) seen_[code(l)] = 0;
  uint64_t h = 0;
  for (int l : scratch_) h += mix(l);
  std::sort(scratch_.begin(), scratch_.end());
  auto range = by_hash_.equal_range(h);
  std::vector<int> other;
  for (auto it = range.first; it != range.second; ++it) {
    const Clause& c = cls_[it->second];
    if (!c.active || c.size != scratch_.size()) continue;
    other.assign(lits(c), lits(c) + c.size);
    std::sort(other.begin(), other.end());
    if (other == scratch_) return int(it->second);
  }
  return -1;
}

CheckResult Checker::run() {
  // Forward pass.
  int confl = -1;
  for (size_t i = 0; i < cnf_.clauses() && confl < 0; ++i) {
    const int cid = add(cnf_.lits.data() + cnf_.begin[i], uint32_t(cnf_.begin[i + 1] - cnf_.begin[i]), false);
    if (cid >= 0) confl = attach(uint32_t(cid));
  }
  if (confl < 0) confl = propagate();
  const auto& steps = proof_.steps;
  for (const auto& s : steps) (s.deletion ? res_.deletions : res_.lemmas)++;
  std::vector<int> step_clause(steps.size(), -1);  // the lemma added, or the clause deleted (honoured)
  size_t final_step = 0;                           // steps [0, final_step) are used
  for (size_t i = 0; i < steps.size() && confl < 0; ++i) {
    const ProofStep& s = steps[i];
    const int* ls = proof_.lits.data() + s.begin;
    final_step = i + 1;
    if (s.deletion) {
      const int cid = find_deleted(ls, s.size);
      if (cid < 0) ++res_.ignored_missing_deletions;
      else if (is_reason(uint32_t(cid))) ++res_.ignored_unit_deletions;
      else {
        detach(uint32_t(cid));
        step_clause[i] = cid;
      }
      continue;
    }
    const int cid = add(ls, s.size, true);
    step_clause[i] = cid;
    if (cid < 0) continue;
    confl = attach(uint32_t(cid));
    if (confl < 0) confl = propagate();
  }
  res_.steps_used = final_step;
  if (confl < 0) {
    res_.problem = "the proof does not refute the CNF: after its " + std::to_string(steps.size()) +
                   " steps, unit propagation finds no conflict (a truncated proof, or a proof of another CNF)";
    return res_;
  }
  // Backward pass.
  mark_conflict(confl);
  bool conflicting = true;  // the trail holds the final conflict until the last lemma is removed
  for (size_t i = final_step; i-- > 0;) {
    const ProofStep& s = steps[i];
    const int cid = step_clause[i];
    if (cid < 0) continue;
    if (s.deletion) {
      int c2 = attach(uint32_t(cid));
      if (c2 < 0) c2 = propagate();
      if (c2 >= 0) {
        res_.problem = "internal error of the DRAT checker: a conflict on restoring a deleted clause " + where(s);
        return res_;
      }
      continue;
    }
    const bool reason = !conflicting && is_reason(uint32_t(cid));
    const size_t from = reason ? pos_[std::abs(lits(cls_[cid])[0])] : 0;
    detach(uint32_t(cid));
    if (conflicting || reason) {
      if (rebuild(from) >= 0) {
        res_.problem = "internal error of the DRAT checker: a conflict before the final one " + where(s);
        return res_;
      }
      conflicting = false;
    }
    if (!cls_[cid].core) continue;
    if (!check_lemma(uint32_t(cid))) {
      res_.problem = "the lemma " + where(s) + " is neither RUP nor RAT on its first literal";
      if (cls_[cid].size == 0) res_.problem = "the empty clause " + where(s) + " does not follow by unit propagation";
      return res_;
    }
    ++res_.lemmas_checked;
  }
  res_.ok = true;
  return res_;
}

}  // namespace

CheckResult check_drat(const Cnf& cnf, const Proof& proof) {
  Checker c(cnf, proof);
  return c.run();
}

}  // namespace eb::drat
