// EventIdIndex (event_id_index.h): lowercase UUIDs packed to two 64-bit words in a linear-probing
// table, everything else in a std::unordered_map.
#include "core/event_id_index.h"

#include <cassert>

#include "core/char_class.h"
#include "core/mix64.h"

namespace es {

namespace {

// Packs `count` hex digits from `p` onto `word`; false at a byte that is not one.
inline bool pack_digits(const char* p, int count, uint64_t& word) {
    unsigned bad = 0;
    for (int i = 0; i < count; ++i) {
        const unsigned v = char_class::lower_hex_value(p[i]);
        bad |= v;  // kNotHex has bit 4 set, which no digit's value has
        word = (word << 4) | (v & 0xf);
    }
    return (bad & 0x10) == 0;
}

// UUIDs that are not random (v1, v7, the nil UUID) still spread over the table.
inline uint64_t mix(uint64_t x) { return mix64(x); }

}  // namespace

bool EventIdIndex::pack(std::string_view event_id, PackedId& out) {
    // 8-4-4-4-12 digits: the first 16 (groups 1-3) make the high word, the last 16 the low one.
    if (event_id.size() != 36) return false;
    const char* p = event_id.data();
    if (p[8] != '-' || p[13] != '-' || p[18] != '-' || p[23] != '-') return false;
    uint64_t high = 0, low = 0;
    if (!pack_digits(p, 8, high) || !pack_digits(p + 9, 4, high) || !pack_digits(p + 14, 4, high)) return false;
    if (!pack_digits(p + 19, 4, low) || !pack_digits(p + 24, 12, low)) return false;
    out.high = high;
    out.low = low;
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
