// Byte classes, for the checks run on every field of every event read or written (ids, hashes):
// by table, one load per byte instead of a chain of comparisons, and eight bytes at a time where
// a field is long enough.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
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

// Eight bytes at a time (SWAR: a register used as eight lanes of one byte). The checks below run
// on every id and hash of every event a store opens, where a byte at a time was a tenth of it.
// bytes_equal and bytes_below_space are exact for any byte; bytes_in_range only for bytes below
// 0x80, so its callers reject a word with a byte of 0x80 or up (kHighBits) before trusting it.
inline constexpr uint64_t kLaneOnes = 0x0101010101010101ull;
inline constexpr uint64_t kHighBits = 0x8080808080808080ull;

inline uint64_t load8(const char* p) {
    uint64_t x;
    std::memcpy(&x, p, 8);
    return x;
}

// The high bit of each byte of x that lies in [lo, hi] (lo <= 0x80, hi < 0x80; bytes of x below
// 0x80): (b | 0x80) - lo keeps its high bit exactly when b >= lo, (0x80 + hi) - b exactly when
// b <= hi, and neither borrows from the next byte.
inline uint64_t bytes_in_range(uint64_t x, uint64_t lo, uint64_t hi) {
    return ((x | kHighBits) - lo * kLaneOnes) & ((0x80 + hi) * kLaneOnes - x) & kHighBits;
}

// The high bit of each byte of x equal to c, and perhaps of bytes above (in memory order: after)
// one that is: the lowest set bit is always a true match, so it answers "where is the first one".
// Exact for "is there one" at any byte values.
inline uint64_t bytes_equal(uint64_t x, unsigned char c) {
    const uint64_t y = x ^ (c * kLaneOnes);
    return (y - kLaneOnes) & ~y & kHighBits;
}

// The same for bytes below 0x20 (control characters).
inline uint64_t bytes_below_space(uint64_t x) { return (x - 0x20 * kLaneOnes) & ~x & kHighBits; }

// The same for the bytes a JSON string escapes: control characters, '"' and '\\'.
inline uint64_t bytes_to_escape(uint64_t x) { return bytes_below_space(x) | bytes_equal(x, '"') | bytes_equal(x, '\\'); }
// The same for the bytes that end plain JSON string text (printable ASCII, nothing escaped): those,
// and bytes of 0x80 and up.
inline uint64_t bytes_not_plain(uint64_t x) { return (x & kHighBits) | bytes_to_escape(x); }

// The index (0-7) of the first byte in memory order whose lane has its high bit set in `mask`
// (mask != 0). Little-endian: the first byte is the lowest.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the first byte in memory is the lowest lane");
inline size_t first_lane(uint64_t mask) { return static_cast<size_t>(__builtin_ctzll(mask)) / 8; }

// Whether a[0, n) == b[0, n), reading no byte outside them: 8-byte words when n >= 8 (the last
// word overlapping the one before), two overlapping 4-byte words when n is 4 to 7, a byte at a
// time below 4. The line reader checks each field's key with it (a dozen short keys a line):
// inline, where memcmp is a call (in WASM es::compare_bytes, core/wasm_memcmp.h, which orders as
// well; musl's byte loop before it).
inline bool same_bytes(const char* a, const char* b, size_t n) {
    if (n >= 8) {
        for (size_t i = 0; i + 8 < n; i += 8)
            if (load8(a + i) != load8(b + i)) return false;
        return load8(a + n - 8) == load8(b + n - 8);
    }
    if (n >= 4) {
        uint32_t x[2], y[2];
        std::memcpy(&x[0], a, 4), std::memcpy(&x[1], a + n - 4, 4);
        std::memcpy(&y[0], b, 4), std::memcpy(&y[1], b + n - 4, 4);
        return x[0] == y[0] && x[1] == y[1];
    }
    for (size_t i = 0; i < n; ++i)
        if (a[i] != b[i]) return false;
    return true;
}

// True when all eight bytes of x are lowercase hex digits; `letters` gets the high bit of each
// one that is a letter (a-f).
inline bool lower_hex8(uint64_t x, uint64_t& letters) {
    letters = bytes_in_range(x, 'a', 'f');
    return (x & kHighBits) == 0 && (bytes_in_range(x, '0', '9') | letters) == kHighBits;
}

// True when every byte of s is a lowercase hex digit.
inline bool all_lower_hex(std::string_view s) {
    size_t i = 0;
    for (uint64_t letters; i + 8 <= s.size(); i += 8)
        if (!lower_hex8(load8(s.data() + i), letters)) return false;
    unsigned seen = 0;
    for (; i < s.size(); ++i) seen |= lower_hex_value(s[i]);
    return (seen & 0x10) == 0;
}

// True when every byte of s is a hex digit of either case.
inline bool all_hex(std::string_view s) {
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        const uint64_t x = load8(s.data() + i);
        if ((x & kHighBits) != 0 ||
            (bytes_in_range(x, '0', '9') | bytes_in_range(x, 'a', 'f') | bytes_in_range(x, 'A', 'F')) != kHighBits)
            return false;
    }
    bool ok = true;
    for (; i < s.size(); ++i) ok &= kHex.any_case[static_cast<unsigned char>(s[i])];
    return ok;
}

}  // namespace es::char_class
