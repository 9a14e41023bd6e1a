// The account fold: evolve() over recorded events, its refusal of broken streams, and the
// state's strict JSON form used by snapshots.
#include <doctest/doctest.h>

#include "given_when_then.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::bank;
using namespace es::bank::testing;

TEST_CASE("evolve folds a history into the state") {
    History h({AccountCreated{"alice", "Alice", "USD", 500},
               MoneyDeposited{"alice", 10000, "USD", "t"}, MoneyWithdrawn{"alice", 2500},
               TransferSent{"x", "alice", "bob", 1000}, TransferReceived{"y", "alice", "bob", 1}});
    AccountState s = h.state_of("alice");
    CHECK(s.exists);
    CHECK_FALSE(s.closed);
    CHECK(s.owner == "Alice");
    CHECK(s.currency == "USD");
    CHECK(s.overdraft_limit_cents == 500);
    CHECK(s.balance_cents == 10000 - 2500 - 1000 + 1);
    CHECK(s.version == 5);
    CHECK(s.transaction_count == 4);
    CHECK(s.opened_at_ms == h.log[0].recorded_at_ms);
    CHECK(s.last_activity_ms == h.log[4].recorded_at_ms);

    h.add(to_new_event(AccountClosed{"alice"}, {}));
    CHECK(h.state_of("alice").closed);
    CHECK(h.state_of("alice").closed_at_ms == h.log[5].recorded_at_ms);
}

TEST_CASE("evolve refuses streams that cannot be right") {
    History h({AccountCreated{"alice", "Alice", "USD", 0}});
    AccountState s = h.state_of("alice");
    RecordedEvent next = h.log[0];
    next.stream_version = 2;
    next.type = "MoneyWithdrawn";
    next.data = MoneyWithdrawn{"alice", 5}.to_json();

    SUBCASE("a gap in versions") {
        next.stream_version = 3;
        CHECK(evolve(s, next).error().code == ErrorCode::Corrupt);
    }
    SUBCASE("an event of another account") {
        next.data = MoneyWithdrawn{"bob", 5}.to_json();
        CHECK(evolve(s, next).error().code == ErrorCode::Corrupt);
    }
    SUBCASE("money before the account exists") {
        next.stream_version = 1;
        CHECK(evolve(initial_state(), next).error().code == ErrorCode::Corrupt);
    }
    SUBCASE("a second AccountCreated") {
        next.type = "AccountCreated";
        next.data = AccountCreated{"alice", "A", "USD", 0}.to_json();
        CHECK(evolve(s, next).error().code == ErrorCode::Corrupt);
    }
    SUBCASE("a deposit in another currency") {
        next.type = "MoneyDeposited";
        next.schema_version = 2;
        next.data = MoneyDeposited{"alice", 5, "EUR", "t"}.to_json();
        CHECK(evolve(s, next).error().code == ErrorCode::Corrupt);
    }
    SUBCASE("an old schema version that was not upcast") {
        next.type = "MoneyDeposited";
        next.schema_version = 1;
        next.data = Json{{"accountId", "alice"}, {"amountCents", 5}};
        auto r = evolve(s, next);
        CHECK(r.error().code == ErrorCode::Unsupported);
        CHECK(r.error().message.find("account-alice version 2") != std::string::npos);
    }
    SUBCASE("anything after AccountClosed") {
        h.add(to_new_event(AccountClosed{"alice"}, {}));
        next.stream_version = 3;
        CHECK(evolve(h.state_of("alice"), next).error().code == ErrorCode::Corrupt);
    }
}

TEST_CASE("state JSON round-trips and is strict") {
    History h({AccountCreated{"alice", "Alice", "USD", 500}, MoneyWithdrawn{"alice", 300}});
    AccountState s = h.state_of("alice");
    CHECK(state_from_json(state_to_json(s)).value() == s);
    CHECK(state_from_json(state_to_json(initial_state())).value() == initial_state());
    CHECK(state_to_json(s)["balanceCents"] == -300);

    Json j = state_to_json(s);
    j["extra"] = 1;
    CHECK(state_from_json(j).error().message.find("extra") != std::string::npos);
    j = state_to_json(s);
    j["balanceCents"] = 1.5;
    CHECK(state_from_json(j).error().message.find("balanceCents") != std::string::npos);
    j = state_to_json(s);
    j.erase("closed");
    CHECK(state_from_json(j).error().message.find("closed") != std::string::npos);
    j = state_to_json(s);
    j["version"] = -1;
    CHECK_FALSE(state_from_json(j).ok());
}

TEST_CASE("account_fold folds through JSON to the same state as evolve") {
    Fold fold = account_fold();
    CHECK(fold.state_type == "bank.account");
    CHECK(fold.state_schema_version == 2);
    History h({AccountCreated{"alice", "Alice", "USD", 0}, MoneyDeposited{"alice", 900, "USD", "t"},
               MoneyWithdrawn{"alice", 400}});
    auto folded = fold_events(fold, fold.initial(), h.log);
    REQUIRE(folded.ok());
    CHECK(state_from_json(*folded).value() == h.state_of("alice"));
    RecordedEvent bad = h.log[2];  // replayed out of order
    CHECK_FALSE(fold.evolve(*folded, bad).ok());
}

}  // namespace ES_TEST_FILE_ID
