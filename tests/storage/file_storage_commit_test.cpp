// All-or-nothing batches in the native log: event lines count only once their commit marker
// follows. Files are forged by hand to stand in for a crash at each point of an append (lines
// written, marker missing or half written) and for damage no crash can cause (a marker that
// disagrees with its lines), which must be refused without touching the file.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <utility>

#include "storage/file_fixtures.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using es::ErrorCode;
using es::EventList;
using es::FileStorage;
using namespace file_test;

namespace {

EventList concat(EventList a, const EventList& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// After a cut the log must take the next batch at the first uncommitted position and reopen clean.
// Closes `storage` (the file is locked while it is open).
void check_continues_after_cut(const std::string& path, std::unique_ptr<FileStorage> storage,
                               const EventList& committed, es::UuidGenerator& ids) {
    REQUIRE(append_events(*storage, make_batch(committed, 2, ids)).ok());
    const uint64_t head = storage->head_position();
    CHECK(head == committed.size() + 2);
    storage.reset();
    es::OpenReport again;
    auto reopened = FileStorage::open(path, &again);
    REQUIRE(reopened.ok());
    CHECK_FALSE(again.truncated_tail);
    CHECK(reopened.value()->head_position() == head);
}

}  // namespace

TEST_CASE("file storage: a batch's event lines without their marker are cut and reported") {
    TempDir dir("no_marker");
    const std::string path = dir.file("events.jsonl");
    es::UuidGenerator ids(11);
    const EventList first = make_batch({}, 3, ids);       // lines 1-3, marker line 4
    const EventList second = make_batch(first, 2, ids);   // lines 5-6, marker line 7
    write_log(path, first);
    write_log(path, second);
    const std::string good = file_bytes(path);
    const EventList committed = concat(first, second);

    // The crash: the third batch's three lines reached the disk, its marker did not.
    const EventList lost = make_batch(committed, 3, ids);
    const std::string tail = event_lines(lost);
    append_raw(path, tail);

    es::OpenReport report;
    auto opened = FileStorage::open(path, &report);
    REQUIRE(opened.ok());
    auto& storage = *opened.value();
    CHECK(report.truncated_tail);
    CHECK(report.events_cut == 3);
    CHECK(report.bytes_cut == tail.size());
    CHECK(report.line_number == 8);
    CHECK(report.reason.find("3 event line(s) with positions 6..8") != std::string::npos);
    CHECK(report.reason.find("no commit marker") != std::string::npos);
    CHECK(file_bytes(path) == good);  // cut exactly at the last marker
    CHECK(storage.head_position() == 5);
    CHECK(read_all(storage) == committed);
    CHECK(storage.read(6, 10).value().empty());  // the uncommitted events are never visible

    check_continues_after_cut(path, std::move(opened).value(), committed, ids);
}

TEST_CASE("file storage: a partial marker line at the end is cut with its batch") {
    TempDir dir("partial_marker");
    const std::string path = dir.file("events.jsonl");
    es::UuidGenerator ids(12);
    const EventList first = make_batch({}, 2, ids);
    write_log(path, first);
    const std::string good = file_bytes(path);
    const EventList lost = make_batch(first, 2, ids);  // lines 4-5, marker would be line 6
    const std::string marker = marker_line(3, 4);

    std::string torn_marker;
    SUBCASE("cut inside the marker") { torn_marker = marker.substr(0, 20); }
    SUBCASE("only the newline missing") { torn_marker = marker.substr(0, marker.size() - 1); }
    SUBCASE("a terminated marker that does not parse") {
        torn_marker = marker.substr(0, 14) + "\n";
    }
    SUBCASE("zeros where the marker should be") { torn_marker = std::string(40, '\0'); }
    const std::string tail = event_lines(lost) + torn_marker;
    append_raw(path, tail);

    es::OpenReport report;
    auto opened = FileStorage::open(path, &report);
    REQUIRE(opened.ok());
    CHECK(report.truncated_tail);
    CHECK(report.events_cut == 2);
    CHECK(report.bytes_cut == tail.size());
    CHECK(report.line_number == 4);
    CHECK(report.reason.find("line 6") != std::string::npos);
    CHECK(file_bytes(path) == good);
    CHECK(read_all(*opened.value()) == first);

    check_continues_after_cut(path, std::move(opened).value(), first, ids);
}

TEST_CASE("file storage: a marker that does not match its lines is Corrupt and touches nothing") {
    TempDir dir("bad_marker");
    const std::string path = dir.file("events.jsonl");
    es::UuidGenerator ids(13);
    const EventList first = make_batch({}, 3, ids);  // lines 1-3
    const EventList second = make_batch(first, 2, ids);

    std::string bytes;
    std::string bad_line;
    std::string why;
    SUBCASE("range too short, as the last line") {
        bytes = event_lines(first) + marker_line(1, 2);
        bad_line = "line 4";
        why = "covers positions 1..2 but the event lines since the previous marker hold 1..3";
    }
    SUBCASE("range shifted, in the middle") {
        bytes = event_lines(first) + marker_line(2, 4) + event_lines(second) + marker_line(4, 5);
        bad_line = "line 4";
        why = "covers positions 2..4";
    }
    SUBCASE("a second marker with no lines before it") {
        bytes = event_lines(first) + marker_line(1, 3) + marker_line(1, 3);
        bad_line = "line 5";
        why = "no event lines before it";
    }
    SUBCASE("a marker missing a field, in the middle") {
        bytes = event_lines(first) + "{\"commit\":{\"first\":1}}\n" + event_lines(second) +
                marker_line(4, 5);
        bad_line = "line 4";
        why = "'first' and 'last'";
    }
    SUBCASE("a marker with an inverted range, in the middle") {
        bytes = event_lines(first) + marker_line(3, 1) + event_lines(second) + marker_line(4, 5);
        bad_line = "line 4";
        why = "3..1";
    }
    SUBCASE("a marker not in the written form, in the middle") {
        bytes = event_lines(first) + "{\"commit\":{\"last\":3,\"first\":1}}\n" +
                event_lines(second) + marker_line(4, 5);
        bad_line = "line 4";
        why = "exact form";
    }
    append_raw(path, bytes);
    const std::string before = file_bytes(path);

    es::OpenReport report;
    auto opened = FileStorage::open(path, &report);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == ErrorCode::Corrupt);
    CHECK(opened.error().message.find("corrupt at " + bad_line + ":") != std::string::npos);
    CHECK(opened.error().message.find(why) != std::string::npos);
    CHECK_FALSE(report.truncated_tail);
    CHECK(file_bytes(path) == before);
}

TEST_CASE("file storage: every batch ends in exactly one marker naming its positions") {
    TempDir dir("marker_bytes");
    const std::string path = dir.file("events.jsonl");
    es::UuidGenerator ids(14);
    auto opened = FileStorage::open(path);
    REQUIRE(opened.ok());
    auto& storage = *opened.value();
    const EventList one = make_batch({}, 1, ids);
    const EventList four = make_batch(one, 4, ids);
    REQUIRE(append_events(storage, one).ok());
    REQUIRE(append_events(storage, four).ok());
    REQUIRE(append_events(storage, {}).ok());  // an empty batch writes nothing, not a bare marker
    CHECK(file_bytes(path) ==
          event_lines(one) + marker_line(1, 1) + event_lines(four) + marker_line(2, 5));
}

}  // namespace ES_TEST_FILE_ID
