// The events a store holds in memory (RecordedLog), and a read-only view over either that or a
// plain EventList (EventRange), for the code that reads a whole log whichever holds it.
//
// RecordedLog keeps its events in chunks of 1,024, so an append moves at most the first
// thousand events (while the first chunk grows), never the whole log. A std::vector moves every
// event each time it outgrows its buffer: at 1,000,000 events that is ~340 MB natively (~150 MB
// in WASM) copied into fresh pages during one append, with both buffers alive meanwhile. A log
// the store is given whole (EventStore::open over a list the browser decoded, an import into an
// empty store) is adopted as it is, and the next appends use its spare capacity first; so opening
// copies nothing either.
//
// A decoded event takes ~1.5-2x the memory of its stored line, on top of the line the storage
// keeps. So chunks that nobody read for a while are released (release_untouched): only their
// lines stay, as views of the bytes a MemoryStorage keeps anyway (or as the log's own copy where
// the storage keeps none), and a read decodes the chunk again. Reading is therefore not free of
// side effects: a log is not for readers on several threads at once.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/byte_blocks.h"
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
    // Not copyable: a log's chunks point into its own buffers. to_list() copies the events.
    RecordedLog(const RecordedLog&) = delete;
    RecordedLog& operator=(const RecordedLog&) = delete;
    // A moved-from log is empty, as a moved-from vector is.
    RecordedLog(RecordedLog&& o) noexcept { *this = std::move(o); }
    RecordedLog& operator=(RecordedLog&& o) noexcept;

    static constexpr size_t kChunkShift = 10;
    static constexpr size_t kChunk = size_t{1} << kChunkShift;  // events per chunk

    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    // The event at `i`, decoded again from its line first when its chunk was released (that
    // event alone, or the whole chunk once many of its events were read). The reference stays
    // valid until the next release_untouched() (or a call that changes the log).
    const RecordedEvent& operator[](size_t i) const {
        Chunk& c = chunks_[i >> kChunkShift];
        c.read_at = pass_;
        if (c.events == nullptr) return decode_released(i);
        return c.events[i & (kChunk - 1)];
    }
    const RecordedEvent& front() const { return (*this)[0]; }
    const RecordedEvent& back() const { return (*this)[size_ - 1]; }
    // The event at `i` when it is held decoded, nullptr when it was released (and not read back
    // since): a peek that neither decodes it nor counts as a read.
    const RecordedEvent* decoded_at(size_t i) const {
        const Chunk& c = chunks_[i >> kChunkShift];
        if (c.events != nullptr) return &c.events[i & (kChunk - 1)];
        return c.loose.empty() ? nullptr : c.loose[i & (kChunk - 1)].get();
    }

    using const_iterator = IndexIterator<RecordedLogHandle>;
    const_iterator begin() const { return {RecordedLogHandle{this}, 0}; }
    const_iterator end() const { return {RecordedLogHandle{this}, size_}; }
    std::reverse_iterator<const_iterator> rbegin() const { return std::reverse_iterator<const_iterator>(end()); }
    std::reverse_iterator<const_iterator> rend() const { return std::reverse_iterator<const_iterator>(begin()); }

    // `line`, when given, is the event's stored line, bytes that stay as they are for as long as
    // the log lives (Storage::kept_line): a released chunk keeps a view of it instead of a copy.
    void push_back(RecordedEvent&& e, std::string_view line = {});
    // Drops what it held and takes `events` as they are (no copy).
    void adopt(EventList&& events);
    // Names the stored line of event `i` (as push_back's `line`), for events adopted whole.
    void keep_line(size_t i, std::string_view line);
    void clear();
    // Keeps the first `n` events (n <= size()).
    void truncate(size_t n);
    // A copy, for a caller that wants a list of its own.
    EventList to_list() const;

    // Memory: keeps as their lines only (a view of the storage's bytes, or the log's own copy,
    // written now, where the storage keeps none) the chunks nobody read (or appended to) during
    // the last `min_age` calls of this, at most `max_chunks` of them, and frees their decoded
    // events; a later read decodes such a chunk again. So with min_age 1, a chunk read since the
    // last call survives this one, not the next. The last chunk, which appends go to, stays
    // decoded. Every reference and pointer into the log is invalid afterwards. Returns how many
    // events it released.
    size_t release_untouched(size_t max_chunks = SIZE_MAX, uint32_t min_age = 1);
    // How many events are held decoded (the rest are held as their lines only).
    size_t decoded_events() const;

private:
    struct Chunk {
        RecordedEvent* events = nullptr;  // where its events are decoded (own, or in first_); null when released
        EventList own;
        std::vector<std::string_view> lines;  // [j]: event j's stored line, once known (empty otherwise)
        // Released, its events read one by one are decoded one by one: [j], once read.
        std::vector<std::unique_ptr<RecordedEvent>> loose;
        uint32_t loose_count = 0;
        uint32_t read_at = 0;  // pass_ when it was last read or appended to
        bool in_first = false;
    };
    // A released chunk read this many times in one go is decoded whole: a scan, not a lookup.
    static constexpr uint32_t kLooseAtMost = 64;
    size_t chunk_size(size_t k) const { return std::min(kChunk, size_ - (k << kChunkShift)); }
    const RecordedEvent& decode_released(size_t i) const;
    void load(size_t k) const;  // decodes released chunk k from its lines
    void move_out_of_first(size_t k);
    void dissolve_first_if_mostly_released();

    EventList first_;              // adopted whole; chunks with in_first point into it
    mutable std::vector<Chunk> chunks_;  // chunk k holds events [k * kChunk, (k + 1) * kChunk)
    size_t size_ = 0;
    size_t hand_ = 0;              // where release_untouched goes on from
    uint32_t pass_ = 0;            // release_untouched's calls so far
    ByteBlocks own_lines_;  // the log's own copies of the lines of released events
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
