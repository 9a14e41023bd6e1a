// When to try an operation again after it failed: after a first delay, then twice as long each
// time up to a ceiling; a success starts over. The browser's catch-up with another tab's events
// uses it (src/platform/persistence_load.cpp), so a read that keeps failing is not asked again
// on every frame. Plain C++ over a clock the caller passes in, so it is tested natively.
#pragma once

#include <algorithm>

namespace es {

class RetryBackoff {
public:
    explicit RetryBackoff(double first_delay_ms = 250.0, double max_delay_ms = 8000.0)
        : first_ms_(first_delay_ms), max_ms_(max_delay_ms), delay_ms_(first_delay_ms) {}

    // Whether the operation may run at `now_ms` (always, until it has failed).
    bool ready(double now_ms) const { return now_ms >= retry_at_ms_; }
    // It failed at `now_ms`: wait the current delay, and twice as long after the next failure.
    void failed(double now_ms) {
        retry_at_ms_ = now_ms + delay_ms_;
        delay_ms_ = std::min(delay_ms_ * 2.0, max_ms_);
    }
    // It succeeded: the next failure waits the first delay again.
    void succeeded() {
        retry_at_ms_ = 0.0;
        delay_ms_ = first_ms_;
    }

private:
    double first_ms_;
    double max_ms_;
    double delay_ms_;
    double retry_at_ms_ = 0.0;
};

}  // namespace es
