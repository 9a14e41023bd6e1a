// The stored log's hash check in the background (Sandbox::check_hashes): a log opened with
// HashCheck::Later is checked link by link at once and hash by hash afterwards, a little at a
// time; the first event whose content no longer matches its hash is named with the words an open
// that checks at once uses, and an untouched log checks to the end.
#include <doctest/doctest.h>

#include <string>

#include "sandbox/sandbox.h"
#include "sandbox/sandbox_fixture.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;

using sandbox_test::deposits_log;
using sandbox_test::kMeta;
using sandbox_test::TickingClock;

TEST_CASE("background hash check: an untouched log opens at once and checks to the end, a little at a time") {
    sandbox::Sandbox s(true);
    REQUIRE(s.open(deposits_log(200), {}, EventStore::HashCheck::Later).ok());
    CHECK(s.writable());
    CHECK(s.hash_check().total == 201);
    CHECK(s.hash_check().checked == 0);
    CHECK_FALSE(s.hash_check().done());
    TickingClock clock;
    int steps = 0;
    while (!s.hash_check().done() && steps < 100) {
        s.check_hashes(0.0, std::ref(clock));  // no budget: one run of events a call
        ++steps;
    }
    CHECK(steps >= 3);  // 64 events between looks at the clock: 201 take four calls
    CHECK(s.hash_check().checked == 201);
    CHECK(s.hash_check().problem.empty());
    CHECK(s.execute(bank::Deposit{"alice", 1, kMeta}).ok());  // appends are hashed as written
    CHECK(s.hash_check().done());

    sandbox::Sandbox at_once(true);
    REQUIRE(at_once.open(deposits_log(), {}).ok());
    CHECK(at_once.hash_check().total == 0);  // nothing left for later
    CHECK(at_once.hash_check().done());
}

TEST_CASE("background hash check: a changed amount opens, then is found at its position as an open at once finds it") {
    EventList log = deposits_log();
    log[29].data["amountCents"] = 999999;  // position 30, its stored hash kept: only the hash check sees it
    sandbox::Sandbox later(true);
    REQUIRE(later.open(log, {}, EventStore::HashCheck::Later).ok());
    CHECK(later.problem().empty());  // the links all hold
    TickingClock clock;
    later.check_hashes(1000.0, std::ref(clock));
    const auto& h = later.hash_check();
    CHECK(h.done());
    CHECK(h.bad_position == 30);
    CHECK(h.checked == 29);
    CHECK(h.problem.find("does not match the content") != std::string::npos);

    sandbox::Sandbox now(true);
    CHECK_FALSE(now.open(log, {}).ok());
    CHECK(now.problem().find("position 30: " + h.problem) != std::string::npos);
    CHECK(now.store().head_position() == 29);
}

TEST_CASE("background hash check: a broken link is still found at open") {
    EventList log = deposits_log();
    log[9].prev_hash = log[7].hash;  // position 10 names the hash two back
    sandbox::Sandbox later(true);
    CHECK_FALSE(later.open(log, {}, EventStore::HashCheck::Later).ok());
    CHECK(later.problem().find("position 10") != std::string::npos);
    CHECK(later.store().head_position() == 9);
}

TEST_CASE("background hash check: its share of a frame is a quarter of the frame interval, from 4 to 12 ms") {
    using es::sandbox::Sandbox;
    CHECK(Sandbox::background_budget_ms(0.0) == doctest::Approx(4.0));      // the first frame: no interval yet
    CHECK(Sandbox::background_budget_ms(16.7) == doctest::Approx(4.175));  // 60 frames a second
    CHECK(Sandbox::background_budget_ms(52.0) == doctest::Approx(12.0));    // software GL, 19 frames a second
    CHECK(Sandbox::background_budget_ms(40.0) == doctest::Approx(10.0));   // 25 frames a second
    CHECK(Sandbox::background_budget_ms(10000.0) == doctest::Approx(12.0)); // after a long pause
    CHECK(Sandbox::background_budget_ms(-5.0) == doctest::Approx(4.0));    // a clock that went back
}

}  // namespace ES_TEST_FILE_ID
