// everybit eval FILE (--input X,Y[,...] | --inputs-file FILE) [--json]: the forward pass (docs/model.md) on one input,
// with every intermediate value (as hex pattern and exact value): the embedded vectors,
// per head q, k_j, v_j, the scores s_j, μ, the weights w_j, Z, U, a and the residual after
// the head; the MLP's W_1 r + b_1 and g; the output o and the verdict. The output is also
// replayed on the exact reference (src/reference); a disagreement is a bug (exit 6).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cli_util.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "transformer/evaluator.hpp"
#include "reference/decode.hpp"
#include "upper/reference_replay.hpp"

namespace eb::cli {

namespace {

struct EvalOptions {
  std::string file, input, inputs_file, recipe;
  bool json = false;
  std::string input_option = "--input";  // named in token errors ("--inputs-file line K" in batch mode)
};

std::vector<uint64_t> pats(const std::vector<CBV>& v) {
  std::vector<uint64_t> out;
  for (const auto& x : v) out.push_back(static_cast<uint64_t>(x.v));
  return out;
}
uint64_t pat(const CBV& x) { return static_cast<uint64_t>(x.v); }

bool same_output(const Format& F, uint64_t a, uint64_t b) {
  if (a == b) return true;
  using reference::Class;
  return F.is_float() && reference::classify(F, a) == Class::NaN && reference::classify(F, b) == Class::NaN;
}

// Every stored value in the order of docs/model.md §3 ("stored value #i"): the concrete
// forward pass run again with an on_store hook that records (and returns) its argument.
std::vector<std::string> stored_patterns(const Model& m, const std::vector<Vec>& h) {
  ConcreteBackend b;
  ConcreteArith ar{b};
  Forward<ConcreteArith> fw(ar, m);
  std::vector<std::string> out;  // "0x" and one hex digit per 4 bits of the value's format, as "pattern" elsewhere
  fw.on_store = [&out](const CBV& v) {
    out.push_back(fmt::format("0x{:0{}x}", static_cast<uint64_t>(v.v), (v.w + 3) / 4));
    return v;
  };
  std::vector<std::vector<CBV>> hv;
  for (const auto& row : h) {
    std::vector<CBV> v;
    for (auto p : row) v.push_back(b.num(m.format.bits(), p));
    hv.push_back(v);
  }
  fw.run(hv);
  return out;
}

void run_eval(const EvalOptions& o, const ModelFile& mf, int& code) {
  const Model& m = mf.model;
  const std::vector<BigInt> tokens = parse_tokens(o.input, o.input_option);
  check_tokens(m, tokens, o.input_option);
  // Each value is printed in its recipe stage's format (all F for a one-format model).
  const Format F = m.format, A = m.acc, Q = m.stage(Stage::Qk), V = m.stage(Stage::Value), S = m.stage(Stage::Score),
               W = m.stage(Stage::Prob), O = m.stage(Stage::Out);
  auto rfmt = [&](size_t e) { return e == 0 ? F : O; };  // r_0 = h_N is param
  const std::vector<Vec> h = embedded_inputs(m, tokens);
  const Evaluation ev = evaluate(m, tokens);
  const auto& tr = ev.trace;
  const uint64_t ref = reference_output(m, tokens);
  const bool ref_agrees = same_output(O, ref, ev.o);
  std::optional<bool> expected;
  if (mf.task && mf.task->positions() == m.positions && mf.task->alphabet_size() <= m.E.alphabet_size()) {
    bool in_domain = true;
    for (size_t j = 0; j < tokens.size(); ++j) {
      if (mf.task->kind == Task::Kind::EqToken) in_domain = in_domain && tokens[j] < mf.task->alphabet_size();
      else in_domain = in_domain && (static_cast<int>(j) < 2 * mf.task->n ? tokens[j] <= 1 : tokens[j] == 2);
    }
    if (in_domain) expected = mf.task->truth(tokens);
  }

  if (o.json) {
    nlohmann::json out;
    out["model"] = o.file;
    out["format"] = F.str();
    out["accumulator"] = A.str();
    out["recipe"] = m.recipe().str();
    out["softmax"] = softmax_name(m.softmax);
    nlohmann::json toks = nlohmann::json::array();
    for (const auto& t : tokens) toks.push_back(t.str());
    out["tokens"] = toks;
    nlohmann::json hj = nlohmann::json::array();
    for (const auto& row : h) hj.push_back(vector_json(F, row));
    out["h"] = hj;
    nlohmann::json heads = nlohmann::json::array();
    for (const auto& ht : tr.heads) {
      nlohmann::json k = nlohmann::json::array(), v = nlohmann::json::array();
      for (const auto& kj : ht.k) k.push_back(vector_json(Q, pats(kj)));
      for (const auto& vj : ht.v) v.push_back(vector_json(V, pats(vj)));
      heads.push_back({{"q", vector_json(Q, pats(ht.q))},
                       {"k", k},
                       {"v", v},
                       {"s", vector_json(S, pats(ht.s))},
                       {"mu", m.softmax == Softmax::Stable ? value_json(S, pat(ht.mu)) : nlohmann::json(nullptr)},
                       {"w", vector_json(W, pats(ht.w))},
                       {"Z", value_json(A, pat(ht.Z))},
                       {"U", vector_json(A, pats(ht.U))},
                       {"a", vector_json(O, pats(ht.a))}});
    }
    out["heads"] = heads;
    nlohmann::json r = nlohmann::json::array();
    for (size_t e = 0; e < tr.r.size(); ++e) r.push_back(vector_json(rfmt(e), pats(tr.r[e])));
    out["r"] = r;
    out["mlp"] = {{"pre", vector_json(O, pats(tr.pre))}, {"g", vector_json(O, pats(tr.g))}};
    out["o"] = value_json(O, ev.o);
    out["accepts"] = ev.accepts;
    out["reference"] = {{"o", value_json(O, ref)}, {"agrees", ref_agrees}};
    if (mf.task) out["task"] = mf.task->str();
    out["expected"] = expected ? nlohmann::json(*expected) : nlohmann::json(nullptr);
    out["stored"] = stored_patterns(m, h);  // each in its stage format's width
    const std::string text = out.dump();
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
  } else {
    fmt::print("model: {}: {}\n", o.file, model_summary(m));
    fmt::print("tokens: {}\n", tokens_text(tokens));
    for (size_t j = 0; j < h.size(); ++j)
      fmt::print("h_{} = (E[{}], P[{}]) = {}\n", j + 1, tokens[j].str(), j + 1, vector_text(F, h[j]));
    fmt::print("r_0 = h_{} = {}\n", h.size(), vector_text(F, pats(tr.r[0])));
    for (size_t e = 0; e < tr.heads.size(); ++e) {
      const auto& ht = tr.heads[e];
      fmt::print("heads[{}]:\n", e);
      // " (in G)" after a value whose stage format G is not the model's format F.
      auto in = [&F](const Format& G) { return G == F ? std::string() : fmt::format(" (in {})", G.str()); };
      fmt::print("  q = W_Q h_{} = {}{}\n", h.size(), vector_text(Q, pats(ht.q)), in(Q));
      for (size_t j = 0; j < ht.k.size(); ++j) fmt::print("  k_{} = W_K h_{} = {}{}\n", j + 1, j + 1, vector_text(Q, pats(ht.k[j])), in(Q));
      for (size_t j = 0; j < ht.v.size(); ++j) fmt::print("  v_{} = W_V h_{} = {}{}\n", j + 1, j + 1, vector_text(V, pats(ht.v[j])), in(V));
      for (size_t j = 0; j < ht.s.size(); ++j) fmt::print("  s_{} = <q, k_{}> = {}{}\n", j + 1, j + 1, value_text(S, pat(ht.s[j])), in(S));
      if (m.softmax == Softmax::Stable) {
        fmt::print("  mu = max_j s_j = {}{}\n", value_text(S, pat(ht.mu)), in(S));
        for (size_t j = 0; j < ht.w.size(); ++j) fmt::print("  w_{} = exp(s_{} - mu) = {}{}\n", j + 1, j + 1, value_text(W, pat(ht.w[j])), in(W));
      } else {
        fmt::print("  mu: not used (plain softmax)\n");
        for (size_t j = 0; j < ht.w.size(); ++j) fmt::print("  w_{} = exp(s_{}) = {}{}\n", j + 1, j + 1, value_text(W, pat(ht.w[j])), in(W));
      }
      fmt::print("  Z = sum_j w_j = {}{}\n", value_text(A, pat(ht.Z)), in(A));
      fmt::print("  U = sum_j w_j v_j = {}{}\n", vector_text(A, pats(ht.U)), in(A));
      fmt::print("  a = U / Z = {}{}\n", vector_text(O, pats(ht.a)), in(O));
      fmt::print("r_{} = r_{} + W_O a = {}{}\n", e + 1, e, vector_text(O, pats(tr.r[e + 1])), in(O));
    }
    const std::string in_out = O == F ? std::string() : fmt::format(" (in {})", O.str());
    fmt::print("mlp:\n");
    fmt::print("  W_1 r + b_1 = {}{}\n", vector_text(O, pats(tr.pre)), in_out);
    fmt::print("  g = ReLU(W_1 r + b_1) = {}{}\n", vector_text(O, pats(tr.g)), in_out);
    fmt::print("o = <w_2, g> + b_2 = {}{}\n", value_text(O, ev.o), in_out);
    fmt::print("output: {} (o {} 0)\n", ev.accepts ? "accept" : "reject", ev.accepts ? ">" : "<=");
    fmt::print("exact reference: o = {} ({})\n", value_text(O, ref), ref_agrees ? "agrees" : "DISAGREES");
    if (expected)
      fmt::print("task {}: Γ = {} ({})\n", mf.task->str(), *expected ? 1 : 0,
                 *expected == ev.accepts ? "the model agrees" : "the model is WRONG on this input");
  }
  if (!ref_agrees)
    throw Failure(kInternal, fmt::format("the concrete evaluator gives o = {} but the exact reference gives {} (a "
                                         "core bug: please report)",
                                         value_text(O, ev.o), value_text(O, ref)));
  code = kOk;
}

// --inputs-file: one input per line (tokens as for --input; blank lines and lines starting
// with '#' skipped; "-" reads standard input), each evaluated as by --input, the model read
// once. With --json the output is JSON Lines: one object per input, in order.
void run_eval_many(EvalOptions o, int& code) {
  ModelFile mf = load_model_file(o.file);
  if (!o.recipe.empty()) apply_recipe_option(mf.model, parse_recipe_option(o.recipe));
  if (o.inputs_file.empty()) return run_eval(o, mf, code);
  std::ifstream file;
  if (o.inputs_file != "-") {
    file.open(o.inputs_file);
    if (!file) throw Failure(kBadFile, fmt::format("cannot read inputs file '{}'", o.inputs_file));
  }
  std::istream& in = o.inputs_file == "-" ? std::cin : file;
  std::string line;
  size_t number = 0, count = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos || line[line.find_first_not_of(" \t")] == '#') continue;
    o.input = line;
    o.input_option = fmt::format("--inputs-file line {}", number);
    run_eval(o, mf, code);
    ++count;
  }
  if (count == 0) throw Failure(kUsage, fmt::format("--inputs-file '{}': no inputs", o.inputs_file));
}

}  // namespace

void add_eval_command(CLI::App& app, int& code) {
  auto opts = std::make_shared<EvalOptions>();
  auto* sub = app.add_subcommand(
      "eval", "Evaluate a model file on one input and print every intermediate value (hex pattern = exact value)");
  sub->add_option("FILE", opts->file, "Model file (docs/model-file.md)")->required();
  auto* input = sub->add_option("--input", opts->input, "Tokens X,Y,... as decimal integers, one per position (N of them)");
  auto* many = sub->add_option("--inputs-file", opts->inputs_file,
                               "Evaluate many inputs, the model read once: one X,Y,... per line ('-': standard input); "
                               "with --json, one JSON object per line");
  input->excludes(many);
  sub->add_flag("--json", opts->json, "Print one JSON object");
  add_recipe(sub, opts->recipe,
             "Evaluate under this recipe (docs/formats.md#recipes); its param stage must be the model's format");
  sub->footer(
      "Examples:\n"
      "  everybit construct eq-token --family fixed --p 8 -o m.json && everybit eval m.json --input 3,5\n"
      "  everybit eval m.json --input 7,7 --json\n"
      "  printf '1,1\\n1,2\\n' | everybit eval m.json --inputs-file - --json   # JSON Lines, one per input\n"
      "Exit codes: 0 evaluated; 3 bad tokens (count, alphabet, not decimal) or recipe; 4 bad model file or inputs file; 6 internal error (the "
      "concrete evaluator and the exact reference disagree: please report). More: docs/cli.md#eval");
  sub->callback([opts, input, many, &code] {
    if (input->count() == 0 && many->count() == 0) throw Failure(kUsage, "give --input X,Y,... or --inputs-file FILE");
    run_eval_many(*opts, code);
  });
}

}  // namespace eb::cli
