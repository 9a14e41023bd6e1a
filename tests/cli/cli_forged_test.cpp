// es-sandbox import and verify against forged histories whose hash chain was recomputed (the
// cases of issue 20): an account overdrawn far past its limit, one closed holding money, a
// TransferSent with no TransferReceived, USD sent and credited as EUR, recordedAt going back or
// at INT64_MAX, control characters in an actor or an owner. Each import is refused naming line, position and rule, the store stays byte for
// byte as it was and still verifies; the same history as a store file fails verify by position
// and rule. Also: --at takes every time a store can hold.
#include <doctest/doctest.h>

#include <limits>
#include <string>

#include "bank/forged_history.h"
#include "cli/cli_fixture.h"
#include "core/event_reader.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace cli_test;
using es::EventList;
using es::RecordedEvent;

namespace {

// alice (USD, overdraft limit 50.00) gets 73.00; bob (USD) and eve (EUR) open; alice withdraws
// 10.00 and sends bob 3.00. Positions: 1 alice, 2 deposit, 3 bob, 4 eve, 5 withdrawal,
// 6 TransferSent, 7 TransferReceived.
const char* const kScript =
    "{\"type\":\"OpenAccount\",\"accountId\":\"alice\",\"owner\":\"Alice\",\"currency\":\"USD\",\"overdraftLimit\":\"50.00\",\"actor\":\"a\"}\n"
    "{\"type\":\"Deposit\",\"accountId\":\"alice\",\"amount\":\"73.00\",\"actor\":\"a\"}\n"
    "{\"type\":\"OpenAccount\",\"accountId\":\"bob\",\"owner\":\"Bob\",\"currency\":\"USD\",\"actor\":\"b\"}\n"
    "{\"type\":\"OpenAccount\",\"accountId\":\"eve\",\"owner\":\"Eve\",\"currency\":\"EUR\",\"actor\":\"e\"}\n"
    "{\"type\":\"Withdraw\",\"accountId\":\"alice\",\"amount\":\"10.00\",\"actor\":\"a\"}\n"
    "{\"type\":\"Transfer\",\"fromAccountId\":\"alice\",\"toAccountId\":\"bob\",\"amount\":\"3.00\",\"actor\":\"a\"}\n";

EventList genuine_history(const TempDir& dir) {
    const std::string store = dir.file("genuine.jsonl");
    REQUIRE(run({"exec", "--store", store, "-"}, kScript).code == 0);
    Run exported = run({"export", "--store", store});
    REQUIRE(exported.code == 0);
    EventList events;
    for (const std::string& line : lines_of(exported.out)) {
        auto e = es::decode_event_line(line);
        REQUIRE(e.ok());
        events.push_back(std::move(e).value());
    }
    REQUIRE(events.size() == 7);
    return events;
}

// A new event at the end of `events`: a copy of `like` at the next position and `version`.
RecordedEvent appended(const EventList& events, const RecordedEvent& like, uint64_t version) {
    RecordedEvent e = like;
    e.global_position = events.size() + 1;
    e.stream_version = version;
    e.event_id = "00000000-0000-4000-8000-00000000000" + std::to_string(e.global_position);
    e.recorded_at_ms = events.back().recorded_at_ms;
    e.occurred_at_ms = e.recorded_at_ms;
    return e;
}

// `forged` rehashed; its events before `first_forged` are imported into a store, the rest is
// then refused at `position` by `rule`, leaving that store as it was; the whole forged history
// as a store file fails verify at `position` by `rule`.
void check_forged(const TempDir& dir, EventList forged, uint64_t first_forged, uint64_t position, const std::string& rule) {
    forged = es::testing::rehashed(std::move(forged));
    const std::string store = dir.file("target.jsonl");
    fs::remove(store);
    const EventList before(forged.begin(), forged.begin() + static_cast<std::ptrdiff_t>(first_forged - 1));
    const EventList rest(forged.begin() + static_cast<std::ptrdiff_t>(first_forged - 1), forged.end());
    Run prefix = run({"import", "--store", store, "-"}, es::testing::jsonl(before));
    REQUIRE_MESSAGE(prefix.code == 0, prefix.err);
    const std::string bytes = file_bytes(store);

    Run r = run({"import", "--store", store, "-"}, es::testing::jsonl(rest));
    CAPTURE(r.err);
    CHECK(r.code == 1);
    CHECK(contains(r.err, "rejected, nothing was written: line " + std::to_string(position - first_forged + 1) +
                              " (position " + std::to_string(position) + "): breaks the rule \"" + rule + "\""));
    CHECK(file_bytes(store) == bytes);
    Run still = run({"verify", "--store", store});
    CHECK_MESSAGE(still.code == 0, still.out);

    const std::string file = dir.file("forged.jsonl");
    write_file(file, es::testing::store_file(forged));
    Run verify = run({"verify", "--store", file});
    CAPTURE(verify.out);
    CHECK(verify.code == 3);
    CHECK(contains(verify.out, "FAILED: position " + std::to_string(position) +
                                   ": the hash chain is intact but the history breaks the rule \"" + rule + "\""));
}

}  // namespace

TEST_CASE("import and verify: an account overdrawn far past its limit") {
    TempDir dir("forged_overdraft");
    EventList forged = genuine_history(dir);
    forged[4].data["amountCents"] = 1000000000;  // 10,000,000.00 withdrawn with a 50.00 limit
    check_forged(dir, forged, 5, 5, "within-overdraft");
}

TEST_CASE("import and verify: control characters in an actor or an owner") {
    TempDir dir("forged_text");
    const EventList genuine = genuine_history(dir);
    EventList forged = genuine;
    forged[4].metadata.actor = "a\x1b[2J";  // the withdrawal's actor clears a terminal
    check_forged(dir, forged, 5, 5, "text-is-text");
    forged = genuine;
    forged[2].data["owner"] = "Bob\r\nok: 7 events verified";
    check_forged(dir, forged, 3, 3, "text-is-text");
}

TEST_CASE("import and verify: an account closed while holding money") {
    TempDir dir("forged_close");
    EventList forged = genuine_history(dir);
    RecordedEvent closed = appended(forged, forged[4], 5);
    closed.type = "AccountClosed";
    closed.schema_version = 1;
    closed.data = es::Json{{"accountId", "alice"}};
    forged.push_back(closed);
    check_forged(dir, forged, 8, 8, "closed-at-zero");
}

TEST_CASE("import and verify: a TransferSent with no TransferReceived") {
    TempDir dir("forged_vanish");
    EventList forged = genuine_history(dir);
    forged.pop_back();  // the 3.00 leave alice and arrive nowhere
    check_forged(dir, forged, 6, 6, "transfer-paired");
}

TEST_CASE("import and verify: USD sent and credited as EUR") {
    TempDir dir("forged_currency");
    EventList forged = genuine_history(dir);
    RecordedEvent sent = appended(forged, forged[5], 5);
    sent.data["toAccountId"] = "eve";
    sent.data["transferId"] = "transfer-alice-5";
    forged.push_back(sent);
    RecordedEvent received = appended(forged, forged[6], 2);  // eve's AccountCreated is version 1
    received.stream_id = "account-eve";
    received.data["accountId"] = "eve";
    received.data["transferId"] = "transfer-alice-5";
    forged.push_back(received);
    check_forged(dir, forged, 8, 9, "same-currency");
}

TEST_CASE("import and verify: recordedAt going backwards, or at INT64_MAX") {
    TempDir dir("forged_time");
    const EventList genuine = genuine_history(dir);
    EventList forged = genuine;
    RecordedEvent deposit = appended(forged, forged[1], 5);
    deposit.recorded_at_ms -= 60000;
    forged.push_back(deposit);
    check_forged(dir, forged, 8, 8, "time-moves-forward");

    forged = genuine;
    deposit.recorded_at_ms = std::numeric_limits<int64_t>::max();
    forged.push_back(deposit);
    check_forged(dir, forged, 8, 8, "time-in-range");
}

TEST_CASE("state --at takes every time a store can hold, as milliseconds") {
    TempDir dir("at_any_time");
    const std::string store = dir.file("bank.jsonl");
    REQUIRE(run({"exec", "--store", store, "-"}, kScript).code == 0);
    Run last = run({"state", "--store", store, "--at", "9223372036854775807ms"});
    CHECK(last.code == 0);
    CHECK(contains(last.out, "(7 of 7 events were recorded by then)"));
    Run first = run({"state", "--store", store, "--at", "-9223372036854775808ms"});
    CHECK(first.code == 0);
    CHECK(contains(first.out, "(0 of 7 events"));
    Run beyond = run({"state", "--store", store, "--at", "9223372036854775808ms"});
    CHECK(beyond.code == 2);
    CHECK(contains(beyond.err, "outside the times a store can hold"));
}

}  // namespace ES_TEST_FILE_ID
