// The bank's read models, fed a recorded history directly (the store's delivery and rebuild are
// covered in bank_test.cpp). Includes the lesson: buggy BalancesProjection v1 and fixed v2
// disagree, then agree after switching the version and replaying from position 0.
#include <doctest/doctest.h>

#include "bank/projections.h"
#include "given_when_then.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::bank;
using namespace es::bank::testing;

namespace {

const int64_t kDay = 86400000;

void replay(Projection& p, const History& h) {
    p.reset();
    for (const RecordedEvent& e : h.log) p.apply(e);
}

History sample() {
    return History({AccountCreated{"alice", "Alice", "USD", 0},
                    AccountCreated{"bob", "Bob", "USD", 0},
                    MoneyDeposited{"alice", 10000, "USD", "teller"},
                    TransferSent{"t1", "alice", "bob", 3000},
                    TransferReceived{"t1", "bob", "alice", 3000},
                    MoneyWithdrawn{"bob", 500}},
                   EventMetadata{"teller", "walk-in", "", ""});
}

}  // namespace

TEST_CASE("BalancesProjection v2 matches the folded account states") {
    History h = sample();
    BalancesProjection p;
    CHECK(p.version() == 2);
    replay(p, h);
    CHECK(p.balance_of("alice") == h.state_of("alice").balance_cents);
    CHECK(p.balance_of("bob") == h.state_of("bob").balance_cents);
    CHECK(p.balance_of("bob") == 2500);
    CHECK_FALSE(p.balance_of("carol").has_value());
    Json j = p.to_json();
    CHECK(j["accounts"].size() == 2);
    CHECK(j["accounts"][1] ==
          Json{{"accountId", "bob"}, {"currency", "USD"}, {"balanceCents", 2500}, {"balance", "25.00"}});
}

TEST_CASE("BalancesProjection's rows come sorted by account id, as in its JSON") {
    History h({AccountCreated{"zoe", "Zoe", "USD", 0}, AccountCreated{"alice", "Alice", "EUR", 0},
               MoneyDeposited{"zoe", 700, "USD", "teller"}},
              EventMetadata{"teller", "walk-in", "", ""});
    BalancesProjection p;
    replay(p, h);
    const auto rows = p.sorted_rows();
    REQUIRE(rows.size() == 2);
    CHECK(rows[0]->account_id == "alice");
    CHECK(rows[0]->currency == "EUR");
    CHECK(rows[0]->balance_cents == 0);
    CHECK(rows[1]->account_id == "zoe");
    CHECK(rows[1]->balance_cents == 700);
    CHECK(p.to_json()["accounts"][1]["accountId"] == "zoe");
}

TEST_CASE("buggy v1 and fixed v2 differ, then agree after switching and rebuilding") {
    History h = sample();
    BalancesProjection buggy(1), fixed(2);
    replay(buggy, h);
    replay(fixed, h);
    // The bug: bob never received the transfer, and 30.00 vanished from the bank.
    CHECK(buggy.balance_of("bob") == -500);
    CHECK(fixed.balance_of("bob") == 2500);
    CHECK(buggy.balance_of("alice") == fixed.balance_of("alice"));
    CHECK(buggy.to_json() != fixed.to_json());

    // Switching the version alone changes nothing already folded...
    buggy.set_version(2);
    CHECK(buggy.balance_of("bob") == -500);
    // ...replaying the same, untouched events fixes it.
    replay(buggy, h);
    CHECK(buggy.balance_of("bob") == 2500);
    CHECK(buggy.to_json() == fixed.to_json());
}

TEST_CASE("BalancesProjection counts events it cannot decode instead of crashing") {
    History h = sample();
    RecordedEvent odd = h.log.back();
    odd.type = "MoneyDeposited";
    odd.schema_version = 1;  // not upcast: the projection must not guess
    BalancesProjection p;
    replay(p, h);
    p.apply(odd);
    CHECK(p.to_json()["skippedEvents"] == 1);
    CHECK(p.balance_of("bob") == 2500);
}

TEST_CASE("AccountListProjection lists owner, currency, status and opening time") {
    History h = sample();
    h.add(to_new_event(MoneyWithdrawn{"alice", 7000}, {}));
    h.add(to_new_event(AccountClosed{"alice"}, {}));
    AccountListProjection p;
    replay(p, h);
    REQUIRE(p.rows().size() == 2);
    const auto& alice = p.rows().at("alice");
    CHECK(alice.owner == "Alice");
    CHECK(alice.closed);
    CHECK(alice.opened_at_ms == h.log[0].recorded_at_ms);
    CHECK(alice.closed_at_ms == h.log.back().recorded_at_ms);
    Json j = p.to_json();
    CHECK(j["accounts"][0]["status"] == "closed");
    CHECK(j["accounts"][1]["status"] == "open");
    CHECK(j["accounts"][1]["currency"] == "USD");
}

TEST_CASE("AuditTrailProjection has one row per event with who, why and how much") {
    History h = sample();
    AuditTrailProjection p;
    replay(p, h);
    REQUIRE(p.rows().size() == h.log.size());
    const auto& dep = p.rows()[2];
    CHECK(dep.position == 3);
    CHECK(dep.type() == "MoneyDeposited");
    CHECK(dep.stream_id() == "account-alice");
    CHECK(dep.actor() == "teller");
    CHECK(dep.reason() == "walk-in");
    CHECK(dep.amount_cents == 10000);
    CHECK(dep.event_id == h.log[2].event_id);
    CHECK(dep.time_ms == h.log[2].recorded_at_ms);
    CHECK_FALSE(p.rows()[0].amount_cents.has_value());
    Json j = p.to_json();
    CHECK(j["rows"][0]["amountCents"].is_null());
    CHECK(j["rows"][5]["amountCents"] == 500);
}

TEST_CASE("AuditTrailProjection keeps each shared text once, rows stay valid across reset") {
    History h = sample();
    AuditTrailProjection p;
    replay(p, h);
    const auto& rows = p.rows();
    REQUIRE(rows.size() >= 3);
    // Two events of one stream point at one copy of its name; every row still reads its own.
    CHECK(&rows[0].stream_id() == &rows[2].stream_id());  // alice
    for (size_t i = 0; i < rows.size(); ++i) {
        CHECK(rows[i].stream_id() == h.log[i].stream_id);
        CHECK(rows[i].type() == h.log[i].type);
        CHECK(rows[i].actor() == h.log[i].metadata.actor);
        CHECK(rows[i].reason() == h.log[i].metadata.reason);
    }
    const AuditTrailProjection::Row kept = rows[2];
    p.reset();
    CHECK(p.rows().empty());
    CHECK(kept.type() == "MoneyDeposited");
    CHECK(kept.actor() == "teller");
    replay(p, h);
    CHECK(&p.rows()[2].type() == &kept.type());
    const AuditTrailProjection::Row blank;  // not from a projection: empty texts, not a crash
    CHECK(blank.type().empty());
    CHECK(blank.reason().empty());
}

TEST_CASE("DailyTotalsProjection groups by account and UTC day") {
    History h({AccountCreated{"alice", "Alice", "USD", 100000}});
    auto on_day = [&](int64_t day_ms, const BankEvent& e) {
        NewEvent n = to_new_event(e, {});
        n.occurred_at_ms = day_ms;
        h.add(n);
    };
    const int64_t d1 = 1700006400000;  // 2023-11-15T00:00:00Z
    on_day(d1 + 1, MoneyDeposited{"alice", 1000, "USD", "t"});
    on_day(d1 + kDay - 1, MoneyWithdrawn{"alice", 300});
    on_day(d1 + kDay - 1, TransferReceived{"t", "alice", "bob", 50});
    on_day(d1 + kDay, MoneyWithdrawn{"alice", 200});
    on_day(d1 + kDay, TransferSent{"t2", "alice", "bob", 25});
    on_day(d1 + kDay, MoneyDeposited{"alice", 400, "USD", "t"});
    on_day(d1 + kDay, DepositReversed{"alice", 400, 7, "ev-7"});
    DailyTotalsProjection p;
    replay(p, h);

    auto first = p.totals("alice", "2023-11-15");
    REQUIRE(first.has_value());
    CHECK(first->deposits == 1);
    CHECK(first->withdrawals == 1);
    CHECK(first->deposited_cents == 1000);
    CHECK(first->withdrawn_cents == 300);
    CHECK(first->transferred_in_cents == 50);
    CHECK(first->net_cents == 750);
    auto second = p.totals("alice", "2023-11-16");
    REQUIRE(second.has_value());
    CHECK(second->withdrawn_cents == 200);
    CHECK(second->transferred_out_cents == 25);
    CHECK(second->deposits == 1);
    CHECK(second->withdrawals == 1);
    CHECK(second->reversed_cents == 400);  // the deposit came in and went back out
    CHECK(second->net_cents == -225);
    CHECK_FALSE(p.totals("alice", "2023-11-17").has_value());
    CHECK(p.to_json()["days"].size() == 2);
    CHECK(p.to_json()["days"][1]["netCents"] == -225);
}

TEST_CASE("utc_day handles the epoch, leap days and times before 1970") {
    CHECK(utc_day(0) == "1970-01-01");
    CHECK(utc_day(-1) == "1969-12-31");
    CHECK(utc_day(951782400000) == "2000-02-29");
    CHECK(utc_day(1700006400000 - 1) == "2023-11-14");
    CHECK(utc_day(4102444800000) == "2100-01-01");
}

TEST_CASE("reset forgets everything") {
    History h = sample();
    BalancesProjection b;
    AccountListProjection l;
    AuditTrailProjection a;
    DailyTotalsProjection d;
    Projection* all[] = {&b, &l, &a, &d};
    for (Projection* p : all) {
        replay(*p, h);
        Json before = p->to_json();
        p->reset();
        CHECK(p->to_json() != before);
        replay(*p, h);
        CHECK(p->to_json() == before);
    }
}

}  // namespace ES_TEST_FILE_ID
