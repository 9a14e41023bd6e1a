// FileIndex encoding (see file_index.h). Little-endian fixed-width integers.
//   Base block:  magic "ESIDX001", covered bytes, event count N, stream count S,
//                S x (u32 length, bytes) stream ids,
//                N x u64 line offset, N x u32 line length, N x u32 stream number,
//                N x (u64 id key, u64 position) sorted by key,
//                u64 checksum of the block before it.
//   Added block: magic "ESIDXADD", covered bytes, first position F, event count K, streams
//                before it S0, new streams T, T x (u32 length, bytes) stream ids (numbered from
//                S0), K x u64 line offset, K x u32 line length, K x u32 stream number,
//                K x u64 id key (positions F..F+K-1), u64 checksum of the block before it.
#include "storage/file_index.h"

#include <algorithm>
#include <cstring>

#include "core/mix64.h"

namespace es {
namespace {

constexpr char kBaseMagic[8] = {'E', 'S', 'I', 'D', 'X', '0', '0', '1'};
constexpr char kAddedMagic[8] = {'E', 'S', 'I', 'D', 'X', 'A', 'D', 'D'};

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
    for (uint64_t lane : lanes) h = mix64(h ^ lane);
    for (; i < bytes.size(); ++i) h = mix64(h ^ static_cast<unsigned char>(bytes[i]));
    return h;
}

// Little-endian loads: one move on a little-endian machine (x86-64, wasm32), byte by byte on
// any other, so the file reads the same everywhere.
uint64_t load64(const char* p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
#else
    uint64_t v = 0;
    for (int k = 0; k < 8; ++k) v |= static_cast<uint64_t>(static_cast<unsigned char>(p[k])) << (8 * k);
    return v;
#endif
}
uint32_t load32(const char* p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
#else
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) v |= static_cast<uint32_t>(static_cast<unsigned char>(p[k])) << (8 * k);
    return v;
#endif
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
        const uint64_t v = load64(bytes_.data() + at_);
        at_ += 8;
        return v;
    }
    uint32_t u32() {
        const uint32_t v = load32(bytes_.data() + at_);
        at_ += 4;
        return v;
    }
    const char* take(size_t n) {
        const char* p = bytes_.data() + at_;
        at_ += n;
        return p;
    }
    size_t at() const { return at_; }

private:
    std::string_view bytes_;
    size_t at_ = 0;
};

Error bad(const std::string& why) { return Error{ErrorCode::Corrupt, "the index " + why}; }

// `count` stream ids into `streams` (numbered on from its size).
Status read_stream_names(Reader& r, uint64_t count, std::vector<std::string>& streams,
                         std::unordered_map<std::string, uint32_t>& numbers) {
    if (!r.has(count * 4)) return bad("names more streams than it can hold");
    for (uint64_t s = 0; s < count; ++s) {
        if (!r.has(4)) return bad("is cut short in its stream names");
        const uint32_t length = r.u32();
        if (!r.has(length)) return bad("is cut short in its stream names");
        const char* name = r.take(length);
        if (!numbers.emplace(std::string(name, length), static_cast<uint32_t>(streams.size())).second)
            return bad("names a stream twice");
        streams.emplace_back(name, length);
    }
    return ok_status();
}

}  // namespace

uint64_t event_id_key(std::string_view event_id) { return checksum64(event_id); }

uint64_t FileIndex::line_offset(uint64_t position) const {
    return position <= base_n_ ? load64(base_offsets_ + 8 * (position - 1)) : offsets_[position - 1 - base_n_];
}

uint32_t FileIndex::line_length(uint64_t position) const {
    return position <= base_n_ ? load32(base_lengths_ + 4 * (position - 1)) : lengths_[position - 1 - base_n_];
}

uint32_t FileIndex::stream_of(uint64_t position) const {
    return position <= base_n_ ? load32(base_streams_ + 4 * (position - 1)) : stream_of_[position - 1 - base_n_];
}

uint32_t FileIndex::stream_number(const std::string& stream_id) {
    auto [it, inserted] = stream_numbers_.try_emplace(stream_id, static_cast<uint32_t>(streams_.size()));
    if (inserted) streams_.push_back(stream_id);
    return it->second;
}

void FileIndex::add_entry(uint64_t offset, uint32_t length, uint32_t s, uint64_t key) {
    offsets_.push_back(offset);
    lengths_.push_back(length);
    stream_of_.push_back(s);
    id_keys_.push_back(key);
    added_ids_.emplace(key, head());
}

void FileIndex::add(const RecordedEvent& e, uint64_t offset, uint32_t length) {
    add_entry(offset, length, stream_number(e.stream_id), event_id_key(e.event_id));
}

void FileIndex::stream_positions_upto(uint64_t max_position, StreamPositions& out) const {
    out.clear();
    std::vector<std::vector<uint64_t>*> by_number(streams_.size(), nullptr);
    const uint64_t n = std::min<uint64_t>(max_position, head());
    for (uint64_t p = 1; p <= n; ++p) {
        const uint32_t s = stream_of(p);
        if (!by_number[s]) by_number[s] = &out[streams_[s]];
        by_number[s]->push_back(p);
    }
}

std::vector<uint64_t> FileIndex::id_candidates(const std::string& event_id) const {
    std::vector<uint64_t> out;
    const uint64_t key = event_id_key(event_id);
    // The base's entries are sorted by key: the first one not below it, by bisection.
    uint64_t lo = 0, hi = base_n_;
    while (lo < hi) {
        const uint64_t mid = lo + (hi - lo) / 2;
        if (load64(base_ids_ + 16 * mid) < key) lo = mid + 1;
        else hi = mid;
    }
    for (uint64_t i = lo; i < base_n_ && load64(base_ids_ + 16 * i) == key; ++i) out.push_back(load64(base_ids_ + 16 * i + 8));
    auto range = added_ids_.equal_range(key);
    for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
    return out;
}

std::string FileIndex::encode() const {
    const uint64_t n = head();
    std::string out;
    out.reserve(40 + streams_.size() * 40 + n * 32);
    out.append(kBaseMagic, 8);
    put64(out, covered_);
    put64(out, n);
    put64(out, streams_.size());
    for (const std::string& s : streams_) {
        put32(out, static_cast<uint32_t>(s.size()));
        out += s;
    }
    for (uint64_t p = 1; p <= n; ++p) put64(out, line_offset(p));
    for (uint64_t p = 1; p <= n; ++p) put32(out, line_length(p));
    for (uint64_t p = 1; p <= n; ++p) put32(out, stream_of(p));
    // The base's ids are sorted; the ones after it are sorted, then the two merged.
    std::vector<std::pair<uint64_t, uint64_t>> added;
    added.reserve(id_keys_.size());
    for (size_t i = 0; i < id_keys_.size(); ++i) added.emplace_back(id_keys_[i], base_n_ + 1 + i);
    std::sort(added.begin(), added.end());
    size_t a = 0;
    for (uint64_t i = 0; i < base_n_; ++i) {
        const uint64_t key = load64(base_ids_ + 16 * i), position = load64(base_ids_ + 16 * i + 8);
        for (; a < added.size() && added[a] < std::make_pair(key, position); ++a) {
            put64(out, added[a].first);
            put64(out, added[a].second);
        }
        put64(out, key);
        put64(out, position);
    }
    for (; a < added.size(); ++a) {
        put64(out, added[a].first);
        put64(out, added[a].second);
    }
    put64(out, checksum64(out));
    return out;
}

std::string FileIndex::encode_added(uint64_t first, uint64_t streams_before) const {
    const uint64_t k = head() + 1 - first;
    std::string out;
    out.reserve(56 + (streams_.size() - streams_before) * 40 + k * 24);
    out.append(kAddedMagic, 8);
    put64(out, covered_);
    put64(out, first);
    put64(out, k);
    put64(out, streams_before);
    put64(out, streams_.size() - streams_before);
    for (size_t s = streams_before; s < streams_.size(); ++s) {
        put32(out, static_cast<uint32_t>(streams_[s].size()));
        out += streams_[s];
    }
    for (uint64_t p = first; p <= head(); ++p) put64(out, line_offset(p));
    for (uint64_t p = first; p <= head(); ++p) put32(out, line_length(p));
    for (uint64_t p = first; p <= head(); ++p) put32(out, stream_of(p));
    for (uint64_t p = first; p <= head(); ++p) put64(out, id_keys_[p - 1 - base_n_]);
    put64(out, checksum64(out));
    return out;
}

Result<FileIndex> FileIndex::decode(std::string_view bytes, std::shared_ptr<const void> owner) {
    if (!owner) {
        auto copy = std::make_shared<const std::string>(bytes);
        bytes = *copy;
        owner = std::move(copy);
    }
    if (bytes.size() < 8 + 24 + 8 || std::memcmp(bytes.data(), kBaseMagic, 8) != 0) return bad("is not an index file (bad header)");
    Reader r(bytes);
    r.take(8);
    FileIndex index;
    index.owner_ = std::move(owner);
    index.covered_ = r.u64();
    const uint64_t n = r.u64();
    const uint64_t streams = r.u64();
    if (streams > n) return bad("names more streams than it can hold");
    if (Status s = read_stream_names(r, streams, index.streams_, index.stream_numbers_); !s.ok()) return s.error();
    if (n > bytes.size() / 32 || !r.has(n * 32 + 8)) return bad("does not hold " + std::to_string(n) + " entries");
    const size_t body_end = r.at() + n * 32;
    if (load64(bytes.data() + body_end) != checksum64(bytes.substr(0, body_end)))
        return bad("checksum does not match its contents (the file is damaged)");
    index.base_n_ = n;
    index.base_offsets_ = r.take(n * 8);
    index.base_lengths_ = r.take(n * 4);
    index.base_streams_ = r.take(n * 4);
    index.base_ids_ = r.take(n * 16);
    // Every entry in range and in order (one pass per array: this runs over the whole base on
    // every open, so it reads the arrays directly).
    uint64_t prev_end = 0;
    for (uint64_t i = 0; i < n; ++i) {
        const uint64_t offset = load64(index.base_offsets_ + 8 * i);
        const uint64_t end = offset + load32(index.base_lengths_ + 4 * i);
        if (end >= index.covered_ || (i > 0 && offset < prev_end))
            return bad("places event " + std::to_string(i + 1) + " outside the bytes it covers");
        prev_end = end + 1;
    }
    for (uint64_t i = 0; i < n; ++i)
        if (load32(index.base_streams_ + 4 * i) >= streams) return bad("names a stream it does not have");
    uint64_t prev_key = 0, prev_position = 0;
    for (uint64_t i = 0; i < n; ++i) {
        const uint64_t key = load64(index.base_ids_ + 16 * i), position = load64(index.base_ids_ + 16 * i + 8);
        if (position == 0 || position > n) return bad("names an event id at a position it does not have");
        if (i > 0 && (prev_key > key || (prev_key == key && prev_position >= position)))
            return bad("event ids are not in order");
        prev_key = key;
        prev_position = position;
    }
    for (std::string_view rest = bytes.substr(body_end + 8); !rest.empty();) {
        Reader block(rest);
        if (!block.has(56) || std::memcmp(block.take(8), kAddedMagic, 8) != 0)
            return bad("has bytes after its last block that are not a block");
        const uint64_t covered = block.u64(), first = block.u64(), k = block.u64(), before = block.u64(), added = block.u64();
        if (first != index.head() + 1) return bad("has an added block that does not continue it");
        if (before != index.streams_.size()) return bad("has an added block for another set of streams");
        if (covered < index.covered_) return bad("has an added block that covers less than the one before");
        if (added > k) return bad("names more streams than it can hold");
        if (Status s = read_stream_names(block, added, index.streams_, index.stream_numbers_); !s.ok()) return s.error();
        if (k > rest.size() / 24 || !block.has(k * 24 + 8)) return bad("has an added block cut short");
        const size_t block_end = block.at() + k * 24;
        if (load64(rest.data() + block_end) != checksum64(rest.substr(0, block_end)))
            return bad("checksum of an added block does not match its contents (the file is damaged)");
        const char* offsets = block.take(k * 8);
        const char* lengths = block.take(k * 4);
        const char* stream_numbers = block.take(k * 4);
        const char* keys = block.take(k * 8);
        index.covered_ = covered;
        for (uint64_t i = 0; i < k; ++i) {
            const uint64_t offset = load64(offsets + 8 * i);
            const uint32_t length = load32(lengths + 4 * i), s = load32(stream_numbers + 4 * i);
            if (offset + length >= covered || (index.head() > 0 && offset <= index.line_offset(index.head())))
                return bad("places event " + std::to_string(index.head() + 1) + " outside the bytes it covers");
            if (s >= index.streams_.size()) return bad("names a stream it does not have");
            index.add_entry(offset, length, s, load64(keys + 8 * i));
        }
        ++index.added_blocks_;
        rest = rest.substr(block_end + 8);
    }
    return index;
}

}  // namespace es
