// The event writer against the slow, obviously right references (event_codec_reference.h): the
// canonical bytes and the stored line must equal nlohmann's dump of the envelope byte for byte
// (or every stored hash breaks), and write_event must accept exactly what reads back, with the
// strict reader's message. Randomized with fixed seeds (printed on failure).
#include <doctest/doctest.h>

#include <climits>
#include <cstdint>
#include <random>
#include <string>

#include "core/event_codec_reference.h"
#include "core/event_format.h"
#include "core/event_reader.h"
#include "core/event_writer.h"
#include "core/random_events.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using es::testing::canonical_bytes_reference;
using es::testing::encode_event_line_reference;
using es::testing::event_from_json;
using es::testing::random_event;

TEST_CASE("randomized: canonical_bytes equals the nlohmann dump of the envelope") {
    for (uint32_t seed : {1u, 77u, 4242u}) {
        CAPTURE(seed);
        std::mt19937 rng(seed);
        for (int i = 0; i < 400; ++i) {
            RecordedEvent e = random_event(rng);
            REQUIRE(canonical_bytes(e) == canonical_bytes_reference(e));
        }
    }
}

namespace {

// A random JSON value of every kind nlohmann holds: nested objects and arrays, strings with
// escapes, controls, non-ASCII and invalid UTF-8 (keys too), signed and unsigned integers at
// their limits, floats (integral, tiny, huge, negative zero).
Json random_json(std::mt19937& rng, int depth) {
    switch (rng() % (depth > 0 ? 9 : 7)) {
        case 0: return nullptr;
        case 1: return rng() % 2 == 0;
        case 2: {
            const int64_t ints[] = {0, -1, 42, INT64_MIN, INT64_MAX, -1234567890123};
            return ints[rng() % 6];
        }
        case 3: {
            const uint64_t uints[] = {0u, 7u, UINT64_MAX, 18446744073709551000u};
            return uints[rng() % 4];
        }
        case 4: {
            const double floats[] = {1.5, -0.0, 1e300, 3.0, 0.1, -2.5e-308, 123456.789};
            return floats[rng() % 7];
        }
        case 5:
        case 6: return es::testing::random_string(rng);
        case 7: {
            Json a = Json::array();
            for (size_t n = rng() % 4; n > 0; --n) a.push_back(random_json(rng, depth - 1));
            return a;
        }
        default: {
            Json o = Json::object();
            for (size_t n = rng() % 5; n > 0; --n) o[es::testing::random_string(rng)] = random_json(rng, depth - 1);
            return o;
        }
    }
}

}  // namespace

TEST_CASE("randomized: dump_json writes every JSON value exactly as nlohmann's dump does") {
    for (uint32_t seed : {3u, 99u, 20261206u}) {
        CAPTURE(seed);
        std::mt19937 rng(seed);
        for (int i = 0; i < 2000; ++i) {
            const Json v = random_json(rng, 4);
            REQUIRE(event_format::dump_json(v) == v.dump(-1, ' ', false, Json::error_handler_t::replace));
        }
    }
    CHECK(event_format::dump_json(Json{{"a\"b", "tab\there\x01"}}) == "{\"a\\\"b\":\"tab\\there\\u0001\"}");
}

TEST_CASE("dump_json escapes every ASCII character wherever it stands in a string, as nlohmann does") {
    // The writer skips eight characters at a time while none needs an escape: each character at
    // each offset of a 17-byte string, so it falls in the first word, the second, and the tail.
    for (int c = 0; c < 0x80; ++c) {
        for (size_t at = 0; at < 17; ++at) {
            std::string text(17, 'x');
            text[at] = static_cast<char>(c);
            const Json v = text;
            CAPTURE(c);
            CAPTURE(at);
            REQUIRE(event_format::dump_json(v) == v.dump(-1, ' ', false, Json::error_handler_t::replace));
        }
    }
    // Non-ASCII is never escaped: a valid character of 2, 3 or 4 bytes, or a byte that makes the
    // text invalid UTF-8 (written as nlohmann's replacement), at each offset, so it falls in a
    // skipped word, across two words and in the tail.
    for (const std::string piece : {"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9d\x84\x9e", "\xff", "\xc3", "\xed\xa0\x80"}) {
        for (size_t at = 0; at < 17; ++at) {
            std::string text(17, 'x');
            text.insert(at, piece);
            const Json v = text;
            CAPTURE(at);
            REQUIRE(event_format::dump_json(v) == v.dump(-1, ' ', false, Json::error_handler_t::replace));
        }
    }
}

TEST_CASE("randomized: encode_event_line equals the nlohmann dump of the whole event") {
    const std::string hashes[] = {std::string(64, 'f'), "", "not hex \"quoted\"\n", "\xff\xfe"};
    for (uint32_t seed : {2u, 58u, 9001u}) {
        CAPTURE(seed);
        std::mt19937 rng(seed);
        for (int i = 0; i < 400; ++i) {
            RecordedEvent e = random_event(rng);
            e.hash = hashes[rng() % 4];
            REQUIRE(encode_event_line(e) == encode_event_line_reference(e));
        }
    }
}

TEST_CASE("randomized: write_event accepts exactly what reads back, with the strict reader's message") {
    for (uint32_t seed : {3u, 99u, 31337u}) {
        CAPTURE(seed);
        std::mt19937 rng(seed);
        int accepted = 0;
        for (int i = 0; i < 400; ++i) {
            RecordedEvent e = random_event(rng);
            if (rng() % 2 == 0) e.metadata = EventMetadata{"alice", "salary", "", "c-1"};  // plain text
            auto written = write_event(e);
            if (event_format::check_utf8(e)) {  // text a JSON line cannot hold: refused, never replaced
                CHECK_FALSE(written.ok());
                continue;
            }
            auto round_trip = event_from_json(event_to_json(e));
            REQUIRE(written.ok() == round_trip.ok());
            if (written.ok()) {
                ++accepted;
                e.hash = to_hex(written->content_hash);
                CHECK(written->content_hash == sha256(canonical_bytes_reference(e)));
                CHECK(written->line == encode_event_line_reference(e));
                CHECK(written->hash == e.hash);
            } else {
                CHECK(event_format::at_position(written.error(), e.global_position).message == round_trip.error().message);
                CHECK(written.error().code == ErrorCode::Corrupt);
            }
        }
        CHECK(accepted > 20);  // the generator must also produce valid events
    }
}

TEST_CASE("ByteWriter keeps every byte it is given as it grows, and frees a large buffer when cleared") {
    std::mt19937 rng(7);
    event_format::ByteWriter out;
    std::string expected;
    for (int i = 0; i < 300; ++i) {
        const size_t n = rng() % 5000;  // pieces from empty to several times the first buffer
        std::string piece(n, '\0');
        for (char& c : piece) c = static_cast<char>(rng());
        if (rng() % 3 == 0) {
            for (char c : piece) out.push_back(c);
        } else {
            out += piece;
        }
        expected += piece;
        REQUIRE(out.size() == expected.size());
    }
    CHECK(out.view() == expected);
    const size_t room = out.capacity();
    CHECK(room >= expected.size());
    out.clear_and_trim(room);  // no more than it may keep: kept, empty
    CHECK(out.size() == 0);
    CHECK(out.capacity() == room);
    out += "after";
    CHECK(out.view() == "after");
    out.clear_and_trim(room - 1);  // more than it may keep: freed
    CHECK(out.capacity() == 0);
    out.push_back('x');
    CHECK(out.view() == "x");
}

TEST_CASE("lines written one after the other into the reused buffer hold nothing of the one before") {
    // A line with a large `data`, then small ones: each equals the reference on its own, whichever
    // came before it (the buffer is reused, and freed after a line above kKeptBufferBytes).
    std::mt19937 rng(11);
    RecordedEvent big = random_event(rng);
    big.data = Json::object();
    big.data["blob"] = std::string(event_format::kKeptBufferBytes + 1000, 'b');
    big.data["n"] = 1;
    for (int i = 0; i < 50; ++i) {
        RecordedEvent e = i % 10 == 0 ? big : random_event(rng);
        REQUIRE(encode_event_line(e) == encode_event_line_reference(e));
        REQUIRE(canonical_bytes(e) == canonical_bytes_reference(e));
        REQUIRE(event_format::dump_json(e.data) == e.data.dump(-1, ' ', false, Json::error_handler_t::replace));
    }
}

TEST_CASE("write_event takes `data` of exactly the limit, refuses one byte more as the reader does, and writes the next event whole") {
    std::mt19937 rng(13);
    RecordedEvent base;
    do base = random_event(rng);
    while (!write_event(base).ok());  // an event the writer takes
    for (size_t extra : {size_t{0}, size_t{1}}) {
        CAPTURE(extra);
        RecordedEvent e = base;
        e.data = Json::object();
        // {"blob":"..."}: 11 bytes around the text.
        e.data["blob"] = std::string(kMaxDataBytes - 11 + extra, 'b');
        REQUIRE(event_format::dump_json(e.data).size() == kMaxDataBytes + extra);
        auto written = write_event(e);
        auto round_trip = event_from_json(event_to_json(e));
        REQUIRE(written.ok() == (extra == 0));
        REQUIRE(round_trip.ok() == (extra == 0));
        if (written.ok()) {
            e.hash = written->hash;
            CHECK(written->line == encode_event_line_reference(e));
            CHECK(written->content_hash == sha256(canonical_bytes_reference(e)));
        } else {
            CHECK(event_format::at_position(written.error(), e.global_position).message == round_trip.error().message);
            CHECK(written.error().message.find("65537 bytes exceeds the limit of 65536") != std::string::npos);
        }
        // The next, small event reuses the buffer the large one was written in.
        RecordedEvent next = base;
        auto small = write_event(next);
        REQUIRE(small.ok());
        next.hash = small->hash;
        CHECK(small->line == encode_event_line_reference(next));
        CHECK(small->content_hash == sha256(canonical_bytes_reference(next)));
    }
}

}  // namespace ES_TEST_FILE_ID
