// BalancesProjection rebuilt from the payloads the store decoded once (bank_payload_codec, set by
// the Bank) against the same rebuild through apply() alone. Property: for a random bank history
// (refusals, transfers, closes, EUR accounts, legacy v1 deposits that must be upcast, payloads
// the strict decoder refuses) plus events written to another account's stream and deposits that
// overflow a balance, both projection versions agree, and with the live, subscribed projection.
// The same for the account fold (snapshots, time travel): evolve_typed folds every stream as
// evolve() does, state for state and refusal for refusal.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "bank/bank.h"
#include "bank/events.h"
#include "bank/projections.h"
#include "bank/random_history.h"
#include "bank/typed_events.h"
#include "core/event_store.h"
#include "core/time_travel.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::bank;
using es::bank::testing::ApplyOnlyBalances;
using es::bank::testing::run_random_history;
using es::bank::testing::World;

namespace {

// The projection under test, counting the events that came typed.
struct CountingTyped : BalancesProjection {
    using BalancesProjection::BalancesProjection;
    size_t typed_events = 0;
    void apply_typed(const TypedPayload* events, size_t count, const StreamNumbers& streams) override {
        typed_events += count;
        BalancesProjection::apply_typed(events, count, streams);
    }
};

void append_odd_events(World& w) {
    const EventMetadata meta{"forger", "", "", ""};
    // A deposit for a1 written to a2's stream: apply() credits a1, so the stream must not decide.
    REQUIRE(w.store.append(account_stream_id("a2"), ExpectedVersion::any(),
                           {make_event(MoneyDeposited{"a1", 777, "USD", "teller"}, meta)})
                .ok());
    // Two deposits whose sum overflows: the second is skipped and counted.
    const int64_t huge = std::numeric_limits<int64_t>::max() / 2 + 1;
    for (int i = 0; i < 2; ++i)
        REQUIRE(w.store.append(account_stream_id("a3"), ExpectedVersion::any(),
                               {make_event(MoneyDeposited{"a3", huge, "USD", "teller"}, meta)})
                    .ok());
    // An account opened in a currency no other account uses.
    REQUIRE(w.store.append(account_stream_id("z9"), ExpectedVersion::any(),
                           {make_event(AccountCreated{"z9", "Zed", "JPY", 500}, meta)})
                .ok());
}

// Events evolve() refuses, in streams of their own: a deposit in another currency, a withdrawal
// after the close, a transfer that overflows.
void append_refused_events(World& w) {
    const EventMetadata meta{"forger", "", "", ""};
    auto put = [&](const std::string& account, const NewEvent& e) {
        REQUIRE(w.store.append(account_stream_id(account), ExpectedVersion::any(), {e}).ok());
    };
    put("r1", make_event(AccountCreated{"r1", "Ray", "USD", 0}, meta));
    put("r1", make_event(MoneyDeposited{"r1", 100, "EUR", "teller"}, meta));
    put("r2", make_event(AccountCreated{"r2", "Rae", "USD", 0}, meta));
    put("r2", make_event(AccountClosed{"r2"}, meta));
    put("r2", make_event(MoneyWithdrawn{"r2", 5}, meta));
    put("r3", make_event(AccountCreated{"r3", "Rex", "USD", 0}, meta));
    put("r3", make_event(TransferReceived{"t1", "r3", "a1", std::numeric_limits<int64_t>::max()}, meta));
    put("r3", make_event(TransferReceived{"t2", "r3", "a1", 1}, meta));
    put("r4", make_event(MoneyDeposited{"r4", 100, "USD", "teller"}, meta));  // before any AccountCreated
}

}  // namespace

TEST_CASE("property: the account fold reads the store's decoded payloads and folds as evolve() does") {
    const uint64_t seed = 20261207;
    INFO("seed = " << seed);
    World w;
    Bank bank(w.store);
    REQUIRE(w.store.payload_codec() == &bank_payload_codec());
    run_random_history(w.store, w.clock, bank, seed, 1500);
    append_odd_events(w);
    append_refused_events(w);

    Fold untyped = account_fold();
    untyped.typed_codec = nullptr;  // the reference: every event through evolve()
    untyped.evolve_typed_run = nullptr;
    const Fold typed = account_fold();
    REQUIRE(typed.typed_codec == &bank_payload_codec());

    size_t typed_events = 0, refusals = 0;
    for (const std::string& stream : w.store.stream_ids()) {
        CAPTURE(stream);
        AccountState by_evolve = initial_state(), by_typed = initial_state();
        bool refused = false;
        for (uint64_t position : w.store.stream_positions(stream)) {
            CAPTURE(position);
            RecordedEvent scratch;
            const RecordedEvent& e = **w.store.current_view(w.store.recorded_log()[position - 1], scratch);
            const TypedPayload* payload = w.store.typed_payload(position);
            typed_events += payload != nullptr;
            auto a = evolve(by_evolve, e);
            auto b = evolve_typed(by_typed, e, payload);
            REQUIRE(a.ok() == b.ok());
            if (!a.ok()) {
                CHECK(a.error().code == b.error().code);
                CHECK(a.error().message == b.error().message);
                ++refusals;
                refused = true;
                break;
            }
            CHECK(*a == *b);
            by_evolve = *a;
            by_typed = *b;
        }
        // Through time travel's fold, at the head (a typed run) and at the stream's first event.
        for (uint64_t position : {w.store.head_position(), w.store.stream_positions(stream).front()}) {
            auto a = stream_state_at_position(w.store, stream, untyped, position);
            auto b = stream_state_at_position(w.store, stream, typed, position);
            REQUIRE(a.ok() == b.ok());
            if (a.ok()) CHECK(*a == *b);
            else CHECK(a.error().message == b.error().message);
            if (position == w.store.head_position()) CHECK(a.ok() == !refused);
        }
    }
    CHECK(typed_events > w.store.head_position() / 2);
    CHECK(typed_events < w.store.head_position());  // openings and refused payloads are untyped
    CHECK(refusals >= 5);  // r1..r4 and the random history's damaged "zz"
}

TEST_CASE("the account fold of released events reads their stamps: same states and refusals, typed events left undecoded") {
    const uint64_t seed = 20261208;
    INFO("seed = " << seed);
    World w;
    Bank bank(w.store);
    run_random_history(w.store, w.clock, bank, seed, 1500);
    // Refused events early in the log, so the folds below meet them among released events.
    append_odd_events(w);
    append_refused_events(w);
    // Then a few busy accounts, so the log spans several chunks of the store's memory; one deposit
    // with a business time of its own (the fold's lastActivityMs reads it, not the recorded time).
    const CommandMeta meta{"test", "", std::nullopt};
    for (const char* id : {"b1", "b2", "b3", "b4", "b5"})
        REQUIRE(bank.execute(OpenAccount{id, "Owner", "USD", std::nullopt, meta}).ok());
    std::mt19937_64 rng(seed);
    int64_t halfway_ms = 0;
    uint64_t backdated_at = 0;
    for (int i = 0; i < 4000; ++i) {
        w.clock.advance(1000);
        if (i == 2000) halfway_ms = w.clock.now_ms();
        const std::string id = "b" + std::to_string(1 + rng() % 5);
        if (i == 1000) {
            NewEvent backdated = make_event(MoneyDeposited{"b1", 5, "USD", "teller"}, EventMetadata{"test", "", "", ""});
            backdated.occurred_at_ms = w.clock.now_ms() - 86400000;
            auto appended = w.store.append(account_stream_id("b1"), ExpectedVersion::any(), {backdated});
            REQUIRE(appended.ok());
            backdated_at = appended->last_position;
        } else if (rng() % 3 == 0) {
            (void)bank.execute(Withdraw{id, static_cast<int64_t>(rng() % 5000), meta});
        } else {
            REQUIRE(bank.execute(Deposit{id, static_cast<int64_t>(1 + rng() % 5000), meta}).ok());
        }
    }
    const Fold typed = account_fold();
    // The busy accounts as of halfway through, by time (time travel's filter on recordedAt).
    const FoldFor busy_only = [&typed](const std::string& stream) -> const Fold* {
        const auto account = account_of_stream(stream);
        return account && account->front() == 'b' ? &typed : nullptr;
    };
    const uint64_t head = w.store.head_position();
    REQUIRE(head > 3 * RecordedLog::kChunk);

    // What each stream folds to, at the head, halfway and right after the back-dated deposit,
    // every event through evolve() (the reference: no payloads, no stamps).
    Fold untyped = account_fold();
    untyped.typed_codec = nullptr;
    untyped.evolve_typed_run = nullptr;
    std::vector<std::string> expected;
    for (const std::string& stream : w.store.stream_ids()) {
        for (uint64_t position : {head, head / 2, backdated_at}) {
            auto r = stream_state_at_position(w.store, stream, untyped, position);
            expected.push_back(r.ok() ? r->dump() : "error: " + r.error().message);
        }
    }
    auto busy_halfway = all_states_at_time(w.store, [&](const std::string& stream) -> const Fold* {
        return busy_only(stream) != nullptr ? &untyped : nullptr;
    }, halfway_ms);
    REQUIRE(busy_halfway.ok());
    REQUIRE(busy_halfway->size() == 5);
    size_t without_payload = 0;
    for (uint64_t p = 1; p <= head; ++p) without_payload += w.store.typed_payload(p) == nullptr;

    // Everything released but the chunk appends go to (two passes: a chunk read since the last
    // pass survives one).
    w.store.release_cold_events();
    w.store.release_cold_events();
    const size_t decoded_before = w.store.recorded_log().decoded_events();
    REQUIRE(decoded_before <= RecordedLog::kChunk);

    // A run over a released stream holds its typed events as payload and stamp only.
    std::string busiest;
    for (const std::string& stream : w.store.stream_ids()) {
        if (busiest.empty() || w.store.stream_positions(stream).size() > w.store.stream_positions(busiest).size())
            busiest = stream;
    }
    const std::vector<uint64_t>& positions = w.store.stream_positions(busiest);
    EventRun run;
    REQUIRE(w.store.current_views(positions.data(), positions.data() + positions.size(), run,
                                  std::numeric_limits<int64_t>::max(), &bank_payload_codec()).ok());
    REQUIRE(run.size() == positions.size());
    size_t stamp_only = 0;
    for (size_t i = 0; i < run.size(); ++i) {
        CHECK(run.positions[i] == positions[i]);
        if (run.decoded[i] != nullptr) continue;
        ++stamp_only;
        REQUIRE(run.typed[i] != nullptr);
        REQUIRE(run.stamps[i] != nullptr);
        const RecordedEvent& e = run.event(i);  // decoded when asked for: the same event
        CHECK(e.global_position == positions[i]);
        CHECK(run.stamps[i]->stream_version == e.stream_version);
        CHECK(run.stamps[i]->recorded_at_ms == e.recorded_at_ms);
        CHECK(run.stamps[i]->occurred_at_ms == e.occurred_at_ms);
    }
    CHECK(stamp_only > positions.size() / 2);
    w.store.release_cold_events();
    w.store.release_cold_events();
    const size_t decoded_released = w.store.recorded_log().decoded_events();

    // The same folds over the released log: the same states and the same refusals, word for word.
    size_t k = 0, refusals = 0;
    for (const std::string& stream : w.store.stream_ids()) {
        CAPTURE(stream);
        for (uint64_t position : {head, head / 2, backdated_at}) {
            auto r = stream_state_at_position(w.store, stream, typed, position);
            CHECK((r.ok() ? r->dump() : "error: " + r.error().message) == expected[k++]);
            refusals += !r.ok();
        }
    }
    CHECK(refusals >= 5);
    auto busy_halfway_released = all_states_at_time(w.store, busy_only, halfway_ms);
    REQUIRE(busy_halfway_released.ok());
    CHECK(*busy_halfway_released == *busy_halfway);
    // Decoded again: only the events without a payload (openings, refused payloads) and those a
    // refusal names (or needed upcasting: the legacy deposits), not the deposits and withdrawals
    // the folds read; the random history's chunk, where more than 64 such events were read, is
    // decoded whole (RecordedLog::kLooseAtMost).
    const size_t decoded_again = w.store.recorded_log().decoded_events() - decoded_released;
    CHECK(decoded_again <= RecordedLog::kChunk + without_payload + refusals);
    CHECK(decoded_again < head / 3);
}

TEST_CASE("current_views with the codec: an event stored at an old schema is given upcast, with its payload") {
    World w;
    Bank bank(w.store);
    const CommandMeta meta{"test", "", std::nullopt};
    REQUIRE(bank.execute(OpenAccount{"a1", "Ann", "USD", std::nullopt, meta}).ok());
    REQUIRE(w.store.append(account_stream_id("a1"), ExpectedVersion::any(),
                           {make_legacy_deposit_v1("a1", 250, EventMetadata{"legacy", "", "", ""})}).ok());
    REQUIRE(bank.execute(Deposit{"a1", 100, meta}).ok());
    const std::vector<uint64_t>& positions = w.store.stream_positions(account_stream_id("a1"));
    REQUIRE(positions.size() == 3);
    EventRun run;
    REQUIRE(w.store.current_views(positions.data(), positions.data() + positions.size(), run,
                                  std::numeric_limits<int64_t>::max(), &bank_payload_codec()).ok());
    REQUIRE(run.decoded.size() == 3);
    REQUIRE(run.typed.size() == 3);
    CHECK(w.store.recorded_log()[1].schema_version == 1);
    CHECK(run.decoded[1]->schema_version == MoneyDeposited::kSchemaVersion);  // the upcast copy, not the stored v1
    CHECK(run.decoded[1] != &w.store.recorded_log()[1]);
    CHECK(run.decoded[2] == &w.store.recorded_log()[2]);  // a current one is read in place
    REQUIRE(run.typed[1] != nullptr);
    CHECK(run.typed[1]->value == 250);
    // Without the codec asked for, no payloads.
    EventRun plain;
    REQUIRE(w.store.current_views(positions.data(), positions.data() + positions.size(), plain).ok());
    CHECK(plain.typed.empty());
    CHECK(plain.decoded[1]->schema_version == MoneyDeposited::kSchemaVersion);
}

TEST_CASE("property: balances rebuilt from the store's decoded payloads equal the apply() rebuild") {
    const uint64_t seed = 20261205;
    INFO("seed = " << seed);
    World w;
    Bank bank(w.store);
    REQUIRE(w.store.payload_codec() == &bank_payload_codec());
    BalancesProjection live;
    REQUIRE(w.store.subscribe(live).ok());
    run_random_history(w.store, w.clock, bank, seed, 1500);
    append_odd_events(w);
    REQUIRE(w.store.head_position() > 200);

    for (int version : {1, 2}) {
        INFO("projection version " << version);
        CountingTyped typed(version);
        ApplyOnlyBalances reference(version);
        REQUIRE(w.store.rebuild(typed).ok());
        REQUIRE(w.store.rebuild(reference).ok());
        CHECK(typed.to_json() == reference.to_json());
        CHECK(typed.checkpoint() == reference.checkpoint());
        CHECK(typed.typed_events > w.store.head_position() / 2);
        CHECK(typed.typed_events < w.store.head_position());  // refused payloads went to apply()
        CHECK(typed.to_json()["skippedEvents"].get<uint64_t>() > 0);
        if (version == 2) CHECK(typed.to_json() == live.to_json());
        // Rebuilding again starts from nothing: the rows cached by stream are forgotten.
        REQUIRE(w.store.rebuild(typed).ok());
        CHECK(typed.to_json() == reference.to_json());
    }
    BalancesProjection fixed;
    REQUIRE(w.store.rebuild(fixed).ok());
    CHECK(fixed.balance_of("z9") == 0);
    for (const BalancesProjection::Row* row : fixed.sorted_rows())
        if (row->account_id == "z9") CHECK(row->currency == "JPY");
}

TEST_CASE("property: a projection subscribed to a long log catches up through the decoded payloads, as apply() would") {
    const uint64_t seed = 20261206;
    INFO("seed = " << seed);
    World w;
    Bank bank(w.store);
    run_random_history(w.store, w.clock, bank, seed, 1500);
    append_odd_events(w);
    REQUIRE(w.store.head_position() > 200);

    for (int version : {1, 2}) {
        INFO("projection version " << version);
        CountingTyped caught_up(version);
        ApplyOnlyBalances reference(version);
        auto caught_up_id = w.store.subscribe(caught_up);  // the catch-up an open does, from position 0
        auto reference_id = w.store.subscribe(reference);
        REQUIRE(caught_up_id.ok());
        REQUIRE(reference_id.ok());
        CHECK(caught_up.checkpoint() == w.store.head_position());
        CHECK(caught_up.to_json() == reference.to_json());
        CountingTyped rebuilt(version);
        REQUIRE(w.store.rebuild(rebuilt).ok());
        CHECK(caught_up.typed_events == rebuilt.typed_events);  // the same events came typed
        CHECK(caught_up.typed_events > 100);
        CHECK(caught_up.typed_events < w.store.head_position());  // refused payloads went to apply()
        w.store.unsubscribe(*caught_up_id);  // both end with this loop
        w.store.unsubscribe(*reference_id);
    }
    // Subscribed, both then follow new appends, typed or not, one delivery at a time.
    CountingTyped live(2);
    ApplyOnlyBalances reference(2);
    REQUIRE(w.store.subscribe(live).ok());
    REQUIRE(w.store.subscribe(reference).ok());
    const size_t typed_before = live.typed_events;
    run_random_history(w.store, w.clock, bank, seed + 1, 100);
    append_odd_events(w);
    CHECK(live.checkpoint() == w.store.head_position());
    CHECK(live.to_json() == reference.to_json());
    CHECK(live.typed_events > typed_before);
}

TEST_CASE("the bank codec leaves to apply() what it cannot hold: another stream's account, a refused payload") {
    RecordedEvent e;
    e.stream_id = account_stream_id("a2");
    e.type = MoneyDeposited::kType;
    e.schema_version = MoneyDeposited::kSchemaVersion;
    e.data = MoneyDeposited{"a1", 100, "EUR", "teller"}.to_json();
    TypedPayload p;
    CHECK_FALSE(bank_payload_codec().decode(e, p));
    e.stream_id = account_stream_id("a1");
    REQUIRE(bank_payload_codec().decode(e, p));
    CHECK(typed_kind(p) == EventKind::MoneyDeposited);
    CHECK(p.value == 100);
    char code[3];
    CHECK(typed_currency(p, code) == "EUR");
    e.data["amountCents"] = -1;
    CHECK_FALSE(bank_payload_codec().decode(e, p));
}

}  // namespace ES_TEST_FILE_ID
