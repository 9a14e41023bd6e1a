// Write path and codec of the event store: append throughput into an EventStore over
// MemoryStorage (one event per append, and batches of 100), and decoding stored JSON Lines
// (decode_event_line) for 100,000 bank events. Figures: docs/PERFORMANCE.md.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bank/events.h"
#include "bench_data.h"
#include "core/event_reader.h"
#include "core/event_writer.h"

namespace {

using es_bench::StoreFixture;

constexpr size_t kAccounts = 1000;

// A deposit for account `i`: the event a teller's click produces.
es::NewEvent deposit_for(size_t i, int64_t amount) {
    std::string id = es_bench::account_id(i);
    return es::bank::make_event(es::bank::MoneyDeposited{id, amount, "USD", "teller"}, es_bench::bench_metadata());
}

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
    size_t next = 0;
    for (auto _ : state) {
        es_bench::CpuIterationTimer timer(state);
        size_t a = next++ % kAccounts;
        auto r = fx.store.append(streams[a], es::ExpectedVersion::exactly(version[a]), {deposit_for(a, 500)});
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
        es_bench::CpuIterationTimer timer(state);
        size_t a = next++ % kAccounts;
        std::vector<es::NewEvent> batch;
        batch.reserve(100);
        for (int i = 0; i < 100; ++i) batch.push_back(deposit_for(a, 100 + i));
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
