// The chain walked record by record (core/chain_walk.h): each record's status after a careless
// tamper, a rehashed one, a removed record, and the stored value beside the one its hash vouches for.
#include <doctest/doctest.h>

#include "core/chain_walk.h"
#include "core/event_writer.h"
#include "core/sha256.h"
#include "core/store_fixture.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using es::testing::make_event;
using es::testing::StoreFixture;

namespace {

void four_deposits(StoreFixture& f) {
    for (int i = 1; i <= 4; ++i) f.given("account-a", {make_event("MoneyDeposited", {{"amountCents", i * 10000}})});
}

ChainWalk walk(const StoreFixture& f) {
    auto w = f.store.walk_stored_chain();
    REQUIRE(w.ok());
    return *w;
}

}  // namespace

TEST_CASE("an untouched chain: every record vouched, linking to the one before it") {
    StoreFixture f;
    four_deposits(f);
    const ChainWalk w = walk(f);
    REQUIRE(w.records.size() == 4);
    CHECK(w.first_bad == 0);
    CHECK(w.not_vouched_from == 0);
    CHECK(w.first_rewritten == 0);
    CHECK(w.records[0].prev_hash == kGenesisHash);
    for (size_t i = 0; i < 4; ++i) {
        CHECK(w.records[i].position == i + 1);
        CHECK(w.records[i].type == "MoneyDeposited");
        CHECK(w.records[i].status == ChainStatus::Vouched);
        CHECK(w.records[i].changed.empty());
        if (i > 0) CHECK(w.records[i].prev_hash == w.records[i - 1].hash);
    }
    CHECK(w.summary().find("All 4 records verify") != std::string::npos);
}

TEST_CASE("a changed amount: stored value beside the vouched one, the records after it not vouched") {
    StoreFixture f;
    four_deposits(f);
    tamper(f, 2, [](RecordedEvent& e) { e.data["amountCents"] = 100000; });  // 200.00 -> 1000.00
    const ChainWalk w = walk(f);
    CHECK(w.first_bad == 2);
    CHECK(w.not_vouched_from == 3);
    CHECK(w.records[0].status == ChainStatus::Vouched);
    const ChainRecord& bad = w.records[1];
    CHECK(bad.status == ChainStatus::ContentChanged);
    CHECK_FALSE(bad.rehashed);
    CHECK(bad.problem.find("modified") != std::string::npos);
    REQUIRE(bad.changed.size() == 1);
    CHECK(bad.changed[0].field == "amountCents");
    CHECK(bad.changed[0].before == 100000);  // stored now
    CHECK(bad.changed[0].after == 20000);    // what the hash vouches for
    CHECK(w.records[2].status == ChainStatus::AfterBreak);
    CHECK(w.records[3].status == ChainStatus::AfterBreak);
    CHECK(std::string(chain_status_name(w.records[3].status)) == "not vouched");
    CHECK(w.summary().find("breaks at position 2") != std::string::npos);
    CHECK(w.summary().find("Records 3 to 4") != std::string::npos);
}

TEST_CASE("a rehashed change: every hash checks, yet the walk names the record that differs from what was appended") {
    StoreFixture f;
    four_deposits(f);
    EventList stored = f.storage.events_for_testing();
    REQUIRE(stored.size() == 4);
    stored[1].data["amountCents"] = 500000;
    std::string prev = stored[0].hash;
    for (size_t i = 1; i < stored.size(); ++i) {
        stored[i].prev_hash = prev;
        prev = stored[i].hash = sha256_hex(canonical_bytes(stored[i]));
    }
    f.storage.replace_events_for_testing(stored);
    const ChainWalk w = walk(f);
    CHECK(w.first_bad == 0);
    CHECK(w.first_rewritten == 2);
    for (const ChainRecord& r : w.records) CHECK(r.status == ChainStatus::Vouched);
    CHECK(w.records[1].rehashed);
    CHECK(w.records[3].rehashed);  // same data, a new hash
    CHECK(w.records[3].changed.empty());
    CHECK(w.summary().find("Every hash checks, yet event 2 differs") != std::string::npos);
}

TEST_CASE("a removed record: the link breaks where the gap is") {
    StoreFixture f;
    four_deposits(f);
    EventList stored = f.store.recorded_log().to_list();
    stored.erase(stored.begin() + 1);
    const ChainWalk w = walk_chain(stored, f.store.recorded_log());
    CHECK(w.first_bad == 2);
    CHECK(w.records[1].status == ChainStatus::LinkBroken);
    CHECK(w.records[1].problem.find("expected global position 2") != std::string::npos);
    CHECK(w.not_vouched_from == 3);
}

TEST_CASE("differing fields: changed, only before, only after, in field order") {
    const auto d = differing_fields(Json{{"a", 1}, {"b", 2}, {"c", 3}}, Json{{"a", 1}, {"b", 5}, {"d", 4}});
    REQUIRE(d.size() == 3);
    CHECK(d[0].field == "b");
    CHECK(d[0].before == 2);
    CHECK(d[0].after == 5);
    CHECK(d[1].field == "c");
    CHECK(d[1].after.is_null());
    CHECK(d[2].field == "d");
    CHECK(d[2].before.is_null());
    CHECK(differing_fields(Json(), Json::object()).empty());
}

TEST_CASE("one record rehashed alone: its content checks, the next record's link is broken") {
    StoreFixture f;
    four_deposits(f);
    tamper(f, 2, [](RecordedEvent& e) {
        e.data["amountCents"] = 1;
        e.hash = sha256_hex(canonical_bytes(e));
    });
    const ChainWalk w = walk(f);
    CHECK(w.first_bad == 3);
    CHECK(w.records[1].status == ChainStatus::Vouched);  // the chain cannot tell, up to here
    CHECK(w.records[1].changed.size() == 1);
    CHECK(w.records[2].status == ChainStatus::LinkBroken);
    CHECK(w.records[2].problem.find("prev_hash") != std::string::npos);
    CHECK(w.records[3].status == ChainStatus::AfterBreak);
}

}  // namespace ES_TEST_FILE_ID
