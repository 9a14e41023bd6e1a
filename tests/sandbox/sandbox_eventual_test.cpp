// The eventual-consistency mode: with it on, the read models lag behind the store (lag > 0) and
// catch up after the delay, one event at a time on request, or all at once; the store and the
// Bank's decisions never wait. Time is passed in, so every case is deterministic.
#include <doctest/doctest.h>

#include "sandbox/sandbox.h"
#include "sandbox/sandbox_fixture.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using Release = sandbox::EventualFeed::Release;
using sandbox_test::lag_of;

namespace {

const bank::CommandMeta kMeta{"teller", "test", std::nullopt};

// alice opened with 100.00 (positions 1 and 2), every read model caught up.
void open_alice(sandbox::Sandbox& s) {
    REQUIRE(s.open({}, {}).ok());
    REQUIRE(s.execute(bank::OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta}).ok());
    REQUIRE(s.execute(bank::Deposit{"alice", 10000, kMeta}).ok());
}

// open_alice, then the mode on with pending events released on request.
sandbox::EventualFeed& on_request(sandbox::Sandbox& s) {
    open_alice(s);
    sandbox::EventualFeed& feed = s.eventual();
    feed.set_release(Release::OnRequest);
    feed.set_on(true);
    return feed;
}

}  // namespace

TEST_CASE("off by default: every read model follows each append at once") {
    sandbox::Sandbox s(false);
    open_alice(s);
    CHECK_FALSE(s.eventual().on());
    CHECK(s.eventual().lag() == 0);
    CHECK(s.balances().balance_of("alice") == 10000);
    CHECK(s.audit().rows().size() == 2);
}

TEST_CASE("after a delay: the read models lag until the delay has passed, the store never does") {
    sandbox::Sandbox s(false);
    open_alice(s);
    auto& feed = s.eventual();
    feed.set_delay_seconds(2.0);
    feed.set_on(true);
    feed.pump(10.0);
    REQUIRE(s.execute(bank::Deposit{"alice", 5000, kMeta}).ok());
    CHECK(s.store().head_position() == 3);
    feed.pump(10.5);  // the deposit arrives now
    CHECK(feed.lag() == 1);
    CHECK(lag_of(s, "balances") == 1);
    CHECK(lag_of(s, "audit-trail") == 1);
    CHECK(lag_of(s, "bank-log") == 0);  // what the bank's rules read is never held back
    CHECK(s.balances().balance_of("alice") == 10000);
    CHECK(feed.waiting());
    CHECK(feed.seconds_to_next(11.0) == doctest::Approx(1.5));
    // The Bank decides with its own events, not the lagging read model: a withdrawal of the
    // new money goes through.
    REQUIRE(s.execute(bank::Withdraw{"alice", 12000, kMeta}).ok());
    feed.pump(12.0);  // the first batch has waited 1.5 s, the withdrawal 0
    CHECK(feed.lag() == 2);
    feed.pump(12.5);  // the deposit's 2 s are up
    CHECK(feed.lag() == 1);
    CHECK(s.balances().balance_of("alice") == 15000);
    CHECK(s.audit().rows().back().position == 3);
    feed.pump(14.0);
    CHECK(feed.lag() == 0);
    CHECK_FALSE(feed.waiting());
    CHECK(s.balances().balance_of("alice") == 3000);
    CHECK(feed.history().peak == 2);
    CHECK(feed.history().caught_up_after_lag);
}

TEST_CASE("on request: one event at a time, or catch up at once, nothing moves by itself") {
    sandbox::Sandbox s(false);
    auto& feed = on_request(s);
    CHECK(feed.history().peak == 0);
    REQUIRE(s.execute(bank::OpenAccount{"bob", "Bob", "USD", std::nullopt, kMeta}).ok());
    REQUIRE(s.execute(bank::Transfer{"alice", "bob", 4000, kMeta}).ok());  // positions 3..5
    feed.pump(100.0);
    feed.pump(1000.0);
    CHECK(feed.lag() == 3);
    CHECK_FALSE(s.accounts().rows().count("bob"));
    feed.apply_next();
    CHECK(feed.lag() == 2);
    CHECK(s.accounts().rows().count("bob"));
    CHECK_FALSE(feed.history().caught_up_after_lag);
    feed.catch_up();
    CHECK(feed.lag() == 0);
    CHECK(s.balances().balance_of("bob") == 4000);
    CHECK(feed.history().peak == 3);
    CHECK(feed.history().caught_up_after_lag);
}

TEST_CASE("switching the mode off applies every pending event and follows the log live again") {
    sandbox::Sandbox s(false);
    auto& feed = on_request(s);
    REQUIRE(s.execute(bank::Deposit{"alice", 100, kMeta}).ok());
    CHECK(feed.lag() == 1);
    feed.set_on(false);
    CHECK(feed.lag() == 0);
    CHECK(feed.history().caught_up_after_lag);
    REQUIRE(s.execute(bank::Deposit{"alice", 100, kMeta}).ok());
    CHECK(feed.lag() == 0);
    CHECK(s.balances().balance_of("alice") == 10200);
    CHECK(s.audit().rows().size() == 4);
}

TEST_CASE("a read model added while the mode is on starts at position 0 and waits like the others") {
    sandbox::Sandbox s(false);
    auto& feed = on_request(s);
    REQUIRE(s.add_projection("daily-totals").ok());
    CHECK(lag_of(s, "daily-totals") == 2);
    CHECK(lag_of(s, "balances") == 0);
    feed.catch_up();
    CHECK(lag_of(s, "daily-totals") == 0);
    CHECK(s.daily_totals()->to_json()["days"].size() == 1);
}

TEST_CASE("a rebuild while held back replays the whole log into that read model only") {
    sandbox::Sandbox s(false);
    auto& feed = on_request(s);
    REQUIRE(s.execute(bank::Deposit{"alice", 100, kMeta}).ok());
    REQUIRE(s.rebuild_projection("balances").ok());
    CHECK(lag_of(s, "balances") == 0);
    CHECK(lag_of(s, "account-list") == 1);
    feed.apply_next();
    CHECK(feed.lag() == 0);
    CHECK(s.balances().balance_of("alice") == 10100);  // applied once, not twice
}

}  // namespace ES_TEST_FILE_ID
