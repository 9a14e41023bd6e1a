// Appending: expected-version modes, conflict messages, idempotent retries, id reuse, validation,
// and all-or-nothing multi-stream appends. Given/When/Then: given these events, when this
// append, then these events (or this error).
#include <doctest/doctest.h>

#include <limits>

#include "core/event_codec_reference.h"
#include "core/event_writer.h"
#include "core/store_fixture.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using es::testing::encode_event_line_reference;
using es::testing::make_event;
using es::testing::StoreFixture;

namespace {
const char* kId1 = "11111111-1111-4111-8111-111111111111";
const char* kId2 = "22222222-2222-4222-8222-222222222222";
const char* kId3 = "33333333-3333-4333-8333-333333333333";
}  // namespace

TEST_CASE("expected version: every mode against an empty and an existing stream") {
    StoreFixture f;
    // Given an empty stream
    CHECK(f.store.stream_version("account-1") == 0);
    SUBCASE("StreamExists fails on a missing stream") {
        auto r = f.store.append("account-1", ExpectedVersion::stream_exists(), {make_event("Opened")});
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::Conflict);
        CHECK(r.error().message.find("does not exist") != std::string::npos);
    }
    SUBCASE("Exactly(2) fails on a missing stream; Exactly(0) works like NoStream") {
        CHECK_FALSE(f.store.append("account-1", ExpectedVersion::exactly(2), {make_event("Opened")}).ok());
        CHECK(f.store.append("account-1", ExpectedVersion::exactly(0), {make_event("Opened")}).ok());
    }
    SUBCASE("NoStream creates it, a second NoStream conflicts") {
        auto r = f.store.append("account-1", ExpectedVersion::no_stream(), {make_event("Opened")});
        REQUIRE(r.ok());
        CHECK(r->next_stream_version == 1);
        auto again = f.store.append("account-1", ExpectedVersion::no_stream(), {make_event("Opened")});
        REQUIRE_FALSE(again.ok());
        CHECK(again.error().code == ErrorCode::Conflict);
        CHECK(again.error().message.find("is at version 1, but the command expected no stream") != std::string::npos);
    }
    SUBCASE("given 3 events: Exactly(3), StreamExists and Any succeed; Exactly(2) conflicts") {
        f.given("account-1", {make_event("A"), make_event("B"), make_event("C")});
        // When the command expected version 2, then a conflict that names both versions
        auto r = f.store.append("account-1", ExpectedVersion::exactly(2), {make_event("D")});
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::Conflict);
        CHECK(r.error().message.find("stream 'account-1' is at version 3, but the command expected version 2") !=
              std::string::npos);
        CHECK(f.store.head_position() == 3);
        auto ok = f.store.append("account-1", ExpectedVersion::exactly(3), {make_event("D"), make_event("E")});
        REQUIRE(ok.ok());
        CHECK(ok->first_position == 4);
        CHECK(ok->last_position == 5);
        CHECK(ok->next_stream_version == 5);
        CHECK(f.store.append("account-1", ExpectedVersion::stream_exists(), {make_event("F")}).ok());
        CHECK(f.store.append("account-1", ExpectedVersion::any(), {make_event("G")}).ok());
        CHECK(f.store.stream_version("account-1") == 7);
    }
}

TEST_CASE("recorded envelope: versions, positions, ids, clock, hash chain") {
    StoreFixture f;
    f.clock.set(5000);
    NewEvent later = make_event("B");
    later.occurred_at_ms = 4000;
    later.metadata = EventMetadata{"alice", "test", "corr", "cause"};
    auto r = f.store.append("s", ExpectedVersion::any(), {make_event("A", {{"n", 1}}), later});
    REQUIRE(r.ok());
    const RecordedLog& log = f.store.recorded_log();
    REQUIRE(log.size() == 2);
    CHECK(log[0].stream_version == 1);
    CHECK(log[1].stream_version == 2);
    CHECK(log[0].global_position == 1);
    CHECK(is_uuid(log[0].event_id));
    CHECK(log[0].event_id != log[1].event_id);
    CHECK(log[0].recorded_at_ms == 5000);
    CHECK(log[0].occurred_at_ms == 5000);  // defaults to recorded-at
    CHECK(log[1].occurred_at_ms == 4000);
    CHECK(log[1].metadata.actor == "alice");
    CHECK(log[0].prev_hash == std::string(64, '0'));
    CHECK(log[1].prev_hash == log[0].hash);
    CHECK(f.storage.events_for_testing() == log);
    // A clock that goes backwards does not make the log go backwards.
    f.clock.set(10);
    f.given("s", {make_event("C")});
    CHECK(f.store.recorded_log().back().recorded_at_ms == 5000);
}

TEST_CASE("idempotent retry answers the original events' positions and writes nothing") {
    StoreFixture f;
    // Given a batch appended with explicit ids
    auto first = f.store.append("account-1", ExpectedVersion::no_stream(),
                                {make_event("Opened", {{"owner", "Ann"}}, kId1), make_event("Deposited", {{"a", 5}}, kId2)});
    REQUIRE(first.ok());
    f.given("account-1", {make_event("Other")});
    // When the same batch is retried (with an expected version that would now fail)
    auto retry = f.store.append("account-1", ExpectedVersion::no_stream(),
                                {make_event("Opened", {{"owner", "Ann"}}, kId1), make_event("Deposited", {{"a", 5}}, kId2)});
    // Then the original events are named (recorded() reads them) and nothing is written
    REQUIRE(retry.ok());
    CHECK(retry->was_duplicate);
    CHECK(retry->positions == first->positions);
    CHECK(retry->positions == std::vector<uint64_t>{1, 2});
    auto originals = f.store.recorded(*retry);
    REQUIRE(originals.ok());
    REQUIRE(originals->size() == 2);
    CHECK((*originals)[0].event_id == kId1);
    CHECK((*originals)[1].event_id == kId2);
    CHECK(*originals == f.store.recorded(*first).value());
    CHECK(retry->first_position == 1);
    CHECK(retry->last_position == 2);
    CHECK(retry->next_stream_version == 3);
    CHECK(f.store.head_position() == 3);
}

TEST_CASE("an append answers where its events are, and recorded() reads them back as stored") {
    StoreFixture f;
    f.given("account-0", {make_event("Opened")});
    // A batch across two streams: positions in the batch's order
    std::vector<StreamAppend> batch;
    batch.push_back(StreamAppend{"account-1", ExpectedVersion::no_stream(), {make_event("Sent", {{"c", 1}}, kId1)}});
    batch.push_back(StreamAppend{"account-2", ExpectedVersion::no_stream(), {make_event("Received", {{"c", 1}}, kId2)}});
    auto appended = f.store.append_multi(std::move(batch));
    REQUIRE(appended.ok());
    CHECK(appended->positions == std::vector<uint64_t>{2, 3});
    auto events = f.store.recorded(*appended);
    REQUIRE(events.ok());
    REQUIRE(events->size() == 2);
    // what was asked for, as recorded: ids, streams, types, data, versions...
    const RecordedEvent& sent = (*events)[0];
    const RecordedEvent& received = (*events)[1];
    CHECK(sent.event_id == kId1);
    CHECK(received.event_id == kId2);
    CHECK(sent.stream_id == "account-1");
    CHECK(received.stream_id == "account-2");
    CHECK(sent.type == "Sent");
    CHECK(received.type == "Received");
    CHECK(sent.data == Json{{"c", 1}});
    CHECK(received.data == Json{{"c", 1}});
    CHECK(sent.stream_version == 1);
    CHECK(received.stream_version == 1);
    CHECK(sent.global_position == 2);
    CHECK(received.global_position == 3);
    // ...chained and hashed as stored: each hash is its content's, and the stored lines say the same
    CHECK(sent.prev_hash == f.store.recorded_log()[0].hash);
    CHECK(received.prev_hash == sent.hash);
    CHECK(sent.hash == testing::compute_hash(sent));
    CHECK(received.hash == testing::compute_hash(received));
    CHECK(f.storage.stored_line(3) == encode_event_line(received));
    CHECK(f.store.verify().ok());
    // and the log holds the same events (moved in, not emptied by the move)
    CHECK(sent == f.store.recorded_log()[1]);
    CHECK(received == f.store.recorded_log()[2]);

    // A retry with the batch's events in the other order is still the same events: their
    // original positions, in the order asked
    std::vector<StreamAppend> reordered;
    reordered.push_back(StreamAppend{"account-2", ExpectedVersion::any(), {make_event("Received", {{"c", 1}}, kId2)}});
    reordered.push_back(StreamAppend{"account-1", ExpectedVersion::any(), {make_event("Sent", {{"c", 1}}, kId1)}});
    auto retry = f.store.append_multi(std::move(reordered));
    REQUIRE(retry.ok());
    CHECK(retry->was_duplicate);
    CHECK(retry->positions == std::vector<uint64_t>{3, 2});
    auto originals = f.store.recorded(*retry);
    REQUIRE(originals.ok());
    CHECK((*originals)[0].event_id == kId2);
    CHECK((*originals)[1].event_id == kId1);
    CHECK(f.store.head_position() == 3);

    // Positions the store does not hold are an error, not an empty answer
    AppendResult beyond;
    beyond.positions = {4};
    auto missing = f.store.recorded(beyond);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == ErrorCode::NotFound);
}

TEST_CASE("event ids are exact strings: an id's upper-case form is another id, across a reopen") {
    StoreFixture f;
    const std::string lower = "abcdef01-2345-4678-89ab-cdef01234567";
    const std::string upper = "ABCDEF01-2345-4678-89AB-CDEF01234567";
    // Given an event recorded under a lower-case id
    f.given("account-1", {make_event("Deposited", {{"a", 5}}, lower)});
    // When the same content comes with the id in upper case, then it is a new event
    auto second = f.store.append("account-1", ExpectedVersion::any(), {make_event("Deposited", {{"a", 5}}, upper)});
    REQUIRE(second.ok());
    CHECK_FALSE(second->was_duplicate);
    CHECK(second->first_position == 2);
    // and after a reopen each form is still found as itself: a retry of either is a duplicate
    REQUIRE(f.store.open().ok());
    for (const std::string& id : {lower, upper}) {
        INFO("id = " << id);
        auto retry = f.store.append("account-1", ExpectedVersion::any(), {make_event("Deposited", {{"a", 5}}, id)});
        REQUIRE(retry.ok());
        CHECK(retry->was_duplicate);
        CHECK(retry->first_position == (id == lower ? 1u : 2u));
    }
    CHECK(f.store.head_position() == 2);
}

TEST_CASE("reusing an id with different content, or a partial overlap, is an error naming the id") {
    StoreFixture f;
    f.given("account-1", {make_event("Deposited", {{"a", 5}}, kId1)});
    SUBCASE("different data") {
        auto r = f.store.append("account-1", ExpectedVersion::any(), {make_event("Deposited", {{"a", 6}}, kId1)});
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::AlreadyExists);
        CHECK(r.error().message.find(kId1) != std::string::npos);
    }
    SUBCASE("different stream") {
        auto r = f.store.append("account-2", ExpectedVersion::any(), {make_event("Deposited", {{"a", 5}}, kId1)});
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::AlreadyExists);
    }
    SUBCASE("different metadata or schema version") {
        NewEvent e = make_event("Deposited", {{"a", 5}}, kId1);
        e.metadata.actor = "mallory";
        CHECK(f.store.append("account-1", ExpectedVersion::any(), {e}).error().code == ErrorCode::AlreadyExists);
        e = make_event("Deposited", {{"a", 5}}, kId1);
        e.schema_version = 2;
        CHECK(f.store.append("account-1", ExpectedVersion::any(), {e}).error().code == ErrorCode::AlreadyExists);
    }
    SUBCASE("partial overlap") {
        auto r = f.store.append("account-1", ExpectedVersion::any(),
                                {make_event("Deposited", {{"a", 5}}, kId1), make_event("Deposited", {{"a", 1}}, kId2)});
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.find("partially") != std::string::npos);
        CHECK(r.error().message.find(kId2) != std::string::npos);
    }
    CHECK(f.store.head_position() == 1);
}

TEST_CASE("validation rejects bad input with a message and writes nothing") {
    StoreFixture f;
    auto fails = [&](const std::string& stream, std::vector<NewEvent> events, const std::string& needle) {
        auto r = f.store.append(stream, ExpectedVersion::any(), std::move(events));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::InvalidArgument);
        CHECK_MESSAGE(r.error().message.find(needle) != std::string::npos, r.error().message);
    };
    fails("", {make_event("A")}, "stream id is empty");
    fails(std::string(257, 's'), {make_event("A")}, "longer than the limit");
    fails("bad stream", {make_event("A")}, "printable");
    fails("bad\nstream", {make_event("A")}, "printable");
    fails("s", {}, "batch is empty");
    fails("s", {make_event("")}, "type must be");
    fails("s", {make_event(std::string(129, 'T'))}, "type must be");
    fails("s", {make_event("A", Json::array())}, "field 'data': expected an object");
    fails("s", {make_event("A", Json::object(), "nope")}, "expected a UUID");
    fails("s", {make_event("A", Json::object(), kId3), make_event("B", Json::object(), kId3)}, "used twice");
    NewEvent bad_schema = make_event("A");
    bad_schema.schema_version = 0;
    fails("s", {bad_schema}, "field 'schemaVersion'");
    fails("s", {make_event("A", {{"s", std::string("\xff\xfe")}})}, "UTF-8");
    fails("s", {make_event("A", {{"overlong", std::string("\xc0\x80")}})}, "UTF-8");
    fails("s", {make_event("A", {{"surrogate", std::string("\xed\xa0\x80")}})}, "UTF-8");
    fails("s", {make_event("A", {{"list", {"ok", std::string("\xe2\x82")}}})}, "UTF-8");
    fails("s", {make_event("A", {{std::string("k\x80"), 1}})}, "UTF-8");
    fails("s", {make_event("A", {{"blob", std::string(70000, 'x')}})}, "field 'data'");
    NewEvent long_meta = make_event("A");
    long_meta.metadata.reason = std::string(5000, 'r');
    fails("s", {long_meta}, "metadata.reason");
    CHECK(f.store.head_position() == 0);
    CHECK(f.store.append("s", ExpectedVersion::any(), {make_event("A", {{"text", "5 \xe2\x82\xac caf\xc3\xa9 \xf0\x9f\x92\xb0"}})}).ok());
}

TEST_CASE("append_multi is all or nothing across streams") {
    StoreFixture f;
    f.given("a", {make_event("X")});
    f.given("b", {make_event("X"), make_event("Y")});
    SUBCASE("one stream conflicting means nothing is written") {
        std::vector<StreamAppend> batch;
        batch.push_back({"a", ExpectedVersion::exactly(1), {make_event("Moved")}});
        batch.push_back({"b", ExpectedVersion::exactly(1), {make_event("Moved")}});  // b is at 2
        auto r = f.store.append_multi(std::move(batch));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::Conflict);
        CHECK(r.error().message.find("stream 'b' is at version 2") != std::string::npos);
        CHECK(f.store.head_position() == 3);
        CHECK(f.store.stream_version("a") == 1);
    }
    SUBCASE("all expectations met: one contiguous write") {
        std::vector<StreamAppend> batch;
        batch.push_back({"a", ExpectedVersion::exactly(1), {make_event("Out")}});
        batch.push_back({"c", ExpectedVersion::no_stream(), {make_event("In"), make_event("In2")}});
        auto r = f.store.append_multi(std::move(batch));
        REQUIRE(r.ok());
        CHECK(r->first_position == 4);
        CHECK(r->last_position == 6);
        CHECK(r->next_stream_versions.at("a") == 2);
        CHECK(r->next_stream_versions.at("c") == 2);
        CHECK(f.store.verify().ok());
    }
    SUBCASE("a failing storage writes nothing and leaves the store usable") {
        f.storage.fail_next_append(make_error(ErrorCode::Io, "disk full"));
        std::vector<StreamAppend> batch;
        batch.push_back({"a", ExpectedVersion::any(), {make_event("Out")}});
        batch.push_back({"c", ExpectedVersion::any(), {make_event("In")}});
        auto r = f.store.append_multi(std::move(batch));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::Io);
        CHECK(f.store.head_position() == 3);
        CHECK(f.store.stream_version("c") == 0);
        CHECK(f.store.append("c", ExpectedVersion::no_stream(), {make_event("In")}).ok());
        CHECK(f.store.verify().ok());
    }
    SUBCASE("the same stream twice in one batch is refused") {
        std::vector<StreamAppend> batch;
        batch.push_back({"a", ExpectedVersion::any(), {make_event("Out")}});
        batch.push_back({"a", ExpectedVersion::any(), {make_event("Out")}});
        CHECK(f.store.append_multi(std::move(batch)).error().code == ErrorCode::InvalidArgument);
    }
}

TEST_CASE("appending before open() is an error") {
    MemoryStorage storage;
    ManualClock clock;
    UuidGenerator ids(1);
    EventStore store(storage, clock, ids);
    auto r = store.append("s", ExpectedVersion::any(), {make_event("A")});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("open()") != std::string::npos);
}

TEST_CASE("MemoryStorage refuses gaps and taken positions, writing nothing") {
    StoreFixture f;
    f.given("s", {make_event("A")});
    RecordedEvent e = f.store.recorded_log()[0];
    e.global_position = 3;
    auto r = f.storage.append({e}, std::vector<std::string>{encode_event_line(e)});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Conflict);
    CHECK(r.error().message.find("expected global position 2") != std::string::npos);
    e.global_position = 1;
    CHECK_FALSE(f.storage.append({e}, std::vector<std::string>{encode_event_line(e)}).ok());
    CHECK(f.storage.head_position() == 1);
}

TEST_CASE("data holding NaN or infinity is refused and nothing is written") {
    // JSON cannot spell them: stored as null they would hash differently after a reload.
    StoreFixture f;
    f.given("s", {make_event("Happened", Json{{"x", 1}})});
    for (double bad : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
        auto r = f.store.append("s", ExpectedVersion::any(),
                                {make_event("Measured", Json{{"reading", {{"value", bad}}}})});
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.find("not finite") != std::string::npos);
        CHECK(r.error().message.find("data") != std::string::npos);
        CHECK(f.store.head_position() == 1);
        CHECK(f.storage.head_position() == 1);
    }
}

TEST_CASE("the lines of one append reach storage as written, whatever the batch, and its bytes are reused by the next") {
    StoreFixture f;
    // Batches of 1, then one that fills more than a block of the store's append bytes (600 events
    // of ~640 B: ~375 KiB), then one event whose line needs a block of its own (40 KB of
    // data), then single events again, which reuse the first block's room.
    std::vector<std::vector<NewEvent>> batches;
    batches.push_back({make_event("Opened", {{"owner", "Ada"}})});
    std::vector<NewEvent> many;
    for (int i = 0; i < 600; ++i) many.push_back(make_event("Deposited", {{"cents", i}, {"note", std::string(200, 'n')}}));
    batches.push_back(std::move(many));
    batches.push_back({make_event("Noted", {{"text", std::string(40000, 'x')}})});
    for (int i = 0; i < 3; ++i) batches.push_back({make_event("Withdrawn", {{"cents", i}})});
    for (auto& batch : batches) {
        const size_t n = batch.size();
        const uint64_t head = f.store.head_position();
        f.given("account-1", std::move(batch));
        REQUIRE(f.store.head_position() == head + n);
        // Every line stored so far, not only this batch's: a reused byte must not have changed one.
        for (uint64_t p = 1; p <= f.store.head_position(); ++p) {
            const RecordedEvent& e = f.store.recorded_log()[p - 1];
            REQUIRE(f.storage.stored_line(p) == encode_event_line_reference(e));
        }
    }
    CHECK(f.store.verify().ok());
}

TEST_CASE("a batch refused by storage leaves nothing behind and the next append's lines are its own") {
    StoreFixture f;
    f.given("s", {make_event("A", {{"n", 1}})});
    f.storage.fail_next_append(make_error(ErrorCode::Io, "disk full"));
    auto refused = f.store.append("s", ExpectedVersion::any(), {make_event("B", {{"n", 2}}), make_event("C", {{"n", 3}})});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("disk full") != std::string::npos);
    f.given("s", {make_event("D", {{"n", 4}})});
    REQUIRE(f.storage.head_position() == 2);
    CHECK(f.storage.stored_line(2) == encode_event_line_reference(f.store.recorded_log()[1]));
    CHECK(f.store.recorded_log()[1].type == "D");
    CHECK(f.store.verify().ok());
}

}  // namespace ES_TEST_FILE_ID
