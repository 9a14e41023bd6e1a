// Snapshots as JSON (snapshot_codec.h): a round trip, every malformed field refused by name, the
// checksum over every other field, and an old line without eventHash/checksum still read.
#include <doctest/doctest.h>

#include "core/snapshot_codec.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;

TEST_CASE("snapshots round trip and are strict") {
    Snapshot s;
    s.stream_id = "account-1";
    s.stream_version = 100;
    s.global_position = 250;
    s.state_type = "bank.account";
    s.state_schema_version = 3;
    s.state = Json{{"balance", 1234}};
    s.taken_at_ms = 99;
    s.event_hash = std::string(64, 'e');
    s.checksum = snapshot_checksum(s);
    auto back = snapshot_from_json(snapshot_to_json(s));
    REQUIRE(back.ok());
    CHECK(back->stream_id == s.stream_id);
    CHECK(back->stream_version == 100);
    CHECK(back->global_position == 250);
    CHECK(back->state_type == s.state_type);
    CHECK(back->state_schema_version == 3);
    CHECK(back->state == s.state);
    CHECK(back->taken_at_ms == 99);
    CHECK(back->event_hash == s.event_hash);
    CHECK(back->checksum == s.checksum);
    CHECK(snapshot_checksum(*back) == s.checksum);

    Json j = snapshot_to_json(s);
    j["stateSchemaVersion"] = "3";
    auto bad = snapshot_from_json(j);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("field 'stateSchemaVersion'") != std::string::npos);
    j = snapshot_to_json(s);
    j.erase("state");
    CHECK(snapshot_from_json(j).error().message.find("'state' is missing") != std::string::npos);
    j = snapshot_to_json(s);
    j["bonus"] = true;
    CHECK(snapshot_from_json(j).error().message.find("unknown field 'bonus'") != std::string::npos);
    j = snapshot_to_json(s);
    j["checksum"] = "short";
    CHECK(snapshot_from_json(j).error().message.find("field 'checksum'") != std::string::npos);
}

TEST_CASE("the checksum covers every other field, and an old line without it still reads") {
    Snapshot s;
    s.stream_id = "account-1";
    s.stream_version = 2;
    s.global_position = 3;
    s.state_type = "bank.account";
    s.state = Json{{"balance", 1}};
    s.event_hash = std::string(64, 'e');
    const std::string sum = snapshot_checksum(s);
    CHECK(sum.size() == 64);
    Snapshot other = s;
    other.state["balance"] = 2;
    CHECK(snapshot_checksum(other) != sum);
    other = s;
    other.event_hash = std::string(64, 'f');
    CHECK(snapshot_checksum(other) != sum);
    other = s;
    other.checksum = "anything";  // not part of what it covers
    CHECK(snapshot_checksum(other) == sum);

    Json old = snapshot_to_json(s);
    old.erase("eventHash");
    old.erase("checksum");
    auto back = snapshot_from_json(old);
    REQUIRE(back.ok());
    CHECK(back->event_hash.empty());
    CHECK(back->checksum.empty());
}

}  // namespace ES_TEST_FILE_ID
