// Replay throughput: how fast the sandbox turns a recorded bank log back into state.
//   - the balances read model over the whole mixed log (BalancesProjection::apply directly, and
//     through EventStore::rebuild, which folds the payloads the store keeps decoded);
//   - the account aggregate over one long stream (fold_events with account_fold(), which goes
//     through the state's JSON form per event, versus evolve() on the struct);
//   - the balances read model from the BankLog (events decoded once, replayed as typed entries),
//     and the cost of building that BankLog;
//   - what the store pays per event it takes in to keep its payloads decoded (bank_payload_codec),
//     which makes EventStore::rebuild fast;
//   - decode_event alone, the part every consumer pays per event.
// Budgets and figures: docs/PERFORMANCE.md.
#include <benchmark/benchmark.h>

#include "bank/account.h"
#include "bank/bank_log.h"
#include "bank/events.h"
#include "bank/projections.h"
#include "bank/typed_events.h"
#include "bench_data.h"
#include "core/fold.h"
#include "core/time_travel.h"

namespace {

using es_bench::mixed_bank_log;
using es_bench::solo_stream;

void BM_ReplayBalancesProjection(benchmark::State& state) {
    const es::RecordedLog& log = mixed_bank_log().fx.store.recorded_log();
    es::bank::BalancesProjection balances;
    for (auto _ : state) {
        es_bench::CpuIterationTimer timer(state);
        balances.reset();
        for (const es::RecordedEvent& e : log) balances.apply(e);
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * log.size()));
    state.counters["events"] = static_cast<double>(log.size());
    state.counters["skipped"] = balances.to_json()["skippedEvents"].get<double>();
}
BENCHMARK(BM_ReplayBalancesProjection)->Apply(es_bench::cpu_timing)->Unit(benchmark::kMillisecond);

// The same replay from the BankLog: each event decoded once (outside the loop), replayed as a
// compact typed entry. This is how the app rebuilds balances after a version switch and for
// every position of the time-travel scrubber.
const es::bank::BankLog& decoded_log() {
    static const es::bank::BankLog log = [] {
        es::bank::BankLog l;
        for (const es::RecordedEvent& e : mixed_bank_log().fx.store.recorded_log()) l.apply(e);
        return l;
    }();
    return log;
}

void BM_ReplayBalancesFromBankLog(benchmark::State& state) {
    const es::bank::BankLog& log = decoded_log();
    es::bank::BalancesProjection balances;
    for (auto _ : state) {
        es_bench::CpuIterationTimer timer(state);
        balances.replay(log);
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * log.entries().size()));
    state.counters["events"] = static_cast<double>(log.entries().size());
    state.counters["skipped"] = balances.to_json()["skippedEvents"].get<double>();
}
BENCHMARK(BM_ReplayBalancesFromBankLog)->Apply(es_bench::cpu_timing)->Unit(benchmark::kMillisecond);

// What the BankLog costs: decoding every event once (paid on load and then per append).
void BM_BuildBankLog(benchmark::State& state) {
    const es::RecordedLog& log = mixed_bank_log().fx.store.recorded_log();
    for (auto _ : state) {
        es_bench::CpuIterationTimer timer(state);
        es::bank::BankLog built;
        for (const es::RecordedEvent& e : log) built.apply(e);
        benchmark::DoNotOptimize(built.entries().data());
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * log.size()));
}
BENCHMARK(BM_BuildBankLog)->Apply(es_bench::cpu_timing)->Unit(benchmark::kMillisecond);

// What keeping the payloads decoded costs the store per event (paid on open and per append):
// the bank codec's decode of each (current) event. The store adds a stream-number lookup.
void BM_DecodeTypedPayloads(benchmark::State& state) {
    const es::RecordedLog& log = mixed_bank_log().fx.store.recorded_log();
    const es::PayloadCodec& codec = es::bank::bank_payload_codec();
    size_t typed = 0;
    for (auto _ : state) {
        es_bench::CpuIterationTimer timer(state);
        typed = 0;
        for (const es::RecordedEvent& e : log) {
            es::TypedPayload p;
            typed += codec.decode(e, p);
            benchmark::DoNotOptimize(p);
        }
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * log.size()));
    state.counters["typed"] = static_cast<double>(typed);
}
BENCHMARK(BM_DecodeTypedPayloads)->Apply(es_bench::cpu_timing)->Unit(benchmark::kMillisecond);

// The path the app takes to fix a read model: reset and replay from position 0, upcasting. The
// store holds every payload decoded (bench_data's StoreFixture sets the bank codec, as the Bank
// does), so this folds those through BalancesProjection::apply_typed.
void BM_RebuildBalancesProjection(benchmark::State& state) {
    const es::EventStore& store = mixed_bank_log().fx.store;
    es::bank::BalancesProjection balances;
    for (auto _ : state) {
        es_bench::CpuIterationTimer timer(state);
        es::Status s = store.rebuild(balances);
        if (!s.ok()) {
            state.SkipWithError(s.error().message.c_str());
            return;
        }
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * store.head_position()));
}
BENCHMARK(BM_RebuildBalancesProjection)->Apply(es_bench::cpu_timing)->Unit(benchmark::kMillisecond);

// Typed decoding of every event's payload (what BalancesProjection::apply and evolve() start with).
void BM_DecodeBankEvents(benchmark::State& state) {
    const es::RecordedLog& log = mixed_bank_log().fx.store.recorded_log();
    for (auto _ : state) {
        es_bench::CpuIterationTimer timer(state);
        for (const es::RecordedEvent& e : log) benchmark::DoNotOptimize(es::bank::decode_event(e));
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * log.size()));
}
BENCHMARK(BM_DecodeBankEvents)->Apply(es_bench::cpu_timing)->Unit(benchmark::kMillisecond);

// The solo stream's events as read_stream returns them (upcast), read once.
const es::EventList& solo_events() {
    static const es::EventList events =
        es_bench::must(solo_stream().fx.store.read_stream(solo_stream().stream), "reading the solo stream");
    return events;
}

// The generic fold that snapshots and time travel use: account_fold() converts the state from
// and to JSON around every evolve().
void BM_FoldStreamAccountFold(benchmark::State& state) {
    const es::EventList& events = solo_events();
    const es::Fold fold = es::bank::account_fold();
    int64_t balance = 0;
    for (auto _ : state) {
        es_bench::CpuIterationTimer timer(state);
        auto folded = es::fold_events(fold, es_bench::must(es::initial_state(fold), "initial"), events);
        if (!folded.ok()) {
            state.SkipWithError(folded.error().message.c_str());
            return;
        }
        balance = (*folded)["balanceCents"].get<int64_t>();
    }
    if (balance != solo_stream().final_state.balance_cents) state.SkipWithError("fold gave a wrong balance");
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * events.size()));
    state.counters["events"] = static_cast<double>(events.size());
}
BENCHMARK(BM_FoldStreamAccountFold)->Apply(es_bench::cpu_timing)->Unit(benchmark::kMillisecond);

// The same events folded by evolve() on AccountState (what the Bank does without snapshots).
void BM_FoldStreamEvolveStruct(benchmark::State& state) {
    const es::EventList& events = solo_events();
    es::bank::AccountState folded;
    for (auto _ : state) {
        es_bench::CpuIterationTimer timer(state);
        folded = es::bank::initial_state();
        for (const es::RecordedEvent& e : events) {
            auto next = es::bank::evolve(std::move(folded), e);
            if (!next.ok()) {
                state.SkipWithError(next.error().message.c_str());
                return;
            }
            folded = std::move(next).value();
        }
    }
    if (folded != solo_stream().final_state) state.SkipWithError("evolve gave a wrong state");
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * events.size()));
}
BENCHMARK(BM_FoldStreamEvolveStruct)->Apply(es_bench::cpu_timing)->Unit(benchmark::kMillisecond);

// The stream folded where the store keeps it, as time travel and the snapshot load fold it:
// Arg(0) with account_fold() reading each event's JSON (typed_codec unset), Arg(1) with the
// payloads the store decoded once (evolve_typed).
void BM_FoldStreamInStore(benchmark::State& state) {
    const es_bench::SoloStream& solo = solo_stream();
    es::Fold fold = es::bank::account_fold();
    if (state.range(0) == 0) {
        fold.typed_codec = nullptr;
        fold.evolve_typed_run = nullptr;
    }
    int64_t balance = 0;
    for (auto _ : state) {
        es_bench::CpuIterationTimer timer(state);
        auto folded = es::stream_state_at_position(solo.fx.store, solo.stream, fold, solo.fx.store.head_position());
        if (!folded.ok()) {
            state.SkipWithError(folded.error().message.c_str());
            return;
        }
        balance = (*folded)["balanceCents"].get<int64_t>();
    }
    if (balance != solo.final_state.balance_cents) state.SkipWithError("fold gave a wrong balance");
    const uint64_t events = solo.fx.store.stream_version(solo.stream);
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * events));
    state.counters["events"] = static_cast<double>(events);
}
BENCHMARK(BM_FoldStreamInStore)->Apply(es_bench::cpu_timing)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// One ordinary account of the mixed log (~1,000 events): the Bank's load without snapshots.
void BM_FoldMixedLogAccount(benchmark::State& state) {
    const es_bench::MixedBankLog& log = mixed_bank_log();
    const std::string stream = es::bank::account_stream_id(log.accounts[0]);
    const es::EventList events = es_bench::must(log.fx.store.read_stream(stream), "reading one account");
    const es::Fold fold = es::bank::account_fold();
    for (auto _ : state) {
        es_bench::CpuIterationTimer timer(state);
        auto folded = es::fold_events(fold, es_bench::must(es::initial_state(fold), "initial"), events);
        if (!folded.ok()) {
            state.SkipWithError(folded.error().message.c_str());
            return;
        }
        benchmark::DoNotOptimize(folded);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * events.size()));
    state.counters["events"] = static_cast<double>(events.size());
}
BENCHMARK(BM_FoldMixedLogAccount)->Apply(es_bench::cpu_timing)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
