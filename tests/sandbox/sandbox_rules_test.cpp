// The sandbox and the bank's history rules: a stored log that breaks one (its chain rehashed, so
// only the rules can tell) opens readable but damaged, with writes refused, as a broken chain
// does; an import is checked as a continuation of the kept state; another tab's forged events
// stop writing too.
#include <doctest/doctest.h>

#include <string>

#include "bank/forged_history.h"
#include "bank/log_transfer.h"
#include "sandbox/sandbox.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;

namespace {

const bank::CommandMeta kMeta{"teller", "test", std::nullopt};

// alice opens with 100.00, bob opens, alice sends bob 40.00: positions 1..5.
EventList genuine_log() {
    sandbox::Sandbox source(false);
    REQUIRE(source.open({}, {}).ok());
    REQUIRE(source.execute(bank::OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta}).ok());
    REQUIRE(source.execute(bank::Deposit{"alice", 10000, kMeta}).ok());
    REQUIRE(source.execute(bank::OpenAccount{"bob", "Bob", "USD", std::nullopt, kMeta}).ok());
    REQUIRE(source.execute(bank::Transfer{"alice", "bob", 4000, kMeta}).ok());
    return source.store().recorded_log().to_list();
}

}  // namespace

TEST_CASE("a stored log that breaks a rule opens readable, reported damaged, and nothing is written") {
    EventList forged = genuine_log();
    forged.pop_back();  // the TransferReceived: 40.00 vanish
    forged = testing::rehashed(forged);
    sandbox::Sandbox s(true);
    CHECK(s.open(forged, {}).ok());  // the chain verifies
    CHECK(s.store().head_position() == 4);
    CHECK(s.problem().rfind("position 4: breaks the rule \"transfer-paired\"", 0) == 0);
    CHECK_FALSE(s.writable());
    auto refused = s.execute(bank::Deposit{"alice", 100, kMeta});
    REQUIRE_FALSE(refused.ok());
    CHECK(s.store().head_position() == 4);
    CHECK_FALSE(s.import_text(bank::export_jsonl(genuine_log())).ok());

    sandbox::Sandbox good(true);
    REQUIRE(good.open(genuine_log(), {}).ok());
    CHECK(good.problem().empty());
    CHECK(good.execute(bank::Deposit{"alice", 100, kMeta}).ok());
}

TEST_CASE("an import into the sandbox continues its kept state of the rules") {
    const EventList log = genuine_log();
    sandbox::Sandbox s(true);
    REQUIRE(s.open(EventList(log.begin(), log.begin() + 3), {}).ok());
    EventList forged(log.begin() + 3, log.end());
    forged[0].data["amountCents"] = 1000000;  // 10,000.00 sent from 100.00
    forged[1].data["amountCents"] = 1000000;
    const std::string text = testing::jsonl(testing::rehashed(forged, log[2].hash));
    auto imported = s.import_text(text);
    REQUIRE_FALSE(imported.ok());
    CHECK(imported.error().message.rfind("line 1 (position 4): breaks the rule \"within-overdraft\"", 0) == 0);
    CHECK(imported.error().message == bank::validate_import(text, s.store().recorded_log()).error().message);
    CHECK(s.store().head_position() == 3);
    CHECK(s.problem().empty());
    auto genuine = s.import_text(bank::export_jsonl(EventList(log.begin() + 3, log.end())));
    REQUIRE_MESSAGE(genuine.ok(), genuine.error().message);
    CHECK(genuine->head == 5);
    CHECK(s.problem().empty());
}

TEST_CASE("another tab's events that break a rule stop writing") {
    const EventList log = genuine_log();
    sandbox::Sandbox s(true);
    REQUIRE(s.open(EventList(log.begin(), log.begin() + 2), {}).ok());
    EventList theirs = {log[2]};
    theirs[0].recorded_at_ms = log[1].recorded_at_ms - 1;  // back in time
    theirs = testing::rehashed(theirs, log[1].hash);
    REQUIRE(s.adopt(theirs).ok());
    CHECK(s.problem().rfind("position 3: breaks the rule \"time-moves-forward\"", 0) == 0);
    CHECK_FALSE(s.writable());
}

}  // namespace ES_TEST_FILE_ID
