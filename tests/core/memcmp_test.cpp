// memcmp as every program here links it: in the WASM build, core/wasm_memcmp.cpp's eight bytes at
// a time (natively the C library's). It must order any two buffers as a byte-at-a-time comparison
// of unsigned bytes does, whatever their length, alignment and first difference.
#include <doctest/doctest.h>

#include <cstring>
#include <random>
#include <vector>

namespace {

int sign(int v) { return (v > 0) - (v < 0); }

int reference(const unsigned char* a, const unsigned char* b, size_t n) {
    for (size_t i = 0; i < n; ++i)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}

}  // namespace

TEST_CASE("memcmp orders buffers as a byte-at-a-time comparison does, at every length, offset and difference") {
    std::mt19937 rng(5);
    std::vector<unsigned char> a(80), b(80);
    for (size_t n = 0; n <= 40; ++n) {
        for (size_t offset = 0; offset < 8; ++offset) {  // unaligned starts
            for (size_t at = 0; at <= n; ++at) {         // at == n: equal
                for (unsigned char& c : a) c = static_cast<unsigned char>(rng());
                std::memcpy(b.data(), a.data(), a.size());
                if (at < n) b[offset + at] = static_cast<unsigned char>(a[offset + at] ^ (1u << (rng() % 8)));
                b[offset + n] ^= 0xff;  // past the end: must not count
                const volatile size_t length = n;  // not a constant the compiler could fold
                INFO("n = " << n << ", offset = " << offset << ", difference at " << at);
                REQUIRE(sign(std::memcmp(a.data() + offset, b.data() + offset, length)) ==
                        reference(a.data() + offset, b.data() + offset, n));
                REQUIRE(sign(std::memcmp(b.data() + offset, a.data() + offset, length)) ==
                        reference(b.data() + offset, a.data() + offset, n));
            }
        }
    }
    // Bytes of 0x80 and above compare as unsigned: 0xff after 0x01.
    const unsigned char high[] = {1, 2, 3, 4, 5, 6, 7, 8, 0xff}, low[] = {1, 2, 3, 4, 5, 6, 7, 8, 0x01};
    CHECK(std::memcmp(high, low, 9) > 0);
    CHECK(std::memcmp(low, high, 9) < 0);
}
