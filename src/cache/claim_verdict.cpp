#include "cache/claim_verdict.hpp"

namespace eb {

using nlohmann::json;

std::optional<UpperCheck> verdict_from_certificate(const json& cert, std::string& why) {
  try {
    const json& u = cert.at("claim").at("upper");
    UpperCheck c;
    UpperVerdict& v = c.verdict;
    const std::string status = u.at("status").get<std::string>();
    if (status == "verified") v.status = UpperStatus::Verified;
    else if (status == "refuted") v.status = UpperStatus::Refuted;
    else {
      why = "status '" + status + "' is not a decided verdict";
      return std::nullopt;
    }
    v.reason = u.at("reason").get<std::string>();
    const std::string name = u.at("solver").at("name").get<std::string>();
    const std::string version = u.at("solver").at("version").get<std::string>();
    v.solver = version.empty() ? name : name + " " + version;
    v.smt2 = u.at("query").is_null() ? std::string() : u.at("query").at("smt2").get<std::string>();
    const json& timing = cert.at("timing");
    v.seconds = timing.at("upper_seconds").get<double>();
    const json& lemma_seconds = timing.at("lemma_seconds");
    const json& lemmas = u.at("lemmas");
    if (lemma_seconds.size() != lemmas.size()) {
      why = "timing.lemma_seconds does not match the lemmas";
      return std::nullopt;
    }
    for (size_t k = 0; k < lemmas.size(); ++k)
      v.lemmas.push_back({lemmas[k].at("statement").get<std::string>(), lemmas[k].at("smt2").get<std::string>(),
                          lemma_seconds[k].get<double>()});
    for (const auto& r : u.at("representable"))
      v.representable.push_back({r.at("format").get<std::string>(), r.at("g").get<int>(), r.at("R").get<std::string>()});
    v.refinements = u.at("refinements").get<int>();
    v.exhaustive = u.at("exhaustive").at("done").get<bool>();
    c.exhaustive_ran = v.exhaustive;
    c.exhaustive_note = u.at("exhaustive").at("note").get<std::string>();
    const json& cx = u.at("counterexample");
    if (!cx.is_null()) {
      Counterexample x;
      for (const auto& t : cx.at("tokens")) x.tokens.emplace_back(t.get<std::string>());
      x.accepts = cx.at("accepts").get<bool>();
      x.expected = cx.at("expected").get<bool>();
      x.reference_agrees = cx.at("reference_agrees").get<bool>();
      v.counterexample = std::move(x);
    }
    if (v.status == UpperStatus::Refuted && !(v.counterexample && v.counterexample->reference_agrees)) {
      why = "a refutation without a counterexample confirmed by the reference";
      return std::nullopt;
    }
    return c;
  } catch (const std::exception& e) {
    why = std::string("malformed claim: ") + e.what();
    return std::nullopt;
  }
}

}  // namespace eb
