// The settled results (docs/synthesis.md#settled-results): the exact minimal precision p*
// of one shape, kept as files in a directory (committed: results/synth/) and re-checked
// before anything reports it as exact.
//
// An entry is a subdirectory holding manifest.json
//   {"task": "eq-bits(n=2)", "family": "fixed", "p_star": 2,
//    "shape": {"d_tok", "d_pos", "heads", "d_h", "mlp", "softmax", "fixed": []},
//    "found": {"file": "found.json", ...}, "none": {"file": "none.json", ...} or null, ...}
// with the found side, a model file of the shape over the family's member at p*, and the
// none side, a synth certificate (claim kind "synth") at the member at p* − 1; none is null
// exactly when p* is the family's least p. Other manifest keys (commands, times) are
// informational and not read.
//
// Invariants:
// * Nothing in a manifest is believed: recheck_settled re-derives both sides with code
//   paths independent of the writer — the found model by the check of `everybit verify`
//   (SMT and every-input evaluation; through the verdict cache when one is given) and on the
//   exact reference on every input; the certificate by the certificate checker of
//   `everybit check`, which rebuilds and re-solves its query. The shape and the format of
//   both sides must be the manifest's.
// * p* is a statement about that one shape only (sizes, softmax, no fixed parts), not about
//   every Transformer: the counting bound q_min is the statement about every Transformer.
// * A missing directory holds no entries and is not an error.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "format/format.hpp"
#include "synth/shape.hpp"
#include "task/task.hpp"

namespace eb {

class VerdictCache;

struct SettledEntry {
  std::string dir;                       // the entry's directory
  std::string name;                      // its directory name (stable across machines)
  Task task;
  Family family;
  SynthShape shape;                      // never with fixed parts
  int p_star = 0;
  std::string found_file;                // dir/found.file
  std::string found_by;                  // informational: "synth", "construct" or "model" (by hand)
  std::optional<std::string> none_file;  // dir/none.file; absent: p* is the family's least p
};

struct SettledRead {
  std::vector<SettledEntry> entries;     // by directory name
  std::vector<std::string> warnings;     // one line per manifest that could not be read
};

// Every subdirectory of dir with a manifest.json. A missing dir gives no entries and no
// warning; a malformed manifest gives one warning naming it, and is skipped.
SettledRead read_settled(const std::string& dir);

struct SettledCheckOptions {
  VerdictCache* cache = nullptr;         // the found model's check through the verdict cache
  double timeout_seconds = 300;          // the found model's SMT check
  // The none certificate's re-solve (as `check --timeout`): its query may take minutes (the
  // hard-attention reduction's: about 2 minutes with z3). With a verdict cache, the solver's
  // answer on the query is kept under its directory (answers/, certificate/answer_cache.hpp)
  // and later re-checks reuse it.
  double none_timeout_seconds = 1800;
  std::string solver = "z3";             // the certificate's re-solve (as `check --solver`)
};

struct SettledCheck {
  bool ok = false;
  std::string problem;                   // one line when not ok
  bool undecided = false;                // not ok only because a solver gave no answer (a time limit)
  std::string found_format, none_format; // canonical spellings of the two sides' formats
  // The none certificate's reduction (claim.query.reduction.name, e.g. "hard-automaton"): its
  // none rests on that written reduction as well; empty for a none of the search's own query.
  std::string none_reduction;
  double seconds = 0;
};

SettledCheck recheck_settled(const SettledEntry& e, const SettledCheckOptions& opt = {});

// The shape of a model as synthesis names it (sizes and softmax; nothing fixed); nullopt
// when its heads differ in width.
std::optional<SynthShape> model_synth_shape(const Model& m);

}  // namespace eb
