// Where the time of one check goes: wall time and this thread's CPU time per phase.
// A phase ends at each mark(); its time is what passed since the previous mark (or the
// clock's construction). CPU time is the calling thread's (CLOCK_THREAD_CPUTIME_ID): Z3
// solves on the thread that calls it, and `threshold` runs rows on worker threads, so a
// row's CPU time is not mixed with the other worker's, whatever the machine's load.
#pragma once
#include <chrono>
#include <ctime>
#include <string>
#include <vector>

#include "upper/verdict.hpp"

namespace eb {

class PhaseClock {
 public:
  PhaseClock() : wall0_(wall_now()), cpu0_(cpu_now()) {}
  // Ends the current phase under `name`; a name used again adds to its earlier entry.
  void mark(const std::string& name) {
    const double w = wall_now(), c = cpu_now();
    add(name, w - wall0_, c - cpu0_);
    wall0_ = w;
    cpu0_ = c;
  }
  void add(const std::string& name, double wall, double cpu) {
    for (auto& p : phases_)
      if (p.name == name) {
        p.wall += wall;
        p.cpu += cpu;
        return;
      }
    phases_.push_back({name, wall, cpu});
  }
  const std::vector<PhaseTime>& phases() const { return phases_; }

  static double cpu_now() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  }

 private:
  static double wall_now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  }
  double wall0_, cpu0_;
  std::vector<PhaseTime> phases_;
};

}  // namespace eb
