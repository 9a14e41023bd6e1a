// Property: replaying the log gives the same state as keeping it up to date event by event.
// Random commands (with rejections, transfers, legacy v1 deposits and closes) run through the
// Bank while projections are subscribed (incremental); then every account is rebuilt by folding
// its stream from scratch and fresh projections replay the whole log. All must agree.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "bank/account.h"
#include "bank/bank.h"
#include "bank/events.h"
#include "bank/projections.h"
#include "core/clock.h"
#include "core/event_store.h"
#include "core/fold.h"
#include "core/uuid.h"
#include "storage/memory_storage.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::bank;

namespace {

Command random_command(std::mt19937_64& rng, const std::vector<std::string>& ids) {
    const CommandMeta meta{"property", "random", std::nullopt};
    const std::string& a = ids[rng() % ids.size()];
    const std::string& b = ids[rng() % ids.size()];
    const int64_t amount = static_cast<int64_t>(rng() % 20000);  // 0 is rejected on purpose
    switch (rng() % 8) {
        case 0: return OpenAccount{a, "Owner " + a, "USD", std::nullopt, meta};
        case 1:
        case 2: return Deposit{a, amount, meta};
        case 3:
        case 4: return Withdraw{a, amount, meta};
        case 5:
        case 6: return Transfer{a, b, amount, meta};
        default: return CloseAccount{a, meta};
    }
}

}  // namespace

TEST_CASE("property: replaying the log equals the incrementally maintained state") {
    const uint64_t seed = 20261126;
    INFO("seed = " << seed);
    std::mt19937_64 rng(seed);

    MemoryStorage storage;
    ManualClock clock{1700000000000};
    UuidGenerator ids{seed};
    EventStore store{storage, clock, ids};
    REQUIRE(store.open().ok());
    Bank bank(store);

    BalancesProjection live_balances;
    AccountListProjection live_accounts;
    REQUIRE(store.subscribe(live_balances).ok());
    REQUIRE(store.subscribe(live_accounts).ok());

    const std::vector<std::string> account_ids = {"a1", "a2", "a3", "a4", "a5"};
    int accepted = 0;
    for (int i = 0; i < 600; ++i) {
        clock.advance(60000);
        if (rng() % 25 == 0) {
            // A legacy v1 deposit, written as the old code did: the replay must upcast it.
            const std::string& id = account_ids[rng() % account_ids.size()];
            auto state = bank.load_account(id);
            REQUIRE(state.ok());
            if (!state->exists || state->closed) continue;
            auto r = store.append(account_stream_id(id), ExpectedVersion::exactly(state->version),
                                  {make_legacy_deposit_v1(id, 100 + static_cast<int64_t>(rng() % 900),
                                                          EventMetadata{"legacy", "", "", ""})});
            REQUIRE_MESSAGE(r.ok(), r.error().message);
            ++accepted;
            continue;
        }
        auto outcome = bank.execute(random_command(rng, account_ids));
        if (outcome.ok()) ++accepted;
    }
    INFO("accepted commands: " << accepted << ", events: " << store.head_position());
    REQUIRE(accepted > 100);  // the mix must actually exercise the rules, not just reject

    // 1. Each account folded from its own stream == the incrementally kept balances.
    const Fold fold = account_fold();
    for (const std::string& id : account_ids) {
        auto stream = store.read_stream(account_stream_id(id));
        REQUIRE(stream.ok());
        auto folded = fold_events(fold, fold.initial(), stream.value());
        REQUIRE_MESSAGE(folded.ok(), folded.error().message);
        auto state = state_from_json(folded.value());
        REQUIRE(state.ok());
        auto incremental = live_balances.balance_of(id);
        if (!state->exists) {
            CHECK_FALSE(incremental.has_value());
            continue;
        }
        REQUIRE(incremental.has_value());
        CHECK_MESSAGE(state->balance_cents == *incremental, "account " << id);
        auto loaded = bank.load_account(id);
        REQUIRE(loaded.ok());
        CHECK(loaded->balance_cents == state->balance_cents);
        CHECK(loaded->version == stream->size());
    }

    // 1b. Folding a whole run at once (evolve_run) == folding event by event (evolve).
    Fold one_by_one = fold;
    one_by_one.evolve_run = nullptr;
    for (const std::string& id : account_ids) {
        auto stream = store.read_stream(account_stream_id(id));
        REQUIRE(stream.ok());
        auto run = fold_events(fold, fold.initial(), stream.value());
        auto single = fold_events(one_by_one, one_by_one.initial(), stream.value());
        REQUIRE(run.ok());
        REQUIRE(single.ok());
        CHECK_MESSAGE(run.value() == single.value(), "account " << id);
    }

    // 2. Fresh projections replaying the whole log == the live ones.
    BalancesProjection replayed_balances;
    AccountListProjection replayed_accounts;
    REQUIRE(store.rebuild(replayed_balances).ok());
    REQUIRE(store.rebuild(replayed_accounts).ok());
    CHECK(replayed_balances.to_json() == live_balances.to_json());
    CHECK(replayed_accounts.to_json() == live_accounts.to_json());
    CHECK(replayed_balances.checkpoint() == store.head_position());
    CHECK(live_balances.checkpoint() == store.head_position());
}

TEST_CASE("a run fold that meets a bad event names it and leaves the state unchanged") {
    MemoryStorage storage;
    ManualClock clock{1700000000000};
    UuidGenerator ids{3};
    EventStore store{storage, clock, ids};
    REQUIRE(store.open().ok());
    Bank bank(store);
    const CommandMeta meta{"t", "", std::nullopt};
    REQUIRE(bank.execute(OpenAccount{"a1", "A", "USD", std::nullopt, meta}).ok());
    REQUIRE(bank.execute(Deposit{"a1", 500, meta}).ok());
    REQUIRE(bank.execute(OpenAccount{"a2", "B", "USD", std::nullopt, meta}).ok());

    // a1's two events, then a2's creation: a second AccountCreated for the same fold is corrupt.
    auto a1 = store.read_stream(account_stream_id("a1"));
    auto a2 = store.read_stream(account_stream_id("a2"));
    REQUIRE(a1.ok());
    REQUIRE(a2.ok());
    const Fold fold = account_fold();
    Json state = fold.initial();
    const Json before = state;
    std::vector<const RecordedEvent*> run = {&a1.value()[0], &a1.value()[1], &a2.value()[0]};
    Status s = fold_run(fold, state, run);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message.find("folding 'bank.account' at position 3 (type 'AccountCreated')") != std::string::npos);
    CHECK(state == before);

    // The event-by-event path reports the same event the same way.
    Fold one_by_one = fold;
    one_by_one.evolve_run = nullptr;
    Status single = fold_run(one_by_one, state, run);
    REQUIRE_FALSE(single.ok());
    CHECK(single.error().message.find("folding 'bank.account' at position 3 (type 'AccountCreated')") != std::string::npos);
    CHECK(state == before);
}

}  // namespace ES_TEST_FILE_ID
