#include "synth/minprec.hpp"

namespace eb {

MinprecResult minprec(const Task& t, const Family& fam, const SynthShape& s, int p_lo, int p_hi,
                      const SynthOptions& opt) {
  for (int p = p_lo; p <= p_hi; ++p) check_synth_shape(t, fam.at(p), s, nullptr, opt.encoding);
  MinprecResult r;
  r.lo = p_lo;
  for (int p = p_lo; p <= p_hi; ++p) {
    MinprecStep st;
    st.p = p;
    st.format = fam.at(p);
    st.result = synthesize(t, st.format, s, nullptr, opt);
    const SynthStatus status = st.result.status;
    r.steps.push_back(std::move(st));
    if (status == SynthStatus::Found) {
      r.hi = p;
      break;
    }
    // The lower end moves only over an unbroken run of "none" from the start.
    if (status == SynthStatus::None && r.lo == p) r.lo = p + 1;
  }
  if (r.hi) {
    const size_t k = r.steps.size();
    const bool none_below = k >= 2 && r.steps[k - 2].result.status == SynthStatus::None;
    r.below_least = k == 1 && *r.hi == fam.min_p();
    if (none_below || r.below_least) {
      r.p_star = *r.hi;
      r.lo = *r.hi;
    }
  }
  return r;
}

}  // namespace eb
