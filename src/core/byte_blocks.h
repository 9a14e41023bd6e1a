// Bytes kept at one address for as long as their owner lives, so views of them stay valid: small
// pieces are copied side by side into blocks of 256 KiB (not each into an allocation of its own,
// between others that may be freed), a large one into a block of its own. Nothing is ever freed
// before the owner is (or reuses them: reuse()). The stored lines a MemoryStorage keeps, a
// RecordedLog's own copies of the lines it released, and the lines of an append on their way to
// storage (LineBatch) are kept so.
#pragma once

#include <algorithm>
#include <cassert>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace es {

class ByteBlocks {
public:
    static constexpr size_t kBlock = 256 * 1024;

    ByteBlocks() = default;
    // Never copied: a copy's views would still point into the original's blocks. Moved, the
    // blocks stay where they are (a deque moves its map, not its strings).
    ByteBlocks(const ByteBlocks&) = delete;
    ByteBlocks& operator=(const ByteBlocks&) = delete;
    ByteBlocks(ByteBlocks&&) = default;
    ByteBlocks& operator=(ByteBlocks&&) = default;

    // A copy of `bytes`, beside the last ones when the last block has room.
    std::string_view keep(std::string_view bytes) {
        if (bytes.size() > kBlock / 8) return blocks_.emplace_back(bytes);
        // Appending within a string's capacity never moves the bytes already in it.
        if (blocks_.empty() || blocks_.back().capacity() - blocks_.back().size() < bytes.size())
            blocks_.emplace_back().reserve(kBlock);
        std::string& block = blocks_.back();
        const size_t at = block.size();
        block.append(bytes);
        return {block.data() + at, bytes.size()};
    }
    // `bytes` taken as they are (no copy), in a block of their own.
    std::string_view keep_whole(std::string bytes) { return blocks_.emplace_back(std::move(bytes)); }
    // Takes `blocks` as they are, views of them included (only while nothing is kept yet).
    void adopt(std::deque<std::string> blocks) { blocks_ = std::move(blocks); }
    // Takes every byte `other` keeps, as it is: views of them stay valid. Its blocks are moved
    // in, and a moved string keeps its bytes where they are when they are on the heap, as every
    // block is (keep() reserves kBlock, or holds more than kBlock / 8; never a string short
    // enough to live inside itself). So `other` must hold only what keep() kept (a LineBatch's
    // bytes), never what adopt() or keep_whole() took. `other` is left empty.
    // What was the last block before stays the one keep() fills next when it has more room left
    // than `other`'s last block (so a partly filled block is not left behind at each take).
    void take(ByteBlocks& other) {
        if (other.blocks_.empty()) return;
        const size_t before = blocks_.size();
        for (std::string& block : other.blocks_) {
            [[maybe_unused]] const char* at = block.data();
            blocks_.push_back(std::move(block));
            assert(blocks_.back().data() == at && "ByteBlocks::take: a block's bytes moved");
        }
        other.blocks_.clear();
        // Swapping two strings on the heap swaps their pointers: no byte moves, views stay valid.
        // keep() made both (a block of kBlock reserved, never one short enough to live inside its
        // string); one that adopt() or keep_whole() took could be short, and is left where it is.
        if (before == 0) return;
        std::string& old_last = blocks_[before - 1];
        std::string& new_last = blocks_.back();
        const auto room = [](const std::string& b) { return b.capacity() - b.size(); };
        if (old_last.capacity() >= kBlock && new_last.capacity() >= kBlock && room(old_last) > room(new_last)) {
            [[maybe_unused]] const char* a = old_last.data();
            [[maybe_unused]] const char* b = new_last.data();
            old_last.swap(new_last);
            assert(old_last.data() == b && new_last.data() == a && "ByteBlocks::take: a block's bytes moved");
        }
    }
    bool empty() const { return blocks_.empty(); }
    // The bytes held, kept or room: what the blocks cost.
    size_t capacity() const {
        size_t n = 0;
        for (const std::string& block : blocks_) n += block.capacity();
        return n;
    }
    // Forgets every byte kept (views of them are no longer valid) but keeps the first block's
    // room, for an owner that fills it again and again (LineBatch).
    void reuse() {
        while (blocks_.size() > 1) blocks_.pop_back();
        // A large piece's own block is not kept as room (it could be megabytes); a block of
        // kBlock is, whose capacity a standard library may round up a little (libc++ does).
        if (!blocks_.empty() && blocks_.front().capacity() > 2 * kBlock) blocks_.clear();
        if (!blocks_.empty()) blocks_.front().clear();
    }

private:
    std::deque<std::string> blocks_;  // a deque never moves its strings, nor a string its bytes
};

// The stored lines of one append, side by side, and a view of each (what Storage::append takes):
// the store writes each line here once, from the writer's buffer, and a storage that keeps bytes
// copies them into its own blocks. Reused from one append to the next (clear() keeps the room),
// so a line never gets an allocation of its own.
struct LineBatch {
    ByteBlocks bytes;
    std::vector<std::string_view> lines;  // line i views its bytes

    void add(std::string_view line) { lines.push_back(bytes.keep(line)); }
    size_t byte_count() const {
        size_t n = 0;
        for (const std::string_view line : lines) n += line.size();
        return n;
    }
    void clear() {
        bytes.reuse();
        lines.clear();
    }
};

}  // namespace es
