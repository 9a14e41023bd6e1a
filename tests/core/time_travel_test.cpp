// Time travel: state at position P equals the fold of the first P events (randomized, fixed
// seed), by time, across all streams, and diffs between two points.
#include <doctest/doctest.h>

#include <random>

#include "core/counter_fold.h"
#include "core/store_fixture.h"
#include "core/time_travel.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using es::testing::counter_fold;
using es::testing::make_event;
using es::testing::StoreFixture;

namespace {
NewEvent added(int64_t n) { return make_event("Added", {{"n", n}}); }
}  // namespace

TEST_CASE("randomized: state at P == fold of the first P events, for one stream and for all") {
    for (uint32_t seed : {42u, 2024u, 99991u}) {
        CAPTURE(seed);  // printed on failure: rerun with this seed to reproduce
        std::mt19937 rng(seed);
        StoreFixture f;
        Fold fold = counter_fold();
        const char* streams[] = {"a", "b", "c", "d"};
        for (int i = 0; i < 60; ++i) {
            f.clock.advance(1 + rng() % 3);
            f.given(streams[rng() % 4], {added(static_cast<int64_t>(rng() % 200) - 100)});
        }
        const RecordedLog& log = f.store.recorded_log();
        for (uint64_t p = 0; p <= log.size(); ++p) {
            CAPTURE(p);
            // Reference: a hand-written fold of the first p events, per stream.
            std::map<std::string, Json> expected;
            for (uint64_t i = 0; i < p; ++i) {
                Json& s = expected.emplace(log[i].stream_id, fold.initial()).first->second;
                s = *fold.evolve(s, log[i]);
            }
            auto all = all_states_at_position(f.store, same_fold_for_all(fold), p);
            REQUIRE(all.ok());
            CHECK(*all == expected);
            auto one = stream_state_at_position(f.store, "b", fold, p);
            REQUIRE(one.ok());
            CHECK(*one == (expected.count("b") ? expected["b"] : fold.initial()));
            if (p > 0) {
                auto by_time = all_states_at_time(f.store, same_fold_for_all(fold), log[p - 1].recorded_at_ms);
                REQUIRE(by_time.ok());
                CHECK(*by_time == expected);
            }
        }
    }
}

TEST_CASE("state by time includes everything recorded at or before that millisecond") {
    StoreFixture f;
    Fold fold = counter_fold();
    f.clock.set(100);
    f.given("a", {added(1)});
    f.clock.set(200);
    f.given("a", {added(2)});
    CHECK(all_states_at_time(f.store, same_fold_for_all(fold), 99)->empty());
    CHECK(all_states_at_time(f.store, same_fold_for_all(fold), 150)->at("a") == Json{{"count", 1}, {"sum", 1}});
    CHECK(all_states_at_time(f.store, same_fold_for_all(fold), 200)->at("a") == Json{{"count", 2}, {"sum", 3}});
}

TEST_CASE("a FoldFor can leave streams out, and fold errors name the event") {
    StoreFixture f;
    Fold fold = counter_fold();
    f.given("account-1", {added(1)});
    f.given("audit", {make_event("Added", {{"n", "bad"}})});
    FoldFor accounts_only = [&](const std::string& s) -> const Fold* { return s.rfind("account-", 0) == 0 ? &fold : nullptr; };
    auto ok = all_states_at_position(f.store, accounts_only, 2);
    REQUIRE(ok.ok());
    CHECK(ok->size() == 1);
    auto bad = all_states_at_position(f.store, same_fold_for_all(fold), 2);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("position 2") != std::string::npos);
}

}  // namespace ES_TEST_FILE_ID
