// The index kept beside a native events file (`<log>.index`, docs/LOG_FORMAT.md "Index file"):
// for every committed event, where its line is (offset and length), its stream, and a 64-bit
// key of its id; so a store can open, read one stream, and check an id is unused without reading
// the log. Like a database's index it is derived data: rebuilt from the log whenever it is
// missing, damaged (a checksum), or describes other bytes than the file holds (FileStorage::open
// checks the commit marker it ends on).
//
// The file is a base block (every event it held when it was last written whole) followed by
// added blocks (the events each later run appended), each with its own checksum, so a run that
// appends one event writes one small block instead of the whole index. Decoding reads the base
// in place (FileStorage maps the file: nothing is copied) and the added blocks into memory.
// Encoding and decoding are pure functions here; FileStorage does the I/O.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/event.h"
#include "core/result.h"
#include "core/storage.h"

namespace es {

class FileIndex {
public:
    uint64_t head() const { return base_n_ + offsets_.size(); }
    // Bytes of the events file it describes: up to the end of the last commit marker.
    uint64_t covered_bytes() const { return covered_; }
    void set_covered_bytes(uint64_t bytes) { covered_ = bytes; }

    // The event at position head() + 1, whose line starts at `offset` and is `length` bytes long.
    void add(const RecordedEvent& e, uint64_t offset, uint32_t length);
    uint64_t line_offset(uint64_t position) const;
    uint32_t line_length(uint64_t position) const;

    // Every stream's positions up to `max_position`, in version order.
    void stream_positions_upto(uint64_t max_position, StreamPositions& out) const;
    // Positions whose id has the same key as `event_id`: a superset of the one that has it (a
    // caller compares the ids themselves; two ids share a key with probability 2^-64).
    std::vector<uint64_t> id_candidates(const std::string& event_id) const;
    uint64_t stream_count() const { return streams_.size(); }
    // How many added blocks followed the base in the bytes decoded.
    uint64_t added_blocks() const { return added_blocks_; }

    // The whole index as one base block: what a new index file holds.
    std::string encode() const;
    // An added block with the events from `first` to head(), for a file that holds this index up
    // to `first` - 1 with its first `streams_before` streams: appended to that file, it decodes
    // as this index. `first` must be after the base block this index was decoded from (the file
    // it was decoded from holds at least that).
    std::string encode_added(uint64_t first, uint64_t streams_before) const;
    // A Corrupt error saying what is wrong: a bad magic, a size that does not add up, an entry
    // out of range, or a checksum that does not match (in the base or any added block). The base
    // block is read in place: `owner` keeps `bytes` alive as long as the index; without one the
    // bytes are copied.
    static Result<FileIndex> decode(std::string_view bytes, std::shared_ptr<const void> owner = nullptr);

private:
    // `s` is the stream number, `key` the id key of the event at position head() + 1.
    void add_entry(uint64_t offset, uint32_t length, uint32_t s, uint64_t key);
    uint32_t stream_of(uint64_t position) const;
    uint32_t stream_number(const std::string& stream_id);
    Status decode_added(std::string_view block);

    uint64_t covered_ = 0;
    // The base block, in the decoded bytes (little-endian arrays; see file_index.cpp).
    std::shared_ptr<const void> owner_;
    uint64_t base_n_ = 0;
    const char* base_offsets_ = nullptr;  // base_n_ x u64
    const char* base_lengths_ = nullptr;  // base_n_ x u32
    const char* base_streams_ = nullptr;  // base_n_ x u32
    const char* base_ids_ = nullptr;      // base_n_ x (u64 key, u64 position), sorted by key
    // The events after the base (added blocks decoded, and add()).
    std::vector<uint64_t> offsets_;
    std::vector<uint32_t> lengths_;
    std::vector<uint32_t> stream_of_;
    std::vector<uint64_t> id_keys_;
    std::unordered_multimap<uint64_t, uint64_t> added_ids_;  // key -> position
    std::vector<std::string> streams_;
    std::unordered_map<std::string, uint32_t> stream_numbers_;
    uint64_t added_blocks_ = 0;
};

// The 64-bit key of an event id in the index.
uint64_t event_id_key(std::string_view event_id);

}  // namespace es
