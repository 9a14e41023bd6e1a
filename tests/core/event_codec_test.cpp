// The event codec end to end (event_writer.h, event_reader.h): round trips, the canonical bytes,
// and every way a stored line can be wrong is an error value that names the field.
#include <doctest/doctest.h>

#include "core/event_reader.h"
#include "core/event_writer.h"
#include "core/event_format.h"
#include "core/sha256.h"
#include "core/event_codec_reference.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using es::testing::compute_hash;
using es::testing::event_from_json;

namespace {

RecordedEvent sample() {
    RecordedEvent e;
    e.event_id = "3f2b8c1e-9d4a-4e6b-8a7c-1d2e3f4a5b6c";
    e.stream_id = "account-1";
    e.stream_version = 2;
    e.global_position = 7;
    e.type = "MoneyDeposited";
    e.schema_version = 2;
    e.recorded_at_ms = 1700000000123;
    e.occurred_at_ms = 1700000000000;
    e.data = Json{{"amount", "12.50"}, {"nested", {{"z", 1}, {"a", {1, 2, 3}}}}};
    e.metadata = EventMetadata{"alice", "salary", "c-1", "cmd-9"};
    e.prev_hash = std::string(64, '0');
    e.hash = compute_hash(e);
    return e;
}

// Decodes `j` and returns the error message (fails the test if it decodes).
std::string decode_error(const Json& j) {
    auto r = event_from_json(j);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Corrupt);
    return r.error().message;
}

}  // namespace

TEST_CASE("an event survives encode/decode unchanged, as one line") {
    RecordedEvent e = sample();
    std::string line = encode_event_line(e);
    CHECK(line.find('\n') == std::string::npos);
    auto back = decode_event_line(line);
    REQUIRE(back.ok());
    CHECK(*back == e);
    CHECK(event_to_json(e)["streamVersion"] == 2);
    CHECK(event_to_json(e)["metadata"]["correlationId"] == "c-1");
}

TEST_CASE("canonical bytes: sorted keys, no hash, prev_hash included, hash covers every field") {
    RecordedEvent e = sample();
    std::string bytes = canonical_bytes(e);
    CHECK(bytes.find("\"hash\"") == std::string::npos);
    CHECK(bytes.find("\"prevHash\"") != std::string::npos);
    CHECK(bytes.find("\"data\"") < bytes.find("\"eventId\""));
    CHECK(bytes.find("\"a\":[1,2,3]") < bytes.find("\"z\":1"));
    CHECK(compute_hash(e) == sha256_hex(bytes));
    RecordedEvent changed = e;
    changed.data["amount"] = "12.51";
    CHECK(compute_hash(changed) != compute_hash(e));
    changed = e;
    changed.prev_hash = std::string(64, '1');
    CHECK(compute_hash(changed) != compute_hash(e));
    changed = e;
    changed.hash = std::string(64, 'f');  // the hash itself is not hashed
    CHECK(compute_hash(changed) == compute_hash(e));
}

TEST_CASE("strict decoding names the offending field") {
    Json good = event_to_json(sample());

    SUBCASE("wrong type") {
        Json j = good;
        j["streamVersion"] = "x";
        std::string m = decode_error(j);
        CHECK(m.find("field 'streamVersion': expected a positive integer, got \"x\"") != std::string::npos);
        CHECK(m.find("position 7") != std::string::npos);
    }
    SUBCASE("float where an integer belongs") {
        Json j = good;
        j["globalPosition"] = 1.5;
        CHECK(decode_error(j).find("'globalPosition'") != std::string::npos);
    }
    SUBCASE("missing field") {
        for (const char* f : {"eventId", "streamId", "streamVersion", "globalPosition", "type", "schemaVersion",
                              "recordedAt", "occurredAt", "data", "metadata", "prevHash", "hash"}) {
            Json j = good;
            j.erase(f);
            CHECK(decode_error(j).find(std::string("'") + f + "' is missing") != std::string::npos);
        }
    }
    SUBCASE("unknown extra field") {
        Json j = good;
        j["extra"] = 1;
        CHECK(decode_error(j).find("unknown field 'extra'") != std::string::npos);
        j = good;
        j["metadata"]["tenant"] = "x";
        CHECK(decode_error(j).find("unknown field 'metadata.tenant'") != std::string::npos);
    }
    SUBCASE("data must be an object") {
        Json j = good;
        j["data"] = Json::array({1});
        CHECK(decode_error(j).find("field 'data': expected an object") != std::string::npos);
        j["data"] = "text";
        CHECK(decode_error(j).find("field 'data'") != std::string::npos);
    }
    SUBCASE("metadata must be an object of strings") {
        Json j = good;
        j["metadata"] = 3;
        CHECK(decode_error(j).find("field 'metadata'") != std::string::npos);
        j = good;
        j["metadata"]["actor"] = 5;
        CHECK(decode_error(j).find("field 'metadata.actor'") != std::string::npos);
    }
    SUBCASE("strings over the limit") {
        Json j = good;
        j["type"] = std::string(kMaxStringField + 1, 'T');
        CHECK(decode_error(j).find("field 'type'") != std::string::npos);
        j = good;
        j["metadata"]["reason"] = std::string(kMaxStringField + 1, 'r');
        CHECK(decode_error(j).find("field 'metadata.reason'") != std::string::npos);
    }
    SUBCASE("data over 64 KiB or nested too deep") {
        Json j = good;
        j["data"] = Json{{"blob", std::string(kMaxDataBytes, 'x')}};
        CHECK(decode_error(j).find("field 'data'") != std::string::npos);
        Json deep = Json::object();
        for (int i = 0; i < 100; ++i) deep = Json{{"d", deep}};
        j["data"] = deep;
        CHECK(decode_error(j).find("nested deeper") != std::string::npos);
    }
    SUBCASE("numbers out of range") {
        Json j = good;
        j["globalPosition"] = -1;
        CHECK(decode_error(j).find("field 'globalPosition'") != std::string::npos);
        j = good;
        j["streamVersion"] = 0;
        CHECK(decode_error(j).find("field 'streamVersion'") != std::string::npos);
        j = good;
        j["schemaVersion"] = 0;
        CHECK(decode_error(j).find("field 'schemaVersion'") != std::string::npos);
        j["schemaVersion"] = 1001;
        CHECK(decode_error(j).find("field 'schemaVersion'") != std::string::npos);
        j = good;
        j["recordedAt"] = -5;
        CHECK(decode_error(j).find("field 'recordedAt'") != std::string::npos);
        j["recordedAt"] = 18446744073709551615ull;  // > INT64_MAX
        CHECK(decode_error(j).find("field 'recordedAt'") != std::string::npos);
    }
    SUBCASE("malformed uuid and hashes") {
        Json j = good;
        j["eventId"] = "not-a-uuid";
        CHECK(decode_error(j).find("field 'eventId': expected a UUID") != std::string::npos);
        j = good;
        j["hash"] = "abc";
        CHECK(decode_error(j).find("field 'hash'") != std::string::npos);
        j = good;
        j["prevHash"] = std::string(64, 'G');
        CHECK(decode_error(j).find("field 'prevHash'") != std::string::npos);
    }
    SUBCASE("not an object at all") {
        CHECK(decode_error(Json::array()).find("expected a JSON object") != std::string::npos);
    }
}

TEST_CASE("decode_event_line never throws on garbage") {
    for (const char* line : {"", "{", "nul", "{\"eventId\":}", "[1,2", "\xff\xfe", "{}", "42"}) {
        auto r = decode_event_line(line);
        CHECK_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::Corrupt);
    }
    // Truncated versions of a real line.
    std::string line = encode_event_line(sample());
    for (size_t n = 0; n < line.size(); n += 7) CHECK_FALSE(decode_event_line(line.substr(0, n)).ok());
}

}  // namespace ES_TEST_FILE_ID
