// es-sandbox against hostile or careless input (issue 20): a repeated JSON key, control characters
// in text fields, a number out of range, a line over 1 MiB. Each is refused with a message naming
// what was wrong, and the store file is byte-identical afterwards. Text that reached a store by
// another road (a hand-edited or imported log) is printed escaped, never raw to the terminal.
#include <doctest/doctest.h>

#include "bank/events.h"
#include "bank/log_transfer.h"
#include "cli/cli.h"
#include "cli_fixture.h"
#include "core/clock.h"
#include "core/event_store.h"
#include "core/uuid.h"
#include "storage/file_storage.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace cli_test;

namespace {

const char* const kOpenAlice =
    "{\"type\":\"OpenAccount\",\"accountId\":\"alice\",\"owner\":\"Alice\",\"currency\":\"USD\",\"actor\":\"a\"}\n"
    "{\"type\":\"OpenAccount\",\"accountId\":\"bob\",\"owner\":\"Bob\",\"currency\":\"USD\",\"actor\":\"a\"}\n"
    "{\"type\":\"Deposit\",\"accountId\":\"alice\",\"amount\":\"99.00\",\"actor\":\"a\"}\n";

std::string make_store(const TempDir& dir) {
    const std::string store = dir.file("bank.jsonl");
    REQUIRE(run({"exec", "--store", store}, kOpenAlice).code == es::cli::kExitOk);
    return store;
}

es::Json only_result(const Run& r) {
    auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 1);
    es::Json j = es::Json::parse(lines[0], nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    return j;
}

}  // namespace

TEST_CASE("exec: a repeated key is refused, naming it, and nothing is written") {
    TempDir dir("hostile_dup");
    const std::string store = make_store(dir);
    const std::string before = file_bytes(store);
    SUBCASE("a second amount") {
        Run r = run({"exec", "--store", store},
                    "{\"type\":\"Deposit\",\"accountId\":\"alice\",\"amount\":\"1.00\",\"amount\":\"1000000.00\",\"actor\":\"h\"}\n");
        CHECK(r.code == es::cli::kExitFailed);
        const es::Json j = only_result(r);
        CHECK(j["ok"] == false);
        CHECK(j["error"]["code"] == "invalid_json");
        CHECK(contains(j["error"]["message"].get<std::string>(), "duplicate key 'amount'"));
    }
    SUBCASE("a second accountId") {
        Run r = run({"exec", "--store", store},
                    "{\"type\":\"Withdraw\",\"accountId\":\"bob\",\"amount\":\"1.00\",\"accountId\":\"alice\",\"actor\":\"h\"}\n");
        CHECK(r.code == es::cli::kExitFailed);
        CHECK(contains(only_result(r)["error"]["message"].get<std::string>(), "duplicate key 'accountId'"));
    }
    CHECK(file_bytes(store) == before);
    CHECK(run({"verify", "--store", store}).code == es::cli::kExitOk);
}

TEST_CASE("exec: control characters in an owner, an actor or a reason are refused, naming the field") {
    TempDir dir("hostile_ctl");
    const std::string store = make_store(dir);
    const std::string before = file_bytes(store);
    struct Case {
        const char* line;
        const char* field;
    };
    const Case cases[] = {
        {"{\"type\":\"OpenAccount\",\"accountId\":\"eve\",\"owner\":\"Eve\\u001b[31m\",\"currency\":\"USD\",\"actor\":\"a\"}", "the owner"},
        {"{\"type\":\"Deposit\",\"accountId\":\"alice\",\"amount\":\"1.00\",\"actor\":\"a\\r\\nFAKE\"}", "the actor"},
        {"{\"type\":\"Deposit\",\"accountId\":\"alice\",\"amount\":\"1.00\",\"actor\":\"a\",\"reason\":\"x\\u0000y\"}", "the reason"},
        {"{\"type\":\"Withdraw\",\"accountId\":\"alice\",\"amount\":\"1.00\",\"actor\":\"a\",\"reason\":\"x\\u007f\"}", "the reason"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.line);
        Run r = run({"exec", "--store", store}, std::string(c.line) + "\n");
        CHECK(r.code == es::cli::kExitFailed);
        const std::string message = only_result(r)["error"]["message"].get<std::string>();
        CHECK(contains(message, c.field));
        CHECK(contains(message, "control character"));
    }
    CHECK(file_bytes(store) == before);
}

TEST_CASE("exec: a number out of range and a line over 1 MiB are refused with their cause, later lines run") {
    TempDir dir("hostile_big");
    const std::string store = make_store(dir);
    const std::string before = file_bytes(store);
    Run range = run({"exec", "--store", store},
                    "{\"type\":\"Deposit\",\"accountId\":\"alice\",\"amount\":1e400,\"actor\":\"a\"}\n");
    CHECK(range.code == es::cli::kExitFailed);
    CHECK(contains(only_result(range)["error"]["message"].get<std::string>(), "number out of range at byte"));

    const std::string huge = "{\"type\":\"Deposit\",\"accountId\":\"alice\",\"amount\":\"1.00\",\"actor\":\"a\",\"reason\":\"" +
                             std::string(es::bank::kMaxImportLineBytes, 'x') + "\"}\n";
    Run big = run({"exec", "--store", store},
                  huge + "{\"type\":\"Deposit\",\"accountId\":\"alice\",\"amount\":\"1.00\",\"actor\":\"a\"}\n");
    CHECK(big.code == es::cli::kExitFailed);
    auto lines = lines_of(big.out);
    REQUIRE(lines.size() == 2);
    es::Json first = es::Json::parse(lines[0]);
    CHECK(first["line"] == 1);
    CHECK(contains(first["error"]["message"].get<std::string>(), "longer than the 1048576 bytes"));
    es::Json second = es::Json::parse(lines[1]);
    CHECK(second["line"] == 2);
    CHECK(second["ok"] == true);  // the long line did not swallow the next one
    CHECK(file_bytes(store).substr(0, before.size()) == before);
}

TEST_CASE("history and state print a stored owner, actor or reason escaped, never raw") {
    TempDir dir("hostile_print");
    const std::string store = dir.file("bank.jsonl");
    {
        // A log written past the bank (as a hand-edited or old store could be), chain intact.
        auto storage = es::FileStorage::open(store);
        REQUIRE(storage.ok());
        es::ManualClock clock;
        es::UuidGenerator ids(7);
        es::EventStore events(*storage.value(), clock, ids);
        REQUIRE(events.open().ok());
        es::NewEvent created;
        created.type = es::bank::AccountCreated::kType;
        created.data = es::bank::AccountCreated{"alice", "Al\x1b[31mice", "USD", 0}.to_json();
        created.metadata.actor = "a\x1b]0;pwned\x07";
        created.metadata.reason = "one\nFAKE LINE";
        REQUIRE(events.append("account-alice", es::ExpectedVersion::no_stream(), {created}).ok());
    }
    Run history = run({"history", "--store", store, "alice"});
    CHECK(history.code == es::cli::kExitOk);
    CHECK_FALSE(contains(history.out, "\x1b"));
    CHECK_FALSE(contains(history.out, "\x07"));
    CHECK(contains(history.out, "a\\x1b]0;pwned\\x07"));
    CHECK(contains(history.out, "one\\x0aFAKE LINE"));
    Run state = run({"state", "--store", store});
    CHECK(state.code == es::cli::kExitOk);
    CHECK_FALSE(contains(state.out, "\x1b"));
    CHECK(contains(state.out, "owner Al\\x1b[31mice"));
}

}  // namespace ES_TEST_FILE_ID
