// What opening a sandbox over a stored log costs once the events are in memory: the part of the
// browser's page open after IndexedDB handed the events over (Sandbox::open with the hash check
// left for the background, as the page does): the store's indexes and typed payloads, the bank's
// history rules and the balances caught up from position 0 (BM_SandboxOpen); then the read models
// the page catches up after its first frames, the account list and audit trail (BM_SandboxWarm,
// all at once here, in slices of a frame there).
//   ES_BENCH_OPEN_EVENTS  events in the log (default 100000, the browser budget's size)
// Budgets and figures: docs/PERFORMANCE.md.
#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>

#include "bench_data.h"
#include "core/event_writer.h"
#include "sandbox/sandbox.h"

namespace {

const es::EventList& open_log() {
    static const std::unique_ptr<es_bench::MixedBankLog> log = [] {
        es_bench::BuildTimer t("open log");
        return es_bench::build_mixed_log(es_bench::size_from_env("ES_BENCH_OPEN_EVENTS", 100000));
    }();
    return log->fx.store.recorded_log();
}

// The load's result, as the browser's page decoding builds it: the events, and the stored lines
// in one block (not timed).
es::LoadedLog loaded_log() {
    static const std::string text = [] {
        std::string all;
        for (const es::RecordedEvent& e : open_log()) all += es::encode_event_line(e) + "\n";
        return all;
    }();
    es::LoadedLog loaded;
    loaded.events = open_log();
    loaded.hash_lines = false;
    const std::string& block = loaded.lines.blocks.emplace_back(text);
    for (size_t start = 0; start < block.size();) {
        const size_t end = block.find('\n', start);
        loaded.lines.lines.emplace_back(block.data() + start, end - start);
        start = end + 1;
    }
    return loaded;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// `warm`: time the read models' catch-up after the open instead of the open.
void open_sandbox(benchmark::State& state, bool warm) {
    const es::EventList& log = open_log();
    for (auto _ : state) {
        es::LoadedLog loaded = loaded_log();
        auto sandbox = std::make_unique<es::sandbox::Sandbox>(false);
        auto start = std::chrono::steady_clock::now();
        const es::Status opened = sandbox->open_loaded(std::move(loaded), {}, es::EventStore::HashCheck::Later);
        if (!warm) state.SetIterationTime(seconds_since(start));
        if (!opened.ok() || !sandbox->writable() || !sandbox->read_models_warming()) {
            state.SkipWithError("the sandbox did not open writable with its read models left for later");
            break;
        }
        if (warm) {
            start = std::chrono::steady_clock::now();
            sandbox->warm_read_models(1e9, [] { return 0.0; });  // no deadline: all of it
            state.SetIterationTime(seconds_since(start));
            if (sandbox->read_models_warming()) {
                state.SkipWithError("the read models did not catch up");
                break;
            }
        }
        benchmark::DoNotOptimize(sandbox.get());
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * log.size()));
    state.counters["events"] = static_cast<double>(log.size());
}

void BM_SandboxOpen(benchmark::State& state) { open_sandbox(state, false); }
void BM_SandboxWarm(benchmark::State& state) { open_sandbox(state, true); }
BENCHMARK(BM_SandboxOpen)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SandboxWarm)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
