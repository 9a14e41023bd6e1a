// Version-4 UUID generation and textual UUID validation (RFC 4122 sections 3 and 4.4).
#include "core/uuid.h"

#include "core/char_class.h"

namespace es {
namespace {

uint64_t random_device_seed() {
    std::random_device device;
    // random_device yields 32 bits per call; take two so the whole 64-bit seed space is used.
    return (uint64_t(device()) << 32) ^ uint64_t(device());
}

}  // namespace

UuidGenerator::UuidGenerator(uint64_t seed) : rng_(seed) {}

UuidGenerator::UuidGenerator() : rng_(random_device_seed()) {}

std::string UuidGenerator::next() {
    uint8_t bytes[16];
    const uint64_t high = rng_();
    const uint64_t low = rng_();
    for (int i = 0; i < 8; ++i) {
        bytes[i] = uint8_t(high >> (56 - 8 * i));
        bytes[8 + i] = uint8_t(low >> (56 - 8 * i));
    }
    bytes[6] = uint8_t((bytes[6] & 0x0f) | 0x40);  // version 4: random
    bytes[8] = uint8_t((bytes[8] & 0x3f) | 0x80);  // variant 10xx: RFC 4122

    static const char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        out.push_back(kHex[bytes[i] >> 4]);
        out.push_back(kHex[bytes[i] & 0x0f]);
    }
    return out;
}

bool is_uuid(std::string_view s) {
    if (s.size() != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-') return false;
    return char_class::all_hex(s.substr(0, 8)) && char_class::all_hex(s.substr(9, 4)) &&
           char_class::all_hex(s.substr(14, 4)) && char_class::all_hex(s.substr(19, 4)) &&
           char_class::all_hex(s.substr(24, 12));
}

}  // namespace es
