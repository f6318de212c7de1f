// The C allocator's settings for a process that runs many Z3 queries (docs/sweeps.md,
// "Where the time of one check goes"). Z3 allocates a table of about 8.5 MB for every
// solver check (and two for every context); glibc's defaults give such a block fresh
// pages each time (mmap, or the heap's top trimmed back to the kernel on free), so every
// query touched ~2,000 new pages: at fp32, n = 16, an eq-bits check made 963,000 minor
// page faults and spent 7.6 s of 18.6 s CPU in the kernel. With the settings below the
// freed blocks stay in the heap and are reused (17,600 faults, 0.2 s system time).
#pragma once

namespace eb {

// Blocks up to 32 MB (glibc's maximum for this setting) come from the heap, and the heap
// is returned to the kernel only when more than 1 GB at its top is free. Call once at
// the start of main, before any thread starts; a no-op where the C library is not glibc.
// Returns whether the settings were applied.
bool keep_freed_memory();

}  // namespace eb
