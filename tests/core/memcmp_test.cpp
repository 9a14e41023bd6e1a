// es::compare_bytes (core/wasm_memcmp.h), eight bytes at a time: the WASM build's memcmp. It must
// order any two buffers as a byte-at-a-time comparison of unsigned bytes does, whatever their
// length, alignment and differences, and read nothing outside them. It is tested directly (so the
// native sanitizer build checks its reads, on buffers of the exact size) and as std::memcmp (in
// the WASM core suite, that is this function; natively it is the C library's).
#include <doctest/doctest.h>

#include <cstring>
#include <memory>
#include <random>

#include "core/wasm_memcmp.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

namespace {

int sign(int v) { return (v > 0) - (v < 0); }

int reference(const unsigned char* a, const unsigned char* b, size_t n) {
    for (size_t i = 0; i < n; ++i)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}

}  // namespace

TEST_CASE("compare_bytes and memcmp order buffers as a byte-at-a-time comparison does") {
    std::mt19937 rng(5);
    for (size_t n = 0; n <= 40; ++n) {
        for (size_t offset = 0; offset < 8; ++offset) {  // unaligned starts
            for (size_t at = 0; at <= n; ++at) {         // the first difference; at == n: equal
                // Exactly offset + n bytes each: a read past the end is a heap overflow.
                auto a = std::make_unique<unsigned char[]>(offset + n + 1);
                auto b = std::make_unique<unsigned char[]>(offset + n + 1);
                for (size_t i = 0; i < offset + n; ++i) a[i] = b[i] = static_cast<unsigned char>(rng());
                if (at < n) {
                    b[offset + at] = static_cast<unsigned char>(a[offset + at] ^ (1u << (rng() % 8)));
                    // A later difference the other way, often in the same eight bytes: comparing
                    // whole words as numbers (without finding the first byte) gets these wrong.
                    if (at + 1 < n) {
                        const size_t later = offset + at + 1 + rng() % (n - at - 1);
                        const bool first_lower = b[offset + at] < a[offset + at];
                        a[later] = first_lower ? 0x00 : 0xff;
                        b[later] = first_lower ? 0xff : 0x00;
                    }
                }
                const unsigned char* pa = a.get() + offset;
                const unsigned char* pb = b.get() + offset;
                const volatile size_t length = n;  // not a constant the compiler could fold
                INFO("n = " << n << ", offset = " << offset << ", first difference at " << at);
                REQUIRE(sign(es::compare_bytes(pa, pb, length)) == reference(pa, pb, n));
                REQUIRE(sign(es::compare_bytes(pb, pa, length)) == reference(pb, pa, n));
                REQUIRE(sign(std::memcmp(pa, pb, length)) == reference(pa, pb, n));
                REQUIRE(sign(std::memcmp(pb, pa, length)) == reference(pb, pa, n));
            }
        }
    }
    // Bytes of 0x80 and above compare as unsigned: 0xff after 0x01.
    const unsigned char high[] = {1, 2, 3, 4, 5, 6, 7, 8, 0xff}, low[] = {1, 2, 3, 4, 5, 6, 7, 8, 0x01};
    const volatile size_t nine = 9;
    CHECK(es::compare_bytes(high, low, nine) > 0);
    CHECK(es::compare_bytes(low, high, nine) < 0);
    CHECK(std::memcmp(high, low, nine) > 0);
    CHECK(std::memcmp(low, high, nine) < 0);
}

}  // namespace ES_TEST_FILE_ID
