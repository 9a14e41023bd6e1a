// The byte-class checks every id and hash of every event goes through (core/char_class.h). They
// read eight bytes at a time; each must answer exactly as the one-byte-at-a-time rule it stands
// for, for every byte value at every place of a word and of the tail after the last whole word.
// (The core suite also runs as WASM, so the WASM build's code is checked too.)
#include <doctest/doctest.h>

#include <cstring>
#include <memory>
#include <string>

#include "core/char_class.h"
#include "core/uuid.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

namespace {

bool lower_hex_byte(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
bool any_hex_byte(unsigned char c) { return lower_hex_byte(c) || (c >= 'A' && c <= 'F'); }

}  // namespace

TEST_CASE("char_class: all_lower_hex and all_hex agree with the one-byte rule for every byte at every place") {
    using es::char_class::all_hex;
    using es::char_class::all_lower_hex;
    CHECK(all_lower_hex(""));
    CHECK(all_hex(""));
    for (size_t length = 1; length <= 24; ++length) {
        const std::string digits = std::string("0123456789abcdef0123456789abcdef").substr(0, length);
        REQUIRE(all_lower_hex(digits));
        REQUIRE(all_hex(digits));
        for (size_t at = 0; at < length; ++at) {
            for (int byte = 0; byte < 256; ++byte) {
                std::string s = digits;
                s[at] = static_cast<char>(byte);
                const auto c = static_cast<unsigned char>(byte);
                INFO("byte " << byte << " at " << at << " of " << length);
                REQUIRE(all_lower_hex(s) == lower_hex_byte(c));
                REQUIRE(all_hex(s) == any_hex_byte(c));
            }
        }
    }
}

TEST_CASE("char_class: is_uuid takes hex of either case in its five groups and nothing else") {
    const std::string base = "0123abcd-EF45-4678-89ab-CDEF01234567";
    REQUIRE(es::is_uuid(base));
    for (size_t at = 0; at < base.size(); ++at) {
        for (int byte = 0; byte < 256; ++byte) {
            std::string s = base;
            s[at] = static_cast<char>(byte);
            const auto c = static_cast<unsigned char>(byte);
            const bool dash_place = at == 8 || at == 13 || at == 18 || at == 23;
            INFO("byte " << byte << " at " << at);
            REQUIRE(es::is_uuid(s) == (dash_place ? c == '-' : any_hex_byte(c)));
        }
    }
}

TEST_CASE("char_class: same_bytes answers as memcmp for every length, with one byte changed at every place") {
    // Buffers of exactly `length` bytes on the heap, so the sanitizer build catches a read past
    // either end.
    using es::char_class::same_bytes;
    const std::string base = ",\"streamVersion\":{\"metadata\":{\"actor\":\"x\"}}0123456789";
    for (size_t length = 0; length <= 40; ++length) {
        INFO("length = " << length);
        auto a = std::make_unique<char[]>(length + 1), b = std::make_unique<char[]>(length + 1);
        std::memcpy(a.get(), base.data(), length);
        std::memcpy(b.get(), base.data(), length);
        REQUIRE(same_bytes(a.get(), b.get(), length));
        for (size_t at = 0; at < length; ++at) {
            for (int flip : {0x01, 0x20, 0x80}) {
                b[at] = static_cast<char>(a[at] ^ flip);
                INFO("byte " << at << " changed by ^" << flip);
                REQUIRE(std::memcmp(a.get(), b.get(), length) != 0);
                REQUIRE_FALSE(same_bytes(a.get(), b.get(), length));
                b[at] = a[at];
            }
        }
        // A byte past the length does not count.
        a[length] = 'A';
        b[length] = 'B';
        REQUIRE(same_bytes(a.get(), b.get(), length));
    }
}

}  // namespace ES_TEST_FILE_ID
