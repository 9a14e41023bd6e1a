// What the process holds in memory, for the benchmarks' memory-per-event figures: the heap bytes
// in use (glibc's mallinfo2 natively, dlmalloc's mallinfo in WASM) and the resident set natively
// (/proc/self/status) or the size of the WASM linear memory (which never shrinks).
#pragma once

#include <malloc.h>

#include <cstddef>
#include <cstdio>
#include <cstring>

namespace es_bench {

// Bytes handed out by malloc and not yet freed (small blocks and mmapped ones).
inline size_t heap_in_use() {
#ifdef __EMSCRIPTEN__
    struct mallinfo m = mallinfo();
    return static_cast<size_t>(static_cast<unsigned>(m.uordblks)) + static_cast<size_t>(static_cast<unsigned>(m.hblkhd));
#else
    struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
#endif
}

// Natively VmRSS in bytes (0 if unreadable); in WASM the linear memory's size.
inline size_t resident_bytes() {
#ifdef __EMSCRIPTEN__
    return __builtin_wasm_memory_size(0) * 65536;
#else
    std::FILE* f = std::fopen("/proc/self/status", "r");
    if (!f) return 0;
    char line[256];
    size_t kb = 0;
    while (std::fgets(line, sizeof line, f)) {
        if (std::strncmp(line, "VmRSS:", 6) == 0) {
            std::sscanf(line + 6, "%zu", &kb);
            break;
        }
    }
    std::fclose(f);
    return kb * 1024;
#endif
}

// Hands freed memory back to the system where the allocator can (glibc), so a later resident
// set delta is not hidden by pages an earlier data set left behind.
inline void release_free_memory() {
#ifndef __EMSCRIPTEN__
    malloc_trim(0);
#endif
}

}  // namespace es_bench
