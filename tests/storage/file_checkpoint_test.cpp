// EventStore::open_from over a FileStorage with its index: a store opened from a checkpoint knows
// every stream's version and every id without reading the log before it, reads those events on
// demand, checks the events after it link by link, and refuses a checkpoint that does not match
// the log. What lies before the checkpoint is not checked on open: verify() finds a tamper there.
#include <doctest/doctest.h>

#include <string>

#include "core/clock.h"
#include "core/event_store.h"
#include "core/projection.h"
#include "core/snapshots.h"
#include "core/time_travel.h"
#include "core/store_fixture.h"
#include "storage/file_fixtures.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using es::EventList;
using es::EventStore;
using es::ExpectedVersion;
using es::FileStorage;
using es::testing::make_event;
using namespace file_test;

namespace {

// A store file with 20 deposits over four streams, each written through the store itself.
void fill(const std::string& path) {
    auto storage = FileStorage::open(path);
    REQUIRE(storage.ok());
    es::ManualClock clock{1000};
    es::UuidGenerator ids{11};
    EventStore store(*storage.value(), clock, ids);
    REQUIRE(store.open().ok());
    for (int i = 0; i < 20; ++i) {
        auto r = store.append("s-" + std::to_string(i % 4), ExpectedVersion::any(),
                              {make_event("Deposited", {{"n", i}}, "")});
        REQUIRE(r.ok());
        clock.advance(10);
    }
}

// The log of the store file at `path`, read by a whole open.
EventList whole_log(const std::string& path) {
    auto opened = FileStorage::open(path);
    REQUIRE(opened.ok());
    es::ManualClock clock{5000};
    es::UuidGenerator ids{99};
    EventStore whole(*opened.value(), clock, ids);
    REQUIRE(whole.open().ok());
    return whole.recorded_log().to_list();
}

// Counts events per stream: a projection to compare a rebuild with.
struct Counter : es::Projection {
    std::map<std::string, int> seen;
    std::string name() const override { return "counter"; }
    int version() const override { return 1; }
    void reset() override { seen.clear(); }
    void apply(const es::RecordedEvent& e) override { seen[e.stream_id] += 1; }
    es::Json to_json() const override { return seen; }
};

// Sums the "n" of a stream's events and lists their positions: a fold to time-travel with.
es::Fold count_fold() {
    es::Fold f;
    f.state_type = "test.sum";
    f.initial = [] { return es::Json{{"sum", 0}, {"positions", es::Json::array()}}; };
    f.evolve = [](const es::Json& state, const es::RecordedEvent& e) -> es::Result<es::Json> {
        es::Json next = state;
        next["sum"] = next["sum"].get<int>() + e.data.value("n", 0);
        next["positions"].push_back(e.global_position);
        return next;
    };
    return f;
}

}  // namespace

TEST_CASE("open_from: the same store as a whole open, without reading the log before the checkpoint") {
    TempDir dir("open_from");
    const std::string path = dir.file("events.jsonl");
    fill(path);
    auto opened = FileStorage::open(path);
    REQUIRE(opened.ok());
    FileStorage& storage = *opened.value();
    es::ManualClock clock{5000};
    es::UuidGenerator ids{99};
    EventStore whole(storage, clock, ids);
    REQUIRE(whole.open().ok());
    const EventList log = whole.recorded_log().to_list();

    for (uint64_t p : {uint64_t{0}, uint64_t{7}, uint64_t{20}}) {
        CAPTURE(p);
        EventStore store(storage, clock, ids);
        REQUIRE(store.open_from(p, p == 0 ? "" : log[p - 1].hash).ok());
        CHECK(store.resident_from() == p + 1);
        CHECK(store.recorded_log().size() == 20 - p);
        CHECK(store.head_position() == 20);
        CHECK(store.head_hash() == log.back().hash);
        CHECK(store.stream_ids() == whole.stream_ids());
        for (const std::string& s : whole.stream_ids()) {
            CHECK(store.stream_version(s) == whole.stream_version(s));
            CHECK(store.stream_positions(s) == whole.stream_positions(s));
            CHECK(store.read_stream(s).value() == whole.read_stream(s).value());
            CHECK(store.read_stream(s, es::kEndOfStream, 2, es::Direction::Backward).value() ==
                  whole.read_stream(s, es::kEndOfStream, 2, es::Direction::Backward).value());
        }
        CHECK(store.read_all().value() == log);
        CHECK(store.read_all(5, 6).value() == EventList(log.begin() + 4, log.begin() + 10));
        es::RecordedEvent scratch;
        CHECK(**store.stored_event(3, scratch) == log[2]);
        // Time travel and stream loads read the events before the checkpoint from storage.
        const es::Fold sum = count_fold();
        for (uint64_t at = 0; at <= 20; ++at) {
            CAPTURE(at);
            CHECK(es::all_states_at_position(store, es::same_fold_for_all(sum), at).value() ==
                  es::all_states_at_position(whole, es::same_fold_for_all(sum), at).value());
            CHECK(es::all_states_at_time(store, es::same_fold_for_all(sum), 1000 + 10 * int64_t(at)).value() ==
                  es::all_states_at_time(whole, es::same_fold_for_all(sum), 1000 + 10 * int64_t(at)).value());
            auto loaded = es::load_stream_state_at_position(store, storage, "s-1", sum, at);
            REQUIRE(loaded.ok());
            CHECK(loaded->state == es::stream_state_at_position(whole, "s-1", sum, at).value());
        }
        Counter a, b;
        REQUIRE(store.rebuild(a).ok());
        REQUIRE(whole.rebuild(b).ok());
        CHECK(a.seen == b.seen);
        CHECK(store.verify().ok());
    }
}

TEST_CASE("open_from: appends continue the chain, versions hold and an id before the checkpoint is taken") {
    TempDir dir("open_from_append");
    const std::string path = dir.file("events.jsonl");
    fill(path);
    const EventList log = whole_log(path);
    auto opened = FileStorage::open(path);
    REQUIRE(opened.ok());
    es::ManualClock clock{500};  // behind the log: recordedAt must not go back anyway
    es::UuidGenerator ids{123};
    EventStore store(*opened.value(), clock, ids);
    REQUIRE(store.open_from(20, log.back().hash).ok());

    // The version of s-1 is 5 (positions 2, 6, 10, 14, 18): a stale expectation is a conflict.
    auto stale = store.append("s-1", ExpectedVersion::exactly(4), {make_event("Deposited")});
    REQUIRE_FALSE(stale.ok());
    CHECK(stale.error().code == es::ErrorCode::Conflict);
    auto ok = store.append("s-1", ExpectedVersion::exactly(5), {make_event("Deposited")});
    REQUIRE(ok.ok());
    CHECK(ok->first_position == 21);
    const es::RecordedEvent written = store.recorded(*ok).value().at(0);
    CHECK(written.stream_version == 6);
    CHECK(written.prev_hash == log.back().hash);
    CHECK(written.recorded_at_ms >= log.back().recorded_at_ms);

    // The retry of an event stored before the checkpoint is recognised as one; its id with other content is refused.
    es::NewEvent retry = make_event(log[4].type, log[4].data, log[4].event_id);
    auto dup = store.append(log[4].stream_id, ExpectedVersion::any(), {retry});
    REQUIRE(dup.ok());
    CHECK(dup->was_duplicate);
    CHECK(dup->first_position == 5);
    auto original = store.recorded(*dup);  // before the checkpoint: read from storage
    REQUIRE(original.ok());
    CHECK(*original == EventList{log[4]});
    es::NewEvent reused = make_event("Deposited", {{"n", 999}}, log[4].event_id);
    auto refused = store.append("s-3", ExpectedVersion::any(), {reused});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == es::ErrorCode::AlreadyExists);
    CHECK(refused.error().message.find("position 5") != std::string::npos);

    // Another writer's events reusing an old id are refused by the chain check too.
    es::RecordedEvent forged = written;
    forged.global_position = 22;
    forged.stream_version = 7;
    forged.prev_hash = written.hash;
    forged.event_id = log[0].event_id;
    forged.hash = es::testing::compute_hash(forged);
    auto recorded = store.append_recorded(EventList{forged});
    REQUIRE_FALSE(recorded.ok());
    CHECK(recorded.error().message.find("id") != std::string::npos);
    CHECK(store.verify().ok());
}

TEST_CASE("open_from: a checkpoint that does not match the log is refused, the tail after it is checked") {
    TempDir dir("open_from_refuse");
    const std::string path = dir.file("events.jsonl");
    fill(path);
    auto opened = FileStorage::open(path);
    REQUIRE(opened.ok());
    es::ManualClock clock{5000};
    es::UuidGenerator ids{99};
    EventStore whole(*opened.value(), clock, ids);
    REQUIRE(whole.open().ok());
    const EventList log = whole.recorded_log().to_list();

    EventStore store(*opened.value(), clock, ids);
    auto beyond = store.open_from(21, log.back().hash);
    REQUIRE_FALSE(beyond.ok());
    CHECK(beyond.error().code == es::ErrorCode::Conflict);
    auto other = store.open_from(10, log[10].hash);  // the hash of another event
    REQUIRE_FALSE(other.ok());
    CHECK(other.error().code == es::ErrorCode::Conflict);
    CHECK(other.error().message.find("position 10") != std::string::npos);
    CHECK_FALSE(store.is_open());

    es::MemoryStorage memory;
    EventStore unindexed(memory, clock, ids);
    auto unsupported = unindexed.open_from(0, "");
    REQUIRE_FALSE(unsupported.ok());
    CHECK(unsupported.error().code == es::ErrorCode::Unsupported);
}

TEST_CASE("open_from: a tamper after the checkpoint fails the open, one before it is found by verify") {
    TempDir dir("open_from_tamper");
    const std::string path = dir.file("events.jsonl");
    fill(path);
    const EventList log = whole_log(path);
    // Same length, so the index still points at every line: "n":3 -> "n":8 in event 4, "n":16 -> "n":61 in 17.
    std::string bytes = file_bytes(path);
    auto change = [&](const std::string& from, const std::string& to) {
        const size_t at = bytes.find(from);
        REQUIRE(at != std::string::npos);
        bytes.replace(at, from.size(), to);
    };
    change("{\"n\":3}", "{\"n\":8}");
    change("{\"n\":16}", "{\"n\":61}");
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << bytes;
    }
    auto opened = FileStorage::open(path);
    REQUIRE(opened.ok());
    es::ManualClock clock{5000};
    es::UuidGenerator ids{99};

    EventStore after(*opened.value(), clock, ids);
    auto failed = after.open_from(10, log[9].hash);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().code == es::ErrorCode::Corrupt);
    CHECK(failed.error().message.find("position 17") != std::string::npos);

    EventStore before(*opened.value(), clock, ids);
    REQUIRE(before.open_from(20, log.back().hash).ok());  // not read: the open trusts the checkpoint
    es::VerifyReport report = before.verify_report();
    CHECK_FALSE(report.ok);
    CHECK(report.first_bad_position == 4);
}

}  // namespace ES_TEST_FILE_ID
