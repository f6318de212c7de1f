// The model file (docs/model-file.md): parsing with one-line errors that name the JSON
// path of the field, and a canonical writer. Weights are exact: a decimal is converted to
// a rational and must equal the value of some pattern of the format (found by rounding
// with the exact reference and decoding back).
#include "model/model_json.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "util/one_line.hpp"
#include "reference/decode.hpp"
#include "reference/ops.hpp"
#include "reference/round.hpp"
#include "format/recipe_rules.hpp"

namespace eb {

std::string model_file_text(const nlohmann::json& j);  // model_json_text.cpp

namespace {

using nlohmann::json;
using reference::cpp_int;
using reference::cpp_rational;

// Texts longer than this are rejected outright. Every canonical text (weight_text) is
// shorter: the longest, the exact decimal of the smallest negative subnormal of
// float(15,48), 2^-16430, has 16433 characters (fp64's has 1077).
constexpr size_t kMaxWeightText = 16500;
constexpr long kMaxDecimalExponent = 4096;

// A quoted, printable, bounded rendering of user text for a one-line message.
std::string quote(const std::string& s) {
  std::string out = "'";
  size_t n = 0;
  for (unsigned char c : s) {
    if (++n > 48) {
      out += "...";
      break;
    }
    if (c >= 0x20 && c < 0x7f && c != '\'') out += static_cast<char>(c);
    else out += fmt::format("\\x{:02x}", c);
  }
  return out + "'";
}

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw ModelError(one_line(where.empty() ? what : where + ": " + what));
}

std::string type_name(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::string: return "a string";
    case json::value_t::array: return "an array";
    case json::value_t::object: return "an object";
    case json::value_t::number_float: return "a non-integer number";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "an integer";
    default: return "an unsupported value";
  }
}

std::string key_path(const std::string& base, const std::string& key) { return base.empty() ? key : base + "." + key; }
std::string index_path(const std::string& base, size_t i) { return fmt::format("{}[{}]", base, i); }

const json& need(const json& obj, const std::string& base, const std::string& key) {
  auto it = obj.find(key);
  if (it == obj.end()) fail(key_path(base, key), "missing key");
  return *it;
}

void need_object(const json& j, const std::string& where) {
  if (!j.is_object()) fail(where, "expected an object, got " + type_name(j));
}

void need_array(const json& j, const std::string& where) {
  if (!j.is_array()) fail(where, "expected an array, got " + type_name(j));
}

void only_keys(const json& obj, const std::string& base, const std::set<std::string>& allowed) {
  for (auto it = obj.begin(); it != obj.end(); ++it)
    if (!allowed.count(it.key())) {
      std::string list;
      for (const auto& k : allowed) list += (list.empty() ? "" : ", ") + k;
      fail(key_path(base, it.key()), "unknown key (expected one of " + list + ")");
    }
}

std::string get_string(const json& j, const std::string& where) {
  if (!j.is_string()) fail(where, "expected a string, got " + type_name(j));
  return j.get<std::string>();
}

int get_int(const json& j, const std::string& where, long lo, long hi) {
  if (!j.is_number_integer()) fail(where, "expected an integer, got " + type_name(j));
  const bool out = j.is_number_unsigned()
                       ? (j.get<uint64_t>() > static_cast<uint64_t>(hi) || j.get<uint64_t>() < static_cast<uint64_t>(lo))
                       : (j.get<int64_t>() < lo || j.get<int64_t>() > hi);
  if (out)
    fail(where, fmt::format("{} is out of range {}..{}", j.dump(), lo, hi));
  return static_cast<int>(j.get<int64_t>());
}

Format get_format(const json& j, const std::string& where) {
  std::string text = get_string(j, where);
  try {
    return parse_format(text);
  } catch (const FormatError& e) {
    fail(where, e.what());
  }
}

// --- weights ----------------------------------------------------------------------------

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The decimal grammar [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?, as an
// exact rational; nullopt when the text is not of that form.
std::optional<cpp_rational> parse_decimal(const std::string& s, bool& negative) {
  size_t i = 0;
  negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  std::string digits;
  size_t int_digits = 0, frac_digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) digits += s[i++], ++int_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) digits += s[i++], ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return std::nullopt;
  long exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool eneg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
    size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      exponent = exponent * 10 + (s[i++] - '0');
      if (exponent > kMaxDecimalExponent) return std::nullopt;
    }
    if (i == start) return std::nullopt;
    if (eneg) exponent = -exponent;
  }
  if (i != s.size()) return std::nullopt;
  // cpp_int reads a leading 0 as octal: strip leading zeros.
  const size_t nz = digits.find_first_not_of('0');
  const cpp_int mant(nz == std::string::npos ? std::string("0") : digits.substr(nz));
  exponent -= static_cast<long>(frac_digits);
  cpp_int ten_pow = boost::multiprecision::pow(cpp_int(10), static_cast<unsigned>(exponent < 0 ? -exponent : exponent));
  cpp_rational v = exponent < 0 ? cpp_rational(mant, ten_pow) : cpp_rational(mant * ten_pow);
  return negative ? cpp_rational(-v) : v;
}

}  // namespace

uint64_t parse_weight(const Format& F, const std::string& text, const std::string& where) {
  auto not_value = [&](const std::string& why) -> uint64_t {
    fail(where, fmt::format("{} is not a value of {}{}", quote(text), F.str(), why));
  };
  if (text.size() > kMaxWeightText) fail(where, fmt::format("weight text of {} characters is too long", text.size()));
  // A bit pattern.
  if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    if (text.size() == 2) fail(where, fmt::format("{} is not a bit pattern (expected 0x and hex digits)", quote(text)));
    uint64_t v = 0;
    bool overflow = false;
    for (size_t i = 2; i < text.size(); ++i) {
      int h = hex_value(text[i]);
      if (h < 0) fail(where, fmt::format("{} is not a bit pattern (expected 0x and hex digits)", quote(text)));
      if (v >> 60) overflow = true;
      v = (v << 4) | static_cast<uint64_t>(h);
    }
    if (overflow || (v & ~F.mask()))
      fail(where, fmt::format("{} does not fit {} ({} bits: at most {})", quote(text), F.str(), F.bits(),
                              reference::hex_pattern(F, F.mask())));
    return v;
  }
  std::string body = text;
  bool negative = false;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    negative = body[0] == '-';
    body = body.substr(1);
  }
  std::string lower;
  for (char c : body) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "inf" || lower == "infinity") {
    if (F.is_float() && F.specials == Specials::Ieee)
      return (uint64_t(negative) << (F.e + F.m)) | (((uint64_t(1) << F.e) - 1) << F.m);
    return not_value(F.is_fixed() ? " (fixed point has no infinities)" : " (fn formats have no infinities)");
  }
  if (lower == "nan")
    fail(where, fmt::format("{}: NaN has several patterns; write the one meant as a 0x bit pattern", quote(text)));
  bool dneg = false;
  auto q = parse_decimal(text, dneg);
  if (!q)
    fail(where, fmt::format("{} is not a weight (expected a decimal such as \"-0.375\" or \"1.5e3\", \"-0\", "
                            "\"inf\", \"-inf\" or a 0x bit pattern)",
                            quote(text)));
  if (*q == 0) {
    if (F.is_fixed()) return 0;
    return dneg ? uint64_t(1) << (F.e + F.m) : 0;
  }
  // Round in the same encoding with subnormals on (an ftz format still has its subnormal
  // patterns; arithmetic reads them as zero), then decode: exact iff the value is there.
  Format G = F;
  G.sub = Subnormals::On;
  const uint64_t pat = reference::round(G, reference::Value::number(*q));
  const reference::Value back = reference::decode(F, pat);
  if (back.is_finite() && back.q == *q) return pat;
  const uint64_t maxp = reference::max_finite_pattern(F);
  const cpp_rational maxv = reference::decode(F, maxp).q;
  const cpp_rational minv = F.is_fixed() ? reference::decode(F, uint64_t(1) << (F.p - 1)).q : cpp_rational(-maxv);
  if (*q > maxv || *q < minv)
    return not_value(fmt::format(" (out of range: the finite values lie in {}..{})", reference::decimal_string(reference::Value::number(minv)),
                                 reference::exact_string(F, maxp)));
  return not_value(fmt::format(" (nearest: {})", reference::exact_string(F, pat)));
}

std::string weight_text(const Format& F, uint64_t pattern) {
  pattern &= F.mask();
  if (F.is_float() && reference::classify(F, pattern) == reference::Class::NaN) return reference::hex_pattern(F, pattern);
  return reference::exact_string(F, pattern);
}

namespace {

uint64_t get_weight(const json& j, const Format& F, const std::string& where) {
  if (!j.is_string()) {
    std::string got = type_name(j);
    if (j.is_number()) got += fmt::format(" {}", j.dump());
    fail(where, fmt::format("expected a string holding a weight (e.g. \"1\" or \"0x3c00\"), got {}", got));
  }
  return parse_weight(F, j.get_ref<const std::string&>(), where);
}

Vec get_vector(const json& j, const Format& F, const std::string& where, long expect, const std::string& what) {
  need_array(j, where);
  if (expect >= 0 && static_cast<long>(j.size()) != expect)
    fail(where, fmt::format("expected {} entries ({}), got {}", expect, what, j.size()));
  Vec out;
  out.reserve(j.size());
  for (size_t i = 0; i < j.size(); ++i) out.push_back(get_weight(j[i], F, index_path(where, i)));
  return out;
}

// A matrix with `rows` rows (or any number when rows < 0) of `cols` entries (or the first
// row's length when cols < 0; then `cols` is set).
Mat get_matrix(const json& j, const Format& F, const std::string& where, long rows, const std::string& rows_what,
               long& cols, const std::string& cols_what) {
  need_array(j, where);
  if (rows >= 0 && static_cast<long>(j.size()) != rows)
    fail(where, fmt::format("expected {} rows ({}), got {}", rows, rows_what, j.size()));
  Mat out;
  out.reserve(j.size());
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string w = index_path(where, i);
    need_array(j[i], w);
    if (cols < 0) cols = static_cast<long>(j[i].size());
    out.push_back(get_vector(j[i], F, w, cols, cols_what));
  }
  return out;
}

Embedding get_embedding(const json& j, const Format& F, long& d_tok) {
  const std::string where = "E";
  need_object(j, where);
  Embedding E;
  const bool has_table = j.contains("table"), has_rule = j.contains("rule");
  if (has_table && has_rule) fail(where, "give either \"table\" or \"rule\", not both");
  if (has_table) {
    only_keys(j, where, {"table"});
    E.kind = Embedding::Kind::Table;
    const json& t = j.at("table");
    need_array(t, "E.table");
    if (t.empty()) fail("E.table", "the table is empty (it needs one row per token)");
    E.table = get_matrix(t, F, "E.table", -1, "", d_tok, "d_tok");
    if (d_tok < 1) fail("E.table[0]", "a row needs at least one entry (d_tok >= 1)");
    return E;
  }
  if (has_rule) {
    only_keys(j, where, {"rule", "digit_bits", "d"});
    const std::string rule = get_string(j.at("rule"), "E.rule");
    if (rule != "digits") fail("E.rule", fmt::format("unknown rule {} (expected \"digits\")", quote(rule)));
    E.kind = Embedding::Kind::Digits;
    E.digit_bits = get_int(need(j, where, "digit_bits"), "E.digit_bits", 1, 63);
    E.digits = get_int(need(j, where, "d"), "E.d", 1, 4096);
    if (d_tok >= 0 && d_tok != E.digits)
      fail("E.d", fmt::format("{} but d_tok is {} (the digits rule fills every token coordinate)", E.digits, d_tok));
    d_tok = E.digits;
    if (E.digit_bits + 1 > F.bits())
      fail("E.digit_bits", fmt::format("{} needs a format of at least {} bits, {} has {}", E.digit_bits, E.digit_bits + 1,
                                       F.str(), F.bits()));
    if (static_cast<long>(E.digit_bits) * E.digits > 4096)
      fail("E", fmt::format("tokens of digit_bits * d = {} bits exceed the limit of 4096", E.digit_bits * E.digits));
    return E;
  }
  fail(where, "expected {\"table\": [[...], ...]} or {\"rule\": \"digits\", \"digit_bits\": b, \"d\": d}");
}

// "task" names a built-in task as Task::str() spells it (whitespace ignored).
void check_task_text(const std::string& text) {
  try {
    if (parse_task_text(text)) return;
  } catch (const std::invalid_argument& e) {
    fail("task", e.what());
  }
  fail("task", fmt::format("{} is not a task (expected \"eq-token(p=P,d=D)\" or \"eq-bits(n=N)\")", quote(text)));
}

}  // namespace

Model model_from_json(const json& j) {
  if (!j.is_object()) fail("", "the model must be a JSON object, got " + type_name(j));
  only_keys(j, "", {"format", "accumulator", "recipe", "softmax", "positions", "d_tok", "d_pos", "task", "notes", "E", "P",
                    "heads", "mlp"});
  Model m;
  if (j.contains("recipe")) {
    // The recipe names every stage; "format" and "accumulator", when also given, must agree.
    const std::string text = get_string(j.at("recipe"), "recipe");
    Recipe r;
    try {
      r = parse_recipe(text);
      validate(r);
    } catch (const FormatError& e) {
      fail("recipe", e.what());
    }
    m.set_recipe(r);
    if (j.contains("format") && !(get_format(j.at("format"), "format") == r[Stage::Param]))
      fail("format", fmt::format("{} but the recipe's param stage is {}", get_format(j.at("format"), "format").str(),
                                 r[Stage::Param].str()));
    if (j.contains("accumulator") && !(get_format(j.at("accumulator"), "accumulator") == r[Stage::Acc]))
      fail("accumulator", fmt::format("{} but the recipe's acc stage is {}",
                                      get_format(j.at("accumulator"), "accumulator").str(), r[Stage::Acc].str()));
  } else {
    m.format = get_format(need(j, "", "format"), "format");
    m.acc = j.contains("accumulator") ? get_format(j.at("accumulator"), "accumulator") : m.format;
  }
  const Format& F = m.format;
  if (j.contains("softmax")) {
    const std::string s = get_string(j.at("softmax"), "softmax");
    try {
      m.softmax = parse_softmax(s);
    } catch (const std::invalid_argument&) {
      fail("softmax", fmt::format("unknown softmax {} (expected \"stable\" or \"plain\")", quote(s)));
    }
  }
  if (j.contains("task")) check_task_text(get_string(j.at("task"), "task"));
  if (j.contains("notes")) {
    need_array(j.at("notes"), "notes");
    for (size_t i = 0; i < j.at("notes").size(); ++i) get_string(j.at("notes")[i], index_path("notes", i));
  }
  long d_tok = j.contains("d_tok") ? get_int(j.at("d_tok"), "d_tok", 1, 4096) : -1;
  long d_pos = j.contains("d_pos") ? get_int(j.at("d_pos"), "d_pos", 0, 4096) : -1;
  long N = j.contains("positions") ? get_int(j.at("positions"), "positions", 1, 1 << 20) : -1;

  const long declared_d_tok = d_tok;
  m.E = get_embedding(need(j, "", "E"), F, d_tok);
  if (declared_d_tok >= 0 && declared_d_tok != d_tok)
    fail("E.table[0]", fmt::format("expected {} entries (d_tok), got {}", declared_d_tok, d_tok));
  m.d_tok = static_cast<int>(d_tok);

  const json& P = need(j, "", "P");
  need_array(P, "P");
  if (N < 0) {
    if (P.empty()) fail("P", "no rows: P needs one row per position (N >= 1)");
    N = static_cast<long>(P.size());
  }
  m.positions = static_cast<int>(N);
  m.P = get_matrix(P, F, "P", N, "N = positions", d_pos, "d_pos");
  if (d_pos < 0) d_pos = 0;
  m.d_pos = static_cast<int>(d_pos);
  const long D = m.D();

  const json& heads = need(j, "", "heads");
  need_array(heads, "heads");
  if (heads.empty()) fail("heads", "at least one head is needed");
  for (size_t h = 0; h < heads.size(); ++h) {
    const std::string hp = index_path("heads", h);
    need_object(heads[h], hp);
    only_keys(heads[h], hp, {"W_Q", "W_K", "W_V", "W_O"});
    Head hd;
    long cols = D;
    const json& wq = need(heads[h], hp, "W_Q");
    need_array(wq, hp + ".W_Q");
    if (wq.empty()) fail(hp + ".W_Q", "no rows: d_h must be >= 1");
    const long dh = static_cast<long>(wq.size());
    const std::string D_what = fmt::format("D = d_tok + d_pos = {} + {}", d_tok, d_pos);
    hd.W_Q = get_matrix(wq, F, hp + ".W_Q", dh, "d_h", cols, D_what);
    hd.W_K = get_matrix(need(heads[h], hp, "W_K"), F, hp + ".W_K", dh, "d_h, the rows of W_Q", cols, D_what);
    hd.W_V = get_matrix(need(heads[h], hp, "W_V"), F, hp + ".W_V", dh, "d_h, the rows of W_Q", cols, D_what);
    long dcols = dh;
    hd.W_O = get_matrix(need(heads[h], hp, "W_O"), F, hp + ".W_O", D, D_what, dcols, "d_h, the rows of W_Q");
    m.heads.push_back(std::move(hd));
  }

  const json& mlp = need(j, "", "mlp");
  need_object(mlp, "mlp");
  only_keys(mlp, "mlp", {"W_1", "b_1", "w_2", "b_2"});
  const json& w1 = need(mlp, "mlp", "W_1");
  need_array(w1, "mlp.W_1");
  if (w1.empty()) fail("mlp.W_1", "no rows: the MLP needs at least one unit");
  const long width = static_cast<long>(w1.size());
  long cols = D;
  m.mlp.W_1 = get_matrix(w1, F, "mlp.W_1", width, "the MLP width", cols, fmt::format("D = d_tok + d_pos = {} + {}", d_tok, d_pos));
  m.mlp.b_1 = get_vector(need(mlp, "mlp", "b_1"), F, "mlp.b_1", width, "the MLP width, the rows of W_1");
  m.mlp.w_2 = get_vector(need(mlp, "mlp", "w_2"), F, "mlp.w_2", width, "the MLP width, the rows of W_1");
  m.mlp.b_2 = get_weight(need(mlp, "mlp", "b_2"), F, "mlp.b_2");

  // The library's own check, as a backstop (its messages name the field too).
  try {
    validate(m);
  } catch (const std::invalid_argument& e) {
    throw ModelError(one_line(e.what()));
  } catch (const FormatError& e) {
    throw ModelError(one_line(e.what()));
  }
  return m;
}

namespace {

json vec_json(const Format& F, const Vec& v) {
  json a = json::array();
  for (auto x : v) a.push_back(weight_text(F, x));
  return a;
}

json mat_json(const Format& F, const Mat& m) {
  json a = json::array();
  for (const auto& row : m) a.push_back(vec_json(F, row));
  return a;
}

}  // namespace

json model_to_json(const Model& m) {
  const Format& F = m.format;
  json j = json::object();
  // The smallest faithful form: "format" (and "accumulator") for a uniform or F+acc:G
  // recipe, as before recipes existed; otherwise the recipe alone, in its canonical spelling.
  const Recipe r = m.recipe();
  if (r.is_storage_plus_acc()) {
    j["format"] = F.str();
    if (!(m.acc == m.format)) j["accumulator"] = m.acc.str();
  } else {
    j["recipe"] = r.str();
  }
  j["softmax"] = softmax_name(m.softmax);
  j["positions"] = m.positions;
  j["d_tok"] = m.d_tok;
  j["d_pos"] = m.d_pos;
  if (m.E.kind == Embedding::Kind::Table) j["E"] = {{"table", mat_json(F, m.E.table)}};
  else j["E"] = {{"rule", "digits"}, {"digit_bits", m.E.digit_bits}, {"d", m.E.digits}};
  j["P"] = mat_json(F, m.P);
  json heads = json::array();
  for (const auto& h : m.heads)
    heads.push_back({{"W_Q", mat_json(F, h.W_Q)}, {"W_K", mat_json(F, h.W_K)}, {"W_V", mat_json(F, h.W_V)},
                     {"W_O", mat_json(F, h.W_O)}});
  j["heads"] = heads;
  j["mlp"] = {{"W_1", mat_json(F, m.mlp.W_1)}, {"b_1", vec_json(F, m.mlp.b_1)}, {"w_2", vec_json(F, m.mlp.w_2)},
              {"b_2", weight_text(F, m.mlp.b_2)}};
  return j;
}

Model load_model(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw ModelError(one_line(fmt::format("cannot read model file '{}': it is a directory", path)));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ModelError(one_line(fmt::format("cannot read model file '{}': {}", path, std::strerror(errno))));
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw ModelError(one_line(fmt::format("cannot read model file '{}'", path)));
  json j;
  try {
    j = json::parse(ss.str());
  } catch (const json::exception& e) {
    // nlohmann: "[json.exception.parse_error.101] parse error at line 3, column 5: ...", or
    // "[json.exception.out_of_range.406] number overflow parsing '1e4096'".
    std::string msg = e.what();
    const std::string tag = "parse error at ";
    auto pos = msg.find(tag);
    if (pos != std::string::npos) msg = msg.substr(pos + tag.size());
    else if (auto close = msg.find("] "); msg.rfind("[json.exception.", 0) == 0 && close != std::string::npos)
      msg = msg.substr(close + 2);
    throw ModelError(one_line(fmt::format("model file '{}' is not valid JSON: {}", path, msg)));
  }
  return model_from_json(j);
}

void save_model(const Model& m, const std::string& path) {
  const std::string text = model_file_text(model_to_json(m));
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw ModelError(fmt::format("cannot write model file '{}': {}", path, std::strerror(errno)));
  out << text;
  out.close();
  if (!out) throw ModelError(fmt::format("cannot write model file '{}'", path));
}

}  // namespace eb
