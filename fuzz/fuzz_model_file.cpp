// libFuzzer target: the model-file loader (src/model/model_json.cpp), docs/model-file.md.
// Input: the bytes are the file's text, loaded with load_model() (the real entry point:
// read, JSON parse, model_from_json with validation).
// Contract checked:
//  * load_model returns a Model or throws ModelError whose message is one line;
//  * a loaded model passes validate(m);
//  * round trip: the canonical file text of the model (model_file_text(model_to_json(m)),
//    what save_model writes) loads again, to a model with the same bit patterns and the
//    same canonical JSON.
// Any other exception escapes and is reported by libFuzzer as a crash.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "fuzz_util.hpp"
#include "model/model_json.hpp"

namespace eb {
std::string model_file_text(const nlohmann::json& j);  // model_json_text.cpp
}

using eb_fuzz::finding;
using eb_fuzz::require;

namespace {

bool same_model(const eb::Model& a, const eb::Model& b) {
  auto same_head = [](const eb::Head& x, const eb::Head& y) {
    return x.W_Q == y.W_Q && x.W_K == y.W_K && x.W_V == y.W_V && x.W_O == y.W_O;
  };
  if (!(a.format == b.format) || !(a.acc == b.acc) || a.softmax != b.softmax || a.d_tok != b.d_tok ||
      a.d_pos != b.d_pos || a.positions != b.positions || a.P != b.P || a.heads.size() != b.heads.size())
    return false;
  if (a.E.kind != b.E.kind || a.E.table != b.E.table || a.E.digit_bits != b.E.digit_bits || a.E.digits != b.E.digits)
    return false;
  for (size_t h = 0; h < a.heads.size(); ++h)
    if (!same_head(a.heads[h], b.heads[h])) return false;
  return a.mlp.W_1 == b.mlp.W_1 && a.mlp.b_1 == b.mlp.b_1 && a.mlp.w_2 == b.mlp.w_2 && a.mlp.b_2 == b.mlp.b_2;
}

eb_fuzz::ScratchFile& scratch() {
  static eb_fuzz::ScratchFile f("model.json");
  return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = scratch().write(reinterpret_cast<const char*>(data), size);
  eb::Model m;
  try {
    m = eb::load_model(path);
  } catch (const eb::ModelError& e) {
    const std::string msg = e.what();
    require(!msg.empty(), "load_model: empty ModelError message");
    require(eb_fuzz::one_line(msg), "load_model: ModelError message is not one line: " + msg);
    return 0;
  }
  try {
    eb::validate(m);
  } catch (const std::exception& e) {
    finding(std::string("load_model returned a model that validate() rejects: ") + e.what());
  }
  const nlohmann::json j = eb::model_to_json(m);
  const std::string text = eb::model_file_text(j);
  eb::Model back;
  try {
    back = eb::load_model(scratch().write(text.data(), text.size()));
  } catch (const eb::ModelError& e) {
    finding(std::string("the canonical text of a loaded model does not load: ") + e.what());
  }
  require(same_model(back, m), "the canonical text of a loaded model loads to other bit patterns");
  require(eb::model_to_json(back) == j, "the canonical text of a loaded model loads to another canonical JSON");
  return 0;
}
