// The snapshots file is keyed, not decoded, when a store opens (storage/snapshot_lines.h): the
// key scan reads exactly the top-level key of a line or declines, a declined line is decoded and
// named at once, and a keyed line that does not decode is skipped for the next best snapshot and
// named by the calls that decode lines.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "core/snapshot_codec.h"
#include "storage/file_fixtures.h"
#include "storage/snapshot_lines.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using es::FileStorage;
using es::scan_snapshot_key;
using namespace file_test;

namespace {

es::Snapshot snap(uint64_t version, int64_t balance) {
    es::Snapshot s;
    s.stream_id = "account-1";
    s.stream_version = version;
    s.global_position = version + 10;
    s.state_type = "bank.account";
    s.state = {{"balanceCents", balance}, {"streamId", "a decoy inside the state"}};
    s.taken_at_ms = 1700000000000 + balance;
    return s;
}

std::string line_of(const es::Snapshot& s) { return es::snapshot_to_json(s).dump(); }

}  // namespace

TEST_CASE("snapshot key scan: reads the top-level key of a line as the storage writes it") {
    auto key = scan_snapshot_key(line_of(snap(7, 700)));
    REQUIRE(key.has_value());
    CHECK(key->stream_id == "account-1");  // not the "streamId" nested in the state
    CHECK(key->state_type == "bank.account");
    CHECK(key->stream_version == 7);
    auto spaced = scan_snapshot_key(" { \"streamVersion\" : 3 , \"streamId\" : \"s\" , \"x\" : [1, {\"y\": \"]}\"}], \"stateType\":\"t\" } ");
    REQUIRE(spaced.has_value());
    CHECK(spaced->stream_id == "s");
    CHECK(spaced->stream_version == 3);
}

TEST_CASE("snapshot key scan: declines anything it cannot read exactly, for the full decode to judge") {
    const char* const declined[] = {
        "",
        "[]",
        "{}",
        "not json",
        "{\"streamId\":\"account-1\", oops",
        "{\"streamId\":\"a\",\"stateType\":\"t\"}",                               // no version
        "{\"streamId\":\"a\",\"stateType\":\"t\",\"streamVersion\":1.5}",        // not digits
        "{\"streamId\":\"a\",\"stateType\":\"t\",\"streamVersion\":-1}",
        "{\"streamId\":\"a\\u0031\",\"stateType\":\"t\",\"streamVersion\":1}",  // an escape in the value
        "{\"stream\\u0049d\":\"a\",\"stateType\":\"t\",\"streamVersion\":1}",   // an escape in a key
        "{\"streamId\":\"a\",\"streamId\":\"b\",\"stateType\":\"t\",\"streamVersion\":1}",  // twice
        "{\"streamId\":\"a\",\"stateType\":\"t\",\"streamVersion\":1,\"state\":{\"x\":[1}}",  // brackets
        "{\"streamId\":\"a\",\"stateType\":\"t\",\"streamVersion\":1} trailing",
        "{\"streamId\":5,\"stateType\":\"t\",\"streamVersion\":1}",
    };
    for (const char* line : declined) CHECK_MESSAGE(!scan_snapshot_key(line).has_value(), line);
}

TEST_CASE("file storage: a keyed snapshot line that does not decode is skipped for the next best and named when decoded") {
    TempDir dir("snapshot_lines");
    const std::string path = dir.file("events.jsonl");
    {
        auto opened = FileStorage::open(path);
        REQUIRE(opened.ok());
        REQUIRE(opened.value()->save_snapshot(snap(1, 100)).ok());
    }
    // A line whose key reads but whose takenAt is not a number, then a good last line of another
    // stream (the last line is always decoded on open: it may be torn).
    std::string bad = line_of(snap(5, 500));
    const std::string taken = "\"takenAt\":1700000000500";
    REQUIRE(bad.find(taken) != std::string::npos);
    bad.replace(bad.find(taken), taken.size(), "\"takenAt\":\"soon\"");
    es::Snapshot other = snap(2, 200);
    other.stream_id = "account-2";
    append_raw(path + ".snapshots", bad + "\n" + line_of(other) + "\n");

    es::OpenReport report;
    auto opened = FileStorage::open(path, &report);
    REQUIRE(opened.ok());
    CHECK(report.snapshots_ignored.empty());  // keyed, not decoded yet
    auto& storage = *opened.value();
    auto best = storage.load_snapshot("account-1", "bank.account", 100);
    REQUIRE(best.ok());
    REQUIRE(best.value().has_value());
    CHECK(best.value()->stream_version == 1);  // line 2 does not decode: the next best

    std::vector<std::string> ignored;
    CHECK(storage.stream_snapshots("account-1", &ignored).size() == 1);
    REQUIRE(ignored.size() == 1);
    CHECK(ignored[0].rfind("line 2: ", 0) == 0);
    ignored.clear();
    CHECK(storage.list_snapshots(&ignored).size() == 2);
    CHECK(ignored.size() == 1);

    // A snapshot saved now is found by its key without reopening, and wins over the older ones.
    REQUIRE(storage.save_snapshot(snap(6, 600)).ok());
    auto newest = storage.load_snapshot("account-1", "bank.account", 100);
    REQUIRE(newest.ok());
    REQUIRE(newest.value().has_value());
    CHECK(newest.value()->state["balanceCents"] == 600);
}

TEST_CASE("file storage: a snapshot line the key scan declines is decoded and named when the store opens") {
    TempDir dir("snapshot_lines_declined");
    const std::string path = dir.file("events.jsonl");
    {
        auto opened = FileStorage::open(path);
        REQUIRE(opened.ok());
        REQUIRE(opened.value()->save_snapshot(snap(1, 100)).ok());
    }
    const std::string good = file_bytes(path + ".snapshots");
    std::remove((path + ".snapshots").c_str());
    append_raw(path + ".snapshots", "{\"streamId\":\"account-1\", oops\n" + good);
    es::OpenReport report;
    auto opened = FileStorage::open(path, &report);
    REQUIRE(opened.ok());
    REQUIRE(report.snapshots_ignored.size() == 1);
    CHECK(report.snapshots_ignored[0].rfind("line 1: ", 0) == 0);
    CHECK(opened.value()->list_snapshots().size() == 1);
}

}  // namespace ES_TEST_FILE_ID
