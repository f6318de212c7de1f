// src/cache/ owns the verdict cache (docs/sweeps.md#the-verdict-cache): decided upper-side
// verdicts stored with their certificates, keyed by the SHA-256 of what decides them, so
// that the walks of capacity, calc, table and threshold never solve the same check twice.
//
// Invariants:
// * Only decided verdicts are stored: verified, or refuted with a counterexample that the
//   exact reference confirms; never unknown, never a verdict with an internal
//   disagreement. A time limit can only turn a decided verdict into unknown, so the time
//   limits are not part of the key, and an unknown is recomputed on every run.
// * The key is sha256(key_text); key_text is canonical JSON of the canonical model file,
//   the task, the options that change what is recorded (exhaustive limit, exact-exp bits,
//   the lemma sweep, the adder-lemma path), the solver's version and kVerdictEncodingVersion.
// * An entry is two files: KEY.cert.json, a `verify` certificate (docs/certificates.md,
//   checkable with `everybit check`), and KEY.json, {key, key_text, cert_sha256}. Both are
//   written to a temporary name and renamed, the certificate first, so concurrent jobs
//   sharing a directory never see half an entry.
// * A hit is re-validated before use: the entry's key text equals the one computed now,
//   the certificate file's SHA-256 equals cert_sha256, its claim_sha256 matches its claim,
//   and the claim's model is the model checked. Anything else is a corrupt entry: one
//   warning line, then the check is solved again (and the entry overwritten).
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "model/model.hpp"
#include "solver/smt_check.hpp"
#include "task/task.hpp"
#include "upper/upper_check.hpp"

namespace eb {

// Bump whenever the encoding, the check pipeline (falsification, SMT, exhaustive
// cross-check) or the verify certificate's claim changes in a way that could change a
// verdict or what is recorded: old entries then live under another key (and another
// subdirectory, vN/) and are never read.
// 2: the exact sums' steps rest on representability (claim.upper.representable), not on
// one adder lemma per term value; the key records --adder-lemmas.
// 3: exact-sum shadows up to 128 bits wide (fixed(64) sums are shadowed, no longer plain).
// 4: eq-token verdicts carry the final query's parts as lemmas (proofs/smt_lemmas.md §12).
// 5: a sum's term with constant leaves added per leaf; float eq-token's case x != y with
// normalization hints and their lemmas (proofs/smt_lemmas.md §15); eq-token d > 1 over fixed
// point: the separable MLP cut's lemmas, and the final query's parts over their slice's
// domain (§14).
// 6: float eq-token at d = 1: the final query through the residual's adder
//    (proofs/smt_lemmas.md §16).
inline constexpr int kVerdictEncodingVersion = 6;

class VerdictCache {
 public:
  // dir must exist or be creatable; throws std::runtime_error (one line) when it cannot
  // be created or written.
  explicit VerdictCache(std::string dir);

  // $XDG_CACHE_HOME/everybit, else $HOME/.cache/everybit; empty when neither is set.
  static std::string default_dir();

  const std::string& dir() const { return dir_; }
  std::string key_text(const Model& m, const Task& t, const SmtOptions& smt, uint64_t exhaustive_limit) const;
  static std::string key_of(const std::string& key_text);
  std::string entry_path(const std::string& key) const;  // DIR/vN/ab/KEY.json
  std::string cert_path(const std::string& key) const;   // DIR/vN/ab/KEY.cert.json

  // A validated hit, or nothing (a miss; a corrupt entry also warns).
  std::optional<UpperCheck> lookup(const std::string& key, const std::string& key_text, const Model& m,
                                   const Task& t);
  // Stores a decided verdict (anything else is ignored); a write failure warns once per
  // run and is otherwise ignored (the verdict itself is unaffected).
  void store(const std::string& key, const std::string& key_text, const Model& m, const Task& t, const UpperCheck& c);

  // One-line warnings (a corrupt entry, a failed write); default: stderr.
  std::function<void(const std::string&)> warn;

  std::atomic<uint64_t> hits{0}, misses{0}, stored{0}, corrupt{0};

 private:
  std::string dir_;
  std::atomic<bool> write_warned_{false};
};

// check_upper through the cache: a validated hit is returned without solving; otherwise
// the check runs and a decided verdict is stored. cache == nullptr: check_upper itself.
UpperCheck cached_check_upper(VerdictCache* cache, const Model& m, const Task& t, const SmtOptions& smt,
                              uint64_t exhaustive_limit);

// True when the stored verdict may be reused (see the invariants above).
bool cacheable(const UpperCheck& c);

}  // namespace eb
