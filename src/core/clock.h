// Where the store's "recorded at" timestamps come from. Tests and lessons use ManualClock so
// time travel and snapshots are reproducible; the app uses SystemClock.
#pragma once

#include <chrono>
#include <cstdint>

namespace es {

struct Clock {
    virtual ~Clock() = default;
    virtual int64_t now_ms() = 0;  // UTC milliseconds since the Unix epoch
};

struct SystemClock : Clock {
    int64_t now_ms() override {
        using namespace std::chrono;
        return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    }
};

// A clock that only moves when told to.
struct ManualClock : Clock {
    explicit ManualClock(int64_t start_ms = 1700000000000) : now(start_ms) {}
    int64_t now_ms() override { return now; }
    void set(int64_t ms) { now = ms; }
    void advance(int64_t ms) { now += ms; }

    int64_t now;
};

}  // namespace es
