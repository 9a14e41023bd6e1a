// The read models an open with HashCheck::Later leaves for later (Sandbox::warm_read_models):
// the balances are whole at once; the account list and audit trail start at checkpoint 0, say
// how far behind they are, catch up a little at a time to exactly what an open at once folds,
// then follow the log live. A command first finishes the catch-up; events appended otherwise
// (an import) are caught up with the rest.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "core/store_fixture.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandbox_fixture.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;

using sandbox_test::deposits_log;
using sandbox_test::kMeta;
using sandbox_test::lag_of;
using sandbox_test::TickingClock;

namespace {

// Warms with no budget (one slice of 512 events a call) until done; the number of calls.
int warm_to_end(sandbox::Sandbox& s) {
    TickingClock clock;
    int steps = 0;
    while (s.read_models_warming() && steps < 1000) {
        CHECK(s.warm_read_models(0.0, std::ref(clock)));
        ++steps;
    }
    CHECK_FALSE(s.warm_read_models(0.0, std::ref(clock)));  // nothing left: no work done
    return steps;
}

}  // namespace

TEST_CASE("read models left for later: behind at open, caught up a little at a time to what an open at once folds") {
    const EventList log = deposits_log(3000);
    sandbox::Sandbox later(true);
    REQUIRE(later.open(log, {}, EventStore::HashCheck::Later).ok());
    CHECK(later.writable());
    CHECK(later.read_models_warming());
    CHECK(later.warm_progress() == 0.0);
    CHECK(lag_of(later, "balances") == 0);  // what the head state shows is whole at once
    CHECK(lag_of(later, "bank-log") == 0);
    CHECK(lag_of(later, "account-list") == 3001);
    CHECK(lag_of(later, "audit-trail") == 3001);
    CHECK(later.audit().rows().empty());

    TickingClock clock;
    int steps = 0;
    uint64_t last_lag = lag_of(later, "audit-trail") + lag_of(later, "account-list");
    double last_progress = 0.0;
    while (later.read_models_warming() && steps < 100) {
        later.warm_read_models(0.0, std::ref(clock));  // no budget: one slice a call
        const uint64_t lag = lag_of(later, "audit-trail") + lag_of(later, "account-list");
        CHECK(lag < last_lag);  // each call moves forward...
        CHECK(later.warm_progress() > last_progress);  // ...and the menu bar's percentage with it
        last_lag = lag;
        last_progress = later.warm_progress();
        ++steps;
    }
    // 512 events a slice: 3,001 events are 6 slices for each of the two read models, one call
    // each, but the call that ends the account list also takes the audit trail's first slice.
    CHECK(steps == 11);
    CHECK_FALSE(later.read_models_warming());
    CHECK(later.warm_progress() == 1.0);
    CHECK(later.warm_ms() > 0.0);
    CHECK(lag_of(later, "account-list") == 0);
    CHECK(lag_of(later, "audit-trail") == 0);

    sandbox::Sandbox at_once(true);
    REQUIRE(at_once.open(log, {}).ok());
    CHECK_FALSE(at_once.read_models_warming());  // an open that checks at once leaves nothing for later
    CHECK(at_once.warm_progress() == 1.0);
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

TEST_CASE("read models left for later: events imported while they catch up are caught up with the rest") {
    const EventList log = deposits_log(1500);
    const EventList first(log.begin(), log.begin() + 1000);
    const EventList rest(log.begin() + 1000, log.end());
    sandbox::Sandbox s(true);
    REQUIRE(s.open(first, {}, EventStore::HashCheck::Later).ok());
    TickingClock clock;
    s.warm_read_models(0.0, std::ref(clock));  // one slice in
    REQUIRE(s.read_models_warming());
    auto imported = s.import_events(EventList(rest));
    REQUIRE(imported.ok());
    CHECK(lag_of(s, "balances") == 0);  // live
    CHECK(lag_of(s, "audit-trail") == 1501);
    warm_to_end(s);
    CHECK(lag_of(s, "audit-trail") == 0);
    CHECK(lag_of(s, "account-list") == 0);
    sandbox::Sandbox at_once(true);
    REQUIRE(at_once.open(log, {}).ok());
    CHECK(s.audit().to_json() == at_once.audit().to_json());
    CHECK(s.accounts().to_json() == at_once.accounts().to_json());
}

TEST_CASE("read models left for later: a rebuild or a new read model while they catch up") {
    const EventList log = deposits_log(2000);
    sandbox::Sandbox s(true);
    REQUIRE(s.open(log, {}, EventStore::HashCheck::Later).ok());
    TickingClock clock;
    s.warm_read_models(0.0, std::ref(clock));
    REQUIRE(s.rebuild_projection("audit-trail").ok());  // replays the whole log into it
    CHECK(lag_of(s, "audit-trail") == 0);
    REQUIRE(s.add_projection("daily-totals").ok());  // added after the open: caught up at once
    CHECK(lag_of(s, "daily-totals") == 0);
    CHECK(s.read_models_warming());  // the account list still is
    warm_to_end(s);
    REQUIRE(s.execute(bank::Deposit{"alice", 5, kMeta}).ok());
    CHECK(lag_of(s, "audit-trail") == 0);  // subscribed once, not twice: one row per event
    CHECK(s.audit().rows().size() == 2002);
    sandbox::Sandbox at_once(true);
    REQUIRE(at_once.open(log, {}).ok());
    REQUIRE(at_once.execute(bank::Deposit{"alice", 5, kMeta}).ok());
    CHECK(s.accounts().to_json() == at_once.accounts().to_json());
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

#ifndef __EMSCRIPTEN__  // the WebAssembly build does not catch exceptions: a throw aborts there
namespace {

// A read model that throws at one position, as a bug in a read model's code would.
class ThrowsAt : public Projection {
public:
    explicit ThrowsAt(uint64_t position) : position_(position) {}
    std::string name() const override { return "throws-at"; }
    int version() const override { return 1; }
    void reset() override { applied = 0; }
    void apply(const RecordedEvent& e) override {
        if (e.global_position == position_) throw std::runtime_error("a bug in the read model");
        ++applied;
    }
    Json to_json() const override { return Json::object(); }
    uint64_t applied = 0;

private:
    uint64_t position_;
};

}  // namespace

TEST_CASE("read models left for later: one that throws stops where it threw, and the error is returned, not thrown") {
    MemoryStorage storage;
    ManualClock clock{1000};
    UuidGenerator ids{42};
    EventStore store{storage, clock, ids};
    const EventList log = deposits_log(1000);
    REQUIRE(testing::append_events(storage, log).ok());  // what the storage holds, the store opens over
    const Status opened = store.open(log);
    REQUIRE_MESSAGE(opened.ok(), opened.error().message);
    sandbox::EventualFeed feed(store);
    ThrowsAt model(700);
    feed.attach_later(model);
    TickingClock ticks;
    Status warmed = ok_status();
    for (int i = 0; i < 10 && feed.warming() && warmed.ok(); ++i) warmed = feed.warm(0.0, std::ref(ticks));
    CHECK_FALSE(warmed.ok());
    CHECK(warmed.error().message.find("a bug in the read model") != std::string::npos);
    CHECK(warmed.error().message.find("position 700") != std::string::npos);
    CHECK_FALSE(feed.warming());  // not tried again every frame
    CHECK(model.checkpoint() == 699);
    CHECK(model.applied == 699);
}
#endif

}  // namespace ES_TEST_FILE_ID
