// EventIdIndex (event_id_index.h): lowercase UUIDs packed to two 64-bit words in a linear-probing
// table, everything else in a std::unordered_map.
#include "core/event_id_index.h"

#include <cassert>
#include <cstring>

#include "core/char_class.h"
#include "core/mix64.h"

namespace es {

namespace {

// The 8 lowercase hex digits at `p` as a 32-bit number (the first one its highest digit), all
// eight at once (char_class::lower_hex8; a character at a time this was the largest single cost
// of a store's open); false when a byte is not one.
inline bool hex8(const char* p, uint64_t& out) {
    const uint64_t x = char_class::load8(p);
    uint64_t letters;
    if (!char_class::lower_hex8(x, letters)) return false;
    // '0'-'9' are 0x30-0x39 and 'a'-'f' 0x61-0x66: the low nibble, plus 9 for a letter.
    uint64_t v = (x & 0x0f0f0f0f0f0f0f0full) + (letters >> 7) * 9;
    v = ((v << 4) | (v >> 8)) & 0x00ff00ff00ff00ffull;      // digit pairs: bytes 0, 2, 4, 6
    v = ((v << 8) | (v >> 16)) & 0x0000ffff0000ffffull;     // quads: 16-bit lanes 0 and 2
    out = ((v << 16) | (v >> 32)) & 0x00000000ffffffffull;  // all eight
    return true;
}

// UUIDs that are not random (v1, v7, the nil UUID) still spread over the table.
inline uint64_t mix(uint64_t x) { return mix64(x); }

}  // namespace

bool EventIdIndex::pack(std::string_view event_id, PackedId& out) {
    // 8-4-4-4-12 digits: the first 16 (groups 1-3) make the high word, the last 16 the low one.
    if (event_id.size() != 36) return false;
    const char* p = event_id.data();
    if (p[8] != '-' || p[13] != '-' || p[18] != '-' || p[23] != '-') return false;
    char digits[32];  // the 32 digits without their dashes
    std::memcpy(digits, p, 8);
    std::memcpy(digits + 8, p + 9, 4);
    std::memcpy(digits + 12, p + 14, 4);
    std::memcpy(digits + 16, p + 19, 4);
    std::memcpy(digits + 20, p + 24, 12);
    uint64_t a, b, c, d;
    if (!hex8(digits, a) || !hex8(digits + 8, b) || !hex8(digits + 16, c) || !hex8(digits + 24, d)) return false;
    out.high = (a << 32) | b;
    out.low = (c << 32) | d;
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
