// ByteBlocks and LineBatch: bytes kept at one address, and a batch's lines reused append after append.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/byte_blocks.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;

TEST_CASE("kept bytes stay where they are while more are kept, and a large piece gets a block of its own") {
    ByteBlocks blocks;
    // The first view is read again after ~600 KB more were kept (three blocks): bytes that had
    // moved would read back wrong, or as freed memory under the sanitizers.
    const std::string_view first = blocks.keep("first line");
    std::string_view last;
    for (int i = 0; i < 2000; ++i) last = blocks.keep(std::string(300, static_cast<char>('a' + i % 26)));
    CHECK(first == "first line");
    CHECK(last == std::string(300, static_cast<char>('a' + 1999 % 26)));
    const std::string big(ByteBlocks::kBlock / 8 + 1, 'B');
    const std::string_view whole = blocks.keep(big);
    CHECK(whole == big);
    CHECK(blocks.keep("after") == "after");
}

TEST_CASE("a LineBatch cleared keeps its first block's room, so the next lines are written where the last ones were") {
    LineBatch batch;
    batch.add("one");
    batch.add("two");
    REQUIRE(batch.lines.size() == 2);
    CHECK(batch.lines[1] == "two");
    const char* room = batch.lines[0].data();
    batch.clear();
    CHECK(batch.lines.empty());
    batch.add("three");
    CHECK(batch.lines[0] == "three");
    CHECK(batch.lines[0].data() == room);  // no new allocation for a small batch

    // A batch larger than one block, then cleared: only the first block's room is kept, and the
    // lines written after read back whole.
    for (int i = 0; i < 3000; ++i) batch.add(std::string(200, 'x'));
    batch.clear();
    batch.add("four");
    CHECK(batch.lines[0].data() == room);
    // A first line that needed a block of its own, megabytes long, is not kept as room.
    LineBatch large;
    large.add(std::string(ByteBlocks::kBlock * 4, 'L'));
    large.clear();
    CHECK(large.bytes.capacity() == 0);
    large.add("small");
    CHECK(large.lines[0] == "small");
    CHECK(large.bytes.capacity() <= 2 * ByteBlocks::kBlock);
}

TEST_CASE("bytes taken from another owner stay where they are, and the room left in the last block is filled next") {
    ByteBlocks kept;
    const std::string_view mine = kept.keep("mine");  // a block with almost all of its room left
    const size_t cost_before = kept.capacity();
    LineBatch batch;  // two blocks of 262 lines each: 144 bytes of room left in the last
    std::vector<std::string_view> taken;
    const std::string line(1000, 't');
    for (size_t i = 0; i < 2 * (ByteBlocks::kBlock / line.size()); ++i) {
        batch.add(line);
        taken.push_back(batch.lines.back());
    }
    const size_t batch_cost = batch.bytes.capacity();
    kept.take(batch.bytes);
    CHECK(batch.bytes.empty());
    CHECK(kept.capacity() == cost_before + batch_cost);  // taken as they are: no copy
    CHECK(mine == "mine");
    for (const std::string_view v : taken) REQUIRE(v == line);
    // The next bytes go into the block with the most room: the one "mine" is in, not a new one.
    const std::string_view next = kept.keep("next");
    CHECK(next == "next");
    CHECK(next.data() == mine.data() + mine.size());
    CHECK(kept.capacity() == cost_before + batch_cost);

    // The other way round: an owner whose last block is full takes a batch with room, and keeps
    // filling the batch's last block.
    ByteBlocks full;
    for (size_t i = 0; i < ByteBlocks::kBlock / line.size(); ++i) (void)full.keep(line);
    LineBatch small;
    small.add("s");
    const std::string_view s_view = small.lines.back();
    full.take(small.bytes);
    CHECK(full.keep("after").data() == s_view.data() + 1);
    CHECK(s_view == "s");
}

}  // namespace ES_TEST_FILE_ID
