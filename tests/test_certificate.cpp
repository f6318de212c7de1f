// Certificates (SPEC §7, docs/certificates.md): the writer is canonical, and the checker
// accepts honest certificates and rejects edited ones, also when the editor recomputes
// claim_sha256 (a forger who knows the hash).
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "certificate/certificate.hpp"
#include "certificate/check.hpp"
#include "certificate/check_lemma_facts.hpp"
#include "certificate/check_samples.hpp"
#include "certificate/check_task.hpp"
#include "upper/exhaustive.hpp"
#include "model/model_json.hpp"
#include "solver/smt_check.hpp"
#include "threshold/threshold.hpp"
#include "test_files.hpp"

using namespace eb;
using nlohmann::json;

namespace {

// A fresh directory for this run's files, removed when the test binary exits.
const std::string& cert_tmpdir() {
  static const eb_test::TempDir dir("everybit-cert-test");
  static const std::string path = dir.path.string();
  return path;
}

std::string cert_path(const std::string& name) { return cert_tmpdir() + "/" + name; }

std::string write_json_file(const json& j, const std::string& name) {
  const std::string p = cert_path(name);
  std::ofstream(p, std::ios::binary | std::ios::trunc) << j.dump(2) << "\n";
  return p;
}

json read_json_file(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

std::string read_bytes(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

json rehash(json c) {
  c["claim_sha256"] = sha256_hex(c["claim"].dump(2));
  return c;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + "\n";
  return s;
}

bool mentions(const CheckReport& r, const std::string& needle) {
  for (const auto& p : r.problems)
    if (p.find(needle) != std::string::npos) return true;
  return false;
}

ThresholdRow make_row(const std::string& family, int p, int d, ThresholdOptions opt = {}) {
  return threshold_row(parse_family(family), p, d, opt);
}

const json& cert_fixed3() {
  static const json c = certificate_json(make_row("fixed", 3, 1));
  return c;
}
const json& cert_fixed4() {
  static const json c = certificate_json(make_row("fixed", 4, 1));
  return c;
}
const json& cert_float_e4_p7() {
  static const json c = certificate_json(make_row("float:e=4", 7, 1));
  return c;
}
const json& cert_ftz_p8() {
  static const json c = certificate_json(make_row("float:e=4,ftz", 8, 1));
  return c;
}
const json& cert_wrap_p3() {  // a small refuted certificate: -(-4) wraps to -4 in fixed(3,0,wrap)
  static const json c = certificate_json(make_row("fixed,wrap", 3, 1));
  return c;
}

CheckReport check_json(const json& c, const std::string& name, CheckOptions opt = {}) {
  return check_certificate(write_json_file(c, name), opt);
}

// --- Mutations of the claim: every leaf changed, every key dropped -----------------------

struct Mutation {
  std::string path;     // JSON pointer into the certificate
  std::string what;     // "change" | "drop"
  std::function<void(json&)> apply;
};

std::string change_string(std::string s) {
  if (s.empty()) return "x";
  size_t i = s.size() / 2;
  char& c = s[i];
  if (c >= '0' && c <= '8') c = static_cast<char>(c + 1);
  else if (c == '9') c = '0';
  else if (c >= 'a' && c <= 'z') c = c == 'z' ? 'a' : static_cast<char>(c + 1);
  else if (c >= 'A' && c <= 'Z') c = c == 'Z' ? 'A' : static_cast<char>(c + 1);
  else c = c == '#' ? '%' : '#';
  return s;
}

void collect(const json& j, const json::json_pointer& at, std::vector<Mutation>& out) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      const auto child = at / it.key();
      const std::string key = it.key();
      out.push_back({child.to_string(), "drop", [at, key](json& c) { c[at].erase(key); }});
      collect(it.value(), child, out);
    }
    return;
  }
  if (j.is_array()) {
    if (j.empty()) out.push_back({at.to_string(), "change", [at](json& c) { c[at].push_back("x"); }});
    for (size_t i = 0; i < j.size(); ++i) collect(j[i], at / i, out);
    return;
  }
  std::function<void(json&)> f;
  if (j.is_boolean()) f = [at](json& c) { c[at] = !c[at].get<bool>(); };
  else if (j.is_number_integer()) f = [at](json& c) { c[at] = c[at].get<int64_t>() + 1; };
  else if (j.is_string()) f = [at](json& c) { c[at] = change_string(c[at].get<std::string>()); };
  else if (j.is_null()) f = [at](json& c) { c[at] = 0; };
  else f = [at](json& c) { c[at] = "x"; };
  out.push_back({at.to_string(), "change", f});
}

std::vector<Mutation> claim_mutations(const json& cert) {
  std::vector<Mutation> out;
  collect(cert["claim"], json::json_pointer("/claim"), out);
  out.push_back({"/claim_sha256", "change", [](json& c) { c["claim_sha256"] = change_string(c["claim_sha256"].get<std::string>()); }});
  return out;
}

struct Outcome {
  Mutation m;
  CheckReport report;
};

// Applies each mutation (with or without recomputing claim_sha256) and checks the result,
// on two threads (each check is independent; doctest assertions stay on this thread).
std::vector<Outcome> run_mutations(const json& cert, const std::vector<Mutation>& muts, bool recompute_hash,
                                   const std::string& tag) {
  std::vector<Outcome> out(muts.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < muts.size(); i = next++) {
      json c = cert;
      muts[i].apply(c);
      if (recompute_hash && muts[i].path != "/claim_sha256") c = rehash(c);
      out[i] = {muts[i], check_json(c, fmt::format("{}-{}.json", tag, i))};
    }
  };
  std::thread t(work);
  work();
  t.join();
  return out;
}

// Fields whose text is descriptive: a forger who recomputes the hash may change them, and
// nothing can be re-derived about them (docs/certificates.md lists them).
bool descriptive(const std::string& path) {
  for (const char* p : {"/claim/upper/reason", "/claim/upper/solver/name", "/claim/upper/solver/version",
                        "/claim/upper/construction/notes", "/claim/upper/construction/ideal", "/claim/upper/exhaustive/note",
                        "/claim/upper/exhaustive/done", "/claim/lower/argument"})
    if (path.rfind(p, 0) == 0) return true;
  return path.find("/statement") != std::string::npos && path.rfind("/claim/upper/lemmas/", 0) == 0;
}

// A model edit may be accepted only when the edited model is really correct on every input
// and its fresh encoding is byte for byte the recorded query.
bool model_edit_is_harmless(const json& edited_cert) {
  try {
    Model m = model_from_json(edited_cert["claim"]["upper"]["model"]);
    const auto& t = edited_cert["claim"]["task"];
    Task task = Task::eq_token(t["p"].get<int>(), t["d"].get<int>());
    if (exhaustive_check(m, task).disagreements != 0) return false;
    return smt_check(m, task).smt2 == edited_cert["claim"]["upper"]["query"]["smt2"].get<std::string>();
  } catch (const std::exception&) {
    return false;
  }
}

// "/claim/upper/lemmas/0/smt2" -> "claim.upper.lemmas[0].smt2", as the checker names fields.
std::string dotted(const std::string& pointer) {
  std::string out;
  std::stringstream ss(pointer.substr(1));
  std::string part;
  while (std::getline(ss, part, '/')) {
    if (!part.empty() && std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; }))
      out += "[" + part + "]";
    else
      out += (out.empty() ? "" : ".") + part;
  }
  return out;
}

void expect_all_rejected(const std::vector<Outcome>& outs) {
  for (const auto& o : outs) {
    CHECK_MESSAGE(!o.report.ok, o.m.what, " ", o.m.path, " was accepted:\n", joined(o.report.passed));
    // A dropped key is named (the model's own parser names the keys inside the model).
    // Without upper.representable a certificate reads as one written before that key
    // existed (docs/certificates.md); it is still rejected, by its hash.
    if (o.m.what == "drop" && o.m.path.rfind("/claim/upper/model/", 0) != 0 && o.m.path != "/claim/upper/representable")
      CHECK_MESSAGE(mentions(o.report, dotted(o.m.path) + ": missing"), o.m.path, ":\n", joined(o.report.problems));
  }
}

void expect_forgeries_rejected(const json& cert, const std::vector<Outcome>& outs) {
  for (const auto& o : outs) {
    if (!o.report.ok) continue;
    if (o.m.what == "change" && descriptive(o.m.path)) continue;
    if (o.m.what == "change" && o.m.path.rfind("/claim/upper/model/", 0) == 0) {
      json c = cert;
      o.m.apply(c);
      CHECK_MESSAGE(model_edit_is_harmless(c), "forged ", o.m.path, " was accepted:\n", joined(o.report.passed));
      continue;
    }
    CHECK_MESSAGE(false, "forged ", o.m.what, " ", o.m.path, " (hash recomputed) was accepted:\n", joined(o.report.passed));
  }
}

std::string fake_solver(const std::string& name, const std::string& answer) {
  const std::string p = cert_path(name);
  std::ofstream(p) << "#!/bin/sh\necho '" << answer << "'\n";
  std::filesystem::permissions(p, std::filesystem::perms::owner_all);
  return p;
}

}  // namespace

TEST_CASE("certificate: the claim is canonical and byte-identical across runs") {
  const auto row1 = make_row("fixed", 4, 1);
  const auto row2 = make_row("fixed", 4, 1);
  const json a = certificate_json(row1), b = certificate_json(row2);
  CHECK(a["claim"].dump(2) == b["claim"].dump(2));
  CHECK(a["claim_sha256"] == b["claim_sha256"]);
  CHECK(a["claim_sha256"].get<std::string>() == sha256_hex(a["claim"].dump(2)));
  // Written files differ at most in "timing".
  write_certificate(row1, cert_path("canon1.json"));
  write_certificate(row2, cert_path("canon2.json"));
  json f1 = read_json_file(cert_path("canon1.json")), f2 = read_json_file(cert_path("canon2.json"));
  f1.erase("timing");
  f2.erase("timing");
  CHECK(f1.dump(2) == f2.dump(2));
  // The file's claim text is exactly the hashed text.
  const std::string bytes = read_bytes(cert_path("canon1.json"));
  CHECK(bytes == certificate_json(row1).dump(2) + "\n");
  CHECK(bytes.back() == '\n');
  // No time inside the claim.
  CHECK(a["claim"].dump().find("seconds") == std::string::npos);
  CHECK(a.contains("timing"));
  CHECK(a["timing"].contains("upper_seconds"));
  // Keys and fields of SPEC §7.
  const json& cl = a["claim"];
  CHECK(cl["task"] == json({{"name", "eq-token"}, {"p", 4}, {"d", 1}}));
  CHECK(cl["format"] == "fixed(4,0,sat)");
  CHECK(cl["family"] == "fixed");
  CHECK(cl["upper"]["status"] == "verified");
  CHECK(cl["upper"]["solver"]["name"] == "z3");
  CHECK(cl["upper"]["query"]["sha256"] == sha256_hex(cl["upper"]["query"]["smt2"].get<std::string>()));
  CHECK(cl["lower"]["rows"] == "9");
  CHECK(cl["lower"]["messages"] == "8");
  CHECK(cl["lower"]["value_count"] == "8");
  CHECK(cl["lower"]["bound"] == "embedding");
  CHECK(cl["lower"]["ruled_out"] == true);
  CHECK(cl["tight"] == true);
}

TEST_CASE("certificate: sha256_hex is SHA-256") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("certificate: a lemma's solving time goes to timing, not into the claim") {
  ThresholdRow row = make_row("fixed", 3, 1);
  REQUIRE(row.upper.lemmas.size() >= 2);
  const std::string plain = certificate_json(row)["claim"]["upper"]["lemmas"][0]["statement"];
  CHECK(plain.find(" s)") == std::string::npos);
  row.upper.lemmas[0].statement = plain + " (7.25 s)";
  const json c = certificate_json(row);
  CHECK(c["claim"]["upper"]["lemmas"][0]["statement"] == plain);
  CHECK(c["timing"]["lemma_seconds"][0].get<double>() == doctest::Approx(7.25));
  CHECK(c["claim"].dump(2) == certificate_json(make_row("fixed", 3, 1))["claim"].dump(2));
  row.upper.lemmas[1].seconds = 0.5;
  CHECK(certificate_json(row)["timing"]["lemma_seconds"][1].get<double>() == doctest::Approx(0.5));
}

TEST_CASE("check: valid certificates pass (fixed p=4, float:e=4 p=7)") {
  for (const json* c : {&cert_fixed4(), &cert_float_e4_p7()}) {
    auto r = check_json(*c, "valid.json");
    CHECK_MESSAGE(r.ok, joined(r.problems));
    const std::string all = joined(r.passed);
    CHECK(all.find("claim_sha256") != std::string::npos);
    CHECK(all.find("re-solved unsat") != std::string::npos);
    CHECK(all.find("exact reference agrees with Γ") != std::string::npos);
    CHECK(all.find("fresh encoding") != std::string::npos);
    CHECK(all.find("ruled out") != std::string::npos);
    CHECK(all.find("tight") != std::string::npos);
  }
}

TEST_CASE("check: a refuted certificate (float:e=4,ftz p=8) passes; its counterexample replays") {
  const json& c = cert_ftz_p8();
  REQUIRE(c["claim"]["upper"]["status"] == "refuted");
  CHECK(c["claim"]["tight"] == false);
  REQUIRE(c["claim"]["upper"]["counterexample"].is_object());
  auto r = check_json(c, "refuted.json");
  CHECK_MESSAGE(r.ok, joined(r.problems));
  CHECK(joined(r.passed).find("replayed") != std::string::npos);
  CHECK(joined(r.passed).find("re-solved sat") != std::string::npos);
}

TEST_CASE("check: forged counterexamples are rejected (fixed,wrap p=3)") {
  const json& c = cert_wrap_p3();
  REQUIRE(c["claim"]["upper"]["status"] == "refuted");
  auto r = check_json(c, "wrap.json");
  CHECK_MESSAGE(r.ok, joined(r.problems));
  // An input where the model is right is not a counterexample.
  json f = c;
  f["claim"]["upper"]["counterexample"]["tokens"] = {"0", "0"};
  auto rr = check_json(rehash(f), "refuted-cex.json");
  CHECK(!rr.ok);
  CHECK(mentions(rr, "not a counterexample"));
  // Claiming verified instead.
  f = c;
  f["claim"]["upper"]["status"] = "verified";
  f["claim"]["upper"]["counterexample"] = nullptr;
  f["claim"]["tight"] = true;
  rr = check_json(rehash(f), "refuted-verified.json");
  CHECK(!rr.ok);
  CHECK(mentions(rr, "exact reference disagrees"));
  // A token outside the alphabet.
  f = c;
  f["claim"]["upper"]["counterexample"]["tokens"][0] = "5";
  CHECK(mentions(check_json(rehash(f), "refuted-tok.json"), "claim.upper.counterexample.tokens[0]"));
  // The recorded outputs must be the replayed ones.
  f = c;
  f["claim"]["upper"]["counterexample"]["accepts"] = !c["claim"]["upper"]["counterexample"]["accepts"].get<bool>();
  CHECK(mentions(check_json(rehash(f), "refuted-acc.json"), "claim.upper.counterexample.accepts: recorded"));
}

TEST_CASE("check: forged lower-side numbers are rejected with the field named") {
  const json& c = cert_fixed4();
  auto forged = [&](const std::function<void(json&)>& f) {
    json x = c;
    f(x["claim"]);
    return check_json(rehash(x), "forged-lower.json");
  };
  auto r = forged([](json& cl) { cl["lower"]["rows"] = "10"; });
  CHECK(mentions(r, "claim.lower.rows: recorded 10, recomputed 9"));
  r = forged([](json& cl) { cl["lower"]["messages"] = "16"; });
  CHECK(mentions(r, "claim.lower.messages: recorded 16, recomputed 8"));
  // A consistent forgery of the architecture: d_tok = 2 makes M = 64 >= R, not ruled out.
  r = forged([](json& cl) {
    cl["lower"]["architecture"]["d_tok"] = 2;
    cl["lower"]["messages"] = "64";
  });
  CHECK(mentions(r, "claim.lower.architecture.d_tok"));
  CHECK(mentions(r, "claim.lower.ruled_out: recorded true, recomputed false"));
  r = forged([](json& cl) { cl["lower"]["bound"] = "magic"; });
  CHECK(mentions(r, "unknown bound 'magic'"));
  r = forged([](json& cl) {
    cl["lower"]["bound"] = "state";
    cl["lower"]["messages"] = "64";
  });
  CHECK(mentions(r, "not valid here"));
  r = forged([](json& cl) {
    cl["lower"]["class"] = "accumulation";
    cl["lower"]["architecture"]["softmax"] = "plain";
    cl["lower"]["architecture"]["fixed_readout_query"] = true;
    cl["lower"]["bound"] = "state";
    cl["lower"]["messages"] = "64";
  });
  CHECK(mentions(r, "claim.lower.architecture.fixed_readout_query"));
  r = forged([](json& cl) {
    cl["lower"]["q"] = 4;
    cl["lower"]["value_count"] = "16";
    cl["lower"]["messages"] = "16";
    cl["lower"]["ruled_out"] = false;
    cl["tight"] = false;
  });
  CHECK(mentions(r, "claim.lower.q: recorded 4"));
  r = forged([](json& cl) { cl["tight"] = false; });
  CHECK(mentions(r, "claim.tight: recorded false, recomputed true"));
}

TEST_CASE("check: forged upper-side fields are rejected") {
  const json& c = cert_fixed4();
  auto forged = [&](const std::function<void(json&)>& f, const std::string& name) {
    json x = c;
    f(x["claim"]);
    return check_json(rehash(x), name);
  };
  // A character inside the SMT text: the query's hash no longer matches.
  auto r = forged([](json& cl) {
    std::string s = cl["upper"]["query"]["smt2"];
    s[s.find("bvule")] = 'x';
    cl["upper"]["query"]["smt2"] = s;
  }, "f-smt.json");
  CHECK(mentions(r, "claim.upper.query.sha256: recorded"));
  // ... and with its hash recomputed too: the text no longer parses, or is not the model's.
  r = forged([](json& cl) {
    std::string s = cl["upper"]["query"]["smt2"];
    s.insert(s.find("(check-sat)"), "(assert false)\n");
    cl["upper"]["query"]["smt2"] = s;
    cl["upper"]["query"]["sha256"] = sha256_hex(s);
  }, "f-smt2.json");
  CHECK(mentions(r, "claim.upper.query.smt2: not the encoding of claim.upper.model"));
  // A weight that breaks the construction: the output bias b_2 = 1 becomes -1.
  r = forged([](json& cl) { cl["upper"]["model"]["mlp"]["b_2"] = "-1"; }, "f-b2.json");
  CHECK(mentions(r, "exact reference disagrees with Γ"));
  CHECK(mentions(r, "claim.upper.status: recorded verified, but a fresh SMT check of the model gives refuted"));
  // A weight whose change keeps the model correct: the recorded SMT texts are then not its
  // encoding. w_2 enters the MLP's lemma, not the final query (which is over the lemmas'
  // cut), so the lemma is the text the checker names.
  r = forged([](json& cl) { cl["upper"]["model"]["mlp"]["w_2"][0] = "-2"; }, "f-w2.json");
  CHECK(!r.ok);
  CHECK_MESSAGE(mentions(r, "].smt2: not the lemma of a fresh encoding of claim.upper.model"), joined(r.problems));
  // A wider accumulator is more than p bits.
  r = forged([](json& cl) { cl["upper"]["model"]["accumulator"] = "fixed(8,0,sat)"; }, "f-acc.json");
  CHECK(mentions(r, "claim.upper.model.accumulator"));
  // Status.
  r = forged([](json& cl) {
    cl["upper"]["status"] = "refuted";
    cl["tight"] = false;
  }, "f-status.json");
  CHECK(mentions(r, "claim.upper.query.smt2: the text says (set-info :status unsat)"));
  CHECK(mentions(r, "claim.upper.counterexample"));
  r = forged([](json& cl) { cl["upper"]["lemmas"].erase(0); }, "f-lemma.json");
  CHECK(mentions(r, "claim.upper.lemmas: recorded"));
  r = forged([](json& cl) { cl["format"] = "fixed(4,1,sat)"; }, "f-format.json");
  CHECK(mentions(r, "claim.format"));
  r = forged([](json& cl) { cl["upper"]["refinements"] = 3; }, "f-ref.json");
  CHECK(mentions(r, "claim.upper.refinements: recorded 3"));
}

TEST_CASE("check: an edited certificate is rejected without a recomputed hash (selected fields)") {
  const json& c = cert_fixed3();
  for (const char* ptr : {"/claim/lower/rows", "/claim/tight", "/claim/upper/status", "/claim/upper/model/mlp/b_2",
                          "/claim/upper/reason", "/claim/lower/argument"}) {
    json x = c;
    const json::json_pointer p(ptr);
    if (x[p].is_boolean()) x[p] = !x[p].get<bool>();
    else x[p] = change_string(x[p].get<std::string>());
    auto r = check_json(x, "edited.json");
    CHECK_MESSAGE(!r.ok, ptr);
    CHECK_MESSAGE(mentions(r, "claim_sha256: recorded"), ptr);
  }
  // Outside the claim: "timing" is not part of the hash.
  json x = c;
  x["timing"]["upper_seconds"] = 12345.0;
  auto r = check_json(x, "timing.json");
  CHECK_MESSAGE(r.ok, joined(r.problems));
}

TEST_CASE("check: an unknown verdict checks as consistent and claims nothing") {
  ThresholdOptions o;
  o.smt.timeout_seconds = 1e-6;
  o.exhaustive_limit = 0;
  const auto row = make_row("fixed", 4, 1, o);
  REQUIRE(row.upper.status == UpperStatus::Unknown);
  CHECK_FALSE(row.tight);
  auto r = check_json(certificate_json(row), "unknown.json");
  CHECK_MESSAGE(r.ok, joined(r.problems));
  CHECK(joined(r.passed).find("unknown (no claim proven") != std::string::npos);
  CHECK(joined(r.passed).find("tight") == std::string::npos);
  // Claiming tight on it is rejected.
  json f = certificate_json(row);
  f["claim"]["tight"] = true;
  CHECK(mentions(check_json(rehash(f), "unknown-tight.json"), "claim.tight: recorded true, recomputed false"));
}

TEST_CASE("check: verified by exhaustive evaluation when the solver gave no answer") {
  ThresholdOptions o;
  o.smt.timeout_seconds = 1e-6;
  const auto row = make_row("fixed", 4, 1, o);
  REQUIRE(row.upper.status == UpperStatus::Verified);
  const json c = certificate_json(row);
  CHECK(c["claim"]["upper"]["query"]["smt2"].get<std::string>().find("(set-info :status unknown)") != std::string::npos);
  auto r = check_json(c, "by-exhaustive.json");
  CHECK_MESSAGE(r.ok, joined(r.problems));
  CHECK(joined(r.passed).find("every one of the 81 inputs") != std::string::npos);
  // Over the checker's exhaustive limit it cannot be re-verified.
  CheckOptions small;
  small.exhaustive_limit = 10;
  auto rs = check_json(c, "by-exhaustive-small.json", small);
  CHECK(!rs.ok);
  CHECK(mentions(rs, "raise the limit"));
  // Without "exhaustive.done" the unknown query proves nothing.
  json f = c;
  f["claim"]["upper"]["exhaustive"]["done"] = false;
  CHECK(mentions(check_json(rehash(f), "by-exhaustive-nodone.json"), "needs exhaustive evaluation"));
}

TEST_CASE("check: the accumulation class certificate passes") {
  ThresholdOptions o;
  o.cls = counting::ArchClass::Accumulation;
  const json c = certificate_json(make_row("fixed", 4, 1, o));
  CHECK(c["claim"]["lower"]["class"] == "accumulation");
  auto r = check_json(c, "accumulation.json");
  CHECK_MESSAGE(r.ok, joined(r.problems));
}

TEST_CASE("check: malformed and unreadable files") {
  CheckOptions opt;
  auto r = check_certificate(cert_path("does-not-exist.json"), opt);
  CHECK(!r.ok);
  CHECK(mentions(r, "cannot read"));
  std::ofstream(cert_path("not-json.json")) << "{ not json";
  CHECK(mentions(check_certificate(cert_path("not-json.json"), opt), "not JSON"));
  std::ofstream(cert_path("not-cert.json")) << "{\"format\": \"fixed(4,0,sat)\"}";
  CHECK(mentions(check_certificate(cert_path("not-cert.json"), opt), "not an everybit certificate"));
  json x = cert_fixed3();
  x["claim"]["extra"] = 1;
  CHECK(mentions(check_json(rehash(x), "extra.json"), "claim.extra: unexpected key"));
}

TEST_CASE("check: re-solving with an external solver") {
  const json& c = cert_fixed3();
  {  // A missing solver is a problem line.
    CheckOptions o;
    o.solver = "no-such-solver-everybit";
    auto r = check_json(c, "ext-missing.json", o);
    CHECK(!r.ok);
    CHECK(mentions(r, "solver: 'no-such-solver-everybit' not found"));
  }
  {  // A solver that answers sat to everything rejects the certificate.
    CheckOptions o;
    o.solver = fake_solver("say-sat.sh", "sat");
    auto r = check_json(c, "ext-sat.json", o);
    CHECK(!r.ok);
    CHECK(mentions(r, "claim.upper.query: recorded unsat, re-solved sat"));
    CHECK(mentions(r, "claim.upper.lemmas[0]: recorded unsat, re-solved sat"));
  }
  {  // A solver without an answer.
    CheckOptions o;
    o.solver = fake_solver("say-garbage.sh", "(error \"no\")");
    auto r = check_json(c, "ext-garbage.json", o);
    CHECK(!r.ok);
    CHECK(mentions(r, "re-solved error"));
  }
  {  // A solver that answers unsat passes (the text is what it was given).
    CheckOptions o;
    o.solver = fake_solver("say-unsat.sh", "unsat");
    auto r = check_json(c, "ext-unsat.json", o);
    CHECK_MESSAGE(r.ok, joined(r.problems));
  }
  {  // A solver that runs past the time limit gives unknown, and is killed.
    const std::string p = cert_path("slow.sh");
    std::ofstream(p) << "#!/bin/sh\nsleep 30\necho unsat\n";
    std::filesystem::permissions(p, std::filesystem::perms::owner_all);
    certcheck::Solver s;
    s.library = false;
    s.name = s.executable = p;
    auto t0 = std::chrono::steady_clock::now();
    auto res = certcheck::solve_smt2(s, "(check-sat)", 0.5);
    CHECK(res.status == certcheck::SolveStatus::Unknown);
    CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 10);
  }
  // Real solvers, where installed: the z3 executable and cvc5 (Debian packages).
  for (const char* exe : {"cvc5", "/usr/bin/z3"}) {
    std::string problem;
    auto s = certcheck::resolve_solver(exe, problem);
    if (!s) {
      MESSAGE("skipped: ", problem);
      continue;
    }
    CheckOptions o;
    o.solver = s->executable;
    auto r = check_json(c, "ext-real.json", o);
    CHECK_MESSAGE(r.ok, exe, ": ", joined(r.problems));
    CHECK(joined(r.passed).find(s->executable) != std::string::npos);
  }
}

TEST_CASE("check: the library parses each text on its own") {
  std::string problem;
  auto s = certcheck::resolve_solver("z3", problem);
  REQUIRE(s);
  auto a = certcheck::solve_smt2(*s, "(declare-fun x () (_ BitVec 4))\n(assert (= x #x1))\n(check-sat)\n", 10);
  CHECK(a.status == certcheck::SolveStatus::Sat);
  // x was declared by the previous text only.
  auto b = certcheck::solve_smt2(*s, "(assert (= x #x1))\n(check-sat)\n", 10);
  CHECK(b.status == certcheck::SolveStatus::Error);
  // After a parse error the next text still parses (a fresh context).
  auto c = certcheck::solve_smt2(*s, "(declare-fun x () (_ BitVec 4))\n(assert (distinct x x))\n(check-sat)\n", 10);
  CHECK(c.status == certcheck::SolveStatus::Unsat);
}

TEST_CASE("check: every leaf of the claim edited, and every key dropped, is rejected (fixed p=3)") {
  const json& c = cert_fixed3();
  const auto muts = claim_mutations(c);
  CHECK(muts.size() > 60);
  expect_all_rejected(run_mutations(c, muts, false, "leaf"));
}

TEST_CASE("check: lemma statements about stored values are evaluated on the reference; false ones are rejected") {
  const json& c = cert_fixed4();
  auto r = check_json(c, "facts.json");
  REQUIRE_MESSAGE(r.ok, joined(r.problems));
  // Two tables, an equality and the MLP cut; the cut is also evaluated on all 16 residuals.
  CHECK(joined(r.passed).find("lemma statements: 4 of") != std::string::npos);
  CHECK(joined(r.passed).find("re-derived on the reference on all 16 values") != std::string::npos);
  const json& lemmas = c["claim"]["upper"]["lemmas"];
  int table = -1;
  for (size_t i = 0; i < lemmas.size(); ++i)
    if (lemmas[i]["statement"].get<std::string>().rfind("stored value #1 is a function", 0) == 0) table = static_cast<int>(i);
  REQUIRE(table >= 0);
  const std::string field = fmt::format("claim.upper.lemmas[{}].statement", table);
  // The embedding's coordinate takes 9 values: a table of one value, a constant, and an
  // equality with another stored value are each false on some input.
  for (const char* forged : {"stored value #1 is a function of the tokens {t1}: [0xc] over their values (tabulated)",
                             "stored value #1 = 0xc for every input", "stored value #1 = stored value #3 for every input",
                             "stored value #999 = 0x0 for every input"}) {
    json f = c;
    f["claim"]["upper"]["lemmas"][table]["statement"] = forged;
    auto rf = check_json(rehash(f), "facts-forged.json");
    CHECK_MESSAGE(!rf.ok, forged);
    CHECK_MESSAGE(mentions(rf, field), forged, ": ", joined(rf.problems));
  }
  // A statement of another form is not evaluated: it rests on its re-solved text.
  json g = c;
  g["claim"]["upper"]["lemmas"][table]["statement"] = "a statement the checker cannot evaluate";
  auto rg = check_json(rehash(g), "facts-other.json");
  CHECK_MESSAGE(rg.ok, joined(rg.problems));
  CHECK(joined(rg.passed).find("lemma statements: 3 of") != std::string::npos);
  // The MLP cut: a point added to or removed from the accepted set is caught.
  int cut = -1;
  for (size_t i = 0; i < lemmas.size(); ++i)
    if (lemmas[i]["statement"].get<std::string>().rfind("the MLP accepts", 0) == 0) cut = static_cast<int>(i);
  REQUIRE(cut >= 0);
  for (const char* forged : {"the MLP accepts exactly when residual coordinates [0] are one of (0x1)",
                             "the MLP accepts exactly when residual coordinates [0] are one of (0x0) (0x1)",
                             "the MLP accepts exactly when residual coordinates [0] are one of nothing"}) {
    json f = c;
    f["claim"]["upper"]["lemmas"][cut]["statement"] = forged;
    auto rf = check_json(rehash(f), "cut-forged.json");
    CHECK_MESSAGE(!rf.ok, forged);
    CHECK_MESSAGE(mentions(rf, fmt::format("claim.upper.lemmas[{}].statement", cut)), forged, ": ", joined(rf.problems));
  }
}

TEST_CASE("check: lemma facts are parsed only in their exact forms") {
  using certcheck::parse_stored_fact;
  using K = certcheck::StoredFact::Kind;
  auto c = parse_stored_fact("stored value #14 = 0x1f for every input (over the exact-sum shadows)");
  REQUIRE(c);
  CHECK((c->kind == K::Constant && c->index == 14 && c->value == 0x1f));
  auto e = parse_stored_fact("stored value #14 = stored value #13 for every input");
  REQUIRE(e);
  CHECK((e->kind == K::Equal && e->index == 14 && e->other == 13));
  auto t = parse_stored_fact("stored value #3 is a function of the tokens {t2}: [0xc, 0x0, 0x4] over their values (tabulated)");
  REQUIRE(t);
  CHECK((t->kind == K::OneOf && t->values == std::vector<uint64_t>{0x0, 0x4, 0xc}));
  auto ev = parse_stored_fact("stored value #2 = 0x3, 0x4 for every input (evaluated)");
  REQUIRE(ev);
  CHECK(ev->kind == K::OneOf);
  auto cut = parse_stored_fact("the MLP accepts exactly when residual coordinates [0,2] are one of (0x3,0x1) (0x0,0x5)");
  REQUIRE(cut);
  CHECK((cut->kind == K::MlpCut && cut->coords == std::vector<size_t>{0, 2} && cut->points.size() == 2));
  CHECK(certcheck::cut_violation(*cut, {0x3, 0x9, 0x1}, true).empty());
  CHECK(certcheck::cut_violation(*cut, {0x3, 0x9, 0x2}, false).empty());
  CHECK(!certcheck::cut_violation(*cut, {0x3, 0x9, 0x1}, false).empty());
  CHECK(!certcheck::cut_violation(*cut, {0x3, 0x9}, true).empty());  // no coordinate 2
  CHECK(!parse_stored_fact("the MLP accepts exactly when residual coordinates [0,2] are one of (0x3)"));
  for (const char* bad : {"stored value #14 = 0x1f for every input!", "stored value # = 0x1", "stored value #1 = 0x",
                          "stored value #1 = stored value #2", "shadow range: the exact-sum integer s0 lies in [-4, 4]",
                          "stored value #12345678901 = 0x1 for every input", "stored value #1 = 0x12345678901234567 for every input"})
    CHECK_MESSAGE(!parse_stored_fact(bad), bad);
  CHECK(certcheck::fact_violation(*c, std::vector<uint64_t>(15, 0x1f)).empty());
  CHECK(!certcheck::fact_violation(*c, std::vector<uint64_t>(15, 0x1e)).empty());
  CHECK(!certcheck::fact_violation(*c, std::vector<uint64_t>(14, 0x1f)).empty());  // no stored value #14
  CHECK(certcheck::fact_violation(*t, {0, 0, 0, 4}).empty());
  CHECK(!certcheck::fact_violation(*t, {0, 0, 0, 5}).empty());
}

TEST_CASE("check: the inputs sampled above the exhaustive limit are distinct inputs of the task, structured first") {
  for (const Task& t : {Task::eq_token(24, 1), Task::eq_token(5, 3), Task::eq_bits(12)}) {
    const auto s = certcheck::sample_inputs_for_check(t, 4096);
    CHECK(s.size() == 4096);
    std::set<std::vector<BigInt>> distinct(s.begin(), s.end());
    CHECK(distinct.size() == s.size());
    size_t equal = 0;
    for (const auto& tok : s) {
      REQUIRE(static_cast<int>(tok.size()) == certcheck::positions_of(t));
      for (int j = 0; j < certcheck::positions_of(t); ++j) {
        CHECK(tok[j] >= 0);
        CHECK(tok[j] < certcheck::sigma_size(t));
      }
      if (t.kind == Task::Kind::EqBits) CHECK(tok.back() == 2);
      equal += certcheck::gamma_of(t, tok);
    }
    CHECK(equal > 200);                 // both answers of Γ are well represented
    CHECK(equal < s.size() - 200);
    if (t.kind == Task::Kind::EqToken) {
      const BigInt top = certcheck::sigma_size(t) - 1;
      CHECK(std::find(s.begin(), s.end(), std::vector<BigInt>{top, top}) != s.end());
      CHECK(std::find(s.begin(), s.end(), std::vector<BigInt>{0, top}) != s.end());
    }
  }
  CHECK(certcheck::sample_inputs_for_check(Task::eq_token(2, 1), 4096).size() == 9);  // all of a small task
}

TEST_SUITE("slow") {
  TEST_CASE("check: every forged leaf and dropped key is rejected even with claim_sha256 recomputed (fixed p=3)") {
    const json& c = cert_fixed3();
    const auto muts = claim_mutations(c);
    expect_forgeries_rejected(c, run_mutations(c, muts, true, "forge3"));
  }

  TEST_CASE("check: every forged leaf of a refuted certificate is rejected (fixed,wrap p=3)") {
    const json& c = cert_wrap_p3();
    const auto muts = claim_mutations(c);
    const auto outs = run_mutations(c, muts, true, "forgeftz");
    for (const auto& o : outs) {
      if (!o.report.ok) continue;
      if (o.m.what == "change" && descriptive(o.m.path)) continue;
      // A refuted claim binds the model through its counterexample: an edited model is
      // accepted only when the counterexample still refutes it.
      if (o.m.what == "change" && o.m.path.rfind("/claim/upper/model/", 0) == 0) continue;
      // Without claim.upper.representable the certificate has the form of one written before
      // the key existed (its sums on adder lemmas), which check accepts; a refuted claim rests
      // on its counterexample alone, so the form of its encoding does not bear on it. (A
      // verified certificate without the key is rejected: its query no longer matches.)
      if (o.m.what == "drop" && o.m.path == "/claim/upper/representable") continue;
      CHECK_MESSAGE(false, "forged ", o.m.what, " ", o.m.path, " was accepted:\n", joined(o.report.passed));
    }
  }

  TEST_CASE("check: a refuted certificate re-solved by external solvers") {
    for (const char* exe : {"cvc5", "/usr/bin/z3"}) {
      std::string problem;
      auto s = certcheck::resolve_solver(exe, problem);
      if (!s) continue;
      CheckOptions o;
      o.solver = s->executable;
      auto r = check_json(cert_ftz_p8(), "ext-refuted.json", o);
      CHECK_MESSAGE(r.ok, exe, ": ", joined(r.problems));
    }
  }

  TEST_CASE("check: a certificate over the exhaustive limit (fixed p=24) passes; a broken weight is caught") {
    const json c = certificate_json(make_row("fixed", 24, 1));
    auto r = check_json(c, "p24.json");
    CHECK_MESSAGE(r.ok, joined(r.problems));
    CHECK(joined(r.passed).find("4096 structured and random inputs agree with Γ") != std::string::npos);
    json f = c;
    f["claim"]["upper"]["model"]["mlp"]["b_2"] = "-1";
    auto rf = check_json(rehash(f), "p24-b2.json");
    CHECK(!rf.ok);
    CHECK(mentions(rf, "exact reference disagrees with Γ"));
  }
}
