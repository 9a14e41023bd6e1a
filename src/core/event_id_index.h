// The event store's index from event id to global position, kept compact: an id in the form the
// store's UuidGenerator writes (36 characters, lowercase hex, dashes at 8/13/18/23) is packed to
// 16 bytes in an open-addressing table, ~32 bytes an id instead of the ~100 of a hash-map node
// holding a std::string. Any other id (upper-case hex, not a UUID at all) goes to a small
// fallback map, so lookups keep exact string semantics: "ABC..." and "abc..." stay two ids.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace es {

class EventIdIndex {
public:
    // The position recorded for `event_id`, or 0 when there is none (positions start at 1).
    uint64_t find(std::string_view event_id) const;
    // Records `event_id` at `position` (which must be > 0); an id already there gets the new one.
    void insert(std::string_view event_id, uint64_t position);
    size_t size() const { return packed_count_ + others_.size(); }
    void clear();
    // Room for `n` ids without growing (an open that knows the log's length).
    void reserve(size_t n);

private:
    struct PackedId {
        uint64_t high = 0;
        uint64_t low = 0;
    };
    struct Slot {
        PackedId id;
        uint64_t position = 0;  // 0: the slot is empty
    };

    static bool pack(std::string_view event_id, PackedId& out);
    size_t slot_of(const PackedId& id) const;  // where `id` is, or the empty slot it would take
    void grow(size_t capacity);

    std::vector<Slot> slots_;  // size 0 or a power of two, at most 3/4 full
    size_t packed_count_ = 0;
    std::unordered_map<std::string, uint64_t> others_;
};

}  // namespace es
