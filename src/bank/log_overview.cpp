// LogOverview: the log in buckets for the drawn timeline (see log_overview.h).
#include "bank/log_overview.h"

#include <algorithm>
#include <unordered_map>

namespace es::bank {

bool LogOverview::update(const EventList& log, size_t columns) {
    const uint64_t head = log.size();
    const std::string& newest = log.empty() ? std::string() : log.back().hash;
    if (log_ == &log && head == head_ && columns == columns_ && newest == newest_hash_) return false;
    log_ = &log;
    head_ = head;
    newest_hash_ = newest;
    columns_ = columns;
    types_.clear();
    buckets_.clear();
    if (head == 0 || columns == 0) return true;

    std::unordered_map<std::string, size_t> type_index;
    std::vector<size_t> event_type(log.size());
    for (size_t i = 0; i < log.size(); ++i) {
        auto [it, added] = type_index.emplace(log[i].type, types_.size());
        if (added) types_.push_back(log[i].type);
        event_type[i] = it->second;
    }
    const uint64_t n = std::min<uint64_t>(head, columns);
    buckets_.resize(n);
    for (uint64_t b = 0; b < n; ++b) {
        Bucket& bucket = buckets_[b];
        // Even shares of the log: bucket b holds positions (b * head / n, (b + 1) * head / n].
        bucket.first = b * head / n + 1;
        bucket.last = (b + 1) * head / n;
        bucket.counts.assign(types_.size(), 0);
        for (uint64_t p = bucket.first; p <= bucket.last; ++p) ++bucket.counts[event_type[p - 1]];
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
