// Snapshots as JSON (snapshot_codec.h): a round trip, and every malformed field refused by name.
#include <doctest/doctest.h>

#include "core/snapshot_codec.h"

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
    auto back = snapshot_from_json(snapshot_to_json(s));
    REQUIRE(back.ok());
    CHECK(back->stream_id == s.stream_id);
    CHECK(back->stream_version == 100);
    CHECK(back->global_position == 250);
    CHECK(back->state_type == s.state_type);
    CHECK(back->state_schema_version == 3);
    CHECK(back->state == s.state);
    CHECK(back->taken_at_ms == 99);

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
}
