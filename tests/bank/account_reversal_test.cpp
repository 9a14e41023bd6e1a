// Compensation: a deposit made by mistake is reversed by a DepositReversed that names it, never
// edited or deleted. Given/When/Then for every rule of decide_reversal, then the fold.
#include <doctest/doctest.h>

#include "bank/event_view.h"
#include "given_when_then.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::bank;
using namespace es::bank::testing;

namespace {

const CommandMeta kWhy{"teller", "deposited 500.00 instead of 50.00", std::nullopt};
const AccountCreated kAlice{"alice", "Alice", "USD", 0};
const AccountCreated kBob{"bob", "Bob", "USD", 0};

MoneyDeposited deposited(const std::string& id, int64_t cents) { return MoneyDeposited{id, cents, "USD", "teller"}; }

// A recorded history (positions 1..) of alice opening, then depositing 50.00 and 500.00.
const std::vector<BankEvent> kMistake = {kAlice, deposited("alice", 5000), deposited("alice", 50000)};

}  // namespace

TEST_CASE("ReverseDeposit: the money goes back out with an event that names the deposit") {
    then_events(kMistake, ReverseDeposit{"alice", 3, kWhy}, {DepositReversed{"alice", 50000, 3, "ev-3"}});
    auto events = when(History(kMistake), ReverseDeposit{"alice", 3, kWhy});
    REQUIRE(events.ok());
    CHECK((*events)[0].metadata.causation_id == "ev-3");  // caused by the deposit it reverses
    CHECK((*events)[0].metadata.reason == kWhy.reason);
}

TEST_CASE("ReverseDeposit: only a deposit into this account, once, while its money is there, with a reason") {
    SUBCASE("no event at that position") {
        then_error(kMistake, ReverseDeposit{"alice", 9, kWhy}, ErrorCode::NotFound, {"no event at position 9"});
    }
    SUBCASE("not a deposit") {
        then_error(kMistake, ReverseDeposit{"alice", 1, kWhy}, ErrorCode::Rejected, {"AccountCreated", "only a deposit"});
    }
    SUBCASE("another account's deposit") {
        std::vector<BankEvent> given = kMistake;
        given.push_back(kBob);
        given.push_back(deposited("bob", 700));
        then_error(given, ReverseDeposit{"alice", 5, kWhy}, ErrorCode::Rejected, {"account-bob", "not a deposit into \"alice\""});
    }
    SUBCASE("reversed already") {
        std::vector<BankEvent> given = kMistake;
        given.push_back(DepositReversed{"alice", 50000, 3, "ev-3"});
        then_error(given, ReverseDeposit{"alice", 3, kWhy}, ErrorCode::Rejected, {"reversed already"});
    }
    SUBCASE("the money has gone: a withdrawal took it") {
        std::vector<BankEvent> given = kMistake;
        given.push_back(MoneyWithdrawn{"alice", 50000});
        then_error(given, ReverseDeposit{"alice", 3, kWhy}, ErrorCode::Rejected, {"no longer in the account"});
    }
    SUBCASE("no reason") {
        then_error(kMistake, ReverseDeposit{"alice", 3, {"teller", "", std::nullopt}}, ErrorCode::InvalidArgument,
                   {"without a reason", "Reason"});
    }
    SUBCASE("a closed account") {
        then_error({kAlice, AccountClosed{"alice"}}, ReverseDeposit{"alice", 1, kWhy}, ErrorCode::Rejected, {"closed"});
    }
}

TEST_CASE("DepositReversed folds: the balance goes down, the deposit is marked, twice is corrupt") {
    History h(kMistake);
    h.add(make_event(DepositReversed{"alice", 50000, 3, "ev-3"}, {"teller", "mistake", "", "ev-3"}));
    const AccountState s = h.state_of("alice");
    CHECK(s.balance_cents == 5000);
    CHECK(s.transaction_count == 3);
    CHECK(s.reversed_positions == std::vector<uint64_t>{3});
    auto again = state_from_json(state_to_json(s));  // snapshots keep the marks
    REQUIRE(again.ok());
    CHECK(*again == s);

    h.add(make_event(DepositReversed{"alice", 50000, 3, "ev-3"}, {"teller", "again", "", "ev-3"}));
    AccountState folded = initial_state();
    Result<AccountState> step = folded;
    for (const RecordedEvent& e : h.log) {
        step = evolve(folded, e);
        if (!step.ok()) break;
        folded = *step;
    }
    REQUIRE_FALSE(step.ok());
    CHECK(step.error().code == ErrorCode::Corrupt);
    CHECK(step.error().message.find("a second time") != std::string::npos);
}

TEST_CASE("DepositReversed round-trips and reads the same through the fast view and the strict decoder") {
    const DepositReversed r{"alice", 50000, 3, "ev-3"};
    CHECK(DepositReversed::from_json(r.to_json()).value() == r);
    RecordedEvent e;
    e.type = DepositReversed::kType;
    e.schema_version = DepositReversed::kSchemaVersion;
    e.data = r.to_json();
    EventView fast;
    REQUIRE(view_event(e, fast));
    const BankEvent decoded = decode_event(e).value();  // the view points into it: keep it alive
    const EventView slow = view_of(decoded);
    CHECK(fast.kind == EventKind::DepositReversed);
    CHECK(fast.amount_cents == slow.amount_cents);
    CHECK(fast.reversed_position == slow.reversed_position);
    CHECK(fast.reversed_event_id == slow.reversed_event_id);
    CHECK(amount_of(e) == 50000);
    Json missing = r.to_json();
    missing.erase("reversedPosition");
    e.data = missing;
    CHECK_FALSE(view_event(e, fast));
    CHECK_FALSE(decode_event(e).ok());
}

}  // namespace ES_TEST_FILE_ID
