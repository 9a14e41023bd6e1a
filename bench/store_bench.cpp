// Write path and codec of the event store: append throughput into an EventStore over
// MemoryStorage (one event per append, and batches of 100; on an empty store and on one
// pre-filled to 10k..1M events, with the memory the filled store holds per event), and decoding
// stored JSON Lines (decode_event_line) for 100,000 bank events. Figures: docs/PERFORMANCE.md.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "bank/events.h"
#include "bench_data.h"
#include "core/event_reader.h"
#include "core/event_writer.h"
#include "memory_probe.h"

namespace {

using es_bench::StoreFixture;

constexpr size_t kAccounts = 1000;

// A deposit for account `i`: the event a teller's click produces.
es::NewEvent deposit_for(size_t i, int64_t amount) {
    std::string id = es_bench::account_id(i);
    return es::bank::make_event(es::bank::MoneyDeposited{id, amount, "USD", "teller"}, es_bench::bench_metadata());
}

// Appends as a caller makes them: one deposit each, round-robin over `accounts` accounts, built
// ahead of the timing in runs of kBuiltAhead. Building an event (its payload as JSON) is the
// caller's work, not the store's: BM_MakeDepositEvent times it on its own.
class DepositsAhead {
public:
    explicit DepositsAhead(size_t accounts) : accounts_(accounts) {}
    // The next append's events (one deposit) and its account. Call before the iteration's
    // CpuIterationTimer: a refill pauses the library's timing, and the WASM timer has not started.
    std::vector<es::NewEvent> take(benchmark::State& state, size_t& account) {
        if (taken_ == built_.size()) refill(state);
        account = (first_ + taken_) % accounts_;
        return std::move(built_[taken_++]);
    }

private:
    static constexpr size_t kBuiltAhead = 1000;
    void refill(benchmark::State& state) {
        state.PauseTiming();
        first_ += built_.size();
        built_.clear();
        for (size_t i = 0; i < kBuiltAhead; ++i) {
            std::vector<es::NewEvent> one;
            one.push_back(deposit_for((first_ + i) % accounts_, 500));
            built_.push_back(std::move(one));
        }
        taken_ = 0;
        state.ResumeTiming();
    }
    size_t accounts_;
    size_t first_ = 0;  // the sequence number of built_[0]
    size_t taken_ = 0;
    std::vector<std::vector<es::NewEvent>> built_;
};

std::vector<std::string> account_streams() {
    std::vector<std::string> out;
    for (size_t i = 0; i < kAccounts; ++i) out.push_back(es::bank::account_stream_id(es_bench::account_id(i)));
    return out;
}

// One event per append, round-robin over 1,000 account streams with an exact expected version
// (optimistic concurrency as the Bank uses it). A fresh store per run so runs compare.
void BM_AppendSingle(benchmark::State& state) {
    static const std::vector<std::string> streams = account_streams();
    StoreFixture fx;
    std::vector<uint64_t> version(kAccounts, 0);
    DepositsAhead deposits(kAccounts);
    for (auto _ : state) {
        size_t a = 0;
        std::vector<es::NewEvent> one = deposits.take(state, a);
        es_bench::CpuIterationTimer timer(state);
        auto r = fx.store.append(streams[a], es::ExpectedVersion::exactly(version[a]), std::move(one));
        if (!r.ok()) {
            state.SkipWithError(r.error().message.c_str());
            break;
        }
        ++version[a];
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
    state.counters["log_events"] = static_cast<double>(fx.store.head_position());
}
BENCHMARK(BM_AppendSingle)->Apply(es_bench::cpu_timing)->Unit(benchmark::kMicrosecond);

// 100 events per append to one stream (a batch import, or a busy account).
void BM_AppendBatch100(benchmark::State& state) {
    static const std::vector<std::string> streams = account_streams();
    StoreFixture fx;
    std::vector<uint64_t> version(kAccounts, 0);
    size_t next = 0;
    for (auto _ : state) {
        state.PauseTiming();  // the caller's work (BM_MakeDepositEvent), not the store's
        size_t a = next++ % kAccounts;
        std::vector<es::NewEvent> batch;
        batch.reserve(100);
        for (int i = 0; i < 100; ++i) batch.push_back(deposit_for(a, 100 + i));
        state.ResumeTiming();
        es_bench::CpuIterationTimer timer(state);
        auto r = fx.store.append(streams[a], es::ExpectedVersion::exactly(version[a]), std::move(batch));
        if (!r.ok()) {
            state.SkipWithError(r.error().message.c_str());
            break;
        }
        version[a] += 100;
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 100);
    state.counters["log_events"] = static_cast<double>(fx.store.head_position());
}
BENCHMARK(BM_AppendBatch100)->Apply(es_bench::cpu_timing)->Unit(benchmark::kMicrosecond);

// What the append benchmarks leave out: the caller building the event it appends (a deposit's
// payload as JSON, its metadata, the one-event batch). Add it to BM_AppendSingle's time for
// the whole path of a teller's click into the store.
void BM_MakeDepositEvent(benchmark::State& state) {
    size_t next = 0;
    for (auto _ : state) {
        es_bench::CpuIterationTimer timer(state);
        std::vector<es::NewEvent> one;
        one.push_back(deposit_for(next++ % kAccounts, 500));
        benchmark::DoNotOptimize(one);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_MakeDepositEvent)->Apply(es_bench::cpu_timing)->Unit(benchmark::kMicrosecond);

// A store pre-filled with the mixed bank log, and what filling it cost in memory. One size is
// held at a time: asking for another frees the current one first (the sizes run in order).
struct PrefilledStore {
    size_t size = 0;
    std::unique_ptr<es_bench::MixedBankLog> log;
    std::vector<std::string> streams;
    std::vector<uint64_t> version;  // each stream's version, kept up to date by the appends
    double heap_per_event = 0;      // heap bytes in use after the fill minus before, per event (cold events released)
    double decoded_heap_per_event = 0;  // the same right after the fill, every event decoded
    double resident_per_event = 0;  // the same for VmRSS natively, the WASM memory's size in WASM
    double line_per_event = 0;      // encode_event_line's length + the newline, averaged
};

PrefilledStore& prefilled_store(size_t n) {
    static std::unique_ptr<PrefilledStore> current;
    if (current && current->size == n) return *current;
    current.reset();
    es_bench::release_free_memory();
    auto p = std::make_unique<PrefilledStore>();
    p->size = n;
    const size_t heap0 = es_bench::heap_in_use(), rss0 = es_bench::resident_bytes();
    {
        es_bench::BuildTimer t("pre-filled store");
        p->log = es_bench::build_mixed_log(n);
    }
    es::EventStore& store = p->log->fx.store;
    const double events = static_cast<double>(store.head_position());
    p->decoded_heap_per_event = static_cast<double>(es_bench::heap_in_use() - heap0) / events;
    size_t line_bytes = 0;
    for (const es::RecordedEvent& e : store.recorded_log()) line_bytes += es::encode_event_line(e).size() + 1;
    p->line_per_event = static_cast<double>(line_bytes) / events;
    // As the page leaves it a few frames on (it calls this once a frame): every event but the
    // last chunk's held as its stored line only. The first pass finds every chunk just read.
    store.release_cold_events();
    store.release_cold_events();
    es_bench::release_free_memory();
    p->heap_per_event = static_cast<double>(es_bench::heap_in_use() - heap0) / events;
    p->resident_per_event = static_cast<double>(es_bench::resident_bytes() - rss0) / events;
    for (const std::string& id : p->log->accounts) {
        p->streams.push_back(es::bank::account_stream_id(id));
        p->version.push_back(p->log->fx.store.stream_version(p->streams.back()));
    }
    std::fprintf(stderr, "[bench data] %zu events: heap %.0f B/event (%.0f with every event decoded), resident %.0f B/event, stored line %.0f B/event: heap/line %.2f (%.2f)\n",
                 n, p->heap_per_event, p->decoded_heap_per_event, p->resident_per_event, p->line_per_event,
                 p->heap_per_event / p->line_per_event, p->decoded_heap_per_event / p->line_per_event);
    current = std::move(p);
    return *current;
}

constexpr int64_t kAppendsPerIteration = 1000;

// Single appends (as BM_AppendSingle) on a store already holding range(0) events, so append cost
// can be compared across log sizes. Each iteration appends 1,000 events, two iterations per run,
// so a run adds 2,000 events to the store (log_events: the head afterwards). The memory counters
// are those of the fill: heap and resident bytes per event beside the stored line's length.
// Sizes above ES_BENCH_PREFILL_MAX (default 400,000) are skipped: the 1M fill takes a while and
// holds a few GB.
void BM_AppendPrefilled(benchmark::State& state) {
    const size_t n = static_cast<size_t>(state.range(0));
    const size_t max = es_bench::size_from_env("ES_BENCH_PREFILL_MAX", 400000);
    if (n > max) {
        state.SkipWithError(("skipped: ES_BENCH_PREFILL_MAX=" + std::to_string(max) + " (set it to " +
                             std::to_string(n) + " to run this size)").c_str());
        return;
    }
    PrefilledStore& p = prefilled_store(n);
    es::EventStore& store = p.log->fx.store;
    DepositsAhead deposits(p.streams.size());
    std::vector<std::pair<size_t, std::vector<es::NewEvent>>> appends(kAppendsPerIteration);
    for (auto _ : state) {
        for (auto& [a, one] : appends) one = deposits.take(state, a);
        es_bench::CpuIterationTimer timer(state);
        for (auto& [a, one] : appends) {
            auto r = store.append(p.streams[a], es::ExpectedVersion::exactly(p.version[a]), std::move(one));
            if (!r.ok()) {
                state.SkipWithError(r.error().message.c_str());
                return;
            }
            ++p.version[a];
        }
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kAppendsPerIteration);
    state.counters["log_events"] = static_cast<double>(store.head_position());
    state.counters["heap_B_per_event"] = p.heap_per_event;
    state.counters["rss_B_per_event"] = p.resident_per_event;
    state.counters["line_B_per_event"] = p.line_per_event;
    state.counters["heap_per_line"] = p.heap_per_event / p.line_per_event;
    state.counters["decoded_heap_B_per_event"] = p.decoded_heap_per_event;
}
BENCHMARK(BM_AppendPrefilled)
    ->Arg(10000)->Arg(100000)->Arg(400000)->Arg(1000000)
    ->Iterations(2)->Apply(es_bench::cpu_timing)->Unit(benchmark::kMillisecond);

// The slowest of ES_BENCH_LATENCY_EVENTS (default 1,000,000) single appends into a store that
// starts empty, and the 99th and 99.9th percentiles: what a click can cost while the log grows,
// beside the averages above, and which append was the slowest (max_at: compare it with the powers
// of two, where a vector or a table doubles). Each append is timed on its own in wall-clock time
// (steady_clock, both builds), so on a shared machine the tail includes the neighbours' turns;
// its event is built ahead, untimed. One run of one iteration whatever the repetitions asked:
// the store is filled once. Registered after BM_AppendPrefilled, whose WASM memory counter it
// would spoil (WASM memory never shrinks).
void BM_AppendLatency(benchmark::State& state) {
    static const std::vector<std::string> streams = account_streams();
    const size_t n = es_bench::size_from_env("ES_BENCH_LATENCY_EVENTS", 1000000);
    for (auto _ : state) {
        auto fx = std::make_unique<StoreFixture>();
        std::vector<uint64_t> version(kAccounts, 0);
        DepositsAhead deposits(kAccounts);
        std::vector<double> us;
        us.reserve(n);
        double slowest = -1;
        size_t slowest_at = 0;
        for (size_t i = 0; i < n; ++i) {
            size_t a = 0;
            std::vector<es::NewEvent> one = deposits.take(state, a);
            const auto start = std::chrono::steady_clock::now();
            auto r = fx->store.append(streams[a], es::ExpectedVersion::exactly(version[a]), std::move(one));
            us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
            if (us.back() > slowest) slowest = us.back(), slowest_at = i + 1;
            if (!r.ok()) {
                state.SkipWithError(r.error().message.c_str());
                return;
            }
            ++version[a];
        }
        state.PauseTiming();  // the store's teardown is not an append
        fx.reset();
        std::sort(us.begin(), us.end());
        state.counters["p50_us"] = us[us.size() / 2];
        state.counters["p99_us"] = us[us.size() * 99 / 100];
        state.counters["p999_us"] = us[us.size() * 999 / 1000];
        state.counters["max_us"] = us.back();
        state.counters["max_at"] = static_cast<double>(slowest_at);
        state.counters["events"] = static_cast<double>(n);
        state.ResumeTiming();
    }
}
BENCHMARK(BM_AppendLatency)->Iterations(1)->Repetitions(1)->Unit(benchmark::kMillisecond);

// The JSON Lines of a realistic bank log, encoded once.
const std::vector<std::string>& encoded_lines() {
    static const std::vector<std::string> lines = [] {
        es_bench::BuildTimer t("encoded lines");
        auto log = es_bench::build_mixed_log(es_bench::size_from_env("ES_BENCH_DECODE_EVENTS", 100000));
        std::vector<std::string> out;
        out.reserve(log->fx.store.recorded_log().size());
        for (const es::RecordedEvent& e : log->fx.store.recorded_log()) out.push_back(es::encode_event_line(e));
        return out;
    }();
    return lines;
}

// Strict decode of every line (parse + field checks), as FileStorage does when it loads a log.
void BM_DecodeEventLines(benchmark::State& state) {
    const std::vector<std::string>& lines = encoded_lines();
    size_t bytes = 0;
    for (const std::string& l : lines) bytes += l.size() + 1;
    for (auto _ : state) {
        es_bench::CpuIterationTimer timer(state);
        for (const std::string& line : lines) {
            auto e = es::decode_event_line(line);
            if (!e.ok()) {
                state.SkipWithError(e.error().message.c_str());
                return;
            }
            benchmark::DoNotOptimize(e);
        }
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * lines.size()));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
    state.counters["events"] = static_cast<double>(lines.size());
}
BENCHMARK(BM_DecodeEventLines)->Apply(es_bench::cpu_timing)->Unit(benchmark::kMillisecond);

// The other direction, for comparison: what the store pays per event to write a JSON line.
void BM_EncodeEventLines(benchmark::State& state) {
    const std::vector<std::string>& lines = encoded_lines();
    std::vector<es::RecordedEvent> events;
    events.reserve(lines.size());
    for (const std::string& l : lines) events.push_back(es::decode_event_line(l).value());
    for (auto _ : state) {
        es_bench::CpuIterationTimer timer(state);
        for (const es::RecordedEvent& e : events) benchmark::DoNotOptimize(es::encode_event_line(e));
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * events.size()));
}
BENCHMARK(BM_EncodeEventLines)->Apply(es_bench::cpu_timing)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
