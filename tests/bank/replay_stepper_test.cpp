// The replay stepper's model: a stream read as the Bank reads it (a stored v1 deposit upcast),
// folded once, then any step with its event, code block, states, changed fields and narration;
// a long stream keeps states only at intervals and gives the same states.
#include <doctest/doctest.h>

#include "bank/bank.h"
#include "bank/replay_stepper.h"
#include "bank/replay_trace.h"
#include "core/clock.h"
#include "core/event_store.h"
#include "core/uuid.h"
#include "storage/memory_storage.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::bank;

namespace {

const CommandMeta kMeta{"teller", "test", std::nullopt};

struct Fixture {
    MemoryStorage storage;
    ManualClock clock;
    UuidGenerator ids{3};
    EventStore store{storage, clock, ids};
    Bank bank{store};

    Fixture() { REQUIRE(store.open().ok()); }
    void run(const Command& c) {
        clock.now += 1000;  // each event at its own time, so lastActivity moves
        auto r = bank.execute(c);
        REQUIRE_MESSAGE(r.ok(), r.error().message);
    }
};

}  // namespace

TEST_CASE("replay stepper: each step's event, code block, states and narration") {
    Fixture f;
    f.run(OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta});
    f.run(Deposit{"alice", 10000, kMeta});
    f.run(OpenAccount{"bob", "Bob", "USD", std::nullopt, kMeta});
    f.run(Withdraw{"alice", 3000, kMeta});
    // A deposit stored at schema 1 on purpose: the stepper reads it upcast, as the Bank does.
    REQUIRE(f.store.append("account-alice", ExpectedVersion::exactly(3),
                           {make_legacy_deposit_v1("alice", 2000, EventMetadata{"old", "", "", ""})}).ok());
    f.run(Transfer{"alice", "bob", 500, kMeta});

    ReplayStepper stepper;
    REQUIRE(stepper.load(f.store, "alice").ok());
    REQUIRE(stepper.steps() == 5);
    CHECK(stepper.every() == 1);

    const ReplayStep opened = stepper.step(1);
    REQUIRE(opened.code != nullptr);
    CHECK(opened.code->kind == EventKind::AccountCreated);
    CHECK(opened.narration == "AccountCreated owner Alice, USD: exists false -> true");
    CHECK(!opened.before.exists);
    CHECK(has_field(opened.changed, StateField::Owner));

    const ReplayStep deposit = stepper.step(2);
    CHECK(deposit.event->global_position == 2);
    CHECK(deposit.event->stream_version == 2);
    CHECK(deposit.code->kind == EventKind::MoneyDeposited);
    CHECK(deposit.narration == "MoneyDeposited +$100.00: balance $0.00 -> $100.00");
    CHECK(deposit.changed == (field_bit(StateField::Balance) | field_bit(StateField::Transactions) | kFoldEveryEventAssigns));

    CHECK(stepper.step(3).narration == "MoneyWithdrawn -$30.00: balance $100.00 -> $70.00");
    const ReplayStep legacy = stepper.step(4);
    CHECK(legacy.event->schema_version == 2);  // upcast on the way out
    CHECK(f.store.recorded_log()[legacy.event->global_position - 1].schema_version == 1);  // stored as v1
    CHECK(legacy.narration == "MoneyDeposited +$20.00: balance $70.00 -> $90.00");
    const ReplayStep sent = stepper.step(5);
    CHECK(sent.summary == "-$5.00 to bob");
    CHECK(sent.after.balance_cents == 8500);
    Trace trace;
    CHECK(stepper.state_after(5) == *trace_replay(f.store, "alice", trace));
    CHECK(stepper.state_after(0) == initial_state());
    CHECK(stepper.step(0).event == nullptr);
    CHECK(stepper.step(6).event == nullptr);

    CHECK(stepper.load(f.store, "nobody").error().code == ErrorCode::NotFound);
    CHECK(stepper.steps() == 0);
}

TEST_CASE("replay stepper: a long stream keeps states at intervals and steps to the same states") {
    Fixture f;
    f.run(OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta});
    const size_t n = ReplayStepper::kMaxKept * 2 + 10;  // more than kMaxKept: every 3rd state kept
    std::vector<NewEvent> batch;
    for (size_t i = 1; i < n; ++i) batch.push_back(make_event(MoneyDeposited{"alice", static_cast<int64_t>(i), "USD", "x"}, {}));
    REQUIRE(f.store.append("account-alice", ExpectedVersion::exactly(1), std::move(batch)).ok());
    ReplayStepper stepper;
    REQUIRE(stepper.load(f.store, "alice").ok());
    REQUIRE(stepper.steps() == n);
    CHECK(stepper.every() == 3);
    AccountState folded = initial_state();
    for (size_t i = 1; i <= n; ++i) {
        folded = *evolve(folded, stepper.events()[i - 1]);
        if (i % 997 == 0 || i + 2 >= n) {
            CAPTURE(i);
            CHECK(stepper.state_after(i) == folded);
            CHECK(stepper.step(i).after == folded);
        }
    }
}

}  // namespace ES_TEST_FILE_ID
