// Data sets shared by the benchmark programs, built once per process on first use (outside every
// timed loop) and kept until exit:
//   mixed_bank_log()  ~1,000 accounts and a realistic mix of AccountCreated, MoneyDeposited v2,
//                     MoneyWithdrawn and transfers (TransferSent + TransferReceived in one
//                     atomic append), written through EventStore::append like the Bank does;
//   solo_stream()     one account stream of the same length, with a snapshot every 100 events.
// Sizes default to the budgets' (1,000,000 events); ES_BENCH_EVENTS=100000 makes a quick run.
// Everything is seeded, so two runs fold exactly the same events.
// Also here: CpuIterationTimer, which makes the WASM build report process CPU time too.
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "bank/account.h"
#include "bank/events.h"
#include "bank/typed_events.h"
#include "core/clock.h"
#include "core/event_store.h"
#include "core/uuid.h"
#include "storage/memory_storage.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
// Emscripten gives a program a fixed, made-up environment, not Node's, so the WASM build reads
// process.env itself. Copies the value into `buf`; returns 0 when the variable is unset.
EM_JS(int, es_bench_node_env, (const char* name, char* buf, int size), {
    var v = (typeof process !== 'undefined' && process.env) ? process.env[UTF8ToString(name)] : undefined;
    if (v === undefined) return 0;
    stringToUTF8(v, buf, size);
    return 1;
});
EM_JS(double, es_bench_process_cpu_seconds, (), {
    var u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
});
#endif

namespace es_bench {

// A positive integer from the environment, or `fallback` when unset or malformed.
inline size_t size_from_env(const char* name, size_t fallback) {
#ifdef __EMSCRIPTEN__
    char value[32] = {0};
    const char* text = es_bench_node_env(name, value, sizeof value) ? value : nullptr;
#else
    const char* text = std::getenv(name);
#endif
    if (!text || !*text) return fallback;
    char* end = nullptr;
    unsigned long long v = std::strtoull(text, &end, 10);
    if (*end != '\0' || v == 0) {
        std::fprintf(stderr, "%s=%s is not a positive integer; using %zu\n", name, text, fallback);
        return fallback;
    }
    return static_cast<size_t>(v);
}

// Under Node, Google Benchmark's "CPU" clock is wall-clock time (Emscripten has no process CPU
// clock), so on a shared machine it would measure the neighbours. The WASM build therefore times
// every iteration with Node's process.cpuUsage() as manual time; natively both are no-ops and
// the library's own CPU time is reported. Usage: a CpuIterationTimer first thing in the loop
// body, and ->Apply(es_bench::cpu_timing) on the registration.
class CpuIterationTimer {
public:
#ifdef __EMSCRIPTEN__
    explicit CpuIterationTimer(benchmark::State& state) : state_(state), start_(es_bench_process_cpu_seconds()) {}
    ~CpuIterationTimer() { state_.SetIterationTime(es_bench_process_cpu_seconds() - start_); }

private:
    benchmark::State& state_;
    double start_;
#else
    explicit CpuIterationTimer(benchmark::State&) {}
#endif
};

inline void cpu_timing(benchmark::internal::Benchmark* b) {
#ifdef __EMSCRIPTEN__
    b->UseManualTime();
#else
    (void)b;
#endif
}

// Length of the big logs (the replay, snapshot and time-travel budgets of docs/PERFORMANCE.md).
inline size_t log_events() { return size_from_env("ES_BENCH_EVENTS", 1000000); }

// A benchmark built on wrong data measures nothing, so a failed append ends the program.
template <typename T>
T must(es::Result<T> r, const char* what) {
    if (!r.ok()) {
        std::fprintf(stderr, "bench data: %s failed: %s\n", what, r.error().message.c_str());
        std::exit(1);
    }
    return std::move(r).value();
}

inline es::EventMetadata bench_metadata() { return es::EventMetadata{"bench", "benchmark data", "", ""}; }

// A store over memory storage with a manual clock and seeded ids, so the log is reproducible.
struct StoreFixture {
    es::MemoryStorage storage;
    es::ManualClock clock;
    es::UuidGenerator ids{42};
    es::EventStore store{storage, clock, ids};

    StoreFixture() {
        must(store.open(), "opening the store");
        store.set_upcasters(&es::bank::bank_upcasters());
        store.set_payload_codec(&es::bank::bank_payload_codec());  // as the Bank sets it
    }
};

inline std::string account_id(size_t i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "acct-%04zu", i);
    return buf;
}

// Prints how long a data set took to build (to stderr, so the JSON/console report stays clean).
class BuildTimer {
public:
    explicit BuildTimer(const char* what) : what_(what), start_(std::chrono::steady_clock::now()) {}
    ~BuildTimer() {
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        std::fprintf(stderr, "[bench data] %s built in %.1f s\n", what_, s);
    }

private:
    const char* what_;
    std::chrono::steady_clock::time_point start_;
};

struct MixedBankLog {
    StoreFixture fx;
    std::vector<std::string> accounts;  // account ids; stream = account_stream_id(id)
};

// Roughly 45% deposits, 30% withdrawals (never below zero) and 25% transfers by command; one
// clock tick of 250 ms per command so time-based reads have something to cut.
inline std::unique_ptr<MixedBankLog> build_mixed_log(size_t target_events, uint64_t seed = 2024) {
    using namespace es::bank;
    auto log = std::make_unique<MixedBankLog>();
    es::EventStore& store = log->fx.store;
    const size_t n_accounts = std::max<size_t>(2, std::min<size_t>(1000, target_events / 100));
    std::vector<int64_t> balance(n_accounts, 0);
    std::vector<uint64_t> version(n_accounts, 0);
    for (size_t i = 0; i < n_accounts; ++i) {
        log->accounts.push_back(account_id(i));
        AccountCreated c{log->accounts[i], "Owner " + std::to_string(i), "USD", 0};
        must(store.append(account_stream_id(c.account_id), es::ExpectedVersion::no_stream(),
                          {make_event(c, bench_metadata())}),
             "AccountCreated");
        version[i] = 1;
    }
    std::mt19937_64 rng(seed);
    while (store.head_position() < target_events) {
        log->fx.clock.advance(250);
        size_t a = rng() % n_accounts;
        int64_t amount = 100 + static_cast<int64_t>(rng() % 50000);
        unsigned roll = rng() % 100;
        const std::string& id = log->accounts[a];
        if (roll < 25 && store.head_position() + 2 <= target_events && balance[a] >= amount) {
            size_t b = (a + 1 + rng() % (n_accounts - 1)) % n_accounts;
            std::string transfer = "transfer-" + id + "-" + std::to_string(version[a] + 1);
            std::vector<es::StreamAppend> both(2);
            both[0] = {account_stream_id(id), es::ExpectedVersion::exactly(version[a]),
                       {make_event(TransferSent{transfer, id, log->accounts[b], amount}, bench_metadata())}};
            both[1] = {account_stream_id(log->accounts[b]), es::ExpectedVersion::exactly(version[b]),
                       {make_event(TransferReceived{transfer, log->accounts[b], id, amount}, bench_metadata())}};
            must(store.append_multi(std::move(both)), "transfer");
            balance[a] -= amount;
            balance[b] += amount;
            ++version[a];
            ++version[b];
            continue;
        }
        es::NewEvent e;
        if (roll < 55 && balance[a] >= amount) {
            e = make_event(MoneyWithdrawn{id, amount}, bench_metadata());
            balance[a] -= amount;
        } else {
            e = make_event(MoneyDeposited{id, amount, "USD", "teller-" + std::to_string(a % 7)}, bench_metadata());
            balance[a] += amount;
        }
        must(store.append(account_stream_id(id), es::ExpectedVersion::exactly(version[a]), {std::move(e)}), "append");
        ++version[a];
    }
    return log;
}

inline const MixedBankLog& mixed_bank_log() {
    static std::unique_ptr<MixedBankLog> log = [] {
        BuildTimer t("mixed bank log");
        return build_mixed_log(log_events());
    }();
    return *log;
}

// One account stream holding the whole log, with snapshots every `kSnapshotEvery` versions.
struct SoloStream {
    static constexpr uint64_t kSnapshotEvery = 100;
    StoreFixture fx;
    std::string stream;
    es::bank::AccountState final_state;  // folded while building, to check the benchmarks' answers
};

// Appends in batches of 100 (one append per batch, like a busy account) and saves the snapshots
// directly with the state folded alongside, which gives the same snapshots maybe_snapshot would.
inline std::unique_ptr<SoloStream> build_solo_stream(size_t target_events, uint64_t seed = 7) {
    using namespace es::bank;
    auto solo = std::make_unique<SoloStream>();
    const std::string id = "solo";
    solo->stream = account_stream_id(id);
    es::EventStore& store = solo->fx.store;
    std::mt19937_64 rng(seed);
    AccountState state = initial_state();
    int64_t balance = 0;
    bool created = false;
    while (store.head_position() < target_events) {
        std::vector<es::NewEvent> batch;
        size_t room = std::min<size_t>(100, target_events - store.head_position());
        for (size_t i = 0; i < room; ++i) {
            if (!created) {
                batch.push_back(make_event(AccountCreated{id, "Solo Owner", "USD", 0}, bench_metadata()));
                created = true;
                continue;
            }
            int64_t amount = 100 + static_cast<int64_t>(rng() % 50000);
            if (rng() % 100 < 40 && balance >= amount) {
                batch.push_back(make_event(MoneyWithdrawn{id, amount}, bench_metadata()));
                balance -= amount;
            } else {
                batch.push_back(make_event(MoneyDeposited{id, amount, "USD", "teller"}, bench_metadata()));
                balance += amount;
            }
        }
        solo->fx.clock.advance(1000);
        auto appended = must(store.append(solo->stream, es::ExpectedVersion::any(), std::move(batch)), "solo append");
        for (const es::RecordedEvent& e : must(store.recorded(appended), "reading the solo append")) {
            state = must(evolve(std::move(state), e), "folding the solo stream");
            if (e.stream_version % SoloStream::kSnapshotEvery != 0) continue;
            es::Snapshot s;
            s.stream_id = solo->stream;
            s.stream_version = e.stream_version;
            s.global_position = e.global_position;
            s.state_type = "bank.account";
            s.state_schema_version = 1;
            s.state = state_to_json(state);
            s.taken_at_ms = e.recorded_at_ms;
            must(solo->fx.storage.save_snapshot(s), "saving a snapshot");
        }
    }
    solo->final_state = state;
    return solo;
}

inline const SoloStream& solo_stream() {
    static std::unique_ptr<SoloStream> solo = [] {
        BuildTimer t("solo stream with snapshots");
        return build_solo_stream(log_events());
    }();
    return *solo;
}

}  // namespace es_bench
