// The hash chain: tampering below the store (editing, deleting, reordering stored events) is
// caught by verify() and by open(), and the error names the first bad position.
#include <doctest/doctest.h>

#include <cctype>

#include "core/event_reader.h"
#include "core/event_writer.h"
#include "core/store_fixture.h"
#include "core/event_codec_reference.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using es::testing::make_event;
using es::testing::StoreFixture;
using es::testing::compute_hash;

namespace {

void five_events(StoreFixture& f) {
    for (int i = 1; i <= 5; ++i) f.given("account-" + std::to_string(i % 2), {make_event("Deposited", {{"cents", i * 100}})});
}

}  // namespace

TEST_CASE("an untouched log verifies") {
    StoreFixture f;
    five_events(f);
    VerifyReport r = f.store.verify_report();
    CHECK(r.ok);
    CHECK(r.events_checked == 5);
    CHECK(r.first_bad_position == 0);
    CHECK(f.store.verify().ok());
    CHECK(verify_log({}).ok);
}

TEST_CASE("editing a stored event's data is caught at its position") {
    StoreFixture f;
    five_events(f);
    tamper(f, 3, [](RecordedEvent& e) { e.data["cents"] = 1000000; });
    VerifyReport r = f.store.verify_report();
    CHECK_FALSE(r.ok);
    CHECK(r.first_bad_position == 3);
    CHECK(r.events_checked == 2);
    CHECK(r.problem.find("modified") != std::string::npos);
    Status s = f.store.verify();
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::Corrupt);
    CHECK(s.error().message.find("position 3") != std::string::npos);

    // Reopening refuses appends but keeps the good prefix readable.
    EventStore reopened(f.storage, f.clock, f.ids);
    Status opened = reopened.open();
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().message.find("position 3") != std::string::npos);
    CHECK_FALSE(reopened.is_open());
    CHECK(reopened.head_position() == 2);
    CHECK(reopened.append("x", ExpectedVersion::any(), {make_event("A")}).error().code == ErrorCode::Corrupt);
}

TEST_CASE("re-hashing a tampered event does not help: the next link breaks") {
    StoreFixture f;
    five_events(f);
    tamper(f, 2, [](RecordedEvent& e) {
        e.data["cents"] = 1;
        e.hash = compute_hash(e);
    });
    VerifyReport r = f.store.verify_report();
    CHECK_FALSE(r.ok);
    CHECK(r.first_bad_position == 3);
    CHECK(r.problem.find("prev_hash") != std::string::npos);
}

TEST_CASE("deleting, reordering or duplicating events is caught") {
    StoreFixture f;
    five_events(f);
    EventList log = f.storage.events_for_testing();
    REQUIRE(log.size() == 5);
    SUBCASE("delete the last-but-one: a position gap") {
        log.erase(log.begin() + 3);
        f.storage.replace_events_for_testing(log);
        CHECK(f.store.verify_report().first_bad_position == 4);
    }
    SUBCASE("swap two events") {
        std::swap(log[0], log[1]);
        f.storage.replace_events_for_testing(log);
        CHECK(f.store.verify_report().first_bad_position == 1);
    }
    SUBCASE("renumber after a delete: the stream version or chain breaks") {
        log.erase(log.begin() + 1);
        for (size_t i = 0; i < log.size(); ++i) log[i].global_position = i + 1;
        f.storage.replace_events_for_testing(log);
        VerifyReport r = f.store.verify_report();
        CHECK_FALSE(r.ok);
        CHECK(r.first_bad_position == 2);
    }
    SUBCASE("metadata edit") {
        log[4].metadata.actor = "mallory";
        f.storage.replace_events_for_testing(log);
        CHECK(f.store.verify_report().first_bad_position == 5);
    }
}

TEST_CASE("verify_log checks duplicate ids and stream version gaps") {
    StoreFixture f;
    five_events(f);
    EventList log = f.store.recorded_log().to_list();
    EventList dup = log;
    dup[3].event_id = dup[0].event_id;
    VerifyReport r = verify_log(dup);
    CHECK(r.first_bad_position == 4);
    CHECK(r.problem.find("appears twice") != std::string::npos);
    EventList gap = log;
    gap[2].stream_version = 7;
    r = verify_log(gap);
    CHECK(r.first_bad_position == 3);
    CHECK(r.problem.find("version") != std::string::npos);
}

TEST_CASE("open(events) over events the caller already read ends exactly as open() does") {
    StoreFixture f;
    five_events(f);
    const EventList stored = f.storage.events_for_testing();

    // Intact: the same log, indexes and head as open() builds.
    EventStore read_again(f.storage, f.clock, f.ids), given(f.storage, f.clock, f.ids);
    REQUIRE(read_again.open().ok());
    REQUIRE(given.open(stored).ok());
    CHECK(given.is_open());
    CHECK(given.recorded_log() == read_again.recorded_log());
    CHECK(given.stream_ids() == read_again.stream_ids());
    CHECK(given.stream_version("account-1") == 3);
    CHECK(given.append("account-1", ExpectedVersion::exactly(3), {make_event("Deposited")}).ok());

    // An edited event among them: refused at its position, the events before it kept.
    EventList edited = stored;
    edited[3].data["cents"] = 1;
    EventStore tampered(f.storage, f.clock, f.ids);
    Status s = tampered.open(edited);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::Corrupt);
    CHECK(s.error().message.find("position 4") != std::string::npos);
    CHECK(tampered.head_position() == 3);
    CHECK_FALSE(tampered.is_open());

    // Fewer events than the storage holds: reported like a storage that returns too few.
    EventStore short_read(f.storage, f.clock, f.ids);
    Status cut = short_read.open(EventList(stored.begin(), stored.begin() + 2));
    REQUIRE_FALSE(cut.ok());
    CHECK(cut.error().message.find("position 3") != std::string::npos);
    CHECK(cut.error().message.find("storage reports head 6 but 2 events were read") != std::string::npos);
    CHECK(short_read.head_position() == 2);
}

TEST_CASE("open(events, content_hashes) checks each event's hash against the digest found while decoding") {
    StoreFixture f;
    five_events(f);
    EventList stored;
    std::vector<Sha256Digest> digests;
    for (const RecordedEvent& e : f.storage.events_for_testing()) {
        Sha256Digest d{};
        stored.push_back(decode_event_line(encode_event_line(e), &d).value());
        digests.push_back(d);
    }
    EventStore intact(f.storage, f.clock, f.ids);
    REQUIRE(intact.open(stored, digests).ok());
    CHECK(intact.head_position() == 5);

    // The digests are what is checked: one that is not the stored event's content is caught.
    digests[1][0] ^= 1;
    EventStore wrong(f.storage, f.clock, f.ids);
    Status s = wrong.open(stored, digests);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message.find("position 2") != std::string::npos);
    CHECK(s.error().message.find("modified after it was recorded") != std::string::npos);
    CHECK(verify_log(stored, &digests).first_bad_position == 2);
    CHECK(verify_log(stored).ok);  // without them, each hash is computed: the log itself is intact
}

TEST_CASE("open(events) checks ids and versions against the indexes it builds, as verify_log does") {
    StoreFixture f;
    five_events(f);
    const EventList stored = f.storage.events_for_testing();
    auto opened_at = [&](const EventList& events, uint64_t position, const char* problem) {
        CAPTURE(problem);
        CHECK(verify_log(events).first_bad_position == position);
        EventStore store(f.storage, f.clock, f.ids);
        Status s = store.open(events);
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().message.find("position " + std::to_string(position) + ": ") != std::string::npos);
        CHECK(s.error().message.find(problem) != std::string::npos);
        // Indexed up to the damage: the streams before it read back, nothing after it.
        CHECK(store.head_position() == position - 1);
        uint64_t indexed = 0;
        for (const std::string& stream : store.stream_ids()) indexed += store.stream_version(stream);
        CHECK(indexed == position - 1);
    };
    EventList dup = stored;
    dup[3].event_id = dup[1].event_id;  // another stream's event id, seen at position 2
    opened_at(dup, 4, "appears twice");
    EventList gap = stored;
    gap[4].stream_version = 2;  // account-1 is at version 2 after position 3
    opened_at(gap, 5, "should continue at version 3");

    // More events than the storage's head: the extra ones are never taken in.
    EventList more = stored;
    more.push_back(more.back());
    more.back().global_position = 6;
    EventStore store(f.storage, f.clock, f.ids);
    Status s = store.open(more);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message.find("position 6: storage reports head 5 but 6 events were read") != std::string::npos);
    CHECK(store.head_position() == 5);
}

TEST_CASE("hex_equals compares a hex string with a digest without building one") {
    const Sha256Digest d = sha256("abc");
    const std::string hex = to_hex(d);
    CHECK(hex_equals(hex, d));
    CHECK_FALSE(hex_equals(hex.substr(0, 63), d));
    CHECK_FALSE(hex_equals(hex + "0", d));
    std::string upper = hex;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK_FALSE(hex_equals(upper, d));  // stored hashes are lowercase, as to_hex writes them
    for (size_t i = 0; i < hex.size(); ++i) {
        std::string off = hex;
        off[i] = off[i] == '0' ? '1' : '0';
        CHECK_FALSE(hex_equals(off, d));
    }
}

}  // namespace ES_TEST_FILE_ID
