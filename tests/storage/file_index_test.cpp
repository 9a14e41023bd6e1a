// The events file's index (storage/file_index.h) and how FileStorage uses it: a good index is
// read and only the end of the log after it scanned; a missing, damaged or stale one is rebuilt
// from the whole log and reported, never trusted. Reads through it give the same events.
#include <doctest/doctest.h>

#include <string>

#include "storage/file_fixtures.h"
#include "storage/file_index.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using es::EventList;
using es::FileIndex;
using es::FileStorage;
using namespace file_test;

namespace {

// A store file with `count` events in batches of two, closed (so its index is written).
EventList make_store(const std::string& path, size_t count, es::UuidGenerator& ids) {
    EventList all;
    auto opened = FileStorage::open(path);
    REQUIRE(opened.ok());
    while (all.size() < count) {
        EventList batch = make_batch(all, std::min<size_t>(2, count - all.size()), ids);
        REQUIRE(append_events(*opened.value(), batch).ok());
        all.insert(all.end(), batch.begin(), batch.end());
    }
    return all;
}

void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

}  // namespace

TEST_CASE("file index: encodes and decodes every entry, and refuses a damaged one") {
    TempDir dir("index_codec");
    es::UuidGenerator ids(7);
    EventList events = make_batch({}, 5, ids);
    FileIndex index;
    uint64_t offset = 0;
    for (const auto& e : events) {
        index.add(e, offset, 100);
        offset += 101;
    }
    index.set_covered_bytes(offset + 30);
    const std::string bytes = index.encode();
    auto back = FileIndex::decode(bytes);
    REQUIRE(back.ok());
    CHECK(back->head() == 5);
    CHECK(back->covered_bytes() == offset + 30);
    CHECK(back->line_offset(3) == 202);
    CHECK(back->line_length(3) == 100);
    es::StreamPositions streams;
    back->stream_positions_upto(4, streams);
    // make_event puts position p on account-(p % 3).
    CHECK(streams["account-1"] == std::vector<uint64_t>{1, 4});
    CHECK(streams["account-2"] == std::vector<uint64_t>{2});
    CHECK(streams["account-0"] == std::vector<uint64_t>{3});
    for (uint64_t p = 1; p <= 5; ++p) {
        auto candidates = back->id_candidates(events[p - 1].event_id);
        CHECK(std::find(candidates.begin(), candidates.end(), p) != candidates.end());
    }
    CHECK(back->id_candidates(ids.next()).empty());

    for (size_t at : {size_t{3}, size_t{20}, bytes.size() / 2, bytes.size() - 1}) {
        std::string damaged = bytes;
        damaged[at] = static_cast<char>(damaged[at] ^ 0x10);
        auto refused = FileIndex::decode(damaged);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == es::ErrorCode::Corrupt);
    }
    CHECK_FALSE(FileIndex::decode(bytes.substr(0, bytes.size() - 9)).ok());
    CHECK_FALSE(FileIndex::decode("").ok());
}

TEST_CASE("file storage index: written on close, read on open, the same events either way") {
    TempDir dir("index_use");
    const std::string path = dir.file("events.jsonl");
    es::UuidGenerator ids(3);
    const EventList all = make_store(path, 9, ids);
    REQUIRE(fs::exists(path + ".index"));

    es::OpenReport report;
    auto opened = FileStorage::open(path, &report);
    REQUIRE(opened.ok());
    CHECK_FALSE(report.index_rebuilt);
    CHECK(report.index_tail_events == 0);
    FileStorage& storage = *opened.value();
    CHECK(storage.head_position() == 9);
    CHECK(read_all(storage) == all);
    auto some = storage.read(4, 3);
    REQUIRE(some.ok());
    CHECK(*some == EventList(all.begin() + 3, all.begin() + 6));
    auto found = storage.find_event_id(all[6].event_id);
    REQUIRE(found.ok());
    CHECK(*found == 7);
    auto missing = storage.find_event_id(ids.next());
    REQUIRE(missing.ok());
    CHECK(*missing == 0);
    es::StreamPositions streams;
    REQUIRE(storage.stream_positions_upto(9, streams).ok());
    CHECK(streams["account-0"] == std::vector<uint64_t>{3, 6, 9});
}

TEST_CASE("file storage index: a missing, damaged or mismatched index is rebuilt and reported") {
    TempDir dir("index_rebuild");
    const std::string path = dir.file("events.jsonl");
    es::UuidGenerator ids(4);
    const EventList all = make_store(path, 6, ids);
    const std::string good_index = file_bytes(path + ".index");

    auto reopen = [&](const std::string& expected_reason) {
        es::OpenReport report;
        auto opened = FileStorage::open(path, &report);
        REQUIRE(opened.ok());
        CHECK(report.index_rebuilt);
        CHECK(report.index_reason.find(expected_reason) != std::string::npos);
        CHECK(read_all(*opened.value()) == all);
        auto found = opened.value()->find_event_id(all[4].event_id);
        REQUIRE(found.ok());
        CHECK(*found == 5);
    };
    SUBCASE("missing") {
        fs::remove(path + ".index");
        reopen("there was no index");
    }
    SUBCASE("damaged") {
        std::string damaged = good_index;
        damaged[damaged.size() / 2] ^= 0x01;
        write_bytes(path + ".index", damaged);
        reopen("checksum does not match");
    }
    SUBCASE("cut short") {
        write_bytes(path + ".index", good_index.substr(0, 20));
        reopen("the index");
    }
    SUBCASE("of another log: the file was replaced by a shorter one") {
        const std::string bytes = file_bytes(path);
        write_bytes(path, bytes.substr(0, bytes.find(marker_line(3, 4)) + marker_line(3, 4).size()));
        es::OpenReport report;
        auto opened = FileStorage::open(path, &report);
        REQUIRE(opened.ok());
        CHECK(report.index_rebuilt);
        CHECK(report.index_reason.find("does not match the log") != std::string::npos);
        CHECK(read_all(*opened.value()) == EventList(all.begin(), all.begin() + 4));
    }
    SUBCASE("an event line changed length: the index no longer points at the lines") {
        std::string bytes = file_bytes(path);
        const std::string actor = "\"actor\":\"tester\"";
        const size_t at = bytes.rfind(actor);
        bytes.replace(at, actor.size(), "\"actor\":\"tester2\"");
        write_bytes(path, bytes);
        es::OpenReport report;
        auto opened = FileStorage::open(path, &report);  // the line no longer decodes to its old hash, but it decodes
        REQUIRE(opened.ok());
        CHECK(report.index_rebuilt);
        CHECK(report.index_reason.find("does not match the log") != std::string::npos);
    }
    // After the rebuild the index is written again and used without a report.
    es::OpenReport again;
    auto opened = FileStorage::open(path, &again);
    REQUIRE(opened.ok());
    CHECK_FALSE(again.index_rebuilt);
}

TEST_CASE("file storage index: a log that grew after its index was written is scanned only after it") {
    TempDir dir("index_grow");
    const std::string path = dir.file("events.jsonl");
    es::UuidGenerator ids(5);
    EventList all = make_store(path, 4, ids);
    const std::string old_index = file_bytes(path + ".index");
    {
        auto opened = FileStorage::open(path);
        REQUIRE(opened.ok());
        EventList more = make_batch(all, 3, ids);
        REQUIRE(append_events(*opened.value(), more).ok());
        all.insert(all.end(), more.begin(), more.end());
    }
    write_bytes(path + ".index", old_index);  // as if the run that appended crashed before closing
    es::OpenReport report;
    auto opened = FileStorage::open(path, &report);
    REQUIRE(opened.ok());
    CHECK_FALSE(report.index_rebuilt);
    CHECK(report.index_tail_events == 3);
    CHECK(opened.value()->head_position() == 7);
    CHECK(read_all(*opened.value()) == all);
    auto found = opened.value()->find_event_id(all[5].event_id);
    REQUIRE(found.ok());
    CHECK(*found == 6);

    // A torn tail after the indexed part is still cut and reported with its line.
    opened.value().reset();
    write_bytes(path + ".index", old_index);
    append_raw(path, "{\"data\":");
    es::OpenReport torn;
    auto reopened = FileStorage::open(path, &torn);
    REQUIRE(reopened.ok());
    CHECK(torn.truncated_tail);
    CHECK(torn.line_number > 0);
    CHECK(read_all(*reopened.value()) == all);
}

TEST_CASE("file index: an added block continues the base and decodes as the whole index") {
    es::UuidGenerator ids(8);
    EventList events = make_batch({}, 7, ids);
    FileIndex index;
    uint64_t offset = 0;
    for (size_t i = 0; i < 4; ++i, offset += 101) index.add(events[i], offset, 100);
    index.set_covered_bytes(offset + 30);
    const std::string base = index.encode();
    auto decoded = FileIndex::decode(base);
    REQUIRE(decoded.ok());
    FileIndex grown = std::move(decoded).value();
    const uint64_t streams_before = grown.stream_count();
    es::RecordedEvent new_stream = events[4];
    new_stream.stream_id = "account-new";  // a stream the base does not name
    grown.add(new_stream, offset + 30, 100);
    grown.add(events[5], offset + 161, 100);
    grown.set_covered_bytes(offset + 300);
    const std::string block = grown.encode_added(5, streams_before);
    CHECK(block.size() < base.size());

    auto back = FileIndex::decode(base + block);
    REQUIRE(back.ok());
    CHECK(back->added_blocks() == 1);
    CHECK(back->head() == 6);
    CHECK(back->covered_bytes() == offset + 300);
    CHECK(back->line_offset(6) == offset + 161);
    CHECK(back->encode() == grown.encode());  // the same index either way
    es::StreamPositions streams;
    back->stream_positions_upto(6, streams);
    CHECK(streams["account-new"] == std::vector<uint64_t>{5});
    for (uint64_t p : {uint64_t{2}, uint64_t{6}}) {
        auto candidates = back->id_candidates(events[p - 1].event_id);
        CHECK(std::find(candidates.begin(), candidates.end(), p) != candidates.end());
    }

    SUBCASE("a damaged block is refused") {
        std::string damaged = base + block;
        damaged[base.size() + block.size() / 2] ^= 0x04;
        auto refused = FileIndex::decode(damaged);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == es::ErrorCode::Corrupt);
    }
    SUBCASE("a block cut short is refused") { CHECK_FALSE(FileIndex::decode(base + block.substr(0, block.size() - 3)).ok()); }
    SUBCASE("a block that does not continue the index is refused") {
        auto refused = FileIndex::decode(base + block + block);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().message.find("does not continue") != std::string::npos);
    }
}

TEST_CASE("file storage index: a run that appends adds a small block, and many blocks are folded into a new base") {
    TempDir dir("index_blocks");
    const std::string path = dir.file("events.jsonl");
    es::UuidGenerator ids(9);
    EventList all = make_store(path, 40, ids);
    const size_t base_size = file_bytes(path + ".index").size();
    auto append_one = [&] {
        auto opened = FileStorage::open(path);
        REQUIRE(opened.ok());
        EventList one = make_batch(all, 1, ids);
        REQUIRE(append_events(*opened.value(), one).ok());
        all.insert(all.end(), one.begin(), one.end());
    };
    append_one();
    const std::string with_block = file_bytes(path + ".index");
    CHECK(with_block.size() > base_size);
    CHECK(with_block.size() < base_size + 100);  // one event's entry, not the whole index again
    CHECK(with_block.compare(0, base_size, file_bytes(path + ".index"), 0, base_size) == 0);
    auto decoded = FileIndex::decode(with_block);
    REQUIRE(decoded.ok());
    CHECK(decoded->added_blocks() == 1);

    for (int run = 0; run < 64; ++run) append_one();
    auto folded = FileIndex::decode(file_bytes(path + ".index"));
    REQUIRE(folded.ok());
    CHECK(folded->added_blocks() < 64);  // written whole again once there were 64 blocks
    CHECK(folded->head() == all.size());

    es::OpenReport report;
    auto opened = FileStorage::open(path, &report);
    REQUIRE(opened.ok());
    CHECK_FALSE(report.index_rebuilt);
    CHECK(report.index_tail_events == 0);
    CHECK(read_all(*opened.value()) == all);
    auto found = opened.value()->find_event_id(all[50].event_id);
    REQUIRE(found.ok());
    CHECK(*found == 51);

    // A block torn by a crash: the index is rebuilt from the log and says why.
    opened.value().reset();
    append_one();
    const std::string torn = file_bytes(path + ".index");
    write_bytes(path + ".index", torn.substr(0, torn.size() - 5));
    es::OpenReport after_tear;
    auto reopened = FileStorage::open(path, &after_tear);
    REQUIRE(reopened.ok());
    CHECK(after_tear.index_rebuilt);
    CHECK(read_all(*reopened.value()) == all);
}

}  // namespace ES_TEST_FILE_ID
