// ByteBlocks and LineBatch: bytes kept at one address, and a batch's lines reused append after append.
#include <doctest/doctest.h>

#include <string>

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

}  // namespace ES_TEST_FILE_ID
