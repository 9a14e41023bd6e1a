// RecordedLog and EventRange (recorded_log.h).
#include "core/recorded_log.h"

namespace es {

void RecordedLog::push_back(RecordedEvent&& e) {
    if (chunks_.empty() && (first_size_ < kChunk || first_size_ < first_.capacity())) {
        // A small log: one vector, grown as usual. An adopted one's spare room (an import's list,
        // grown by doubling) is used up first: it would otherwise stay allocated for nothing.
        first_.push_back(std::move(e));
        ++first_size_;
    } else {
        if (chunks_.empty() || chunks_.back().size() == kChunk) {
            chunks_.emplace_back();
            chunks_.back().reserve(kChunk);
        }
        chunks_.back().push_back(std::move(e));
    }
    ++size_;
}

void RecordedLog::adopt(EventList&& events) {
    clear();
    first_ = std::move(events);
    first_size_ = size_ = first_.size();
}

void RecordedLog::clear() {
    first_ = EventList();
    chunks_ = std::vector<EventList>();
    first_size_ = size_ = 0;
}

void RecordedLog::truncate(size_t n) {
    if (n >= size_) return;
    if (n <= first_.size()) {
        first_.erase(first_.begin() + static_cast<std::ptrdiff_t>(n), first_.end());
        first_size_ = n;
        chunks_.clear();
    } else {
        const size_t j = n - first_.size();
        const size_t keep = (j + kChunk - 1) >> kChunkShift;  // chunks that keep an event
        chunks_.resize(keep);
        const size_t in_last = j - ((keep - 1) << kChunkShift);
        EventList& last = chunks_.back();
        last.erase(last.begin() + static_cast<std::ptrdiff_t>(in_last), last.end());
    }
    size_ = n;
}

EventList RecordedLog::to_list() const { return EventRange(*this).to_list(); }

EventList EventRange::to_list() const {
    if (list_) return *list_;
    EventList out;
    out.reserve(size());
    for (const RecordedEvent& e : *this) out.push_back(e);
    return out;
}

bool operator==(EventRange a, EventRange b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (!(a[i] == b[i])) return false;
    return true;
}

}  // namespace es
