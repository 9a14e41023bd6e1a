// Eventual consistency, made visible: while the mode is on, the read models (balances, account
// list, audit trail, daily totals) stop following the event store live. New events stay pending
// and reach them later: after a delay, or one by one when the learner asks. The store, and what
// the Bank decides with, are never held back: only what people read lags behind what was written.
// Like a Kafka topic and its consumers: the log is written at once, each consumer reads it at its
// own offset (here, its checkpoint), and lag = head - checkpoint.
//
// Time is the caller's (pump(now), in seconds), so the behaviour is deterministic under test.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include "core/event_store.h"
#include "core/projection.h"
#include "core/result.h"

namespace es::sandbox {

class EventualFeed {
public:
    // How pending events reach the read models while the mode is on.
    enum class Release { AfterDelay, OnRequest };
    static constexpr double kDefaultDelaySeconds = 3.0;

    explicit EventualFeed(EventStore& store) : store_(store) {}
    EventualFeed(const EventualFeed&) = delete;
    EventualFeed& operator=(const EventualFeed&) = delete;

    // Feeds a read model from now on: live (a store subscription, caught up at once) while the
    // mode is off; while it is on, it starts where its checkpoint is and waits like the others.
    Status attach(Projection& model);
    // The same, but its catch-up over the events already stored is left for warm() to do a
    // little at a time (a page opening a long log draws its first frame first). Until then its
    // checkpoint is behind and lag() says so, as for a read model held back.
    void attach_later(Projection& model);
    // Catches up the read models attached later until `budget_ms` of `now_ms()` have passed (at
    // least a few hundred events); each one that reaches the head then follows the log live.
    // An error (an event that does not upcast) stops that model where it is, as a subscription's
    // catch-up would, and is returned.
    Status warm(double budget_ms, const std::function<double()>& now_ms);
    // Every read model attached later caught up at once (before a command, so its flow and trace
    // see them whole, and before the mode changes).
    Status finish_warming();
    // Whether a read model attached later has yet to reach the head.
    bool warming() const;
    // How far the read models attached later have read, on average, 0 to 1 (1: none was).
    double warm_progress() const;

    bool on() const { return on_; }
    // On: the read models are unsubscribed and fed by pump(), apply_next() and catch_up().
    // Off: every pending event is applied at once and the store feeds them live again.
    void set_on(bool on);
    Release release() const { return release_; }
    void set_release(Release release) { release_ = release; }
    double delay_seconds() const { return delay_seconds_; }
    void set_delay_seconds(double seconds) { delay_seconds_ = seconds < 0.0 ? 0.0 : seconds; }

    // Once per frame: notes events appended since the last call as arriving at `now`, and (after
    // a delay) applies those that have waited delay_seconds(). Does nothing while off.
    void pump(double now);
    // The oldest event any read model still lacks, to every read model that lacks it.
    void apply_next();
    // Every pending event, to every read model.
    void catch_up();

    // head - the lowest checkpoint of the read models (0 while off, unless a read model attached
    // later is still catching up).
    uint64_t lag() const;
    // Events noted by pump() and not yet released by the delay.
    bool waiting() const { return !arrivals_.empty(); }
    // Seconds until the oldest waiting batch is released (0 when none waits).
    double seconds_to_next(double now) const;

    // What the lag has really done since the mode was last turned on, for the lessons.
    struct LagHistory {
        uint64_t peak = 0;                 // the largest lag seen
        bool caught_up_after_lag = false;  // the lag came back to 0 after being above it
    };
    const LagHistory& history() const { return history_; }

private:
    struct Model {
        Projection* projection = nullptr;
        uint64_t subscription = 0;  // 0 while held back
        bool warming = false;       // attached later and not yet caught up (warm())
        bool later = false;         // attached later (caught up or not)
    };
    struct Arrival {
        uint64_t up_to = 0;  // events up to this position arrived...
        double at = 0.0;     // ...at this time
    };
    // Applies events to `model` until its checkpoint reaches `position` (or an event cannot be
    // read, or the model throws: false, and it stays at that event).
    bool feed(Projection& model, uint64_t position);
    // Subscribes a warming model that has reached the head (while the mode is off).
    Status end_warming(Model& m);
    void feed_all(uint64_t position);
    void observe();  // records the lag in history_

    EventStore& store_;
    std::vector<Model> models_;
    bool on_ = false;
    Release release_ = Release::AfterDelay;
    double delay_seconds_ = kDefaultDelaySeconds;
    std::deque<Arrival> arrivals_;
    uint64_t noted_ = 0;  // the head pump() last saw
    LagHistory history_;
};

}  // namespace es::sandbox
