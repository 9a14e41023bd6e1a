// UUID generation (format, version/variant bits, uniqueness, seeded determinism) and is_uuid.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "core/uuid.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

namespace {

bool is_lower_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

}  // namespace

TEST_CASE("uuid: next() is lowercase 8-4-4-4-12 with version 4 and variant 10xx") {
    const uint64_t seed = 42;
    INFO("seed = " << seed);
    es::UuidGenerator generator(seed);
    for (int i = 0; i < 1000; ++i) {
        const std::string id = generator.next();
        INFO("id = " << id);
        REQUIRE(id.size() == 36);
        for (size_t p = 0; p < id.size(); ++p) {
            if (p == 8 || p == 13 || p == 18 || p == 23) {
                CHECK(id[p] == '-');
            } else {
                CHECK(is_lower_hex(id[p]));
            }
        }
        CHECK(id[14] == '4');  // version nibble
        const char variant = id[19];
        CHECK((variant == '8' || variant == '9' || variant == 'a' || variant == 'b'));
        CHECK(es::is_uuid(id));
    }
}

TEST_CASE("uuid: 10,000 ids from one generator are all distinct") {
    es::UuidGenerator generator(7);
    std::set<std::string> seen;
    for (int i = 0; i < 10000; ++i) seen.insert(generator.next());
    CHECK(seen.size() == 10000);
}

TEST_CASE("uuid: a fixed seed gives the same sequence, a different seed a different one") {
    es::UuidGenerator a(12345), b(12345), c(12346);
    for (int i = 0; i < 100; ++i) {
        const std::string from_a = a.next();
        CHECK(from_a == b.next());
        CHECK(from_a != c.next());
    }
}

TEST_CASE("uuid: random_device-seeded generators produce valid, distinct ids") {
    es::UuidGenerator first, second;
    const std::string x = first.next();
    const std::string y = second.next();
    CHECK(es::is_uuid(x));
    CHECK(es::is_uuid(y));
    CHECK(x != y);
}

TEST_CASE("is_uuid accepts RFC 4122 text in either case") {
    CHECK(es::is_uuid("123e4567-e89b-12d3-a456-426614174000"));  // version 1
    CHECK(es::is_uuid("F47AC10B-58CC-4372-A567-0E02B2C3D479"));  // uppercase
    CHECK(es::is_uuid("f47aC10b-58cc-4372-A567-0e02b2c3d479"));  // mixed case
    CHECK(es::is_uuid("00000000-0000-0000-0000-000000000000"));  // nil UUID
}

TEST_CASE("is_uuid rejects wrong length, characters and dash positions") {
    CHECK_FALSE(es::is_uuid(""));
    CHECK_FALSE(es::is_uuid("f47ac10b-58cc-4372-a567-0e02b2c3d47"));    // 35 chars
    CHECK_FALSE(es::is_uuid("f47ac10b-58cc-4372-a567-0e02b2c3d4799"));  // 37 chars
    CHECK_FALSE(es::is_uuid("f47ac10b58cc4372a5670e02b2c3d479"));       // no dashes
    CHECK_FALSE(es::is_uuid("{f47ac10b-58cc-4372-a567-0e02b2c3d479}")); // braces
    CHECK_FALSE(es::is_uuid("g47ac10b-58cc-4372-a567-0e02b2c3d479"));   // 'g' is not hex
    CHECK_FALSE(es::is_uuid("f47ac10b-58cc-4372-a567-0e02b2c3d47 "));   // trailing space
    CHECK_FALSE(es::is_uuid("f47ac10b-58cc-4372-a567-0e02b2c3d4-9"));   // extra dash
    CHECK_FALSE(es::is_uuid("f47ac10b5-8cc-4372-a567-0e02b2c3d479"));   // dash shifted right
    CHECK_FALSE(es::is_uuid("f47ac10-b58cc-4372-a567-0e02b2c3d479"));   // dash shifted left
    CHECK_FALSE(es::is_uuid("f47ac10b-58cc-4372-a567_0e02b2c3d479"));   // underscore for dash
    CHECK_FALSE(es::is_uuid(std::string_view("f47ac10b-58cc-4372-a567-0e02b2c3d47\0", 36)));
}

}  // namespace ES_TEST_FILE_ID
