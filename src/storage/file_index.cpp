// FileIndex encoding (see file_index.h). Little-endian fixed-width integers:
//   magic "ESIDX001", covered bytes, event count N, stream count S,
//   S x (u32 length, bytes) stream ids,
//   N x u64 line offset, N x u32 line length, N x u32 stream number,
//   N x (u64 id key, u64 position) sorted by key,
//   u64 checksum of everything before it.
#include "storage/file_index.h"

#include <algorithm>
#include <cstring>

#include "core/mix64.h"

namespace es {
namespace {

constexpr char kMagic[8] = {'E', 'S', 'I', 'D', 'X', '0', '0', '1'};

uint64_t mix(uint64_t h) { return mix64(h); }

// A fast 64-bit checksum over 8-byte words, four lanes at a time (a damaged index is detected,
// not an attacker: the index is never trusted for anything the chain check vouches for).
uint64_t checksum64(std::string_view bytes) {
    uint64_t lanes[4] = {0x9e3779b97f4a7c15ULL, 0xc2b2ae3d27d4eb4fULL, 0x165667b19e3779f9ULL, 0x27d4eb2f165667c5ULL};
    size_t i = 0;
    for (; i + 32 <= bytes.size(); i += 32) {
        for (int k = 0; k < 4; ++k) {
            uint64_t w;
            std::memcpy(&w, bytes.data() + i + 8 * k, 8);
            lanes[k] = (lanes[k] ^ w) * 0x100000001b3ULL;
            lanes[k] = (lanes[k] << 29) | (lanes[k] >> 35);
        }
    }
    uint64_t h = bytes.size();
    for (uint64_t lane : lanes) h = mix(h ^ lane);
    for (; i < bytes.size(); ++i) h = mix(h ^ static_cast<unsigned char>(bytes[i]));
    return h;
}

// The arrays are copied as they are in memory when the machine is little-endian (x86-64 and
// wasm32 both are), and value by value otherwise.
bool little_endian() {
    const uint16_t one = 1;
    unsigned char first;
    std::memcpy(&first, &one, 1);
    return first == 1;
}

void put64(std::string& out, uint64_t v) {
    char b[8];
    for (int k = 0; k < 8; ++k) b[k] = static_cast<char>((v >> (8 * k)) & 0xff);
    out.append(b, 8);
}
void put32(std::string& out, uint32_t v) {
    char b[4];
    for (int k = 0; k < 4; ++k) b[k] = static_cast<char>((v >> (8 * k)) & 0xff);
    out.append(b, 4);
}

class Reader {
public:
    explicit Reader(std::string_view bytes) : bytes_(bytes) {}
    bool has(uint64_t n) const { return n <= bytes_.size() - at_; }
    uint64_t u64() {
        uint64_t v = 0;
        for (int k = 0; k < 8; ++k) v |= static_cast<uint64_t>(static_cast<unsigned char>(bytes_[at_ + k])) << (8 * k);
        at_ += 8;
        return v;
    }
    uint32_t u32() {
        uint32_t v = 0;
        for (int k = 0; k < 4; ++k) v |= static_cast<uint32_t>(static_cast<unsigned char>(bytes_[at_ + k])) << (8 * k);
        at_ += 4;
        return v;
    }
    std::string_view take(size_t n) {
        std::string_view v = bytes_.substr(at_, n);
        at_ += n;
        return v;
    }
    size_t at() const { return at_; }

private:
    std::string_view bytes_;
    size_t at_ = 0;
};

}  // namespace

uint64_t event_id_key(std::string_view event_id) { return checksum64(event_id); }

void FileIndex::add(const RecordedEvent& e, uint64_t offset, uint32_t length) {
    offsets_.push_back(offset);
    lengths_.push_back(length);
    auto [it, inserted] = stream_numbers_.try_emplace(e.stream_id, static_cast<uint32_t>(streams_.size()));
    if (inserted) streams_.push_back(e.stream_id);
    stream_of_.push_back(it->second);
    new_ids_.emplace(event_id_key(e.event_id), offsets_.size());
}

void FileIndex::stream_positions_upto(uint64_t max_position, std::map<std::string, std::vector<uint64_t>>& out) const {
    out.clear();
    std::vector<std::vector<uint64_t>*> by_number(streams_.size(), nullptr);
    const uint64_t n = std::min<uint64_t>(max_position, head());
    for (uint64_t p = 1; p <= n; ++p) {
        const uint32_t s = stream_of_[p - 1];
        if (!by_number[s]) by_number[s] = &out[streams_[s]];
        by_number[s]->push_back(p);
    }
}

std::vector<uint64_t> FileIndex::id_candidates(const std::string& event_id) const {
    std::vector<uint64_t> out;
    const uint64_t key = event_id_key(event_id);
    auto lo = std::lower_bound(sorted_ids_.begin(), sorted_ids_.end(), IdEntry{key, 0});
    for (auto it = lo; it != sorted_ids_.end() && it->key == key; ++it) out.push_back(it->position);
    auto range = new_ids_.equal_range(key);
    for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
    return out;
}

std::string FileIndex::encode() const {
    const uint64_t n = head();
    std::string out;
    out.reserve(32 + streams_.size() * 40 + n * 32 + 8);
    out.append(kMagic, 8);
    put64(out, covered_);
    put64(out, n);
    put64(out, streams_.size());
    for (const std::string& s : streams_) {
        put32(out, static_cast<uint32_t>(s.size()));
        out += s;
    }
    // The ids added since the index was read are few: sorted, then merged with the rest.
    std::vector<IdEntry> added;
    added.reserve(new_ids_.size());
    for (const auto& [key, position] : new_ids_) added.push_back(IdEntry{key, position});
    std::sort(added.begin(), added.end());
    std::vector<IdEntry> ids(sorted_ids_.size() + added.size());
    std::merge(sorted_ids_.begin(), sorted_ids_.end(), added.begin(), added.end(), ids.begin());
    if (n == 0) {
        // no entries
    } else if (little_endian()) {
        out.append(reinterpret_cast<const char*>(offsets_.data()), offsets_.size() * 8);
        out.append(reinterpret_cast<const char*>(lengths_.data()), lengths_.size() * 4);
        out.append(reinterpret_cast<const char*>(stream_of_.data()), stream_of_.size() * 4);
        static_assert(sizeof(IdEntry) == 16, "IdEntry is two u64");
        out.append(reinterpret_cast<const char*>(ids.data()), ids.size() * 16);
    } else {
        for (uint64_t v : offsets_) put64(out, v);
        for (uint32_t v : lengths_) put32(out, v);
        for (uint32_t v : stream_of_) put32(out, v);
        for (const IdEntry& e : ids) {
            put64(out, e.key);
            put64(out, e.position);
        }
    }
    put64(out, checksum64(out));
    return out;
}

Result<FileIndex> FileIndex::decode(std::string_view bytes) {
    auto bad = [](const std::string& why) { return make_error(ErrorCode::Corrupt, "the index " + why); };
    if (bytes.size() < 8 + 24 + 8 || std::memcmp(bytes.data(), kMagic, 8) != 0) return bad("is not an index file (bad header)");
    const std::string_view body = bytes.substr(0, bytes.size() - 8);
    Reader tail(bytes.substr(bytes.size() - 8));
    if (tail.u64() != checksum64(body)) return bad("checksum does not match its contents (the file is damaged)");
    Reader r(body);
    r.take(8);
    FileIndex index;
    index.covered_ = r.u64();
    const uint64_t n = r.u64();
    const uint64_t streams = r.u64();
    if (streams > n || !r.has(streams * 4)) return bad("names more streams than it can hold");
    for (uint64_t s = 0; s < streams; ++s) {
        if (!r.has(4)) return bad("is cut short in its stream names");
        const uint32_t length = r.u32();
        if (!r.has(length)) return bad("is cut short in its stream names");
        index.streams_.emplace_back(r.take(length));
        index.stream_numbers_.emplace(index.streams_.back(), static_cast<uint32_t>(s));
    }
    if (!r.has(n * 32) || body.size() - r.at() != n * 32) return bad("does not hold " + std::to_string(n) + " entries");
    index.offsets_.resize(n);
    index.lengths_.resize(n);
    index.stream_of_.resize(n);
    index.sorted_ids_.resize(n);
    if (n == 0) {
        // nothing to copy (memcpy must not be given the empty vectors' null pointers)
    } else if (little_endian()) {
        std::memcpy(index.offsets_.data(), r.take(n * 8).data(), n * 8);
        std::memcpy(index.lengths_.data(), r.take(n * 4).data(), n * 4);
        std::memcpy(index.stream_of_.data(), r.take(n * 4).data(), n * 4);
        std::memcpy(index.sorted_ids_.data(), r.take(n * 16).data(), n * 16);
    } else {
        for (uint64_t& v : index.offsets_) v = r.u64();
        for (uint32_t& v : index.lengths_) v = r.u32();
        for (uint32_t& v : index.stream_of_) v = r.u32();
        for (IdEntry& e : index.sorted_ids_) {
            e.key = r.u64();
            e.position = r.u64();
        }
    }
    for (uint32_t v : index.stream_of_)
        if (v >= streams) return bad("names a stream it does not have");
    for (const IdEntry& e : index.sorted_ids_)
        if (e.position == 0 || e.position > n) return bad("names an event id at a position it does not have");
    for (uint64_t p = 1; p <= n; ++p) {
        if (index.offsets_[p - 1] + index.lengths_[p - 1] >= index.covered_ || (p > 1 && index.offsets_[p - 1] <= index.offsets_[p - 2]))
            return bad("places event " + std::to_string(p) + " outside the bytes it covers");
    }
    if (!std::is_sorted(index.sorted_ids_.begin(), index.sorted_ids_.end())) return bad("event ids are not in order");
    return index;
}

}  // namespace es
