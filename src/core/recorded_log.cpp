// RecordedLog and EventRange (recorded_log.h).
#include "core/recorded_log.h"

#include <cstdio>
#include <cstdlib>

#include "core/event_reader.h"
#include "core/event_writer.h"

namespace es {

namespace {

// Frees what an event holds (its strings, its payload), leaving an empty shell that frees nothing
// more when it is destroyed: for events released in place inside an adopted list.
void free_contents(RecordedEvent& e) {
    for (std::string* s : {&e.event_id, &e.stream_id, &e.type, &e.metadata.actor, &e.metadata.reason,
                           &e.metadata.correlation_id, &e.metadata.causation_id, &e.prev_hash, &e.hash})
        std::string().swap(*s);
    e.data = Json();  // null: holds nothing
}

}  // namespace

RecordedLog& RecordedLog::operator=(RecordedLog&& o) noexcept {
    if (this == &o) return *this;
    first_ = std::move(o.first_);  // a moved vector keeps its buffer: the chunks' pointers stay right
    chunks_ = std::move(o.chunks_);
    own_lines_ = std::move(o.own_lines_);
    size_ = o.size_;
    hand_ = o.hand_;
    pass_ = o.pass_;
    o.first_.clear();
    o.chunks_.clear();
    o.own_lines_ = ByteBlocks();
    o.size_ = o.hand_ = 0;
    o.pass_ = 0;
    return *this;
}

void RecordedLog::push_back(RecordedEvent&& e, std::string_view line) {
    const size_t k = size_ >> kChunkShift;
    const size_t j = size_ & (kChunk - 1);
    const bool first_has_room = !first_.empty() && first_.size() == size_ && first_.size() < first_.capacity();
    if (j == 0) {
        Chunk& c = chunks_.emplace_back();
        c.read_at = pass_;
        if (first_has_room) {
            // An adopted list's spare room (an import's, grown by doubling) is used up first: it
            // would otherwise stay allocated for nothing.
            first_.push_back(std::move(e));
            c.in_first = true;
            c.events = first_.data() + (k << kChunkShift);
        } else {
            if (k > 0) c.own.reserve(kChunk);  // the first grows as a vector does: a small log stays small
            c.own.push_back(std::move(e));
            c.events = c.own.data();
        }
    } else {
        Chunk& c = chunks_[k];
        c.read_at = pass_;
        if (c.events == nullptr) load(k);  // (only after a truncate: the last chunk is never released)
        if (c.in_first && first_has_room) {
            first_.push_back(std::move(e));
        } else {
            if (c.in_first) {
                move_out_of_first(k);
                first_.resize(k << kChunkShift);  // the moved events' shells
            }
            c.own.push_back(std::move(e));
            c.events = c.own.data();
        }
    }
    ++size_;
    if (!line.empty()) keep_line(size_ - 1, line);
}

void RecordedLog::adopt(EventList&& events) {
    clear();
    size_ = events.size();
    first_ = std::move(events);
    chunks_.resize((size_ + kChunk - 1) >> kChunkShift);
    for (size_t k = 0; k < chunks_.size(); ++k) {
        chunks_[k].events = first_.data() + (k << kChunkShift);
        chunks_[k].in_first = true;
        chunks_[k].read_at = pass_;
    }
}

void RecordedLog::keep_line(size_t i, std::string_view line) {
    if (line.empty() || i >= size_) return;
    Chunk& c = chunks_[i >> kChunkShift];
    const size_t j = i & (kChunk - 1);
    if (c.lines.size() <= j) {
        if (c.lines.empty()) c.lines.reserve(i >> kChunkShift == 0 ? chunk_size(0) : kChunk);
        c.lines.resize(j + 1);
    }
    c.lines[j] = line;
}

void RecordedLog::clear() {
    first_ = EventList();
    chunks_ = std::vector<Chunk>();
    own_lines_ = ByteBlocks();
    size_ = hand_ = 0;  // pass_ goes on: a chunk made later is as new as ever
}

void RecordedLog::truncate(size_t n) {
    if (n >= size_) return;
    const size_t keep = (n + kChunk - 1) >> kChunkShift;  // chunks that keep an event
    chunks_.resize(keep);
    if (first_.size() > n) first_.erase(first_.begin() + static_cast<std::ptrdiff_t>(n), first_.end());
    size_ = n;
    if (hand_ >= chunks_.size()) hand_ = 0;
    if (keep == 0) return;
    Chunk& c = chunks_.back();
    const size_t m = chunk_size(keep - 1);
    if (c.lines.size() > m) c.lines.resize(m);
    c.loose.clear();  // the chunk is decoded whole below: it is the last now
    c.loose_count = 0;
    if (c.events != nullptr && !c.in_first) {
        c.own.erase(c.own.begin() + static_cast<std::ptrdiff_t>(m), c.own.end());
        c.events = c.own.data();
    }
    if (c.events == nullptr) load(keep - 1);  // the last chunk is always decoded
}

namespace {

// Event `i`'s line decoded again. These are the bytes it was decoded from or written as (a
// storage's kept line), or the log's own encoding of it: they cannot fail to decode unless memory
// was damaged, and there is no event to return then.
RecordedEvent decode_kept(const std::vector<std::string_view>& lines, size_t j, size_t i) {
    auto e = j < lines.size() ? decode_event_line(lines[j])
                              : Result<RecordedEvent>(make_error(ErrorCode::Corrupt, "no line kept"));
    if (!e.ok()) {
        std::fprintf(stderr, "RecordedLog: event %zu, released from memory, cannot be decoded again: %s\n", i + 1,
                     e.error().message.c_str());
        std::abort();
    }
    return std::move(e).value();
}

}  // namespace

const RecordedEvent& RecordedLog::decode_released(size_t i) const {
    const size_t k = i >> kChunkShift;
    const size_t j = i & (kChunk - 1);
    Chunk& c = chunks_[k];
    if (c.loose.empty()) c.loose.resize(chunk_size(k));
    if (c.loose[j] == nullptr) {
        if (c.loose_count >= kLooseAtMost) {
            load(k);  // the events read one by one stay where they are, for who holds them
            return c.events[j];
        }
        c.loose[j] = std::make_unique<RecordedEvent>(decode_kept(c.lines, j, i));
        ++c.loose_count;
    }
    return *c.loose[j];
}

void RecordedLog::load(size_t k) const {
    Chunk& c = chunks_[k];
    const size_t n = chunk_size(k);
    EventList events;
    events.reserve(k + 1 == chunks_.size() ? kChunk : n);
    for (size_t j = 0; j < n; ++j) events.push_back(decode_kept(c.lines, j, (k << kChunkShift) + j));
    c.own = std::move(events);
    c.events = c.own.data();
    c.in_first = false;
}

void RecordedLog::move_out_of_first(size_t k) {
    Chunk& c = chunks_[k];
    const size_t at = k << kChunkShift;
    const size_t n = chunk_size(k);
    c.own.reserve(kChunk);
    for (size_t j = 0; j < n; ++j) c.own.push_back(std::move(first_[at + j]));
    c.events = c.own.data();
    c.in_first = false;
}

size_t RecordedLog::release_untouched(size_t max_chunks, uint32_t min_age) {
    ++pass_;
    size_t released = 0, chunks_released = 0;
    const size_t count = chunks_.size();
    for (size_t seen = 0; seen < count && chunks_released < max_chunks; ++seen) {
        const size_t k = hand_;
        hand_ = hand_ + 1 == count ? 0 : hand_ + 1;  // a call that stops early goes on from here next time
        Chunk& c = chunks_[k];
        if (k + 1 == count || pass_ - c.read_at <= min_age || (c.events == nullptr && c.loose.empty())) continue;
        if (c.events == nullptr) {  // released before, and some of its events read one by one since
            released += c.loose_count;
        } else {
            const size_t n = chunk_size(k);
            c.lines.resize(n);
            for (size_t j = 0; j < n; ++j)
                if (c.lines[j].empty()) c.lines[j] = own_lines_.keep(encode_event_line(c.events[j]));
            if (c.in_first) {
                for (size_t j = 0; j < n; ++j) free_contents(c.events[j]);
            } else {
                EventList().swap(c.own);
            }
            c.events = nullptr;
            c.in_first = false;
            released += n;
        }
        std::vector<std::unique_ptr<RecordedEvent>>().swap(c.loose);
        c.loose_count = 0;
        ++chunks_released;
    }
    dissolve_first_if_mostly_released();
    return released;
}

void RecordedLog::dissolve_first_if_mostly_released() {
    if (first_.capacity() == 0) return;
    // An adopted list goes as a whole, once few of its chunks are still decoded in it: those move
    // out (a few thousand events), and the shells of the released ones go with the list.
    constexpr size_t kMoveAtMost = 8;
    size_t in_first = 0;
    for (const Chunk& c : chunks_) in_first += c.in_first ? 1 : 0;
    if (in_first > kMoveAtMost) return;
    for (size_t k = 0; k < chunks_.size(); ++k)
        if (chunks_[k].in_first) move_out_of_first(k);
    first_ = EventList();
}

size_t RecordedLog::decoded_events() const {
    size_t n = 0;
    for (size_t k = 0; k < chunks_.size(); ++k) n += chunks_[k].events != nullptr ? chunk_size(k) : chunks_[k].loose_count;
    return n;
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
