#include "solver/allocator.hpp"

#include <cstdlib>  // defines __GLIBC__ under glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace eb {

bool keep_freed_memory() {
#if defined(__GLIBC__)
  // Setting either value turns off glibc's dynamic adjustment of both, so both are set:
  // the trim threshold alone leaves 8.5 MB blocks to mmap (worse: every one is unmapped).
  const bool mmap_ok = mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024) == 1;
  const bool trim_ok = mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024) == 1;
  return mmap_ok && trim_ok;
#else
  return false;
#endif
}

}  // namespace eb
