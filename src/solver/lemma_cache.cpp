#include "solver/lemma_cache.hpp"

#include <map>
#include <mutex>

namespace eb {

namespace {
std::mutex cache_mutex;
std::map<std::string, Lemma>& cache() {
  static std::map<std::string, Lemma> c;
  return c;
}
}  // namespace

std::optional<Lemma> cached_lemma(const std::string& key) {
  std::lock_guard<std::mutex> lock(cache_mutex);
  auto it = cache().find(key);
  if (it == cache().end()) return std::nullopt;
  return it->second;
}

void remember_lemma(const std::string& key, const Lemma& lemma) {
  std::lock_guard<std::mutex> lock(cache_mutex);
  cache().emplace(key, lemma);
}

}  // namespace eb
