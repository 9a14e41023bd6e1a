// FileStorage against real files: round trips, crash repair (torn tail cut and reported), corrupt
// files refused and left byte-for-byte untouched, the exclusive lock and snapshots. Commit
// markers (all-or-nothing batches) are in file_storage_commit_test.cpp; real crashes (a killed
// writer, a failing disk) are in file_storage_crash_test.cpp.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "core/clock.h"
#include "core/event_store.h"
#include "core/store_fixture.h"
#include "storage/file_fixtures.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using es::ErrorCode;
using es::EventList;
using es::FileStorage;
using namespace file_test;


TEST_CASE("file storage: events round trip across reopen") {
    TempDir dir("roundtrip");
    const std::string path = dir.file("events.jsonl");
    es::UuidGenerator ids(1);
    EventList expected = make_batch({}, 3, ids);
    {
        auto opened = FileStorage::open(path);
        REQUIRE(opened.ok());
        auto& storage = *opened.value();
        CHECK(storage.head_position() == 0);
        REQUIRE(append_events(storage, expected).ok());
        EventList more = make_batch(expected, 2, ids);
        REQUIRE(append_events(storage, more).ok());
        expected.insert(expected.end(), more.begin(), more.end());
        CHECK(read_all(storage) == expected);
    }
    es::OpenReport report;
    auto reopened = FileStorage::open(path, &report);
    REQUIRE(reopened.ok());
    CHECK_FALSE(report.truncated_tail);
    auto& storage = *reopened.value();
    CHECK(storage.head_position() == 5);
    CHECK(read_all(storage) == expected);

    auto middle = storage.read(2, 2);
    REQUIRE(middle.ok());
    REQUIRE(middle.value().size() == 2);
    CHECK(middle.value()[0].global_position == 2);
    CHECK(middle.value()[1].global_position == 3);
    auto past_end = storage.read(6, 10);
    REQUIRE(past_end.ok());
    CHECK(past_end.value().empty());

    // One line per event plus one commit marker per batch, each newline-terminated, readable by
    // any JSON Lines tool.
    const std::string bytes = file_bytes(path);
    CHECK(std::count(bytes.begin(), bytes.end(), '\n') == 7);
    CHECK(bytes == event_lines({expected.begin(), expected.begin() + 3}) + marker_line(1, 3) +
                       event_lines({expected.begin() + 3, expected.end()}) + marker_line(4, 5));
}

TEST_CASE("file storage: a missing folder is a clear Io error") {
    TempDir dir("nofolder");
    auto opened = FileStorage::open(dir.file("missing/events.jsonl"));
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == ErrorCode::Io);
    CHECK(opened.error().message.find("does not exist") != std::string::npos);
    CHECK(opened.error().message.find("missing") != std::string::npos);
}

TEST_CASE("file storage: a torn last line is cut, reported, and everything before it kept") {
    TempDir dir("torn");
    const std::string path = dir.file("events.jsonl");
    es::UuidGenerator ids(2);
    EventList events = make_batch({}, 3, ids);
    write_log(path, events);
    const std::string good = file_bytes(path);
    const std::string next_line = es::encode_event_line(make_batch(events, 1, ids)[0]) + "\n";

    std::string torn;
    SUBCASE("half a line, no newline") { torn = next_line.substr(0, next_line.size() / 2); }
    SUBCASE("a whole line missing only its newline") {
        torn = next_line.substr(0, next_line.size() - 1);
    }
    SUBCASE("a terminated last line that does not decode") {
        torn = next_line.substr(0, next_line.size() / 2) + "\n";
    }
    SUBCASE("zeros left by a crash that extended the file") { torn = std::string(100, '\0'); }
    append_raw(path, torn);

    es::OpenReport report;
    auto opened = FileStorage::open(path, &report);
    REQUIRE(opened.ok());
    CHECK(report.truncated_tail);
    CHECK(report.line_number == 5);  // lines 1-3 are the events, line 4 their commit marker
    CHECK(report.bytes_cut == torn.size());
    CHECK(report.events_cut == 0);
    CHECK_FALSE(report.reason.empty());
    CHECK(file_bytes(path) == good);
    CHECK(read_all(*opened.value()) == events);

    // The log continues cleanly after the cut.
    EventList more = make_batch(events, 1, ids);
    REQUIRE(append_events(*opened.value(), more).ok());
    opened.value().reset();
    es::OpenReport again;
    auto reopened = FileStorage::open(path, &again);
    REQUIRE(reopened.ok());
    CHECK_FALSE(again.truncated_tail);
    CHECK(reopened.value()->head_position() == 4);
}

TEST_CASE("file storage: garbage in the middle is Corrupt, names the line, touches nothing") {
    TempDir dir("garbage");
    const std::string path = dir.file("events.jsonl");
    es::UuidGenerator ids(3);
    EventList events = make_batch({}, 3, ids);
    append_raw(path, es::encode_event_line(events[0]) + "\n" + "{\"not\": \"an event\"}\n" +
                         es::encode_event_line(events[2]) + "\n" + "torn tail");
    const std::string before = file_bytes(path);

    es::OpenReport report;
    auto opened = FileStorage::open(path, &report);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == ErrorCode::Corrupt);
    CHECK(opened.error().message.find("line 2") != std::string::npos);
    CHECK(opened.error().message.find("unknown field 'not'") != std::string::npos);
    CHECK_FALSE(report.truncated_tail);
    CHECK(file_bytes(path) == before);  // the torn tail after the damage is evidence too
}

TEST_CASE("file storage: positions that skip or repeat are Corrupt") {
    TempDir dir("gap");
    const std::string path = dir.file("events.jsonl");
    es::UuidGenerator ids(4);
    EventList events = make_batch({}, 4, ids);
    events.erase(events.begin() + 2);  // positions 1, 2, 4
    write_log(path, events);
    const std::string before = file_bytes(path);

    auto opened = FileStorage::open(path);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == ErrorCode::Corrupt);
    CHECK(opened.error().message.find("line 3") != std::string::npos);
    CHECK(file_bytes(path) == before);
}

TEST_CASE("file storage: a batch that does not continue the log is a Conflict and writes nothing") {
    TempDir dir("conflict");
    const std::string path = dir.file("events.jsonl");
    es::UuidGenerator ids(5);
    auto opened = FileStorage::open(path);
    REQUIRE(opened.ok());
    auto& storage = *opened.value();
    EventList first = make_batch({}, 2, ids);
    REQUIRE(append_events(storage, first).ok());
    const std::string before = file_bytes(path);

    EventList bad;
    SUBCASE("position already taken") { bad = make_batch({first[0]}, 2, ids); }
    SUBCASE("a gap before the batch") { bad = make_batch(make_batch(first, 1, ids), 2, ids); }
    SUBCASE("a gap inside the batch") {
        bad = make_batch(first, 3, ids);
        bad.erase(bad.begin() + 1);
    }
    auto status = append_events(storage, bad);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == ErrorCode::Conflict);
    CHECK(storage.head_position() == 2);
    CHECK(file_bytes(path) == before);
    CHECK(append_events(storage, make_batch(first, 1, ids)).ok());
}

TEST_CASE("file storage: a second open of the same file fails while the first is open") {
    TempDir dir("lock");
    const std::string path = dir.file("events.jsonl");
    auto first = FileStorage::open(path);
    REQUIRE(first.ok());
    auto second = FileStorage::open(path);
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().code == ErrorCode::Busy);  // held, not broken
    CHECK(second.error().message.find("store file " + path + " is in use by another process") !=
          std::string::npos);
    first.value().reset();
    CHECK(FileStorage::open(path).ok());
}

TEST_CASE("file storage: snapshots persist across reopen and the newest line wins") {
    TempDir dir("snapshots");
    const std::string path = dir.file("events.jsonl");
    auto snap = [](uint64_t version, const std::string& type, int64_t balance) {
        es::Snapshot s;
        s.stream_id = "account-1";
        s.stream_version = version;
        s.global_position = version + 10;
        s.state_type = type;
        s.state = {{"balanceCents", balance}};
        s.taken_at_ms = 1700000000000 + balance;
        return s;
    };
    {
        auto opened = FileStorage::open(path);
        REQUIRE(opened.ok());
        auto& storage = *opened.value();
        REQUIRE(storage.save_snapshot(snap(1, "bank.account", 100)).ok());
        REQUIRE(storage.save_snapshot(snap(5, "bank.account", 500)).ok());
        REQUIRE(storage.save_snapshot(snap(5, "bank.account", 555)).ok());  // replaces v5
        REQUIRE(storage.save_snapshot(snap(7, "other.fold", 700)).ok());
    }
    // Append-only on disk: the replaced snapshot is still there as an older line.
    const std::string lines = file_bytes(path + ".snapshots");
    CHECK(std::count(lines.begin(), lines.end(), '\n') == 4);

    auto opened = FileStorage::open(path);
    REQUIRE(opened.ok());
    auto& storage = *opened.value();
    CHECK(storage.list_snapshots().size() == 3);
    auto newest = storage.load_snapshot("account-1", "bank.account", 100);
    REQUIRE(newest.ok());
    REQUIRE(newest.value().has_value());
    CHECK(newest.value()->stream_version == 5);
    CHECK(newest.value()->state["balanceCents"] == 555);
    auto older = storage.load_snapshot("account-1", "bank.account", 4);
    REQUIRE(older.ok());
    REQUIRE(older.value().has_value());
    CHECK(older.value()->state["balanceCents"] == 100);
    auto none = storage.load_snapshot("account-1", "bank.account", 0);
    REQUIRE(none.ok());
    CHECK_FALSE(none.value().has_value());
    auto other_stream = storage.load_snapshot("account-2", "bank.account", 100);
    REQUIRE(other_stream.ok());
    CHECK_FALSE(other_stream.value().has_value());
}

TEST_CASE("file storage: a torn snapshot line is cut and reported") {
    TempDir dir("torn_snapshot");
    const std::string path = dir.file("events.jsonl");
    {
        auto opened = FileStorage::open(path);
        REQUIRE(opened.ok());
        es::Snapshot s;
        s.stream_id = "account-1";
        s.stream_version = 1;
        s.global_position = 1;
        s.state_type = "bank.account";
        REQUIRE(opened.value()->save_snapshot(s).ok());
    }
    append_raw(path + ".snapshots", "{\"streamId\":\"acc");
    es::OpenReport report;
    auto opened = FileStorage::open(path, &report);
    REQUIRE(opened.ok());
    CHECK_FALSE(report.truncated_tail);
    CHECK(report.snapshots_truncated_tail);
    CHECK(report.snapshots_bytes_cut == 16);
    CHECK(opened.value()->list_snapshots().size() == 1);
}

TEST_CASE("file storage: a store over it releases decoded events into copies of their lines of its own") {
    // A FileStorage keeps no line in memory (kept_line is empty), so the store's log writes its
    // own copy of each line it releases, and reads the events back from it the same.
    TempDir dir("release");
    auto opened = FileStorage::open(dir.file("events.jsonl"));
    REQUIRE(opened.ok());
    FileStorage& storage = *opened.value();
    CHECK(storage.kept_line(1).empty());
    es::ManualClock clock{1000};
    es::UuidGenerator ids{3};
    es::EventStore store(storage, clock, ids);
    REQUIRE(store.open().ok());
    const size_t n = 2 * es::RecordedLog::kChunk + 3;
    for (size_t i = 0; i < n; ++i)
        REQUIRE(store.append("s-" + std::to_string(i % 4), es::ExpectedVersion::any(), {es::testing::make_event("Deposited", {{"n", i}}, "")}).ok());
    const EventList appended = store.recorded_log().to_list();
    store.release_cold_events();
    CHECK(store.release_cold_events() == 2 * es::RecordedLog::kChunk);
    CHECK(store.recorded_log().decoded_events() == 3);
    CHECK(store.recorded_log().to_list() == appended);
    CHECK(store.verify().ok());
    // Reopened, the store reads the same log from the file, and releases it the same way.
    es::EventStore again(storage, clock, ids);
    REQUIRE(again.open().ok());
    again.release_cold_events();
    CHECK(again.release_cold_events() == 2 * es::RecordedLog::kChunk);
    CHECK(again.recorded_log().to_list() == appended);
}

}  // namespace ES_TEST_FILE_ID
