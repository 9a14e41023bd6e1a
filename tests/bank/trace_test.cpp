// The trace behind the sequence diagram: what the Bank and the EventStore record, in order, for
// an accepted command, a rejected one, a stale expected version, a transfer, and a replay.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "bank/bank.h"
#include "bank/projections.h"
#include "bank/replay_trace.h"
#include "core/clock.h"
#include "core/event_store.h"
#include "core/trace.h"
#include "core/uuid.h"
#include "storage/memory_storage.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::bank;

namespace {

const CommandMeta kMeta{"teller", "test", std::nullopt};

// "From -> To: text" per message, with "(reply)" and "(error)" marks, for readable checks.
std::vector<std::string> lines(const Trace& t) {
    std::vector<std::string> out;
    for (const TraceMessage& m : t.messages()) {
        out.push_back(std::string(lifeline_name(m.from)) + " -> " + lifeline_name(m.to) + ": " + m.text +
                      (m.reply ? " (reply)" : "") + (m.error ? " (error)" : ""));
    }
    return out;
}

struct Fixture {
    MemoryStorage storage;
    ManualClock clock;
    UuidGenerator ids{3};
    EventStore store{storage, clock, ids};
    BalancesProjection balances;
    AccountListProjection accounts;
    std::unique_ptr<Bank> bank;
    Trace trace;

    Fixture() {
        REQUIRE(store.open().ok());
        bank = std::make_unique<Bank>(store);
        REQUIRE(store.subscribe(balances).ok());
        REQUIRE(store.subscribe(accounts).ok());
    }

    Result<CommandOutcome> traced(const Command& c) {
        trace.begin(Trace::Kind::Command, "command");
        bank->set_trace(&trace);
        store.set_trace(&trace);
        auto r = bank->execute(c);
        bank->set_trace(nullptr);
        store.set_trace(nullptr);
        return r;
    }
};

}  // namespace

TEST_CASE("an accepted command: received, loaded, folded, decided, appended, stored, published, answered") {
    Fixture f;
    REQUIRE(f.bank->execute(OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta}).ok());  // untraced
    REQUIRE(f.traced(Deposit{"alice", 10000, kMeta}).ok());
    const std::vector<std::string> expected = {
        "User -> Command handler: Deposit 100.00 into alice, by teller",
        "Command handler -> Event store: read account-alice",
        "Event store -> Command handler: 1 event(s) (reply)",
        "Command handler -> Aggregate: evolve: fold 1 event(s) into the state",
        "Aggregate -> Command handler: state: version 1, balance $0.00 (reply)",
        "Command handler -> Aggregate: decide(Deposit, state)",
        "Aggregate -> Command handler: new event(s): MoneyDeposited (reply)",
        "Command handler -> Event store: append MoneyDeposited to account-alice, expected version 1",
        "Event store -> Command handler: stored at position 2, account-alice now at version 2 (reply)",
        "Event store -> Projections: MoneyDeposited #2 -> balances v2, account-list v1",
        "Command handler -> User: accepted: MoneyDeposited at position 2 (reply)",
    };
    CHECK(lines(f.trace) == expected);
}

TEST_CASE("a rejected command: the aggregate says no, a red reply, nothing appended or published") {
    Fixture f;
    REQUIRE(f.bank->execute(OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta}).ok());
    const uint64_t head = f.store.head_position();
    REQUIRE_FALSE(f.traced(Withdraw{"alice", 500, kMeta}).ok());
    CHECK(f.store.head_position() == head);
    auto l = lines(f.trace);
    REQUIRE(l.size() == 8);
    CHECK(l[5] == "Command handler -> Aggregate: decide(Withdraw, state)");
    CHECK(l[6].rfind("Aggregate -> Command handler: rejected: cannot withdraw $5.00", 0) == 0);
    CHECK(l[6].find("(reply) (error)") != std::string::npos);
    CHECK(l[7].rfind("Command handler -> User: refused, nothing written:", 0) == 0);
    for (const std::string& line : l) {
        CHECK(line.find("append") == std::string::npos);
        CHECK(line.find("Projections") == std::string::npos);
    }
}

TEST_CASE("a stale expected version: refused before deciding, with both versions named") {
    Fixture f;
    REQUIRE(f.bank->execute(OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta}).ok());
    REQUIRE(f.bank->execute(Deposit{"alice", 100, kMeta}).ok());
    CommandMeta stale = kMeta;
    stale.expected_version = 1;
    REQUIRE_FALSE(f.traced(Deposit{"alice", 100, stale}).ok());
    auto l = lines(f.trace);
    CHECK(l.front() == "User -> Command handler: Deposit 1.00 into alice, by teller, expecting version 1");
    CHECK(l.back().find("is at version 2 but the command expected version 1") != std::string::npos);
    CHECK(f.trace.messages().back().error);
}

TEST_CASE("a transfer: both streams read, one atomic append, both events published") {
    Fixture f;
    REQUIRE(f.bank->execute(OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta}).ok());
    REQUIRE(f.bank->execute(OpenAccount{"bob", "Bob", "USD", std::nullopt, kMeta}).ok());
    REQUIRE(f.bank->execute(Deposit{"alice", 1000, kMeta}).ok());
    REQUIRE(f.traced(Transfer{"alice", "bob", 250, kMeta}).ok());
    auto l = lines(f.trace);
    CHECK(l[1] == "Command handler -> Event store: read account-alice");
    CHECK(l[5] == "Command handler -> Event store: read account-bob");
    CHECK(std::count_if(l.begin(), l.end(), [](const std::string& s) {
              return s.find("append both in one atomic batch, expected versions 2 and 1") != std::string::npos;
          }) == 1);
    CHECK(std::find(l.begin(), l.end(),
                    "Event store -> Command handler: stored at positions 4-5, account-alice now at version 3, "
                    "account-bob now at version 2 (reply)") != l.end());
    CHECK(std::find(l.begin(), l.end(), "Event store -> Projections: TransferSent #4 -> balances v2, account-list v1") != l.end());
    CHECK(std::find(l.begin(), l.end(), "Event store -> Projections: TransferReceived #5 -> balances v2, account-list v1") != l.end());
    CHECK(l.back() == "Command handler -> User: accepted: TransferSent at position 4, TransferReceived at position 5 (reply)");
}

TEST_CASE("without a trace set nothing is recorded") {
    Fixture f;
    f.trace.begin(Trace::Kind::Command, "idle");
    REQUIRE(f.bank->execute(OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta}).ok());
    CHECK(f.trace.empty());
}

TEST_CASE("a replay: one evolve per event, the rest summed up, the state it reaches") {
    Fixture f;
    REQUIRE(f.bank->execute(OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta}).ok());
    for (int i = 0; i < 4; ++i) REQUIRE(f.bank->execute(Deposit{"alice", 100, kMeta}).ok());
    Trace t;
    auto state = trace_replay(f.store, "alice", t, /*max_steps=*/2);
    REQUIRE(state.ok());
    CHECK(state->balance_cents == 400);
    CHECK(t.kind() == Trace::Kind::Replay);  // told apart by its kind, whatever its title says
    const std::vector<std::string> expected = {
        "User -> Command handler: rebuild alice's state from its events",
        "Command handler -> Event store: read account-alice from version 1",
        "Event store -> Command handler: 5 event(s), oldest first (reply)",
        "Command handler -> Aggregate: evolve(state, AccountCreated #1)",
        "Aggregate -> Command handler: balance $0.00, version 1, open (reply)",
        "Command handler -> Aggregate: evolve(state, MoneyDeposited #2)",
        "Aggregate -> Command handler: balance $1.00, version 2, open (reply)",
        "Command handler -> Aggregate: evolve x 3 more event(s)",
        "Aggregate -> Command handler: balance $4.00, version 5, open (reply)",
        "Command handler -> User: current state: balance $4.00, version 5, open (reply)",
    };
    CHECK(lines(t) == expected);

    Trace missing;
    CHECK_FALSE(trace_replay(f.store, "nobody", missing).ok());
    CHECK(missing.messages().back().error);
}

}  // namespace ES_TEST_FILE_ID
