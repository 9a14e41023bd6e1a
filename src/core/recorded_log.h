// The events a store holds in memory (RecordedLog), and a read-only view over either that or a
// plain EventList (EventRange), for the code that reads a whole log whichever holds it.
//
// RecordedLog keeps its events in chunks of 4,096, so an append moves at most the first few
// thousand events (while the first vector grows to 4,096), never the whole log. A std::vector
// moves every event each time it outgrows its buffer: at 1,000,000 events that is ~340 MB natively
// (~150 MB in WASM) copied into fresh pages during one append, with both buffers alive meanwhile.
// A log the store is given whole (EventStore::open over a list the browser decoded, an import
// into an empty store) is adopted as it is, as the first vector, whose spare capacity the next
// appends use before any chunk is made; so opening copies nothing either.
#pragma once

#include <cstddef>
#include <iterator>
#include <utility>
#include <vector>

#include "core/event.h"

namespace es {

// A random-access iterator over a handle with operator[] (a pointer to a RecordedLog, or an
// EventRange), which it keeps by value: an iterator over a view stays valid as long as the log
// it views, not only as long as that copy of the view.
template <class Handle>
class IndexIterator {
public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = RecordedEvent;
    using difference_type = std::ptrdiff_t;
    using pointer = const RecordedEvent*;
    using reference = const RecordedEvent&;

    IndexIterator() = default;
    IndexIterator(Handle seq, size_t i) : seq_(seq), i_(i) {}

    reference operator*() const { return seq_[i_]; }
    pointer operator->() const { return &seq_[i_]; }
    reference operator[](difference_type n) const { return seq_[i_ + n]; }
    IndexIterator& operator++() { ++i_; return *this; }
    IndexIterator operator++(int) { IndexIterator t = *this; ++i_; return t; }
    IndexIterator& operator--() { --i_; return *this; }
    IndexIterator operator--(int) { IndexIterator t = *this; --i_; return t; }
    IndexIterator& operator+=(difference_type n) { i_ += n; return *this; }
    IndexIterator& operator-=(difference_type n) { i_ -= n; return *this; }
    friend IndexIterator operator+(IndexIterator it, difference_type n) { return it += n; }
    friend IndexIterator operator+(difference_type n, IndexIterator it) { return it += n; }
    friend IndexIterator operator-(IndexIterator it, difference_type n) { return it -= n; }
    friend difference_type operator-(const IndexIterator& a, const IndexIterator& b) {
        return static_cast<difference_type>(a.i_) - static_cast<difference_type>(b.i_);
    }
    friend bool operator==(const IndexIterator& a, const IndexIterator& b) { return a.i_ == b.i_; }
    friend bool operator!=(const IndexIterator& a, const IndexIterator& b) { return a.i_ != b.i_; }
    friend bool operator<(const IndexIterator& a, const IndexIterator& b) { return a.i_ < b.i_; }
    friend bool operator>(const IndexIterator& a, const IndexIterator& b) { return a.i_ > b.i_; }
    friend bool operator<=(const IndexIterator& a, const IndexIterator& b) { return a.i_ <= b.i_; }
    friend bool operator>=(const IndexIterator& a, const IndexIterator& b) { return a.i_ >= b.i_; }

private:
    Handle seq_{};
    size_t i_ = 0;
};

class RecordedLog;
// What an iterator over a RecordedLog keeps: the log lives as long as its store.
struct RecordedLogHandle {
    const RecordedLog* log = nullptr;
    const RecordedEvent& operator[](size_t i) const;
};

class RecordedLog {
public:
    RecordedLog() = default;
    RecordedLog(const RecordedLog&) = default;
    RecordedLog& operator=(const RecordedLog&) = default;
    // A moved-from log is empty, as a moved-from vector is.
    RecordedLog(RecordedLog&& o) noexcept { *this = std::move(o); }
    RecordedLog& operator=(RecordedLog&& o) noexcept {
        first_ = std::move(o.first_);
        chunks_ = std::move(o.chunks_);
        first_size_ = o.first_size_;
        size_ = o.size_;
        o.first_.clear();
        o.chunks_.clear();
        o.first_size_ = o.size_ = 0;
        return *this;
    }

    static constexpr size_t kChunkShift = 12;
    static constexpr size_t kChunk = size_t{1} << kChunkShift;  // events per chunk after the first

    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    const RecordedEvent& operator[](size_t i) const {
        if (i < first_size_) return first_[i];
        const size_t j = i - first_size_;
        return chunks_[j >> kChunkShift][j & (kChunk - 1)];
    }
    const RecordedEvent& front() const { return (*this)[0]; }
    const RecordedEvent& back() const { return chunks_.empty() ? first_.back() : chunks_.back().back(); }

    using const_iterator = IndexIterator<RecordedLogHandle>;
    const_iterator begin() const { return {RecordedLogHandle{this}, 0}; }
    const_iterator end() const { return {RecordedLogHandle{this}, size_}; }
    std::reverse_iterator<const_iterator> rbegin() const { return std::reverse_iterator<const_iterator>(end()); }
    std::reverse_iterator<const_iterator> rend() const { return std::reverse_iterator<const_iterator>(begin()); }

    void push_back(RecordedEvent&& e);
    // Drops what it held and takes `events` as they are (no copy).
    void adopt(EventList&& events);
    void clear();
    // Keeps the first `n` events (n <= size()).
    void truncate(size_t n);
    // A copy, for a caller that wants a list of its own.
    EventList to_list() const;

private:
    EventList first_;                 // adopted whole, or the first kChunk appended
    std::vector<EventList> chunks_;   // each kChunk reserved; only the last is not full
    size_t first_size_ = 0;  // first_.size(), kept: every read compares with it
    size_t size_ = 0;
};

// A read-only view over a whole log, held either way. Cheap to copy; it must not outlive what
// it views. Functions that read a log take it, so a caller passes the store's log or a list.
class EventRange {
public:
    EventRange() = default;  // an empty log
    EventRange(const EventList& list) : list_(&list) {}   // NOLINT: implicit by design
    EventRange(const RecordedLog& log) : log_(&log) {}    // NOLINT: implicit by design

    size_t size() const { return list_ ? list_->size() : log_ ? log_->size() : 0; }
    bool empty() const { return size() == 0; }
    const RecordedEvent& operator[](size_t i) const { return list_ ? (*list_)[i] : (*log_)[i]; }
    const RecordedEvent& front() const { return (*this)[0]; }
    const RecordedEvent& back() const { return (*this)[size() - 1]; }

    using const_iterator = IndexIterator<EventRange>;
    const_iterator begin() const { return {*this, 0}; }
    const_iterator end() const { return {*this, size()}; }
    std::reverse_iterator<const_iterator> rbegin() const { return std::reverse_iterator<const_iterator>(end()); }
    std::reverse_iterator<const_iterator> rend() const { return std::reverse_iterator<const_iterator>(begin()); }

    EventList to_list() const;
    // What it views (the same for two views of one log), to tell whether a log is the one seen before.
    const void* identity() const { return list_ ? static_cast<const void*>(list_) : static_cast<const void*>(log_); }

private:
    const EventList* list_ = nullptr;
    const RecordedLog* log_ = nullptr;
};

inline const RecordedEvent& RecordedLogHandle::operator[](size_t i) const { return (*log)[i]; }

bool operator==(EventRange a, EventRange b);
inline bool operator!=(EventRange a, EventRange b) { return !(a == b); }

}  // namespace es
