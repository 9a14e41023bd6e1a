// EventStore::append_recorded: events recorded by another writer of the same log (another tab,
// an import) are taken exactly as they are, all or nothing, only when they continue the log.
#include <doctest/doctest.h>

#include "core/event_writer.h"
#include "core/integrity.h"
#include "store_fixture.h"
#include "core/event_codec_reference.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::testing;

namespace {

// Writer A records events; reader B starts from the same first `shared` events.
struct TwoWriters {
    StoreFixture a;
    StoreFixture b;
    TwoWriters() {
        a.given("account-1", {make_event("Opened", {{"n", 1}})});
        a.given("account-2", {make_event("Opened", {{"n", 2}})});
        a.given("account-1", {make_event("Deposited", {{"cents", 500}}), make_event("Deposited", {{"cents", 700}})});
    }
    EventList from(uint64_t position) const {
        const RecordedLog& log = a.store.recorded_log();
        return EventList(log.begin() + static_cast<long>(position - 1), log.end());
    }
};

}  // namespace

TEST_CASE("append_recorded takes another writer's events exactly and delivers them") {
    TwoWriters w;
    std::vector<uint64_t> delivered;
    w.b.store.subscribe(0, [&](const RecordedEvent& e) { delivered.push_back(e.global_position); });

    auto head = w.b.store.append_recorded(w.from(1));
    REQUIRE_MESSAGE(head.ok(), head.error().message);
    CHECK(*head == 4);
    CHECK(w.b.store.recorded_log() == w.a.store.recorded_log());
    CHECK(w.b.storage.head_position() == 4);
    CHECK(delivered == std::vector<uint64_t>{1, 2, 3, 4});
    CHECK(w.b.store.stream_version("account-1") == 3);
    CHECK(verify_log(w.b.store.recorded_log()).ok);

    // B carries on writing after them: positions and the chain continue.
    auto more = w.b.store.append("account-2", ExpectedVersion::exactly(1), {make_event("Deposited", {{"cents", 1}})});
    REQUIRE(more.ok());
    CHECK(more->first_position == 5);
    CHECK(more->positions == std::vector<uint64_t>{5});
    CHECK(w.b.store.recorded_log().back().prev_hash == w.a.store.recorded_log().back().hash);
}

TEST_CASE("append_recorded in two parts, and an empty list, work") {
    TwoWriters w;
    const EventList all = w.from(1);
    REQUIRE(w.b.store.append_recorded(EventList(all.begin(), all.begin() + 2)).ok());
    CHECK(w.b.store.append_recorded(EventList{}).value() == 2);
    REQUIRE(w.b.store.append_recorded(w.from(3)).ok());
    CHECK(w.b.store.recorded_log() == w.a.store.recorded_log());
}

TEST_CASE("append_recorded refuses what does not continue the log, naming the position, writing nothing") {
    TwoWriters w;
    REQUIRE(w.b.store.append_recorded(w.from(1)).value() == 4);
    w.a.given("account-2", {make_event("Deposited", {{"cents", 9}}), make_event("Deposited", {{"cents", 10}})});
    EventList next = w.from(5);
    REQUIRE(next.size() == 2);

    auto refused = [&](const EventList& events, const std::string& words) {
        auto r = w.b.store.append_recorded(events);
        REQUIRE_FALSE(r.ok());
        CHECK_MESSAGE(r.error().message.find(words) != std::string::npos, r.error().message);
        CHECK(w.b.store.head_position() == 4);
        CHECK(w.b.storage.head_position() == 4);
    };
    SUBCASE("a gap") { refused({next[1]}, "expected global position 5 but found 6"); }
    SUBCASE("a repeat of what B already has") { refused(w.from(4), "expected global position 5 but found 4"); }
    SUBCASE("edited content, second event: nothing of the batch is kept") {
        EventList edited = next;
        edited[1].data["cents"] = 1000000;
        refused(edited, "position 6: stored hash");
    }
    SUBCASE("a broken chain") {
        EventList broken = next;
        broken[0].prev_hash = std::string(64, 'a');
        broken[0].hash = compute_hash(broken[0]);
        refused(broken, "position 5: prev_hash does not match");
    }
    SUBCASE("a stream version that skips") {
        EventList skip = next;
        skip[0].stream_version = 4;
        skip[0].hash = compute_hash(skip[0]);
        refused(skip, "should continue at version 2");
    }
    SUBCASE("a reused event id") {
        EventList reused = next;
        reused[0].event_id = w.a.store.recorded_log()[0].event_id;
        reused[0].hash = compute_hash(reused[0]);
        refused(reused, "appears twice");
    }
    SUBCASE("a field the codec would not read back") {
        EventList bad = next;
        bad[0].event_id = "not-a-uuid";
        refused(bad, "eventId");
    }
}

TEST_CASE("refusal_of names what append_recorded would refuse, by index, without appending, and a taken batch is emptied") {
    TwoWriters w;
    REQUIRE(w.b.store.append_recorded(w.from(1)).value() == 4);
    w.a.given("account-2", {make_event("Deposited", {{"cents", 9}}), make_event("Deposited", {{"cents", 10}})});
    EventList next = w.from(5);
    REQUIRE(next.size() == 2);
    CHECK_FALSE(w.b.store.refusal_of(next).has_value());

    EventList edited = next;
    edited[1].data["cents"] = 1000000;  // its hash no longer matches
    auto refused = w.b.store.refusal_of(edited);
    REQUIRE(refused.has_value());
    CHECK(refused->index == 1);
    CHECK(refused->link);
    CHECK(refused->reason.rfind("stored hash", 0) == 0);
    // One more event after the list: checked as the next one.
    refused = w.b.store.refusal_of(EventList{next[0]}, &edited[1]);
    REQUIRE(refused.has_value());
    CHECK(refused->index == 1);
    CHECK_FALSE(w.b.store.refusal_of(EventList{next[0]}, &next[1]).has_value());
    EventList bad = next;
    bad[0].event_id = "not-a-uuid";
    refused = w.b.store.refusal_of(bad);
    REQUIRE(refused.has_value());
    CHECK(refused->index == 0);
    CHECK_FALSE(refused->link);  // the format's, not a link's
    CHECK(w.b.store.head_position() == 4);

    // The append's own words for the refused edit, and the list left as it was.
    auto r = w.b.store.append_recorded(EventList(edited));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "event at position 6: " + w.b.store.refusal_of(edited)->reason);
    EventList kept = edited;
    REQUIRE_FALSE(w.b.store.append_recorded(std::move(kept)).ok());
    CHECK(kept == edited);  // refused: as it was
    EventList taken = next;
    REQUIRE(w.b.store.append_recorded(std::move(taken)).ok());
    CHECK(taken.empty());  // taken: emptied
    CHECK(w.b.store.recorded_log() == w.a.store.recorded_log());
}

}  // namespace ES_TEST_FILE_ID
