// The event writer against the slow, obviously right references (event_codec_reference.h): the
// canonical bytes and the stored line must equal nlohmann's dump of the envelope byte for byte
// (or every stored hash breaks), and write_event must accept exactly what reads back, with the
// strict reader's message. Randomized with fixed seeds (printed on failure).
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "core/event_codec_reference.h"
#include "core/event_format.h"
#include "core/event_reader.h"
#include "core/event_writer.h"
#include "core/random_events.h"

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
            } else {
                CHECK(event_format::at_position(written.error(), e.global_position).message == round_trip.error().message);
                CHECK(written.error().code == ErrorCode::Corrupt);
            }
        }
        CHECK(accepted > 20);  // the generator must also produce valid events
    }
}
