// The certificate of a synthesis verdict "no Transformer of this shape over F computes Γ"
// (claim kind "synth", docs/certificates.md and docs/synthesis.md): the task, the format,
// the shape with the values of its fixed parts (the skeleton model: free weights 0), the
// class it speaks about (this shape only), and the final query of the counterexample-
// guided loop with the input subset that was enough, (set-info :status unsat). `everybit
// check` rebuilds the query from the shape and the subset, compares the texts, and
// re-solves it (z3, or --solver cvc5 / boolector).
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "synth/synth.hpp"

namespace eb {

struct SynthClaim {
  Task task;
  Format format;
  SynthShape shape;
  Model skeleton;      // synth_skeleton(task, format or recipe, shape, fixed_from); carries the recipe
  SynthResult result;  // status None, with inputs and smt2
};

// "this shape only: ..." — the class the verdict is about, in words; with symmetry breaking
// it also says which representatives the query searched and where the argument is.
std::string synth_class_text(const SynthShape& s, const Format& F, bool symmetry = false);
// Under a recipe (the skeleton's; uniform: the text above): the stored numbers are in their
// stages' formats, the free weights patterns of the param stage. A certificate of a
// non-uniform recipe records it as claim.recipe (claim.format is then the param stage).
std::string synth_class_text(const SynthShape& s, const Recipe& r, bool symmetry = false);
// The encoding a result used, as `check` rebuilds it: symmetry as applied, rows Cases or Symbolic.
SynthEncoding synth_result_encoding(const SynthResult& r);

nlohmann::json synth_certificate_json(const SynthClaim& c);
void write_synth_certificate(const SynthClaim& c, const std::string& path);

}  // namespace eb
