// SHA-256 throughput of each implementation this machine can run (sha256_impls_available):
// natively the portable compression and, on x86-64 CPUs with SHA extensions, SHA-NI; under WASM
// the portable one. Message sizes: one block, a stored bank event's canonical bytes (~500 B),
// and 4 KiB. Run build/native/bench/sha256_bench (or the WASM build under Node).
#include <benchmark/benchmark.h>

#include <string>

#include "bench_data.h"
#include "core/sha256.h"

namespace {

void BM_Sha256(benchmark::State& state, es::Sha256Impl impl) {
    std::string message(static_cast<size_t>(state.range(0)), '\0');
    for (size_t i = 0; i < message.size(); ++i) message[i] = char((i * 31 + 7) & 0xff);
    size_t n = 0;
    for (auto _ : state) {
        es_bench::CpuIterationTimer timer(state);
        message[0] = char(n++);  // a different message each time
        benchmark::DoNotOptimize(es::sha256(message, impl));
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * message.size()));
    state.SetLabel(es::sha256_impl_name(impl));
}

}  // namespace

int main(int argc, char** argv) {
    for (es::Sha256Impl impl : es::sha256_impls_available()) {
        benchmark::RegisterBenchmark((std::string("BM_Sha256/") + es::sha256_impl_name(impl)).c_str(), BM_Sha256, impl)
            ->Arg(64)
            ->Arg(512)
            ->Arg(4096)
            ->Apply(es_bench::cpu_timing)
            ->Unit(benchmark::kNanosecond);
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
