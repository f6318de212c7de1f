// everybit bound: the communication-counting verdict (docs/counting.md) for a task, a cut (the
// task's own: Alice holds positions 1..c), an architecture class and a sweep of value
// counts V = 2^q. docs/counting.md describes the output; proofs/counting_bounds.md the
// arguments.
#include <cstdio>
#include <memory>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "counting/counting.hpp"
#include "counting/recipe_bound.hpp"
#include "format/recipe.hpp"

namespace eb::cli {

namespace {

constexpr int kMaxQ = 256;

struct BoundOptions {
  std::string task;
  int p = 0, d = 0, n = 0;
  bool has_p = false, has_d = false, has_n = false;
  std::string q_range;
  std::string cls;
  int d_tok = 0, heads = 0, d_h = 0;
  bool has_d_tok = false, has_heads = false, has_d_h = false;
  std::string softmax;
  std::string values;
  std::string recipe;
  bool enumerate = false;
  bool full = false;
  bool json = false;
};

// Decimal strings, each number converted once (R and the fooling-set size repeat on every row).
struct DecimalMemo {
  std::vector<std::pair<counting::Int, std::string>> memo;
  const std::string& get(const counting::Int& x) {
    for (const auto& [k, v] : memo)
      if (k == x) return v;
    if (memo.size() > 4) memo.erase(memo.begin() + 2);  // keep the first ones (R, fooling)
    memo.emplace_back(x, counting::to_decimal(x));
    return memo.back().second;
  }
};

double round3(double x) { return static_cast<double>(static_cast<long long>(x * 1000.0 + 0.5)) / 1000.0; }

void run_bound(const BoundOptions& o) {
  using namespace eb::counting;
  Task task;
  const Task::Kind kind = parse_task_kind(o.task);
  if (kind == Task::Kind::EqToken) {
    if (!o.has_p || !o.has_d) throw Failure(kUsage, "eq-token needs --p and --d");
    if (o.has_n) throw Failure(kUsage, "--n applies to eq-bits only");
    task = Task::eq_token(o.p, o.d);
  } else {
    if (!o.has_n) throw Failure(kUsage, "eq-bits needs --n");
    if (o.has_p || o.has_d) throw Failure(kUsage, "--p and --d apply to eq-token only");
    task = Task::eq_bits(o.n);
  }
  const ArchClass cls = o.cls.empty() ? (kind == Task::Kind::EqToken ? ArchClass::Embedding : ArchClass::Accumulation)
                                      : parse_arch_class(o.cls);
  Architecture arch = default_architecture(task, cls);
  if (o.has_d_tok) arch.d_tok = o.d_tok;
  if (o.has_heads) arch.heads = o.heads;
  if (o.has_d_h) arch.d_h = o.d_h;
  if (!o.softmax.empty()) arch.softmax = parse_softmax(o.softmax);
  validate(arch);
  if (o.recipe.empty() == o.q_range.empty())
    throw Failure(kUsage, "bound: give exactly one of --q and --recipe");
  std::optional<Recipe> recipe;
  if (!o.recipe.empty()) {
    if (!o.values.empty()) throw Failure(kUsage, "--values applies to --q, not to --recipe");
    recipe = parse_recipe_option(o.recipe);  // the one line of --recipe, exit 3
  }
  const auto [q_lo, q_hi] = recipe ? std::pair{1, 1} : parse_range(o.q_range, "--q", 1, kMaxQ);
  std::optional<Int> values;
  if (!o.values.empty()) {
    static const std::regex digits(R"(\d{1,4000})");
    if (!std::regex_match(o.values, digits) || Int(o.values) < 1)
      throw Failure(kUsage, fmt::format("bad --values '{}': expected a positive decimal integer", o.values));
    if (q_lo != q_hi) throw Failure(kUsage, "--values needs a single --q (used as the row's label)");
    values = Int(o.values);
  }

  // Optional cross-check of the closed forms by enumerating the truth table.
  nlohmann::json enumeration;
  if (o.enumerate) {
    const CommunicationMatrix m = build_communication_matrix(task);
    const Int r_enum = Int(distinct_rows(m));
    const FoolingSet fs = greedy_fooling_set(m);
    const FoolingCheck chk = check_fooling_set(task, fs);
    if (!chk.ok) throw Failure(kInternal, "the greedy fooling set fails its check: " + chk.reason);
    if (r_enum != rows_closed_form(task))
      throw Failure(kInternal, fmt::format("R by enumeration = {} but the closed form gives {}", r_enum.str(),
                                           rows_closed_form(task).str()));
    if (Int(fs.size()) != fooling_set_size(task))
      throw Failure(kInternal, fmt::format("greedy fooling set has {} pairs but the closed form gives {}", fs.size(),
                                           fooling_set_size(task).str()));
    enumeration = {{"rows", r_enum.str()}, {"fooling", std::to_string(fs.size())}, {"fooling_checked", true},
                   {"agrees_with_closed_form", true}};
  }

  std::vector<BoundResult> results;
  if (recipe) results.push_back(bound_for_recipe(task, arch, *recipe));
  else
    for (int q = q_lo; q <= q_hi; ++q)
      results.push_back(values ? bound_with_values(task, arch, *values, q) : bound(task, arch, q));
  std::optional<int> first_open;
  for (const BoundResult& r : results)
    if (!r.ruled_out) {
      first_open = r.q;
      break;
    }

  DecimalMemo dec;
  const nlohmann::json arch_json = {{"d_tok", arch.d_tok},
                                    {"heads", arch.heads},
                                    {"d_h", arch.d_h},
                                    {"softmax", to_string(arch.softmax)},
                                    {"fixed_readout_query", arch.fixed_readout_query}};
  if (o.json) {
    nlohmann::json out;
    out["task"] = task.name();
    if (kind == Task::Kind::EqToken) {
      out["p"] = task.p;
      out["d"] = task.d;
    } else {
      out["n"] = task.n;
    }
    out["class"] = to_string(cls);
    if (recipe) out["recipe"] = recipe->str();
    out["architecture"] = arch_json;
    out["alice_positions"] = task.alice_positions();
    nlohmann::json rows = nlohmann::json::array();
    for (const BoundResult& r : results) {
      nlohmann::json terms = nlohmann::json::array();
      for (const BoundTerm& t : r.terms)
        terms.push_back({{"name", t.name},
                         {"formula", t.formula},
                         {"exponent", t.exponent},
                         {"messages", t.materialized ? nlohmann::json(dec.get(t.messages)) : nlohmann::json(nullptr)},
                         {"compared_with", t.compared_with},
                         {"status", t.ruled_out ? "ruled_out" : "not_ruled_out"}});
      rows.push_back({{"q", r.q},
                      {"value_count", dec.get(r.value_count)},
                      {"rows", dec.get(r.rows)},
                      {"log2_rows", round3(log2_of(r.rows))},
                      {"fooling", dec.get(r.fooling)},
                      {"messages", dec.get(r.messages)},
                      {"log2_messages", round3(log2_of(r.messages))},
                      {"bound", r.bound},
                      {"compared_with", r.compared_with},
                      {"status", r.ruled_out ? "ruled_out" : "not_ruled_out"},
                      {"argument", r.argument},
                      {"bounds", terms}});
    }
    out["rows"] = std::move(rows);
    out["least_q_not_ruled_out"] = first_open ? nlohmann::json(*first_open) : nlohmann::json(nullptr);
    if (o.enumerate) out["enumeration"] = enumeration;
    const std::string text = out.dump();
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
    return;
  }

  auto num = [&](const Int& x) -> std::string {
    const std::string& s = dec.get(x);
    return o.full ? s : abbreviate_decimal(s);
  };
  const int c = task.alice_positions();
  fmt::print("task {}: cut c = {} (Alice holds {}), class {}\n", task.str(), c,
             c == 1 ? std::string("position 1") : fmt::format("positions 1..{}", c), to_string(cls));
  fmt::print("architecture: d_tok = {}, H = {}, d_h = {}, softmax {}, readout query {}\n", arch.d_tok, arch.heads,
             arch.d_h, to_string(arch.softmax), arch.fixed_readout_query ? "fixed" : "depends on Bob's input");
  if (recipe)
    fmt::print("recipe {}: a message counts the values of the stage holding it (docs/counting.md#recipes)\n",
               recipe_label(*recipe));
  for (const MessageBound& b : valid_bounds(task, arch))
    fmt::print("valid bound: {:<9} {} (compared with {})\n", b.name,
               recipe ? [&] {
                 for (const BoundTerm& t : results.front().terms)
                   if (t.name == b.name) return t.formula;
                 return b.formula;
               }()
                      : b.formula,
               b.compared_with == Comparison::Rows ? "R" : "the fooling-set size");
  for (const auto& [name, why] : inapplicable_bounds(arch)) fmt::print("not applicable: {} ({})\n", name, why);
  const Int& R = results.front().rows;
  fmt::print("R (distinct rows) = {} (log2 {:.3f}), fooling-set size = {}\n", num(R), log2_of(R),
             num(results.front().fooling));
  if (o.enumerate)
    fmt::print("enumeration: R = {}, greedy fooling set of {} pairs checked against Γ: both equal the closed forms\n",
               enumeration["rows"].get<std::string>(), enumeration["fooling"].get<std::string>());
  fmt::print("{:>4}  {:<9}  {:>10}  {:>10}  {}\n", "q", "bound", "log2 R", "log2 M", "M, verdict");
  for (const BoundResult& r : results) {
    const char* lhs = r.compared_with == "rows" ? "R" : "fooling";
    fmt::print("{:>4}  {:<9}  {:>10.3f}  {:>10.3f}  M = {}: {}\n", r.q, r.bound, log2_of(r.rows), log2_of(r.messages),
               num(r.messages), r.ruled_out ? fmt::format("ruled out ({} > M)", lhs) : fmt::format("not ruled out ({} <= M)", lhs));
  }
  if (recipe) {
    fmt::print("(q: bits of the stage whose values the reported bound counts: {})\n",
               results.front().bound == "embedding" ? "param" : "acc");
  } else if (first_open)
    fmt::print("least q in {}..{} not ruled out: {}{}\n", q_lo, q_hi, *first_open,
               q_lo == 1 ? " (the counting lower bound q_min)" : "");
  else
    fmt::print("every q in {}..{} is ruled out\n", q_lo, q_hi);
}

}  // namespace

void add_bound_command(CLI::App& app, int& code) {
  auto opts = std::make_shared<BoundOptions>();
  auto* sub = app.add_subcommand(
      "bound",
      "Communication counting (docs/counting.md): R, the message bound M and the verdict for each q (V = 2^q)");
  sub->add_option("--task", opts->task, "Task: eq-token or eq-bits")->required();
  sub->add_option("--p", opts->p, "eq-token: precision p (alphabet 0..2^((p-1)d)), 2..64");
  sub->add_option("--d", opts->d, "eq-token: number of coordinates d, 1..4096");
  sub->add_option("--n", opts->n, "eq-bits: string length n, 1..4096");
  add_range(sub, "--q", opts->q_range, 1, kMaxQ, "Bits per value: Q or Q1..Q2 (1..256); each row has V = 2^q values");
  add_recipe(sub, opts->recipe,
             "Instead of --q: a precision recipe; each bound counts the values of the stage holding its message "
             "(embeddings: param; Z, U: acc; mu: score)");
  sub->add_option("--class", opts->cls,
                  "Architecture class: embedding or accumulation (default: embedding for eq-token, accumulation "
                  "for eq-bits)");
  sub->add_option("--d-tok", opts->d_tok, "Width of the token embedding (default: d for eq-token, 1 for eq-bits)");
  sub->add_option("--heads", opts->heads, "Number of heads H (default 1)");
  sub->add_option("--d-h", opts->d_h, "Head width d_h (default: d for eq-token, 1 for eq-bits)");
  sub->add_option("--softmax", opts->softmax, "Softmax variant: stable (default) or plain");
  sub->add_option("--values", opts->values,
                  "Exact value count V instead of 2^q (e.g. a named format's); needs a single --q, used as a label");
  sub->add_flag("--enumerate", opts->enumerate,
                "Also compute R and a fooling set by enumerating Γ's truth table (at most 2^12 inputs per party) "
                "and fail unless they equal the closed forms");
  sub->add_flag("--full", opts->full, "Text output: print every number in full (default: abbreviate beyond 40 digits)");
  sub->add_flag("--json", opts->json, "Print one JSON object (integers as decimal strings)");
  sub->footer(
      "Examples:\n"
      "  everybit bound --task eq-token --p 8 --d 1 --q 1..8\n"
      "  everybit bound --task eq-bits --n 12 --q 1..6 --softmax plain\n"
      "  everybit bound --task eq-bits --n 40 --recipe e4m3+acc:fp32\n"
      "  everybit bound --task eq-token --p 64 --d 4096 --q 1..63 --json > bound.json   # 14.8 MB of exact integers\n"
      "Exit codes: 0 whatever the verdicts; 3 usage; 6 internal error (an enumeration disagrees with a closed form). "
      "More: docs/counting.md, docs/cli.md#bound");
  sub->callback([opts, sub, &code] {
    opts->has_p = sub->get_option("--p")->count() > 0;
    opts->has_d = sub->get_option("--d")->count() > 0;
    opts->has_n = sub->get_option("--n")->count() > 0;
    opts->has_d_tok = sub->get_option("--d-tok")->count() > 0;
    opts->has_heads = sub->get_option("--heads")->count() > 0;
    opts->has_d_h = sub->get_option("--d-h")->count() > 0;
    try {
      run_bound(*opts);
    } catch (const std::invalid_argument& e) {
      throw Failure(kUsage, e.what());
    }
    code = kOk;
  });
}

}  // namespace eb::cli
