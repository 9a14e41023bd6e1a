// Bytes kept at one address for as long as their owner lives, so views of them stay valid: small
// pieces are copied side by side into blocks of 256 KiB (not each into an allocation of its own,
// between others that may be freed), a large one into a block of its own. Nothing is ever freed
// before the owner is. The stored lines a MemoryStorage keeps, and a RecordedLog's own copies of
// the lines it released, are kept so.
#pragma once

#include <algorithm>
#include <deque>
#include <string>
#include <string_view>

namespace es {

class ByteBlocks {
public:
    static constexpr size_t kBlock = 256 * 1024;

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
    bool empty() const { return blocks_.empty(); }

private:
    std::deque<std::string> blocks_;  // a deque never moves its strings, nor a string its bytes
};

}  // namespace es
