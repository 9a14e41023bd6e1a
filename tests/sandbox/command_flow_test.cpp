// The command's flow as the sandbox records it: the state the aggregate was read back into, the
// decision, the events appended, and each read model's changed cells; a refusal stops at Decide,
// a stale expected version at the store, and neither writes anything.
#include <doctest/doctest.h>

#include <string>

#include "sandbox/sandbox.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;

namespace {

const bank::CommandMeta kMeta{"teller", "test", std::nullopt};

std::vector<std::string> station_names(const sandbox::CommandFlow& f) {
    std::vector<std::string> out;
    for (const auto& s : f.stations) out.push_back(s.name);
    return out;
}

const sandbox::FlowProjection& projection(const sandbox::CommandFlow& f, const std::string& name) {
    for (const auto& p : f.projections)
        if (p.name == name) return p;
    FAIL("no projection " << name);
    return f.projections.front();
}

}  // namespace

TEST_CASE("a deposit's flow: the state read back, the event appended, the balance cell before and after") {
    sandbox::Sandbox s(false);
    REQUIRE(s.open({}, {}).ok());
    CHECK(s.last_flow().serial == 0);
    REQUIRE(s.execute(bank::OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta}).ok());
    REQUIRE(s.execute(bank::Deposit{"alice", 5000, kMeta}).ok());
    REQUIRE(s.execute(bank::Deposit{"alice", 5000, kMeta}).ok());
    const sandbox::CommandFlow& f = s.last_flow();
    CHECK(f.serial == 3);
    CHECK(f.accepted());
    CHECK(f.stopped_at().empty());
    CHECK(f.command == "Deposit");
    CHECK(f.description == "Deposit 50.00 into alice, by teller");
    REQUIRE(f.read.size() == 1);
    CHECK(f.read[0].account_id == "alice");
    CHECK(f.read[0].events_applied == 2);
    CHECK(f.read[0].state.version == 2);
    CHECK(f.read[0].state.balance_cents == 5000);
    REQUIRE(f.events.size() == 1);
    CHECK(f.events[0].position == 3);
    CHECK(f.events[0].version == 3);
    CHECK(f.events[0].type == "MoneyDeposited");
    CHECK(f.events[0].summary == "+$50.00: balance $50.00 -> $100.00");
    CHECK(station_names(f) == std::vector<std::string>{"Command", "Decide", "Event store", "balances", "account-list", "audit-trail"});
    CHECK(f.reached == f.stations.size());
    CHECK(f.stations[1].lines[0] == "alice: read 2 events: v2, $50.00");
    CHECK(f.stations[2].narration == "Event store: MoneyDeposited +$50.00: balance $50.00 -> $100.00");

    const auto& balances = projection(f, "balances");
    REQUIRE(balances.changed.size() == 1);
    CHECK(balances.changed[0].row == "alice");
    CHECK(balances.changed[0].before == "$50.00");
    CHECK(balances.changed[0].after == "$100.00");
    CHECK(f.stations[3].narration == "balances: alice balance: $50.00 -> $100.00");
    CHECK(projection(f, "account-list").changed.empty());
    CHECK(f.stations[4].narration == "account-list: nothing changed");
    const auto& audit = projection(f, "audit-trail");
    REQUIRE(audit.changed.size() == 1);
    CHECK(audit.changed[0].row == "#3");
    CHECK(audit.changed[0].before.empty());
    CHECK(audit.changed[0].after == "MoneyDeposited on account-alice, 50.00, by teller");
}

TEST_CASE("a refused withdrawal stops at Decide and reaches no store, and a stale expected version stops at the store") {
    sandbox::Sandbox s(false);
    REQUIRE(s.open({}, {}).ok());
    REQUIRE(s.execute(bank::OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta}).ok());
    REQUIRE(s.execute(bank::Deposit{"alice", 5000, kMeta}).ok());
    REQUIRE_FALSE(s.execute(bank::Withdraw{"alice", 50000, kMeta}).ok());
    const sandbox::CommandFlow& refused = s.last_flow();
    CHECK(refused.outcome == sandbox::CommandFlow::Outcome::Rejected);
    CHECK(refused.stopped_at() == "Decide");
    CHECK(refused.reached == 2);
    CHECK(refused.stations[1].error);
    CHECK(refused.reason.find("cannot withdraw $500.00") != std::string::npos);
    CHECK(refused.events.empty());
    CHECK(refused.head_before == 2);
    CHECK(refused.head_after == 2);
    for (const auto& p : refused.projections) CHECK(p.changed.empty());

    bank::CommandMeta stale = kMeta;
    stale.expected_version = 1;
    REQUIRE_FALSE(s.execute(bank::Deposit{"alice", 100, stale}).ok());
    const sandbox::CommandFlow& conflict = s.last_flow();
    CHECK(conflict.outcome == sandbox::CommandFlow::Outcome::Conflict);
    CHECK(conflict.stopped_at() == "Event store");
    CHECK(conflict.reached == 3);
    CHECK(conflict.reason == "expected version 1, stream is at 2");
    CHECK(conflict.stations[2].error);
    CHECK(conflict.stations[2].narration == "Event store: conflict, expected version 1, stream is at 2. Nothing written.");
    CHECK(conflict.head_after == 2);
}

TEST_CASE("a transfer reads both accounts and changes both balances, and added daily totals count from zero") {
    sandbox::Sandbox s(false);
    REQUIRE(s.open({}, {}).ok());
    REQUIRE(s.execute(bank::OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta}).ok());
    REQUIRE(s.execute(bank::OpenAccount{"bob", "Bob", "USD", std::nullopt, kMeta}).ok());
    REQUIRE(s.execute(bank::Deposit{"alice", 10000, kMeta}).ok());
    REQUIRE(s.add_projection("daily-totals").ok());
    REQUIRE(s.execute(bank::Transfer{"alice", "bob", 4000, kMeta}).ok());
    const sandbox::CommandFlow& f = s.last_flow();
    REQUIRE(f.read.size() == 2);
    CHECK(f.read[1].account_id == "bob");
    REQUIRE(f.events.size() == 2);
    CHECK(f.events[0].summary == "-$40.00: balance $100.00 -> $60.00");
    CHECK(f.events[1].summary == "+$40.00: balance $0.00 -> $40.00");
    CHECK(projection(f, "balances").changed.size() == 2);
    CHECK(station_names(f).back() == "daily-totals");
    bool bob_in = false;
    for (const auto& c : projection(f, "daily-totals").changed)
        if (c.column == "transferred in") bob_in = c.before == "$0.00" && c.after == "$40.00";
    CHECK(bob_in);
    CHECK(projection(f, "daily-totals").lag == 0);

    REQUIRE(s.execute(bank::OpenAccount{"carol", "Carol", "EUR", std::nullopt, kMeta}).ok());
    const auto& list = projection(s.last_flow(), "account-list");
    REQUIRE(list.changed.size() == 3);
    CHECK(list.changed[0].column == "owner");
    CHECK(list.changed[0].before.empty());
    CHECK(s.last_flow().stations[1].lines[0] == "carol: read 0 events: no account yet");
    CHECK(s.last_flow().events[0].summary == "account carol opened for Carol (EUR)");
}

}  // namespace ES_TEST_FILE_ID
