// The read models an open with HashCheck::Later leaves for later (Sandbox::warm_read_models):
// the balances are whole at once; the account list and audit trail start at checkpoint 0, say
// how far behind they are, catch up a little at a time to exactly what an open at once folds,
// then follow the log live. A command first finishes the catch-up.
#include <doctest/doctest.h>

#include <string>

#include "sandbox/deposits_log.h"
#include "sandbox/sandbox.h"

using namespace es;

using sandbox_test::deposits_log;
using sandbox_test::kMeta;
using sandbox_test::TickingClock;

namespace {

uint64_t lag_of(const sandbox::Sandbox& s, const std::string& name) {
    for (const auto& p : s.projections())
        if (p.name == name) return p.lag;
    FAIL("no projection named " << name);
    return 0;
}

}  // namespace

TEST_CASE("read models left for later: behind at open, caught up a little at a time to what an open at once folds") {
    const EventList log = deposits_log(3000);
    sandbox::Sandbox later(true);
    REQUIRE(later.open(log, {}, EventStore::HashCheck::Later).ok());
    CHECK(later.writable());
    CHECK(later.read_models_warming());
    CHECK(lag_of(later, "balances") == 0);  // what the head state shows is whole at once
    CHECK(lag_of(later, "bank-log") == 0);
    CHECK(lag_of(later, "account-list") == 3001);
    CHECK(lag_of(later, "audit-trail") == 3001);
    CHECK(later.audit().rows().empty());

    TickingClock clock;
    int steps = 0;
    uint64_t last_lag = lag_of(later, "audit-trail") + lag_of(later, "account-list");
    while (later.read_models_warming() && steps < 100) {
        later.warm_read_models(0.0, std::ref(clock));  // no budget: one slice a call
        const uint64_t lag = lag_of(later, "audit-trail") + lag_of(later, "account-list");
        CHECK(lag < last_lag);  // each call moves forward
        last_lag = lag;
        ++steps;
    }
    CHECK(steps >= 6);  // 512 events a slice: 3,001 events, twice over, take more than one call
    CHECK_FALSE(later.read_models_warming());
    CHECK(lag_of(later, "account-list") == 0);
    CHECK(lag_of(later, "audit-trail") == 0);

    sandbox::Sandbox at_once(true);
    REQUIRE(at_once.open(log, {}).ok());
    CHECK_FALSE(at_once.read_models_warming());  // an open that checks at once leaves nothing for later
    CHECK(later.accounts().to_json() == at_once.accounts().to_json());
    CHECK(later.audit().to_json() == at_once.audit().to_json());

    // Caught up, they follow the log live again.
    REQUIRE(later.execute(bank::Deposit{"alice", 7, kMeta}).ok());
    CHECK(lag_of(later, "audit-trail") == 0);
    CHECK(later.audit().rows().size() == 3002);
}

TEST_CASE("read models left for later: a command first finishes their catch-up, so its flow reaches every one") {
    sandbox::Sandbox s(true);
    REQUIRE(s.open(deposits_log(100), {}, EventStore::HashCheck::Later).ok());
    REQUIRE(s.read_models_warming());
    REQUIRE(s.execute(bank::Deposit{"alice", 5, kMeta}).ok());
    CHECK_FALSE(s.read_models_warming());
    CHECK(s.audit().rows().size() == 102);
    CHECK(lag_of(s, "account-list") == 0);
    // The store delivered the new event to the audit trail as to the others (it was subscribed
    // before the append): the trace names it.
    bool named = false;
    for (const auto& m : s.last_trace().messages())
        if (m.text.find("audit-trail") != std::string::npos) named = true;
    CHECK(named);
}

TEST_CASE("read models left for later: the eventual-consistency mode switched on first catches them up") {
    sandbox::Sandbox s(true);
    REQUIRE(s.open(deposits_log(50), {}, EventStore::HashCheck::Later).ok());
    REQUIRE(s.read_models_warming());
    s.eventual().set_on(true);
    CHECK_FALSE(s.read_models_warming());
    CHECK(s.eventual().lag() == 0);  // held back from here, but nothing is pending yet
    REQUIRE(s.execute(bank::Deposit{"alice", 5, kMeta}).ok());
    s.eventual().pump(0.0);
    CHECK(lag_of(s, "audit-trail") == 1);  // held back, as the mode does
    s.eventual().set_on(false);
    CHECK(lag_of(s, "audit-trail") == 0);
}
