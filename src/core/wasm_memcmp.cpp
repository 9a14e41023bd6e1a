// memcmp for the WebAssembly build, eight bytes at a time. Emscripten 3.1.6's libc (musl) compares
// a byte at a time, and every std::string comparison, map lookup by string key and equality of
// two ids or hashes goes through it: it was 8% of catching up a sandbox's read models in WASM's
// profile. Defined here, it replaces the libc one for every WASM program (the app, the benchmarks,
// the test suites). Natively only es::compare_bytes is built, for the tests (glibc's memcmp is
// already vectorised). Compiled with -fno-builtin (CMakeLists.txt), so its loops are never turned
// back into a call to memcmp.
#include "core/wasm_memcmp.h"

#include <cstdint>

namespace es {

int compare_bytes(const void* left, const void* right, size_t n) {
    const auto* a = static_cast<const unsigned char*>(left);
    const auto* b = static_cast<const unsigned char*>(right);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x, y;
        __builtin_memcpy(&x, a + i, 8);
        __builtin_memcpy(&y, b + i, 8);
        if (x != y) {
            // Little-endian: the lowest differing bit lies in the first differing byte.
            i += static_cast<size_t>(__builtin_ctzll(x ^ y)) / 8;
            return static_cast<int>(a[i]) - static_cast<int>(b[i]);
        }
    }
    for (; i < n; ++i)
        if (a[i] != b[i]) return static_cast<int>(a[i]) - static_cast<int>(b[i]);
    return 0;
}

}  // namespace es

#ifdef __EMSCRIPTEN__
extern "C" int memcmp(const void* a, const void* b, size_t n) { return es::compare_bytes(a, b, n); }
#endif
