// Reading: by stream (both directions, paging), by global position, filtered by type, up to a
// position or a time, plus the stream index.
#include <doctest/doctest.h>

#include "core/store_fixture.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using es::testing::make_event;
using es::testing::StoreFixture;

namespace {

std::vector<uint64_t> versions(const EventList& events) {
    std::vector<uint64_t> out;
    for (const auto& e : events) out.push_back(e.stream_version);
    return out;
}

std::vector<uint64_t> positions(const EventList& events) {
    std::vector<uint64_t> out;
    for (const auto& e : events) out.push_back(e.global_position);
    return out;
}

// Given a: 1,3,5 (positions) and b: 2,4 with recorded-at 100, 200, ... 500.
void interleave(StoreFixture& f) {
    for (int i = 1; i <= 5; ++i) {
        f.clock.set(i * 100);
        f.given(i % 2 ? "a" : "b", {make_event(i % 2 ? "Odd" : "Even", {{"i", i}})});
    }
}

}  // namespace

TEST_CASE("read_stream forward and backward with paging") {
    StoreFixture f;
    interleave(f);
    CHECK(versions(*f.store.read_stream("a")) == std::vector<uint64_t>{1, 2, 3});
    CHECK(positions(*f.store.read_stream("a")) == std::vector<uint64_t>{1, 3, 5});
    CHECK(versions(*f.store.read_stream("a", 2)) == std::vector<uint64_t>{2, 3});
    CHECK(versions(*f.store.read_stream("a", 0, 2)) == std::vector<uint64_t>{1, 2});
    CHECK(versions(*f.store.read_stream("a", 4)).empty());
    CHECK(versions(*f.store.read_stream("a", kEndOfStream, kNoLimit, Direction::Backward)) ==
          std::vector<uint64_t>{3, 2, 1});
    CHECK(versions(*f.store.read_stream("a", 2, 5, Direction::Backward)) == std::vector<uint64_t>{2, 1});
    CHECK(versions(*f.store.read_stream("a", kEndOfStream, 1, Direction::Backward)) == std::vector<uint64_t>{3});
    CHECK(f.store.read_stream("a", 0, 5, Direction::Backward)->empty());
    CHECK(f.store.read_stream("missing")->empty());
    CHECK(f.store.read_stream("a", 1, 0)->empty());
}

TEST_CASE("read_all, from a position, by type") {
    StoreFixture f;
    interleave(f);
    CHECK(positions(*f.store.read_all()) == std::vector<uint64_t>{1, 2, 3, 4, 5});
    CHECK(positions(*f.store.read_all(2, 2)) == std::vector<uint64_t>{2, 3});
    CHECK(positions(*f.store.read_all(6, 10)).empty());
    CHECK(positions(*f.store.read_all(1, kNoLimit, {"Even"})) == std::vector<uint64_t>{2, 4});
    CHECK(positions(*f.store.read_all(3, 1, {"Even", "Odd"})) == std::vector<uint64_t>{3});
    CHECK(positions(*f.store.read_all(1, kNoLimit, {"Nope"})).empty());
}

TEST_CASE("stream index: versions, ids, positions, head") {
    StoreFixture f;
    interleave(f);
    CHECK(f.store.head_position() == 5);
    CHECK(f.store.stream_version("a") == 3);
    CHECK(f.store.stream_version("b") == 2);
    CHECK(f.store.stream_version("c") == 0);
    CHECK(f.store.stream_ids() == std::vector<std::string>{"a", "b"});
    CHECK(f.store.position_of("b", 2) == 4);
    CHECK(f.store.position_of("b", 3) == 0);
    CHECK(f.store.position_of("b", 0) == 0);
}

TEST_CASE("reopening a store over the same storage rebuilds the same indexes") {
    StoreFixture f;
    interleave(f);
    EventStore again(f.storage, f.clock, f.ids);
    REQUIRE(again.open().ok());
    CHECK(again.recorded_log() == f.store.recorded_log());
    CHECK(again.stream_version("a") == 3);
    CHECK(again.stream_ids() == f.store.stream_ids());
    // It continues the chain where the other left off.
    auto r = again.append("b", ExpectedVersion::exactly(2), {make_event("Even")});
    REQUIRE(r.ok());
    CHECK(r->first_position == 6);
    CHECK(again.verify().ok());
}

}  // namespace ES_TEST_FILE_ID
