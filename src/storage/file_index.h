// The index kept beside a native events file (`<log>.index`, docs/LOG_FORMAT.md "Index"): for
// every committed event, where its line is (offset and length), its stream, and a 64-bit key of
// its id; so a store can open, read one stream, and check an id is unused without reading the
// log. Like a database's index it is derived data: rebuilt from the log whenever it is missing,
// damaged (its checksum), or describes other bytes than the file holds (FileStorage::open checks
// the commit marker it ends on). Encoding and decoding are pure functions here; FileStorage does
// the I/O.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/event.h"
#include "core/result.h"

namespace es {

class FileIndex {
public:
    uint64_t head() const { return offsets_.size(); }
    // Bytes of the events file it describes: up to the end of the last commit marker.
    uint64_t covered_bytes() const { return covered_; }
    void set_covered_bytes(uint64_t bytes) { covered_ = bytes; }

    // The event at position head() + 1, whose line starts at `offset` and is `length` bytes long.
    void add(const RecordedEvent& e, uint64_t offset, uint32_t length);
    uint64_t line_offset(uint64_t position) const { return offsets_[position - 1]; }
    uint32_t line_length(uint64_t position) const { return lengths_[position - 1]; }

    // Every stream's positions up to `max_position`, in version order.
    void stream_positions_upto(uint64_t max_position, std::map<std::string, std::vector<uint64_t>>& out) const;
    // Positions whose id has the same key as `event_id`: a superset of the one that has it (a
    // caller compares the ids themselves; two ids share a key with probability 2^-64).
    std::vector<uint64_t> id_candidates(const std::string& event_id) const;

    std::string encode() const;
    // A Corrupt error saying what is wrong: a bad magic, a size that does not add up, an entry
    // out of range, or a checksum that does not match.
    static Result<FileIndex> decode(std::string_view bytes);

private:
    struct IdEntry {
        uint64_t key;
        uint64_t position;
        bool operator<(const IdEntry& o) const { return key < o.key || (key == o.key && position < o.position); }
    };

    uint64_t covered_ = 0;
    std::vector<uint64_t> offsets_;
    std::vector<uint32_t> lengths_;
    std::vector<uint32_t> stream_of_;  // number into streams_
    std::vector<std::string> streams_;
    std::unordered_map<std::string, uint32_t> stream_numbers_;
    std::vector<IdEntry> sorted_ids_;                       // as decoded, sorted by key
    std::unordered_multimap<uint64_t, uint64_t> new_ids_;   // added since: key -> position
};

// The 64-bit key of an event id in the index.
uint64_t event_id_key(std::string_view event_id);

}  // namespace es
