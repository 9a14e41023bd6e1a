// BankLog (the decoded-once log) and BalancesProjection::replay over it. Property: for a random
// bank history (rejections, transfers, legacy v1 deposits that must be upcast, closes, and events
// no decoder accepts), replaying the BankLog's entries gives exactly what replaying the recorded
// JSON gives, for both projection versions, for the whole log and for every prefix.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "bank/bank.h"
#include "bank/bank_log.h"
#include "bank/events.h"
#include "bank/projections.h"
#include "bank/random_history.h"
#include "core/event_store.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::bank;
using es::bank::testing::run_random_history;
using es::bank::testing::World;

TEST_CASE("property: replaying the BankLog equals replaying the recorded JSON, whole and every prefix") {
    const uint64_t seed = 20261127;
    INFO("seed = " << seed);
    World w;
    Bank bank(w.store);
    BankLog log;
    REQUIRE(w.store.subscribe(log).ok());  // follows every append live
    run_random_history(w.store, w.clock, bank, seed, 1500);
    REQUIRE(w.store.head_position() > 200);
    REQUIRE(log.entries().size() == w.store.head_position());
    CHECK(log.undecodable() > 0);
    CHECK(log.checkpoint() == w.store.head_position());

    for (int version : {1, 2}) {
        INFO("projection version " << version);
        BalancesProjection from_json(version);
        REQUIRE(w.store.rebuild(from_json).ok());
        BalancesProjection from_log(version);
        from_log.replay(log);
        CHECK(from_log.to_json() == from_json.to_json());
        CHECK(from_log.checkpoint() == from_json.checkpoint());

        // Every prefix: the state as of position p.
        BalancesProjection incremental(version);
        auto events = w.store.read_all();
        REQUIRE(events.ok());
        for (size_t n = 0; n <= events->size(); ++n) {
            if (n > 0) incremental.apply((*events)[n - 1]);
            const uint64_t position = n;
            BalancesProjection prefix(version);
            prefix.replay(log, log.count_until(position));
            REQUIRE_MESSAGE(prefix.to_json() == incremental.to_json(), "position " << position);
            CHECK(prefix.checkpoint() == position);
        }
    }
}

TEST_CASE("BankLog interns ids, keeps transfer counterparts and ignores redelivered events") {
    World w;
    Bank bank(w.store);
    const CommandMeta meta{"ann", "test", std::nullopt};
    REQUIRE(bank.execute(OpenAccount{"alice", "Alice", "USD", std::nullopt, meta}).ok());
    REQUIRE(bank.execute(OpenAccount{"bob", "Bob", "EUR", std::nullopt, meta}).ok());
    REQUIRE(bank.execute(Deposit{"alice", 10000, meta}).ok());
    CHECK_FALSE(bank.execute(Transfer{"alice", "bob", 2500, meta}).ok());  // rejected: currencies differ
    REQUIRE(bank.execute(OpenAccount{"carol", "Carol", "USD", std::nullopt, meta}).ok());
    REQUIRE(bank.execute(Transfer{"alice", "carol", 2500, meta}).ok());

    BankLog log;
    REQUIRE(w.store.subscribe(log).ok());
    const auto& e = log.entries();
    REQUIRE(e.size() == w.store.head_position());
    CHECK(log.account_count() == 3);
    CHECK(log.account_id(log.account_index("bob")) == "bob");
    CHECK(log.account_index("nobody") == BankLog::kNone);
    CHECK(e[0].kind == EventKind::AccountCreated);
    CHECK(log.currency(e[0].currency) == "USD");
    CHECK(log.currency(e[1].currency) == "EUR");
    const BankLog::Entry& sent = e[e.size() - 2];
    const BankLog::Entry& received = e.back();
    CHECK(sent.kind == EventKind::TransferSent);
    CHECK(log.account_id(sent.account) == "alice");
    CHECK(log.account_id(sent.other_account) == "carol");
    CHECK(received.kind == EventKind::TransferReceived);
    CHECK(received.amount_cents == 2500);

    // What a read model at each position has yet to see: positions 4..6 are carol's opening
    // and the transfer (alice sends, carol receives).
    CHECK(log.accounts_between(3, 6) == std::vector<std::string>{"alice", "carol"});
    CHECK(log.accounts_between(0, 2) == std::vector<std::string>{"alice", "bob"});
    CHECK(log.accounts_between(6, 6).empty());

    // A redelivered event (same position) is not counted twice.
    auto all = w.store.read_all();
    REQUIRE(all.ok());
    log.apply(all->back());
    CHECK(log.entries().size() == all->size());
    CHECK(log.count_until(0) == 0);
    CHECK(log.count_until(3) == 3);
    CHECK(log.count_until(1000) == all->size());
    CHECK(log.to_json() == Json{{"events", all->size()}, {"accounts", 3}, {"undecodable", 0}});
}

}  // namespace ES_TEST_FILE_ID
