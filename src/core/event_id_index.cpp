// EventIdIndex (event_id_index.h): lowercase UUIDs packed to two 64-bit words in a linear-probing
// table, everything else in a std::unordered_map.
#include "core/event_id_index.h"

#include <cassert>

#include "core/mix64.h"

namespace es {

namespace {

// The value of a lowercase hex digit, or -1. Upper-case digits are deliberately not packed:
// the packed form could not tell "A" from "a", and ids are compared as exact strings.
inline int lower_hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// UUIDs that are not random (v1, v7, the nil UUID) still spread over the table.
inline uint64_t mix(uint64_t x) { return mix64(x); }

}  // namespace

bool EventIdIndex::pack(std::string_view event_id, PackedId& out) {
    if (event_id.size() != 36) return false;
    uint64_t words[2] = {0, 0};
    int digits = 0;
    for (size_t i = 0; i < 36; ++i) {
        const char c = event_id[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
            continue;
        }
        const int v = lower_hex_value(c);
        if (v < 0) return false;
        uint64_t& word = words[digits / 16];
        word = (word << 4) | static_cast<uint64_t>(v);
        ++digits;
    }
    out.high = words[0];
    out.low = words[1];
    return true;
}

size_t EventIdIndex::slot_of(const PackedId& id) const {
    const size_t mask = slots_.size() - 1;
    size_t i = static_cast<size_t>(mix(id.high ^ mix(id.low))) & mask;
    while (slots_[i].position != 0 && (slots_[i].id.high != id.high || slots_[i].id.low != id.low)) i = (i + 1) & mask;
    return i;
}

uint64_t EventIdIndex::find(std::string_view event_id) const {
    PackedId id;
    if (pack(event_id, id)) return slots_.empty() ? 0 : slots_[slot_of(id)].position;
    if (others_.empty()) return 0;
    auto it = others_.find(std::string(event_id));
    return it == others_.end() ? 0 : it->second;
}

void EventIdIndex::insert(std::string_view event_id, uint64_t position) {
    assert(position != 0 && "position 0 marks an empty slot; positions start at 1");
    PackedId id;
    if (!pack(event_id, id)) {
        others_[std::string(event_id)] = position;
        return;
    }
    if ((packed_count_ + 1) * 4 > slots_.size() * 3) grow(slots_.empty() ? 16 : slots_.size() * 2);
    Slot& slot = slots_[slot_of(id)];
    if (slot.position == 0) ++packed_count_;
    slot.id = id;
    slot.position = position;
}

void EventIdIndex::clear() {
    slots_.clear();
    slots_.shrink_to_fit();
    packed_count_ = 0;
    others_.clear();
}

void EventIdIndex::reserve(size_t n) {
    size_t capacity = 16;
    while (n * 4 > capacity * 3) capacity *= 2;
    if (capacity > slots_.size()) grow(capacity);
}

void EventIdIndex::grow(size_t capacity) {
    std::vector<Slot> old(capacity);
    old.swap(slots_);
    for (const Slot& s : old)
        if (s.position != 0) slots_[slot_of(s.id)] = s;
}

}  // namespace es
