// The log summarised for a drawn timeline: its events split into at most `columns` buckets of
// consecutive positions (one event each while they fit), each bucket with its count per event
// type. Rebuilt only when the log or the width changes, never per frame, so a 100,000-event log
// draws as a few hundred rectangles and hovering one answers at once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/recorded_log.h"

namespace es::bank {

class LogOverview {
public:
    struct Bucket {
        uint64_t first = 0;            // positions first..last, inclusive
        uint64_t last = 0;
        std::vector<uint32_t> counts;  // events per types()[i]
        size_t dominant = 0;           // the index into types() with the most events (the first on a tie)
    };

    // Recomputes when `log` (its head or its newest event) or `columns` differ from the last
    // call; returns whether it did.
    bool update(EventRange log, size_t columns);

    uint64_t head() const { return head_; }
    // Every event type in the log, in the order of first appearance.
    const std::vector<std::string>& types() const { return types_; }
    const std::vector<Bucket>& buckets() const { return buckets_; }
    // The index of the bucket holding `position` (1..head()); buckets().size() when none does.
    size_t bucket_of(uint64_t position) const;

private:
    // Each event's index into types_, kept across updates: an append classifies only the new
    // events, a new width only re-buckets.
    void classify(EventRange log);

    const void* log_ = nullptr;  // EventRange::identity() of the log classified
    uint64_t head_ = 0;
    std::string newest_hash_;
    size_t columns_ = 0;
    std::vector<std::string> types_;
    std::vector<uint32_t> event_type_;  // per position - 1
    std::vector<Bucket> buckets_;
};

}  // namespace es::bank
