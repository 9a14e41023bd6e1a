// EventIdIndex: the event store's id -> position index. Packed UUIDs and the fallback map must
// answer exactly as a std::unordered_map<std::string, uint64_t> would, through growth, probe
// collisions, ids that are not lowercase UUIDs, and clear().
#include <doctest/doctest.h>

#include <cstdio>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/event_id_index.h"
#include "core/uuid.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

namespace {

// A lowercase UUID whose 128 bits are `high` and `low`.
std::string uuid_of(uint64_t high, uint64_t low) {
    char hex[33];
    std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(high),
                  static_cast<unsigned long long>(low));
    std::string s(hex);
    return s.substr(0, 8) + "-" + s.substr(8, 4) + "-" + s.substr(12, 4) + "-" + s.substr(16, 4) + "-" + s.substr(20);
}

}  // namespace

TEST_CASE("event id index: an empty index finds nothing") {
    es::EventIdIndex index;
    CHECK(index.size() == 0);
    CHECK(index.find("7f3c1b2e-9a4d-4e8f-b1c2-3d4e5f607182") == 0);
    CHECK(index.find("not-a-uuid") == 0);
    CHECK(index.find("") == 0);
}

TEST_CASE("event id index: finds what was inserted, and a second insert of an id replaces its position") {
    es::EventIdIndex index;
    index.insert("7f3c1b2e-9a4d-4e8f-b1c2-3d4e5f607182", 1);
    index.insert("import-42", 2);
    CHECK(index.size() == 2);
    CHECK(index.find("7f3c1b2e-9a4d-4e8f-b1c2-3d4e5f607182") == 1);
    CHECK(index.find("import-42") == 2);
    index.insert("7f3c1b2e-9a4d-4e8f-b1c2-3d4e5f607182", 5);
    index.insert("import-42", 6);
    CHECK(index.size() == 2);
    CHECK(index.find("7f3c1b2e-9a4d-4e8f-b1c2-3d4e5f607182") == 5);
    CHECK(index.find("import-42") == 6);
}

TEST_CASE("event id index: ids are exact strings, upper- and lower-case hex are different ids") {
    es::EventIdIndex index;
    const std::string lower = "abcdef01-2345-4678-89ab-cdef01234567";
    const std::string upper = "ABCDEF01-2345-4678-89AB-CDEF01234567";
    const std::string mixed = "abcdef01-2345-4678-89AB-cdef01234567";
    index.insert(lower, 1);
    CHECK(index.find(upper) == 0);
    CHECK(index.find(mixed) == 0);
    index.insert(upper, 2);
    index.insert(mixed, 3);
    CHECK(index.size() == 3);
    CHECK(index.find(lower) == 1);
    CHECK(index.find(upper) == 2);
    CHECK(index.find(mixed) == 3);
}

TEST_CASE("event id index: strings that are almost UUIDs are kept as they are") {
    es::EventIdIndex index;
    const std::vector<std::string> ids = {
        "abcdef01-2345-4678-89ab-cdef0123456",    // 35 characters
        "abcdef01-2345-4678-89ab-cdef012345678",  // 37
        "abcdef01x2345-4678-89ab-cdef01234567",   // a dash replaced
        "abcdef0112345-4678-89ab-cdef01234567",   // a dash replaced by a digit
        "abcdef01-2345-4678-89ab-cdef0123456g",   // not hex
        "00000000-0000-0000-0000-000000000000",   // the nil UUID packs (to all zeros)
        "",
    };
    for (size_t i = 0; i < ids.size(); ++i) index.insert(ids[i], i + 1);
    CHECK(index.size() == ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
        INFO("id = '" << ids[i] << "'");
        CHECK(index.find(ids[i]) == i + 1);
    }
    CHECK(index.find("abcdef01-2345-4678-89ab-cdef01234567") == 0);
}

TEST_CASE("event id index: every byte value at every digit of a UUID makes its own id") {
    // Ids are packed eight digits at a time: a byte taken for a digit it is not (an upper-case
    // letter, 'g', a byte of UTF-8, a NUL) would pack like that digit, and the two ids would share
    // a slot. So every one-byte variant of a UUID, all 256 values at each of its 32 digits, must
    // stay an id of its own.
    const std::string base = "0123abcd-ef45-4678-89ab-cdef01234567";
    es::EventIdIndex index;
    std::vector<std::string> ids = {base};
    std::vector<std::string> what = {"the UUID itself"};
    for (size_t at = 0; at < base.size(); ++at) {
        if (base[at] == '-') continue;
        for (int byte = 0; byte < 256; ++byte) {
            if (byte == static_cast<unsigned char>(base[at])) continue;
            ids.push_back(base);
            ids.back()[at] = static_cast<char>(byte);
            what.push_back("byte " + std::to_string(byte) + " at " + std::to_string(at));
        }
    }
    for (size_t i = 0; i < ids.size(); ++i) index.insert(ids[i], i + 1);
    CHECK(index.size() == ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
        INFO(what[i]);
        REQUIRE(index.find(ids[i]) == i + 1);
    }
}

TEST_CASE("event id index: ids that differ in one word, or only by a bit, never collide into one") {
    es::EventIdIndex index;
    // Same high word, low words 0..999; same low word, high words 0..999: sequential ids that
    // probe into each other's slots.
    for (uint64_t i = 0; i < 1000; ++i) index.insert(uuid_of(7, i), i + 1);
    for (uint64_t i = 0; i < 1000; ++i) index.insert(uuid_of(i, 7), 1001 + i);
    CHECK(index.size() == 1999);  // uuid_of(7, 7) is in both halves: inserted twice
    for (uint64_t i = 0; i < 1000; ++i) {
        if (i == 7) continue;
        CHECK(index.find(uuid_of(7, i)) == i + 1);
        CHECK(index.find(uuid_of(i, 7)) == 1001 + i);
    }
    CHECK(index.find(uuid_of(7, 7)) == 1008);
    CHECK(index.find(uuid_of(7, 1000)) == 0);
    CHECK(index.find(uuid_of(1000, 7)) == 0);
}

TEST_CASE("event id index: random ids through many growths agree with a std::unordered_map") {
    const uint64_t seed = 2112;
    INFO("seed = " << seed);
    es::UuidGenerator uuids(seed);
    std::mt19937_64 rng(seed);
    es::EventIdIndex index;
    std::unordered_map<std::string, uint64_t> expected;
    std::vector<std::string> ids;
    for (uint64_t position = 1; position <= 20000; ++position) {
        std::string id = rng() % 10 == 0 ? "other-" + std::to_string(rng() % 5000) : uuids.next();
        index.insert(id, position);
        expected[id] = position;
        ids.push_back(std::move(id));
    }
    CHECK(index.size() == expected.size());
    for (const std::string& id : ids) {
        INFO("id = '" << id << "'");
        REQUIRE(index.find(id) == expected[id]);
    }
    for (int i = 0; i < 1000; ++i) CHECK(index.find(uuids.next()) == 0);  // never inserted
}

TEST_CASE("event id index: reserve keeps every id, clear forgets them all") {
    es::EventIdIndex index;
    es::UuidGenerator uuids(7);
    std::vector<std::string> ids;
    for (uint64_t i = 1; i <= 100; ++i) {
        ids.push_back(uuids.next());
        index.insert(ids.back(), i);
    }
    index.insert("legacy", 101);
    index.reserve(100000);
    CHECK(index.size() == 101);
    for (uint64_t i = 1; i <= 100; ++i) CHECK(index.find(ids[i - 1]) == i);
    index.clear();
    CHECK(index.size() == 0);
    CHECK(index.find(ids[0]) == 0);
    CHECK(index.find("legacy") == 0);
    index.insert(ids[0], 9);  // usable again after clear
    CHECK(index.find(ids[0]) == 9);
}

}  // namespace ES_TEST_FILE_ID
