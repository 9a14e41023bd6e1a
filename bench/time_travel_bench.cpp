// Reading state at a point: the head of a 1,000,000-event stream through its snapshots
// (load_stream_state, which must fold at most 100 events), and time travel to random positions
// of a 1,000,000-event bank log (stream_state_at_position, all_states_at_position). Positions
// come from a fixed seed, so runs compare. Budgets and figures: docs/PERFORMANCE.md.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "bank/account.h"
#include "bank/events.h"
#include "bench_data.h"
#include "core/snapshots.h"
#include "core/time_travel.h"

namespace {

using es_bench::mixed_bank_log;
using es_bench::solo_stream;

void BM_LoadStreamStateWithSnapshots(benchmark::State& state) {
    const es_bench::SoloStream& solo = solo_stream();
    const es::Fold fold = es::bank::account_fold();
    es::LoadResult loaded;
    for (auto _ : state) {
        es_bench::CpuIterationTimer timer(state);
        auto r = es::load_stream_state(solo.fx.store, solo.fx.storage, solo.stream, fold);
        if (!r.ok()) {
            state.SkipWithError(r.error().message.c_str());
            return;
        }
        loaded = std::move(r).value();
    }
    if (loaded.state["balanceCents"].get<int64_t>() != solo.final_state.balance_cents)
        state.SkipWithError("load_stream_state gave a wrong balance");
    state.counters["events_applied"] = static_cast<double>(loaded.events_applied);
    state.counters["stream_version"] = static_cast<double>(loaded.stream_version);
    state.counters["snapshots_kept"] = static_cast<double>(solo.fx.storage.list_snapshots().size());
}
BENCHMARK(BM_LoadStreamStateWithSnapshots)->Apply(es_bench::cpu_timing)->Unit(benchmark::kMillisecond);

// The same load one event past a snapshot boundary and just before one (1 and 99 to fold), to
// separate the snapshot lookup from the tail fold.
void BM_LoadStreamStateAtVersion(benchmark::State& state) {
    const es_bench::SoloStream& solo = solo_stream();
    const es::Fold fold = es::bank::account_fold();
    uint64_t head = solo.fx.store.stream_version(solo.stream);
    uint64_t base = head > 200 ? head - 200 : 0;
    uint64_t target = base + static_cast<uint64_t>(state.range(0));
    uint64_t applied = 0;
    for (auto _ : state) {
        es_bench::CpuIterationTimer timer(state);
        auto r = es::load_stream_state(solo.fx.store, solo.fx.storage, solo.stream, fold, target);
        if (!r.ok()) {
            state.SkipWithError(r.error().message.c_str());
            return;
        }
        applied = r->events_applied;
    }
    state.counters["events_applied"] = static_cast<double>(applied);
}
BENCHMARK(BM_LoadStreamStateAtVersion)->Apply(es_bench::cpu_timing)->Arg(1)->Arg(99)->Unit(benchmark::kMillisecond);

// A fixed list of (position, account) pairs drawn from seed 1234.
struct Target {
    uint64_t position;
    std::string stream;
};

const std::vector<Target>& random_targets() {
    static const std::vector<Target> targets = [] {
        const es_bench::MixedBankLog& log = mixed_bank_log();
        std::mt19937_64 rng(1234);
        std::vector<Target> out;
        for (int i = 0; i < 64; ++i) {
            uint64_t position = 1 + rng() % log.fx.store.head_position();
            out.push_back({position, es::bank::account_stream_id(log.accounts[rng() % log.accounts.size()])});
        }
        return out;
    }();
    return targets;
}

void BM_StreamStateAtPosition(benchmark::State& state) {
    const es::EventStore& store = mixed_bank_log().fx.store;
    const std::vector<Target>& targets = random_targets();
    const es::Fold fold = es::bank::account_fold();
    size_t i = 0;
    uint64_t positions = 0;
    for (auto _ : state) {
        es_bench::CpuIterationTimer timer(state);
        const Target& t = targets[i++ % targets.size()];
        auto r = es::stream_state_at_position(store, t.stream, fold, t.position);
        if (!r.ok()) {
            state.SkipWithError(r.error().message.c_str());
            return;
        }
        positions += t.position;
        benchmark::DoNotOptimize(r);
    }
    // Average prefix length: every call reads (and copies) the log up to its position.
    state.counters["avg_position"] = static_cast<double>(positions) / static_cast<double>(state.iterations());
    state.counters["log_events"] = static_cast<double>(store.head_position());
}
BENCHMARK(BM_StreamStateAtPosition)->Apply(es_bench::cpu_timing)->Unit(benchmark::kMillisecond);

// Every account at once. Two iterations only: each call folds the whole prefix through
// account_fold, which takes seconds on a 1,000,000-event log.
void BM_AllStatesAtPosition(benchmark::State& state) {
    const es::EventStore& store = mixed_bank_log().fx.store;
    const std::vector<Target>& targets = random_targets();
    const es::Fold fold = es::bank::account_fold();
    const es::FoldFor fold_for = es::same_fold_for_all(fold);
    size_t i = 0;
    uint64_t positions = 0;
    size_t streams = 0;
    for (auto _ : state) {
        es_bench::CpuIterationTimer timer(state);
        const Target& t = targets[i++ % targets.size()];
        auto r = es::all_states_at_position(store, fold_for, t.position);
        if (!r.ok()) {
            state.SkipWithError(r.error().message.c_str());
            return;
        }
        positions += t.position;
        streams = r->size();
    }
    state.counters["avg_position"] = static_cast<double>(positions) / static_cast<double>(state.iterations());
    state.counters["streams"] = static_cast<double>(streams);
    state.SetItemsProcessed(static_cast<int64_t>(positions));
}
BENCHMARK(BM_AllStatesAtPosition)->Apply(es_bench::cpu_timing)->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace

BENCHMARK_MAIN();
