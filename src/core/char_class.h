// Byte classes by table, for the checks run on every field of every event read or written (ids,
// hashes): one load per byte instead of a chain of comparisons.
#pragma once

#include <cstddef>
#include <string_view>

namespace es::char_class {

// kHex.lower[c]: the value of c as a lowercase hex digit, or kNotHex. kNotHex has bit 4 set,
// which no digit's value has, so a loop can OR the values and test once at the end.
inline constexpr unsigned char kNotHex = 0xff;
struct HexTables {
    unsigned char lower[256];  // '0'-'9', 'a'-'f'
    bool any_case[256];        // '0'-'9', 'a'-'f', 'A'-'F'
    constexpr HexTables() : lower(), any_case() {
        for (int c = 0; c < 256; ++c) {
            lower[c] = kNotHex;
            any_case[c] = false;
        }
        for (int c = '0'; c <= '9'; ++c) lower[c] = static_cast<unsigned char>(c - '0'), any_case[c] = true;
        for (int c = 'a'; c <= 'f'; ++c) lower[c] = static_cast<unsigned char>(c - 'a' + 10), any_case[c] = true;
        for (int c = 'A'; c <= 'F'; ++c) any_case[c] = true;
    }
};
inline constexpr HexTables kHex;

inline unsigned lower_hex_value(char c) { return kHex.lower[static_cast<unsigned char>(c)]; }

// True when every byte of s is a lowercase hex digit.
inline bool all_lower_hex(std::string_view s) {
    unsigned seen = 0;
    for (char c : s) seen |= lower_hex_value(c);
    return (seen & 0x10) == 0;
}

// True when every byte of s is a hex digit of either case.
inline bool all_hex(std::string_view s) {
    bool ok = true;
    for (char c : s) ok &= kHex.any_case[static_cast<unsigned char>(c)];
    return ok;
}

}  // namespace es::char_class
