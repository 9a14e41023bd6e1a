// WriteBehindStorage: pending until the backend commits, nothing lost when it fails, one write
// at a time, other writers' events kept as saved, and the in-memory mode.
#include <doctest/doctest.h>

#include "core/event_reader.h"
#include "core/event_writer.h"
#include "core/event_store.h"
#include "storage/write_behind_storage.h"
#include "../core/store_fixture.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::testing;

namespace {

struct Fixture {
    WriteBehindStorage storage;
    ManualClock clock{1000};
    UuidGenerator ids{3};
    EventStore store{storage, clock, ids};
    explicit Fixture(bool durable = true) : storage(durable) { REQUIRE(store.open().ok()); }
    void add(int n) {
        for (int i = 0; i < n; ++i)
            REQUIRE(store.append("s", ExpectedVersion::any(), {make_event("Happened", {{"i", i}})}).ok());
    }
};

}  // namespace

TEST_CASE("events are pending until the backend's write commits, then saved") {
    Fixture f;
    f.add(3);
    CHECK(f.storage.saved_position() == 0);
    CHECK(f.storage.pending_count() == 3);

    auto out = f.storage.take_unsent();
    REQUIRE(out.events.size() == 3);
    CHECK(out.events[0].position == 1);
    CHECK(out.events[2].position == 3);
    // The record is the lossless line: it decodes to exactly the stored event.
    auto decoded = decode_event_line(out.events[1].line);
    REQUIRE(decoded.ok());
    CHECK(*decoded == f.store.recorded_log()[1]);
    CHECK(f.storage.write_in_flight());

    // While that write is in flight, new events wait: writes go one after the other.
    f.add(1);
    CHECK(f.storage.take_unsent().empty());
    CHECK(f.storage.pending_count() == 4);

    f.storage.on_write_committed();
    CHECK(f.storage.saved_position() == 3);
    CHECK(f.storage.pending_count() == 1);
    auto next = f.storage.take_unsent();
    REQUIRE(next.events.size() == 1);
    CHECK(next.events[0].position == 4);
    f.storage.on_write_committed();
    CHECK(f.storage.saved_position() == 4);
    CHECK(f.storage.pending_count() == 0);
    CHECK(f.storage.take_unsent().empty());
}

TEST_CASE("a failed write loses nothing: the same records come back first, in order") {
    Fixture f;
    f.add(2);
    auto first = f.storage.take_unsent();
    f.add(1);  // appended while the doomed write was in flight
    f.storage.on_write_failed("QuotaExceededError: the disk is full");
    CHECK(f.storage.last_error() == "QuotaExceededError: the disk is full");
    CHECK(f.storage.saved_position() == 0);
    CHECK(f.storage.pending_count() == 3);
    CHECK(f.store.recorded_log().size() == 3);  // still readable

    auto retry = f.storage.take_unsent();
    REQUIRE(retry.events.size() == 3);
    CHECK(retry.events[0].line == first.events[0].line);
    CHECK(retry.events[1].line == first.events[1].line);
    CHECK(retry.events[2].position == 3);
    f.storage.on_write_committed();
    CHECK(f.storage.saved_position() == 3);
    CHECK(f.storage.last_error().empty());
}

TEST_CASE("snapshots are queued with the events and survive a failed write") {
    Fixture f;
    f.add(1);
    Snapshot snap;
    snap.stream_id = "s";
    snap.stream_version = 1;
    snap.global_position = 1;
    snap.state_type = "test.counter";
    snap.state = Json{{"n", 1}};
    REQUIRE(f.storage.save_snapshot(snap).ok());
    auto out = f.storage.take_unsent();
    REQUIRE(out.snapshots.size() == 1);
    CHECK(out.snapshots[0].stream_version == 1);
    CHECK(Json::parse(out.snapshots[0].json)["stateType"] == "test.counter");
    f.storage.on_write_failed("aborted");
    CHECK(f.storage.take_unsent().snapshots.size() == 1);
    CHECK(f.storage.load_snapshot("s", "test.counter", 5).value().has_value());
}

TEST_CASE("events loaded from the backend are saved, another writer's events are not queued again") {
    Fixture writer;
    writer.add(4);
    const RecordedLog& all = writer.store.recorded_log();

    WriteBehindStorage storage;
    REQUIRE(storage.load_saved(encode_event_line(all[0]) + "\n" + encode_event_line(all[1]) + "\n", {}).ok());
    CHECK(storage.saved_position() == 2);
    CHECK(storage.take_unsent().empty());
    CHECK_FALSE(storage.load_saved(std::string(), {}).ok());  // only once, on an empty storage

    ManualClock clock{5000};
    UuidGenerator ids{9};
    EventStore reader(storage, clock, ids);
    REQUIRE(reader.open().ok());
    storage.expect_saved_elsewhere(4);
    REQUIRE(reader.append_recorded(EventList(all.begin() + 2, all.end())).ok());
    CHECK(storage.saved_position() == 4);
    CHECK(storage.pending_count() == 0);
    CHECK(storage.take_unsent().empty());

    // Its own next event is queued as usual.
    REQUIRE(reader.append("s", ExpectedVersion::any(), {make_event("Mine")}).ok());
    auto out = storage.take_unsent();
    REQUIRE(out.events.size() == 1);
    CHECK(out.events[0].position == 5);
}

TEST_CASE("without a backend nothing is queued and every event stays pending") {
    Fixture f(false);
    f.add(2);
    CHECK_FALSE(f.storage.durable());
    CHECK(f.storage.take_unsent().empty());
    CHECK(f.storage.pending_count() == 2);
    CHECK(f.store.recorded_log().size() == 2);
}

TEST_CASE("a batch that does not continue the log is refused and nothing is queued") {
    Fixture f;
    f.add(1);
    (void)f.storage.take_unsent();
    f.storage.on_write_committed();
    EventList wrong = f.store.recorded_log().to_list();  // position 1 again
    CHECK_FALSE(append_events(f.storage, wrong).ok());
    CHECK(f.storage.take_unsent().empty());
    CHECK(f.storage.head_position() == 1);
}

TEST_CASE("the stored log is kept as its lines: read decodes them, a bad line is named, an edit is caught") {
    Fixture writer;
    writer.add(3);
    const RecordedLog& all = writer.store.recorded_log();
    std::string lines;
    for (const RecordedEvent& e : all) lines += encode_event_line(e) + "\n";

    WriteBehindStorage storage;
    CHECK_FALSE(storage.load_saved(lines.substr(0, lines.size() - 1), {}).ok());  // the last line's '\n' is missing
    REQUIRE(storage.load_saved(lines, {}).ok());
    CHECK(storage.head_position() == 3);
    auto read = storage.read(2, 10);
    REQUIRE(read.ok());
    REQUIRE(read->size() == 2);
    CHECK((*read)[0] == all[1]);
    CHECK((*read)[1] == all[2]);
    CHECK(storage.read(4, 10)->empty());

    // The lesson's tamper tool: the stored line changes, its hash does not, and verify() sees it.
    ManualClock clock{5000};
    UuidGenerator ids{9};
    EventStore store(storage, clock, ids);
    REQUIRE(store.open().ok());
    auto no_change = storage.edit_stored_event(2, [](RecordedEvent&) { return make_error(ErrorCode::InvalidArgument, "no amount"); });
    CHECK(no_change.error().message == "no amount");
    CHECK(store.verify().ok());  // an edit that fails changes nothing
    CHECK(storage.edits() == 0);
    const std::string line_before(storage.stored_line(2));
    CHECK(storage.edit_stored_event(4, [](RecordedEvent&) { return ok_status(); }).error().code == ErrorCode::NotFound);
    REQUIRE(storage.edit_stored_event(2, [](RecordedEvent& e) {
        e.data["i"] = 1000;
        return ok_status();
    }).ok());
    CHECK(storage.read(2, 1)->front().data["i"] == 1000);
    CHECK(storage.edits() == 1);
    CHECK(storage.stored_line(2) != line_before);
    CHECK(storage.stored_line(3) == encode_event_line(all[2]));
    CHECK(storage.read(3, 1)->front() == all[2]);  // the lines after it are where they were
    VerifyReport r = store.verify_report();
    CHECK_FALSE(r.ok);
    CHECK(r.first_bad_position == 2);
    CHECK(r.problem.find("modified after it was recorded") != std::string::npos);

    // A stored line that does not decode is an error naming its position.
    WriteBehindStorage damaged;
    REQUIRE(damaged.load_saved(encode_event_line(all[0]) + "\n{\"data\":\n", {}).ok());
    CHECK(damaged.read(1, 1).ok());
    auto bad = damaged.read(1, 10);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == ErrorCode::Corrupt);
    CHECK(bad.error().message.find("the stored event at position 2 cannot be read") != std::string::npos);
}

TEST_CASE("what the backend holds is loaded only into an empty storage: no events and no snapshots") {
    Snapshot snap;
    snap.stream_id = "s";
    snap.stream_version = 1;
    snap.global_position = 1;
    snap.state_type = "test.counter";
    WriteBehindStorage with_snapshot;
    REQUIRE(with_snapshot.load_saved(std::string(), {snap}).ok());
    const Status again = with_snapshot.load_saved(std::string(), {});
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().message == "load_saved: the storage already holds events or snapshots");
    CHECK(with_snapshot.list_snapshots().size() == 1);  // what it held is kept
}

TEST_CASE("an import large enough for its lines to be taken is queued for the backend line by line, as written") {
    Fixture source;
    source.add(1000);  // ~400 KB of lines: the memory storage takes the import's bytes
    const EventList all = source.store.recorded_log().to_list();

    Fixture f;
    REQUIRE(f.store.append_recorded(EventList(all)).ok());
    CHECK(f.storage.pending_count() == 1000);
    auto out = f.storage.take_unsent();
    REQUIRE(out.events.size() == 1000);
    for (size_t i = 0; i < all.size(); ++i) {
        CHECK(out.events[i].position == i + 1);
        REQUIRE(out.events[i].line == encode_event_line(all[i]));
    }
    f.storage.on_write_committed();
    CHECK(f.storage.saved_position() == 1000);
    CHECK(f.store.verify().ok());
}

}  // namespace ES_TEST_FILE_ID
