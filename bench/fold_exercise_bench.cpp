// The "Write the fold yourself" runner at scale: the reference solution (Lua, with its print()
// per event) folded over a generated 100,000-event bank log, beside the bank's own evolve() and
// compared after every event, as the lesson's Run does. Figures: docs/PERFORMANCE.md.
#include <benchmark/benchmark.h>

#include "bench_data.h"
#include "learn/exercise_code.h"
#include "learn/exercise_logs.h"
#include "learn/fold_exercise.h"

namespace {

void BM_AccountFoldLua(benchmark::State& state) {
    static const es::EventList log = es::learn::generated_bank_log(19, 100, static_cast<int>(state.range(0)));
    for (auto _ : state) {
        es_bench::CpuIterationTimer timer(state);
        es::learn::ExerciseRun run(es::learn::Exercise::AccountFold,
                                   es::learn::solution_code(es::learn::Exercise::AccountFold), log);
        run.keep_steps(false);
        run.run_all();
        if (!run.matched()) state.SkipWithError(run.verdict().c_str());
        benchmark::DoNotOptimize(run.steps());
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * log.size()));
    state.counters["events"] = static_cast<double>(log.size());
}
BENCHMARK(BM_AccountFoldLua)->Arg(100000)->Apply(es_bench::cpu_timing)->Unit(benchmark::kMillisecond);

}  // namespace
BENCHMARK_MAIN();
