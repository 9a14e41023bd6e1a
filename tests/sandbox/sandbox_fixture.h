// Shared by the sandbox tests: a plain log of deposits, a clock the test moves (for the work an
// open leaves for later: the hash check, the read models' catch-up), a read model's lag.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "sandbox/sandbox.h"

namespace sandbox_test {

inline const es::bank::CommandMeta kMeta{"teller", "test", std::nullopt};

// alice opens, then `deposits` deposits: positions 1..deposits + 1.
inline es::EventList deposits_log(int deposits = 40) {
    es::sandbox::Sandbox source(false);
    REQUIRE(source.open({}, {}).ok());
    REQUIRE(source.execute(es::bank::OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta}).ok());
    for (int i = 0; i < deposits; ++i) REQUIRE(source.execute(es::bank::Deposit{"alice", 100 + i, kMeta}).ok());
    return source.store().recorded_log().to_list();
}

// A clock that moves 1 ms each time it is read: a budget of B ms lets about B reads through.
struct TickingClock {
    double t = 0.0;
    double operator()() { return t += 1.0; }
};

// The lag of the read model `name` (Sandbox::projections()).
inline uint64_t lag_of(const es::sandbox::Sandbox& s, const std::string& name) {
    for (const auto& p : s.projections())
        if (p.name == name) return p.lag;
    FAIL("no projection named " << name);
    return 0;
}

}  // namespace sandbox_test
