// LogOverview: the log in buckets for the drawn timeline (see log_overview.h).
#include "bank/log_overview.h"

#include <algorithm>

namespace es::bank {

void LogOverview::classify(EventRange log) {
    // Start again unless `log` continues what was classified (same log, its last classified
    // event unchanged): a reset, a lesson's log, an import into an emptied one.
    const size_t done = event_type_.size();
    if (log_ != log.identity() || done > log.size() || (done > 0 && log[done - 1].hash != newest_hash_)) {
        types_.clear();
        event_type_.clear();
    }
    for (size_t i = event_type_.size(); i < log.size(); ++i) {
        const std::string& type = log[i].type;
        // Neighbours mostly share a type: try the previous event's before searching.
        uint32_t t = event_type_.empty() ? 0 : event_type_.back();
        if (types_.empty() || types_[t] != type) {
            t = static_cast<uint32_t>(std::find(types_.begin(), types_.end(), type) - types_.begin());
            if (t == types_.size()) types_.push_back(type);
        }
        event_type_.push_back(t);
    }
}

bool LogOverview::update(EventRange log, size_t columns) {
    const uint64_t head = log.size();
    const std::string newest = log.empty() ? std::string() : log.back().hash;
    if (log_ == log.identity() && head == head_ && columns == columns_ && newest == newest_hash_) return false;
    classify(log);
    log_ = log.identity();
    head_ = head;
    newest_hash_ = newest;
    columns_ = columns;
    buckets_.clear();
    if (head == 0 || columns == 0) return true;
    const uint64_t n = std::min<uint64_t>(head, columns);
    buckets_.resize(n);
    for (uint64_t b = 0; b < n; ++b) {
        Bucket& bucket = buckets_[b];
        // Even shares of the log: bucket b holds positions (b * head / n, (b + 1) * head / n].
        bucket.first = b * head / n + 1;
        bucket.last = (b + 1) * head / n;
        bucket.counts.assign(types_.size(), 0);
        for (uint64_t p = bucket.first; p <= bucket.last; ++p) ++bucket.counts[event_type_[p - 1]];
        bucket.dominant = static_cast<size_t>(std::max_element(bucket.counts.begin(), bucket.counts.end()) -
                                              bucket.counts.begin());
    }
    return true;
}

size_t LogOverview::bucket_of(uint64_t position) const {
    if (position == 0 || position > head_) return buckets_.size();
    // The first bucket whose last position is at or after `position`.
    auto it = std::lower_bound(buckets_.begin(), buckets_.end(), position,
                               [](const Bucket& b, uint64_t p) { return b.last < p; });
    return static_cast<size_t>(it - buckets_.begin());
}

}  // namespace es::bank
