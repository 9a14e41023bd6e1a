// SHA-256 compression functions (portable, and x86-64 SHA extensions) and the padding, written
// straight from FIPS 180-4 section 6.2.
#include "core/sha256.h"

#include <cstring>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace es {
namespace {

constexpr std::array<uint32_t, 64> kRoundConstants = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

constexpr std::array<uint32_t, 8> kInitialState = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

inline uint32_t rotr(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }

// [SECTION] Portable compression (FIPS 180-4 section 6.2.2), for WebAssembly and any CPU.
// The 64 rounds go eight at a time with the variables' roles rotated instead of shifted (the same
// arithmetic as step 3: h, g, f, e, d, c, b, a = ...), ch / maj in their two-operation forms, and
// the message schedule kept as 16 words extended as the rounds need them (step 1 done in place)
// rather than 64 words computed first: 8% faster natively, 20% in WebAssembly than the 64-word
// schedule. The FIPS test vectors in sha256_test.cpp pin the result.
#define ES_SHA256_W(i) w[(i) & 15]
#define ES_SHA256_LOADED(i) ES_SHA256_W(i)
#define ES_SHA256_EXTENDED(i)                                                                              \
    (ES_SHA256_W(i) += (rotr(ES_SHA256_W((i) - 2), 17) ^ rotr(ES_SHA256_W((i) - 2), 19) ^ (ES_SHA256_W((i) - 2) >> 10)) + \
                       ES_SHA256_W((i) - 7) +                                                               \
                       (rotr(ES_SHA256_W((i) - 15), 7) ^ rotr(ES_SHA256_W((i) - 15), 18) ^ (ES_SHA256_W((i) - 15) >> 3)))
#define ES_SHA256_ROUND(a, b, c, d, e, f, g, h, i, word)                                                   \
    do {                                                                                                   \
        const uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + (g ^ (e & (f ^ g))) +           \
                            kRoundConstants[i] + word(i);                                                  \
        const uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) | (c & (a | b)));         \
        d += t1;                                                                                           \
        h = t1 + t2;                                                                                       \
    } while (0)
#define ES_SHA256_EIGHT_ROUNDS(i, word)                           \
    ES_SHA256_ROUND(a, b, c, d, e, f, g, h, (i), word);          \
    ES_SHA256_ROUND(h, a, b, c, d, e, f, g, (i) + 1, word);      \
    ES_SHA256_ROUND(g, h, a, b, c, d, e, f, (i) + 2, word);      \
    ES_SHA256_ROUND(f, g, h, a, b, c, d, e, (i) + 3, word);      \
    ES_SHA256_ROUND(e, f, g, h, a, b, c, d, (i) + 4, word);      \
    ES_SHA256_ROUND(d, e, f, g, h, a, b, c, (i) + 5, word);      \
    ES_SHA256_ROUND(c, d, e, f, g, h, a, b, (i) + 6, word);      \
    ES_SHA256_ROUND(b, c, d, e, f, g, h, a, (i) + 7, word)

void compress_portable(uint32_t state[8], const uint8_t* block, size_t count) {
    for (; count > 0; --count, block += 64) {
        uint32_t w[16];
        for (int i = 0; i < 16; ++i) {
            // Big-endian load by shifts so host byte order never matters.
            w[i] = (uint32_t(block[4 * i]) << 24) | (uint32_t(block[4 * i + 1]) << 16) |
                   (uint32_t(block[4 * i + 2]) << 8) | uint32_t(block[4 * i + 3]);
        }
        uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
        uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
        ES_SHA256_EIGHT_ROUNDS(0, ES_SHA256_LOADED);
        ES_SHA256_EIGHT_ROUNDS(8, ES_SHA256_LOADED);
        for (int i = 16; i < 64; i += 16) {
            ES_SHA256_EIGHT_ROUNDS(i, ES_SHA256_EXTENDED);
            ES_SHA256_EIGHT_ROUNDS(i + 8, ES_SHA256_EXTENDED);
        }
        state[0] += a; state[1] += b; state[2] += c; state[3] += d;
        state[4] += e; state[5] += f; state[6] += g; state[7] += h;
    }
}
#undef ES_SHA256_EIGHT_ROUNDS
#undef ES_SHA256_ROUND
#undef ES_SHA256_EXTENDED
#undef ES_SHA256_LOADED
#undef ES_SHA256_W

#if defined(__x86_64__)
#define ES_SHA256_HAS_SHANI 1

// [SECTION] x86-64 SHA extensions. The state lives in two registers as ABEF and CDGH (the
// layout sha256rnds2 wants); each sha256rnds2 does two rounds, sha256msg1/msg2 extend the
// message schedule four words at a time. Compiled for these instructions alone, and only
// called after sha_ni_supported() said the CPU has them.
__attribute__((target("sha,sse4.1"))) void compress_sha_ni(uint32_t state[8], const uint8_t* block, size_t count) {
    const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i tmp = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[0])), 0xB1);  // CDAB
    __m128i state1 = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[4])), 0x1B);  // EFGH
    __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);     // ABEF
    state1 = _mm_blend_epi16(state1, tmp, 0xF0);          // CDGH

    for (; count > 0; --count, block += 64) {
        const __m128i abef_before = state0, cdgh_before = state1;
        __m128i m[4];
        // Four rounds with schedule words m[g % 4] (W[4g..4g+3]). Group g also finishes the
        // words of group g + 1 (msg2, from g = 3) and starts those of group g + 3 (msg1, up to 12).
#define ES_SHA256_QUAD(g)                                                                                   \
    do {                                                                                                    \
        if ((g) < 4)                                                                                        \
            m[(g) % 4] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16 * (g))), byte_swap); \
        __m128i msg = _mm_add_epi32(m[(g) % 4],                                                           \
                                    _mm_loadu_si128(reinterpret_cast<const __m128i*>(&kRoundConstants[4 * (g)]))); \
        state1 = _mm_sha256rnds2_epu32(state1, state0, msg);                                                \
        if ((g) >= 3 && (g) <= 14) {                                                                        \
            m[((g) + 1) % 4] = _mm_add_epi32(m[((g) + 1) % 4], _mm_alignr_epi8(m[(g) % 4], m[((g) + 3) % 4], 4)); \
            m[((g) + 1) % 4] = _mm_sha256msg2_epu32(m[((g) + 1) % 4], m[(g) % 4]);                          \
        }                                                                                                   \
        state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(msg, 0x0E));                      \
        if ((g) >= 1 && (g) <= 12) m[((g) + 3) % 4] = _mm_sha256msg1_epu32(m[((g) + 3) % 4], m[(g) % 4]); \
    } while (0)
        ES_SHA256_QUAD(0); ES_SHA256_QUAD(1); ES_SHA256_QUAD(2); ES_SHA256_QUAD(3);
        ES_SHA256_QUAD(4); ES_SHA256_QUAD(5); ES_SHA256_QUAD(6); ES_SHA256_QUAD(7);
        ES_SHA256_QUAD(8); ES_SHA256_QUAD(9); ES_SHA256_QUAD(10); ES_SHA256_QUAD(11);
        ES_SHA256_QUAD(12); ES_SHA256_QUAD(13); ES_SHA256_QUAD(14); ES_SHA256_QUAD(15);
#undef ES_SHA256_QUAD
        state0 = _mm_add_epi32(state0, abef_before);
        state1 = _mm_add_epi32(state1, cdgh_before);
    }

    tmp = _mm_shuffle_epi32(state0, 0x1B);        // FEBA
    state1 = _mm_shuffle_epi32(state1, 0xB1);     // DCHG
    state0 = _mm_blend_epi16(tmp, state1, 0xF0);  // DCBA
    state1 = _mm_alignr_epi8(state1, tmp, 8);     // HGFE
    _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[0]), state0);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[4]), state1);
}

// CPUID leaf 7 EBX bit 29 (SHA) and leaf 1 ECX bits 9 and 19 (SSSE3, SSE4.1).
bool sha_ni_supported() {
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return false;
    const bool sse = (ecx & (1u << 9)) && (ecx & (1u << 19));
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
    return sse && (ebx & (1u << 29));
}
#endif

using CompressFn = void (*)(uint32_t state[8], const uint8_t* blocks, size_t count);

CompressFn compress_function(Sha256Impl impl) {
#ifdef ES_SHA256_HAS_SHANI
    if (impl == Sha256Impl::ShaNi && sha256_default_impl() == Sha256Impl::ShaNi) return compress_sha_ni;
#else
    (void)impl;
#endif
    return compress_portable;
}

}  // namespace

const char* sha256_impl_name(Sha256Impl impl) {
    switch (impl) {
        case Sha256Impl::Portable: return "portable";
        case Sha256Impl::ShaNi: return "sha-ni";
    }
    return "?";
}

std::vector<Sha256Impl> sha256_impls_available() {
    std::vector<Sha256Impl> out{Sha256Impl::Portable};
    if (sha256_default_impl() != Sha256Impl::Portable) out.push_back(sha256_default_impl());
    return out;
}

Sha256Impl sha256_default_impl() {
#ifdef ES_SHA256_HAS_SHANI
    static const Sha256Impl best = sha_ni_supported() ? Sha256Impl::ShaNi : Sha256Impl::Portable;
    return best;
#else
    return Sha256Impl::Portable;
#endif
}

Sha256::Sha256(Sha256Impl impl) : compress_(compress_function(impl)) { reset(); }

void Sha256::reset() {
    state_ = kInitialState;
    buffered_ = 0;
    total_bytes_ = 0;
}

void Sha256::update(const void* data, size_t n) {
    if (n == 0) return;  // data may be null for an empty view
    const auto* p = static_cast<const uint8_t*>(data);
    total_bytes_ += n;

    if (buffered_ > 0) {
        size_t take = 64 - buffered_;
        if (take > n) take = n;
        std::memcpy(buffer_.data() + buffered_, p, take);
        buffered_ += take;
        p += take;
        n -= take;
        if (buffered_ < 64) return;
        compress_(state_.data(), buffer_.data(), 1);
        buffered_ = 0;
    }
    if (n >= 64) {
        compress_(state_.data(), p, n / 64);
        p += n & ~size_t(63);
        n &= 63;
    }
    if (n > 0) {
        std::memcpy(buffer_.data(), p, n);
        buffered_ = n;
    }
}

std::array<uint8_t, 32> Sha256::finish() {
    const uint64_t bit_length = total_bytes_ * 8;

    // Padding: one 0x80 byte, zeros up to 56 mod 64, then the 64-bit big-endian bit length.
    buffer_[buffered_++] = 0x80;
    if (buffered_ > 56) {
        std::memset(buffer_.data() + buffered_, 0, 64 - buffered_);
        compress_(state_.data(), buffer_.data(), 1);
        buffered_ = 0;
    }
    std::memset(buffer_.data() + buffered_, 0, 56 - buffered_);
    for (int i = 0; i < 8; ++i) buffer_[56 + i] = uint8_t(bit_length >> (56 - 8 * i));
    compress_(state_.data(), buffer_.data(), 1);

    std::array<uint8_t, 32> digest{};
    for (int i = 0; i < 8; ++i) {
        digest[4 * i] = uint8_t(state_[i] >> 24);
        digest[4 * i + 1] = uint8_t(state_[i] >> 16);
        digest[4 * i + 2] = uint8_t(state_[i] >> 8);
        digest[4 * i + 3] = uint8_t(state_[i]);
    }
    reset();
    return digest;
}

Sha256Digest sha256(std::string_view bytes) { return sha256(bytes, sha256_default_impl()); }

Sha256Digest sha256(std::string_view bytes, Sha256Impl impl) {
    Sha256 hasher(impl);
    hasher.update(bytes);
    return hasher.finish();
}

namespace {
const char kHex[] = "0123456789abcdef";
}  // namespace

void write_hex(const Sha256Digest& digest, char* out) {
    for (uint8_t byte : digest) {
        *out++ = kHex[byte >> 4];
        *out++ = kHex[byte & 0x0f];
    }
}

std::string to_hex(const Sha256Digest& digest) {
    std::string out(2 * digest.size(), '\0');
    write_hex(digest, out.data());
    return out;
}

bool hex_equals(std::string_view hex, const Sha256Digest& digest) {
    if (hex.size() != 2 * digest.size()) return false;
    for (size_t i = 0; i < digest.size(); ++i)
        if (hex[2 * i] != kHex[digest[i] >> 4] || hex[2 * i + 1] != kHex[digest[i] & 0x0f]) return false;
    return true;
}

std::string sha256_hex(std::string_view bytes) { return to_hex(sha256(bytes)); }

}  // namespace es
