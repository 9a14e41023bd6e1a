// What opening a sandbox over a stored log costs once the events are in memory: the part of the
// browser's page open after IndexedDB handed the events over (Sandbox::open with the hash check
// left for the background, as the page does): the store's indexes and typed payloads, the bank's
// history rules and the balances caught up from position 0 (BM_SandboxOpen); then the read models
// the page catches up after its first frames, the account list and audit trail (BM_SandboxWarm,
// all at once here, in slices of a frame there). BM_SandboxMemory: the heap that holds, per event,
// at each of those steps (the browser's linear memory holds at least as much: it never shrinks).
// BM_SandboxImport: the same log imported from its export, fed in pieces as the browser feeds a
// file: time, heap per event, and in WASM the peak it needed.
//   ES_BENCH_OPEN_EVENTS  events in the log (default 100000, the browser budget's size)
// Budgets and figures: docs/PERFORMANCE.md.
#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>
#include <random>

#include "bench_data.h"
#include "memory_probe.h"
#include "core/event_writer.h"
#include "sandbox/sandbox.h"

namespace {

const es_bench::MixedBankLog& open_mixed_log() {
    static const std::unique_ptr<es_bench::MixedBankLog> log = [] {
        es_bench::BuildTimer t("open log");
        return es_bench::build_mixed_log(es_bench::size_from_env("ES_BENCH_OPEN_EVENTS", 100000));
    }();
    return *log;
}

const es::RecordedLog& open_log() { return open_mixed_log().fx.store.recorded_log(); }

// The load's result, as the browser's page decoding builds it: the events, and the stored lines
// in one block (not timed).
es::LoadedLog loaded_log() {
    static const std::string text = [] {
        std::string all;
        for (const es::RecordedEvent& e : open_log()) all += es::encode_event_line(e) + "\n";
        return all;
    }();
    es::LoadedLog loaded;
    loaded.events = open_log().to_list();
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
    const es::RecordedLog& log = open_log();
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

// Heap in use per event: the load's result (the decoded events and their lines), then the sandbox
// opened over it, then with its read models caught up, then with the events nobody reads released
// to their lines; and the stored line's own bytes.
void BM_SandboxMemory(benchmark::State& state) {
    const es::RecordedLog& log = open_log();
    (void)loaded_log();  // the text block built once, before the baseline
    const double n = static_cast<double>(log.size());
    double loaded_b = 0, open_b = 0, warm_b = 0, released_b = 0, line_b = 0;
    for (auto _ : state) {
        const size_t base = es_bench::heap_in_use();
        es::LoadedLog loaded = loaded_log();
        line_b = 0;
        for (std::string_view l : loaded.lines.lines) line_b += static_cast<double>(l.size() + 1);
        loaded_b = static_cast<double>(es_bench::heap_in_use() - base);
        auto sandbox = std::make_unique<es::sandbox::Sandbox>(false);
        const es::Status opened = sandbox->open_loaded(std::move(loaded), {}, es::EventStore::HashCheck::Later);
        if (!opened.ok()) {
            state.SkipWithError("the sandbox did not open");
            break;
        }
        open_b = static_cast<double>(es_bench::heap_in_use() - base);
        sandbox->warm_read_models(1e9, [] { return 0.0; });
        warm_b = static_cast<double>(es_bench::heap_in_use() - base);
        // What the page holds a few frames on: it releases what nobody read, a few chunks a frame
        // (here all at once; the first pass finds every chunk just read by the open).
        sandbox->store().release_cold_events();
        sandbox->store().release_cold_events();
        es_bench::release_free_memory();
        released_b = static_cast<double>(es_bench::heap_in_use() - base);
        benchmark::DoNotOptimize(sandbox.get());
    }
    state.counters["loaded_B_per_event"] = loaded_b / n;
    state.counters["open_B_per_event"] = open_b / n;
    state.counters["warm_B_per_event"] = warm_b / n;
    state.counters["line_B_per_event"] = line_b / n;
    state.counters["warm_per_line"] = warm_b / line_b;
    state.counters["released_B_per_event"] = released_b / n;
    state.counters["released_per_line"] = released_b / line_b;
}
BENCHMARK(BM_SandboxMemory)->Iterations(1)->Unit(benchmark::kMillisecond);

// An import of the whole log into an empty sandbox, as the browser's Storage > Import... does it:
// the export's text fed in 4 MiB pieces (Sandbox::begin_import, feed_import, finish_import).
// Counters: heap in use per event once every piece is checked (the decoded events wait for the
// append) and once imported; in WASM also the linear memory's growth per event, the import's
// peak (the memory never shrinks; run this benchmark alone, first, for a clean figure).
void BM_SandboxImport(benchmark::State& state) {
    const es::RecordedLog& log = open_log();
    static const std::string text = [&] {
        std::string all;
        for (const es::RecordedEvent& e : log) all += es::encode_event_line(e) + "\n";
        return all;
    }();
    constexpr size_t kPiece = size_t{4} << 20;
    const double n = static_cast<double>(log.size());
    double fed_b = 0, imported_b = 0, grown_b = 0;
    for (auto _ : state) {
        const size_t base = es_bench::heap_in_use(), memory = es_bench::resident_bytes();
        auto sandbox = std::make_unique<es::sandbox::Sandbox>(true);
        if (!sandbox->open({}, {}).ok() || !sandbox->begin_import().ok()) {
            state.SkipWithError("the sandbox did not open");
            break;
        }
        const auto start = std::chrono::steady_clock::now();
        for (size_t at = 0; at < text.size(); at += kPiece) (void)sandbox->feed_import(std::string_view(text).substr(at, kPiece));
        fed_b = static_cast<double>(es_bench::heap_in_use() - base);
        auto imported = sandbox->finish_import();
        state.SetIterationTime(seconds_since(start));
        if (!imported.ok() || imported->count != log.size()) {
            state.SkipWithError(imported.ok() ? "not every event was imported" : imported.error().message.c_str());
            break;
        }
        imported_b = static_cast<double>(es_bench::heap_in_use() - base);
#ifdef __EMSCRIPTEN__
        grown_b = static_cast<double>(es_bench::resident_bytes() - memory);
#else
        (void)memory;
#endif
        benchmark::DoNotOptimize(sandbox.get());
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * log.size()));
    state.counters["fed_B_per_event"] = fed_b / n;
    state.counters["imported_B_per_event"] = imported_b / n;
    state.counters["memory_grown_B_per_event"] = grown_b / n;
    state.counters["line_B_per_event"] = static_cast<double>(text.size()) / n;
}
BENCHMARK(BM_SandboxImport)->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);

// A teller's deposit on the opened sandbox, to an account picked at random: the command's whole
// path (the account's state from its newest snapshot and the events since, the decision, the
// append, the read models). /0: every event decoded, as right after the open. /1: what the page
// holds once it released the events nobody reads, released again before each deposit (the worst
// case: the page keeps what it read for ~2 s). The account's events since its snapshot are folded
// from their typed payloads and stamps (core/event_run.h); only those without a payload (an
// opening) are decoded again from their lines.
void BM_SandboxDeposit(benchmark::State& state) {
    const bool released = state.range(0) == 1;
    const es_bench::MixedBankLog& mixed = open_mixed_log();
    auto sandbox = std::make_unique<es::sandbox::Sandbox>(false);
    if (!sandbox->open_loaded(loaded_log(), {}, es::EventStore::HashCheck::Later).ok()) {
        state.SkipWithError("the sandbox did not open");
        return;
    }
    sandbox->warm_read_models(1e9, [] { return 0.0; });
    std::mt19937 rng(5);
    size_t decoded = 0;
    for (auto _ : state) {
        state.PauseTiming();
        if (released) {
            sandbox->store().release_cold_events();
            sandbox->store().release_cold_events();
        }
        decoded += sandbox->store().recorded_log().decoded_events();
        const std::string& account = mixed.accounts[rng() % mixed.accounts.size()];
        es::bank::Command deposit = es::bank::Deposit{account, 100, {"bench", "", std::nullopt}};
        state.ResumeTiming();
        auto r = sandbox->execute(deposit);
        if (!r.ok()) {
            state.SkipWithError(r.error().message.c_str());
            break;
        }
    }
    state.counters["decoded_before"] = static_cast<double>(decoded) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_SandboxDeposit)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_SandboxOpen(benchmark::State& state) { open_sandbox(state, false); }
void BM_SandboxWarm(benchmark::State& state) { open_sandbox(state, true); }
BENCHMARK(BM_SandboxOpen)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SandboxWarm)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
