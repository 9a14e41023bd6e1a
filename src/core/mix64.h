// The 64-bit finaliser of SplitMix64: spreads any 64-bit value over all 64 bits, for hash
// tables and checksums whose inputs are not random (ids that share a prefix, offsets).
#pragma once

#include <cstdint>

namespace es {

inline uint64_t mix64(uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

}  // namespace es
