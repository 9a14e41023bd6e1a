// MemoryStorage keeps bytes, as every storage does: each event as the stored line the store wrote,
// copied in (a large batch's bytes taken as they are), and decoded again on every read; so a
// change to the bytes is what verify() reads.
#include <doctest/doctest.h>

#include "core/event_reader.h"
#include "core/event_store.h"
#include "core/event_writer.h"
#include "storage/memory_storage.h"
#include "../core/store_fixture.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::testing;

TEST_CASE("memory storage keeps each event as the line the store wrote, and reads decode it") {
    StoreFixture f;
    f.given("account-1", {make_event("Deposited", {{"cents", 100}}), make_event("Deposited", {{"cents", 250}})});
    f.given("account-2", {make_event("Opened")});
    const RecordedLog& log = f.store.recorded_log();
    REQUIRE(f.storage.head_position() == 3);
    for (uint64_t p = 1; p <= 3; ++p) CHECK(f.storage.stored_line(p) == encode_event_line(log[p - 1]));

    auto read = f.storage.read(2, 5);
    REQUIRE(read.ok());
    REQUIRE(read->size() == 2);
    CHECK((*read)[0] == log[1]);
    CHECK((*read)[1] == log[2]);
    CHECK(f.storage.read(4, 1)->empty());
    CHECK(f.storage.read(0, 1)->front() == log[0]);  // position 0 reads from the first event
    CHECK(f.storage.edits() == 0);
}

TEST_CASE("memory storage refuses a batch whose lines do not match its events, and writes nothing") {
    StoreFixture f;
    f.given("s", {make_event("A")});
    RecordedEvent next = f.store.recorded_log().back();
    next.global_position = 2;
    Status s = f.storage.append({next}, LineViews{});
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::InvalidArgument);
    CHECK(s.error().message.find("1 events but 0 stored lines") != std::string::npos);
    CHECK(f.storage.head_position() == 1);
}

TEST_CASE("a stored line that no longer decodes is a Corrupt read naming its position") {
    StoreFixture f;
    f.given("s", {make_event("A"), make_event("B"), make_event("C")});
    MemoryStorage::SavedLines saved;
    const std::string& text = saved.blocks.emplace_back(std::string(f.storage.stored_line(1)) + "\n{\"data\":");
    saved.lines.emplace_back(text.data(), f.storage.stored_line(1).size());
    saved.lines.emplace_back(text.data() + f.storage.stored_line(1).size() + 1, 8);
    MemoryStorage damaged;
    REQUIRE(damaged.adopt_lines(std::move(saved)).ok());
    CHECK(damaged.head_position() == 2);
    CHECK(damaged.read(1, 1).ok());
    auto r = damaged.read(1, 2);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Corrupt);
    CHECK(r.error().message.find("the stored event at position 2 cannot be read") != std::string::npos);
    CHECK_FALSE(damaged.adopt_lines(MemoryStorage::SavedLines{}).ok());  // only into an empty storage

    EventStore store(damaged, f.clock, f.ids);
    Status opened = store.open();
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().message.find("position 2") != std::string::npos);
}

TEST_CASE("an edited stored record is caught by verify() at its position, the store's own copy is unchanged") {
    StoreFixture f;
    f.given("account-1", {make_event("Deposited", {{"cents", 100}}), make_event("Deposited", {{"cents", 250}})});
    const std::string before(f.storage.stored_line(2));
    tamper(f, 2, [](RecordedEvent& e) { e.data["cents"] = 25000; });
    CHECK(f.storage.edits() == 1);
    CHECK(f.storage.stored_line(2) != before);
    CHECK(f.storage.stored_line(2).find("\"cents\":25000") != std::string::npos);
    CHECK(f.store.recorded_log()[1].data["cents"] == 250);
    const VerifyReport r = f.store.verify_report();
    CHECK_FALSE(r.ok);
    CHECK(r.first_bad_position == 2);
    CHECK(f.storage.edit_stored_event(3, [](RecordedEvent&) { return ok_status(); }).error().code == ErrorCode::NotFound);
}

TEST_CASE("memory storage takes a large batch's bytes as they are, copies a small one, and refuses without taking") {
    const std::vector<std::string> lines = es::testing::log_lines(1200);  // ~430 B each: ~510 KB
    StoreFixture source;
    for (int i = 0; i < 1200; ++i) source.given("account-" + std::to_string(i % 3), {make_event("Deposited", {{"cents", i}})});
    const EventList events = source.store.recorded_log().to_list();

    MemoryStorage storage;
    // A small batch (the first 10 events) is copied: the caller's bytes are left to it.
    LineBatch small;
    for (int i = 0; i < 10; ++i) small.add(lines[i]);
    const char* small_at = small.lines[0].data();
    REQUIRE(storage.append_taking(EventList(events.begin(), events.begin() + 10), small).ok());
    CHECK(small.lines.size() == 10);
    CHECK(storage.stored_line(1).data() != small_at);
    small.clear();  // reused: what the storage keeps does not change
    small.add(std::string(lines[0].size(), '#'));
    CHECK(storage.stored_line(1) == lines[0]);

    // The rest, a large batch: taken, not copied, and the batch is left empty.
    LineBatch large;
    for (size_t i = 10; i < lines.size(); ++i) large.add(lines[i]);
    REQUIRE(large.byte_count() >= MemoryStorage::kTakeAtLeast);
    const char* large_at = large.lines[0].data();
    const EventList rest(events.begin() + 10, events.end());
    // Refused (a position taken): nothing is taken.
    EventList clash = rest;
    clash.front().global_position = 5;
    CHECK(storage.append_taking(clash, large).error().code == ErrorCode::Conflict);
    CHECK(large.lines.size() == lines.size() - 10);
    CHECK_FALSE(large.bytes.empty());
    CHECK(large.lines[0].data() == large_at);
    CHECK(storage.head_position() == 10);
    REQUIRE(storage.append_taking(rest, large).ok());
    CHECK(large.lines.empty());
    CHECK(large.bytes.empty());
    CHECK(storage.stored_line(11).data() == large_at);
    // The bytes taken outlive the batch, and later appends go on as before.
    large = LineBatch();
    for (uint64_t p = 1; p <= lines.size(); ++p) REQUIRE(storage.stored_line(p) == lines[p - 1]);
    auto read = storage.read(1, lines.size());
    REQUIRE(read.ok());
    CHECK(*read == events);
}

TEST_CASE("a store importing into memory storage reads back every line after the import's bytes were taken") {
    StoreFixture source;
    for (int i = 0; i < 2000; ++i) source.given("account-" + std::to_string(i % 7), {make_event("Deposited", {{"cents", i}})});
    StoreFixture f;
    auto imported = f.store.append_recorded(source.store.recorded_log().to_list());
    REQUIRE(imported.ok());
    // An append after the import (its own id: both fixtures draw ids from the same seed).
    f.given("account-0", {make_event("Withdrawn", {{"cents", 5}}, "44444444-4444-4444-8444-444444444444")});
    REQUIRE(f.storage.head_position() == 2001);
    for (uint64_t p = 1; p <= 2001; ++p) REQUIRE(f.storage.stored_line(p) == encode_event_line(f.store.recorded_log()[p - 1]));
    const Status verified = f.store.verify();
    CHECK_MESSAGE(verified.ok(), verified.error().message);
}

}  // namespace ES_TEST_FILE_ID
