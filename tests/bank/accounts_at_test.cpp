// The time-travel view model: accounts as of a position, one account's balance history and how
// its state is rebuilt (snapshot + tail), and the position a date-time travels to.
#include <doctest/doctest.h>

#include "bank/accounts_at.h"
#include "bank/bank.h"
#include "bank/events.h"
#include "core/clock.h"
#include "core/event_store.h"
#include "core/time_travel.h"
#include "core/uuid.h"
#include "storage/memory_storage.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::bank;

namespace {

const CommandMeta kMeta{"teller", "test", std::nullopt};

struct Fixture {
    MemoryStorage storage;
    ManualClock clock{1700000000000};
    UuidGenerator ids{11};
    EventStore store{storage, clock, ids};
    std::unique_ptr<Bank> bank;

    explicit Fixture(uint64_t snapshot_every = 0) {
        REQUIRE(store.open().ok());
        BankOptions opts;
        if (snapshot_every > 0) {
            opts.snapshot_storage = &storage;
            opts.snapshot_policy.every_n_events = snapshot_every;
            opts.clock = &clock;
        }
        bank = std::make_unique<Bank>(store, opts);
    }

    void run(const Command& c) {
        clock.advance(60000);  // one minute between commands
        auto r = bank->execute(c);
        REQUIRE_MESSAGE(r.ok(), r.error().message);
    }
};

const AccountAt& find(const std::vector<AccountAt>& rows, const std::string& id) {
    for (const AccountAt& a : rows) {
        if (a.account_id == id) return a;
    }
    FAIL("no row for " << id);
    return rows.front();
}

}  // namespace

TEST_CASE("accounts_at: every account as of a position, beside its state now") {
    Fixture f;
    f.run(OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta});  // 1
    f.run(Deposit{"alice", 10000, kMeta});                             // 2
    f.run(OpenAccount{"bob", "Bob", "USD", std::nullopt, kMeta});      // 3
    f.run(Withdraw{"alice", 5000, kMeta});                             // 4
    f.run(Transfer{"alice", "bob", 1000, kMeta});                      // 5, 6

    auto now = accounts_at(f.store, f.store.head_position());
    REQUIRE(now.ok());
    REQUIRE(now->size() == 2);
    CHECK((*now)[0].account_id == "alice");  // sorted by id
    CHECK(find(*now, "alice").state.balance_cents == 4000);
    CHECK(find(*now, "alice").state == find(*now, "alice").now);
    CHECK(find(*now, "bob").state.balance_cents == 1000);
    CHECK(find(*now, "bob").last_type == "TransferReceived");
    CHECK(find(*now, "bob").last_position == 6);

    auto at2 = accounts_at(f.store, 2);
    REQUIRE(at2.ok());
    REQUIRE(at2->size() == 2);  // bob is listed: he exists now, not yet at 2
    const AccountAt& alice = find(*at2, "alice");
    CHECK(alice.state.exists);
    CHECK(alice.state.balance_cents == 10000);
    CHECK(alice.state.version == 2);
    CHECK(alice.last_position == 2);
    CHECK(alice.last_type == "MoneyDeposited");
    CHECK(alice.last_recorded_at_ms == 1700000000000 + 2 * 60000);
    CHECK(alice.now.balance_cents == 4000);
    const AccountAt& bob = find(*at2, "bob");
    CHECK_FALSE(bob.state.exists);
    CHECK(bob.last_position == 0);
    CHECK(bob.now.exists);

    // The rows of a call at the same head supply "now" without a second replay.
    auto reused = accounts_at(f.store, 2, &*now);
    REQUIRE(reused.ok());
    REQUIRE(reused->size() == 2);
    CHECK(find(*reused, "alice").state == alice.state);
    CHECK(find(*reused, "alice").now == find(*now, "alice").now);
    CHECK_FALSE(find(*reused, "bob").state.exists);

    auto before = accounts_at(f.store, 0);
    REQUIRE(before.ok());
    for (const AccountAt& a : *before) CHECK_FALSE(a.state.exists);

    auto past_head = accounts_at(f.store, 1000);  // clamped to the head
    REQUIRE(past_head.ok());
    CHECK(find(*past_head, "alice").state.balance_cents == 4000);
}

TEST_CASE("account_history: the balance after each event, and the rebuild through a snapshot") {
    Fixture f(/*snapshot_every=*/5);
    f.run(OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta});
    for (int i = 0; i < 11; ++i) f.run(Deposit{"alice", 100, kMeta});  // versions 2..12

    auto h = account_history(f.store, f.storage, "alice", f.store.head_position());
    REQUIRE(h.ok());
    REQUIRE(h->balances.size() == 12);
    CHECK(h->balances[0].balance_cents == 0);
    CHECK(h->balances[11].balance_cents == 1100);
    CHECK(h->balances[11].version == 12);
    CHECK(h->load.used_snapshot);
    CHECK(h->load.snapshot_version == 10);
    CHECK(h->load.events_applied == 2);
    CHECK(h->load.stream_version == 12);

    auto early = account_history(f.store, f.storage, "alice", 3);  // before any snapshot
    REQUIRE(early.ok());
    CHECK_FALSE(early->load.used_snapshot);
    CHECK(early->load.events_applied == 3);
    CHECK(early->load.state["balanceCents"] == 200);

    auto missing = account_history(f.store, f.storage, "nobody", 3);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == ErrorCode::NotFound);
}

TEST_CASE("position_at_time: the last event recorded at or before a moment") {
    Fixture f;
    f.run(OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta});  // at +1 min
    f.run(Deposit{"alice", 100, kMeta});                               // at +2 min
    f.run(Deposit{"alice", 100, kMeta});                               // at +3 min
    const int64_t t0 = 1700000000000;
    CHECK(position_at_time(f.store, t0) == 0);
    CHECK(position_at_time(f.store, t0 + 60000) == 1);
    CHECK(position_at_time(f.store, t0 + 150000) == 2);
    CHECK(position_at_time(f.store, t0 + 10 * 60000) == 3);
}

TEST_CASE("effect_of: the event's stream just before and just after it") {
    Fixture f;
    f.run(OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta});  // 1
    f.run(Deposit{"alice", 10000, kMeta});                             // 2
    auto opened = effect_of(f.store, 1);
    REQUIRE(opened.ok());
    CHECK(opened->stream == "account-alice");
    CHECK_FALSE(opened->before.exists);
    CHECK(opened->after.exists);
    auto deposit = effect_of(f.store, 2);
    REQUIRE(deposit.ok());
    CHECK(deposit->before.balance_cents == 0);
    CHECK(deposit->after.balance_cents == 10000);
    CHECK(deposit->after.version == 2);
    CHECK(effect_of(f.store, 0).error().code == ErrorCode::NotFound);
    CHECK(effect_of(f.store, 3).error().code == ErrorCode::NotFound);
}

TEST_CASE("replay_cost: with snapshots only the tail is folded, without, the whole stream") {
    Fixture f(/*snapshot_every=*/5);
    f.run(OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta});
    for (int i = 0; i < 11; ++i) f.run(Deposit{"alice", 100, kMeta});  // versions 2..12
    auto cost = replay_cost(f.store, f.storage, "alice");
    REQUIRE(cost.ok());
    CHECK(cost->stream_version == 12);
    CHECK(cost->used_snapshot);
    CHECK(cost->snapshot_version == 10);
    CHECK(cost->events_with == 2);
    CHECK(cost->events_without == 12);
    CHECK(cost->snapshot_versions == std::vector<uint64_t>{5, 10});

    Fixture plain;  // no snapshots: both ways fold everything
    plain.run(OpenAccount{"bob", "Bob", "USD", std::nullopt, kMeta});
    auto none = replay_cost(plain.store, plain.storage, "bob");
    REQUIRE(none.ok());
    CHECK_FALSE(none->used_snapshot);
    CHECK(none->events_with == 1);
    CHECK(none->snapshot_versions.empty());
}

TEST_CASE("AccountStatesCache: the same rows as a full replay at any position, across checkpoints") {
    Fixture f;
    const int accounts = 7;
    for (int a = 0; a < accounts; ++a) f.run(OpenAccount{"a" + std::to_string(a), "Owner", "USD", 100000, kMeta});
    // 700 more events: deposits, withdrawals (into the overdraft too) and transfers.
    for (int i = 0; f.store.head_position() < 700; ++i) {
        const std::string a = "a" + std::to_string(i % accounts), b = "a" + std::to_string((i + 3) % accounts);
        if (i % 5 == 4) f.run(Transfer{a, b, 150, kMeta});
        else if (i % 5 == 2) f.run(Withdraw{a, 300, kMeta});
        else f.run(Deposit{a, 200 + i % 7, kMeta});
    }
    f.run(OpenAccount{"short-lived", "Owner", "USD", std::nullopt, kMeta});
    f.run(CloseAccount{"short-lived", CommandMeta{"teller", "done", std::nullopt}});
    const uint64_t head = f.store.head_position();
    AccountStatesCache cache(64);  // checkpoints every 64 positions (the app uses 4,096)
    std::vector<uint64_t> positions = {0, 1, 7, 63, 64, 65, 128, 300, head - 1, head};
    for (uint64_t p = 33; p < head; p += 97) positions.push_back(p);
    // Backwards and forwards, as a scrubber moves.
    std::vector<uint64_t> order(positions.rbegin(), positions.rend());
    order.insert(order.end(), positions.begin(), positions.end());
    for (uint64_t p : order) {
        auto fast = accounts_at(f.store, p, nullptr, &cache);
        auto slow = accounts_at(f.store, p);
        REQUIRE(fast.ok());
        REQUIRE(slow.ok());
        REQUIRE(fast->size() == slow->size());
        for (size_t i = 0; i < fast->size(); ++i) {
            CHECK_MESSAGE((*fast)[i].state == (*slow)[i].state, "position " << p << ", " << (*fast)[i].account_id);
            CHECK((*fast)[i].now == (*slow)[i].now);
            CHECK((*fast)[i].last_position == (*slow)[i].last_position);
        }
    }
    CHECK(cache.checkpoints() == 1 + head / 64);

    // A different log under the same cache (as after a reset): its checkpoints are not reused.
    Fixture other;
    other.run(OpenAccount{"zed", "Zed", "USD", std::nullopt, kMeta});
    for (int i = 0; i < 5; ++i) other.run(Deposit{"zed", 100, kMeta});
    auto fresh = accounts_at(other.store, 4, nullptr, &cache);
    REQUIRE(fresh.ok());
    REQUIRE(fresh->size() == 1);
    CHECK(fresh->front().state.balance_cents == 300);
    CHECK(cache.checkpoints() == 1);
}

TEST_CASE("effect_of: at every position of a mixed log, the same states as two full replays") {
    // effect_of replays the stream once, to just before the event, and folds the event into a
    // copy: both states must be what replaying the stream to either position gives. With a
    // cache of checkpoints, the same states from the nearest one.
    Fixture f;
    f.run(OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta});
    f.run(OpenAccount{"bob", "Bob", "USD", std::nullopt, kMeta});
    for (int i = 0; i < 6; ++i) {
        f.run(Deposit{"alice", 1000 + i, kMeta});
        f.run(Withdraw{"alice", 100, kMeta});
        f.run(Transfer{"alice", "bob", 250, kMeta});
    }
    f.run(Deposit{"bob", 5, kMeta});
    // A deposit stored at schema v1 (as older versions of the bank wrote them): the effect and the
    // replays both read it upcast to v2.
    const uint64_t bob = f.store.stream_version("account-bob");
    REQUIRE(f.store.append("account-bob", ExpectedVersion::exactly(bob),
                           {make_legacy_deposit_v1("bob", 700, EventMetadata{"old-teller", "", "", ""})}).ok());
    REQUIRE(f.store.recorded_log().back().schema_version == 1);
    f.run(Withdraw{"bob", 300, kMeta});
    const Fold fold = account_fold();
    AccountStatesCache cache(/*every=*/4);  // checkpoints every 4 positions: most effects start between two
    for (uint64_t p = 1; p <= f.store.head_position(); ++p) {
        CAPTURE(p);
        auto effect = effect_of(f.store, p);
        auto from_cache = effect_of(f.store, p, &cache);
        REQUIRE(effect.ok());
        REQUIRE(from_cache.ok());
        const std::string& stream = f.store.recorded_log()[p - 1].stream_id;
        CHECK(effect->stream == stream);
        CHECK(from_cache->stream == stream);
        CHECK(from_cache->before == effect->before);
        CHECK(from_cache->after == effect->after);
        for (auto [at, got] : {std::pair<uint64_t, const AccountState*>{p - 1, &effect->before}, {p, &effect->after}}) {
            auto replayed = stream_state_at_position(f.store, stream, fold, at);
            REQUIRE(replayed.ok());
            auto expected = state_from_json(*replayed);
            REQUIRE(expected.ok());
            CHECK(got->balance_cents == expected->balance_cents);
            CHECK(got->version == expected->version);
            CHECK(got->exists == expected->exists);
            CHECK(state_to_json(*got) == state_to_json(*expected));
        }
    }
}

TEST_CASE("account_history: reusing the balances of the same head gives the history a fresh call gives") {
    Fixture f(/*snapshot_every=*/4);
    f.run(OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta});
    for (int i = 0; i < 9; ++i) f.run(Deposit{"alice", 100 * (i + 1), kMeta});
    auto kept = account_history(f.store, f.storage, "alice", f.store.head_position());
    REQUIRE(kept.ok());
    for (uint64_t p = 1; p <= f.store.head_position(); ++p) {
        CAPTURE(p);
        auto fresh = account_history(f.store, f.storage, "alice", p);
        auto reused = account_history(f.store, f.storage, "alice", p, &*kept);  // moves the curve out of `kept`
        REQUIRE(fresh.ok());
        REQUIRE(reused.ok());
        CHECK(kept->balances.empty());
        REQUIRE(reused->balances.size() == fresh->balances.size());
        for (size_t i = 0; i < fresh->balances.size(); ++i) CHECK(reused->balances[i].balance_cents == fresh->balances[i].balance_cents);
        CHECK(reused->load.state == fresh->load.state);
        CHECK(reused->load.events_applied == fresh->load.events_applied);
        CHECK(reused->load.used_snapshot == fresh->load.used_snapshot);
        kept = std::move(reused);  // as the scrubber keeps each move's history for the next
    }
}

TEST_CASE("effect_of with a cache: another account's damaged stream does not hide this one's effect") {
    Fixture f;
    f.run(OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta});
    f.run(OpenAccount{"ray", "Ray", "USD", std::nullopt, kMeta});
    // An EUR deposit forged into ray's USD account: ray's stream no longer folds, so neither does
    // any checkpoint of every account after it.
    REQUIRE(f.store.append(account_stream_id("ray"), ExpectedVersion::any(),
                           {make_event(MoneyDeposited{"ray", 100, "EUR", "teller"}, EventMetadata{"forger", "", "", ""})})
                .ok());
    for (int i = 0; i < 5; ++i) f.run(Deposit{"alice", 100 * (i + 1), kMeta});
    AccountStatesCache cache(/*every=*/2);
    for (uint64_t p = 1; p <= f.store.head_position(); ++p) {
        CAPTURE(p);
        auto plain = effect_of(f.store, p);
        auto cached = effect_of(f.store, p, &cache);
        REQUIRE(plain.ok() == cached.ok());
        if (plain.ok()) {
            CHECK(cached->before == plain->before);
            CHECK(cached->after == plain->after);
        } else {
            CHECK(cached.error().message == plain.error().message);
        }
    }
    CHECK_FALSE(cache.at(f.store, f.store.head_position()).ok());  // the cache itself cannot answer
    auto last = effect_of(f.store, f.store.head_position(), &cache);  // alice's last deposit
    REQUIRE(last.ok());
    CHECK(last->after.balance_cents == 1500);
    CHECK_FALSE(effect_of(f.store, 3, &cache).ok());  // ray's forged deposit
}

}  // namespace ES_TEST_FILE_ID
