// es-sandbox demo and exec: the classic exercise in memory, and commands as JSON Lines against
// a store file (ok lines, rejections that write nothing, stale versions, malformed lines,
// exit codes).
#include <doctest/doctest.h>

#include "cli/cli.h"
#include "cli_fixture.h"
#include "core/event.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace cli_test;

namespace {

es::Json parse_line(const std::string& line) {
    es::Json j = es::Json::parse(line, nullptr, false);
    REQUIRE_MESSAGE(!j.is_discarded(), "not JSON: " << line);
    return j;
}

}  // namespace

TEST_CASE("demo shows the three events, the step-by-step replay and the final balance") {
    Run r = run({"demo"});
    CHECK(r.code == es::cli::kExitOk);
    CHECK(r.err.empty());
    CHECK(contains(r.out, "AccountCreated"));
    CHECK(contains(r.out, "MoneyDeposited"));
    CHECK(contains(r.out, "MoneyWithdrawn"));
    CHECK(contains(r.out, "salary"));  // the reason column
    CHECK(contains(r.out, "after #2 MoneyDeposited: balance $100.00"));
    CHECK(contains(r.out, "after #3 MoneyWithdrawn: balance $50.00"));
    CHECK(contains(r.out, "Final state: alice"));
    CHECK(contains(r.out, "balance $50.00"));
    // The refused overdraft is explained and leaves no fourth event.
    CHECK(contains(r.out, "rejected"));
    CHECK_FALSE(contains(r.out, "after #4"));
    // Fixed clock and ids: the demo prints the same thing every time.
    CHECK(run({"demo"}).out == r.out);
}

TEST_CASE("exec prints one ok line per command with the recorded events") {
    TempDir dir("exec_ok");
    const std::string store = dir.file("bank.jsonl");
    Run r = run({"exec", "--store", store, "-"}, std::string(kBankScript) + "\n   \n");
    CHECK(r.code == es::cli::kExitOk);
    auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 6);  // blank lines are skipped, not answered
    es::Json first = parse_line(lines[0]);
    CHECK(lines[0].rfind("{\"line\":1,\"ok\":true,\"events\":", 0) == 0);
    CHECK(first["events"].size() == 1);
    CHECK(first["events"][0]["type"] == "AccountCreated");
    CHECK(first["events"][0]["globalPosition"] == 1);
    es::Json deposit = parse_line(lines[1]);
    CHECK(deposit["line"] == 2);
    CHECK(deposit["events"][0]["data"]["amountCents"] == 10000);
    CHECK(deposit["events"][0]["metadata"]["reason"] == "salary");
    es::Json transfer = parse_line(lines[5]);
    CHECK(transfer["events"].size() == 2);
    CHECK(transfer["events"][1]["type"] == "TransferReceived");
    CHECK(transfer["events"][1]["globalPosition"] == 7);
    // Reading the command file by name works the same as stdin.
    write_file(dir.file("more.jsonl"),
               "{\"type\":\"Deposit\",\"accountId\":\"bob\",\"amount\":\"1.00\",\"actor\":\"bob\"}\n");
    Run more = run({"exec", "--store", store, dir.file("more.jsonl")});
    CHECK(more.code == es::cli::kExitOk);
    CHECK(parse_line(more.out)["events"][0]["globalPosition"] == 8);
}

TEST_CASE("exec: an overdraft is rejected with its reason and writes nothing") {
    TempDir dir("exec_rejected");
    const std::string store = dir.file("bank.jsonl");
    REQUIRE(run({"exec", "--store", store}, kBankScript).code == es::cli::kExitOk);
    const std::string before = file_bytes(store);

    Run r = run({"exec", "--store", store},
                "{\"type\":\"Withdraw\",\"accountId\":\"alice\",\"amount\":\"1000.00\",\"actor\":\"alice\"}\n");
    CHECK(r.code == es::cli::kExitFailed);
    es::Json line = parse_line(r.out);
    CHECK(line["line"] == 1);
    CHECK(line["ok"] == false);
    CHECK(line["error"]["code"] == "rejected");
    CHECK(contains(line["error"]["message"].get<std::string>(), "$65.00"));  // says what the balance is
    CHECK(file_bytes(store) == before);
}

TEST_CASE("exec: a stale expectedVersion is a conflict, later lines still run") {
    TempDir dir("exec_conflict");
    const std::string store = dir.file("bank.jsonl");
    REQUIRE(run({"exec", "--store", store}, kBankScript).code == es::cli::kExitOk);
    Run r = run({"exec", "--store", store},
                "{\"type\":\"Deposit\",\"accountId\":\"alice\",\"amount\":\"1.00\",\"actor\":\"a\",\"expectedVersion\":1}\n"
                "{\"type\":\"Deposit\",\"accountId\":\"alice\",\"amount\":\"1.00\",\"actor\":\"a\",\"expectedVersion\":4}\n");
    CHECK(r.code == es::cli::kExitFailed);
    auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 2);
    es::Json stale = parse_line(lines[0]);
    CHECK(stale["error"]["code"] == "conflict");
    CHECK(contains(stale["error"]["message"].get<std::string>(), "version 4"));
    CHECK(parse_line(lines[1])["ok"] == true);  // alice is at version 4 (created, in, out, sent)
}

TEST_CASE("exec: a malformed line is a per-line error and the run continues") {
    TempDir dir("exec_malformed");
    const std::string store = dir.file("bank.jsonl");
    Run r = run({"exec", "--store", store},
                "{\"type\":\"OpenAccount\",\"accountId\":\"carol\",\"owner\":\"Carol\",\"currency\":\"USD\",\"actor\":\"c\"}\n"
                "{not json at all\n"
                "\n"
                "{\"type\":\"Deposit\",\"accountId\":\"carol\",\"amount\":\"-5\",\"actor\":\"c\"}\n"
                "{\"type\":\"Deposit\",\"accountId\":\"carol\",\"amount\":\"5.00\",\"actor\":\"c\"}\n");
    CHECK(r.code == es::cli::kExitFailed);
    auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 4);
    CHECK(parse_line(lines[0])["ok"] == true);
    es::Json bad = parse_line(lines[1]);
    CHECK(bad["line"] == 2);
    CHECK(bad["error"]["code"] == "invalid_json");
    es::Json negative = parse_line(lines[2]);
    CHECK(negative["line"] == 4);  // line numbers count the blank line too
    CHECK(negative["error"]["code"] == "invalid_argument");
    CHECK(contains(negative["error"]["message"].get<std::string>(), "amount"));
    es::Json last = parse_line(lines[3]);
    CHECK(last["ok"] == true);
    CHECK(last["events"][0]["globalPosition"] == 2);
}

TEST_CASE("exec: usage and store errors have their own exit codes") {
    TempDir dir("exec_codes");
    CHECK(run({"exec"}).code == es::cli::kExitUsage);  // no --store
    Run missing_input = run({"exec", "--store", dir.file("s.jsonl"), dir.file("nope.jsonl")});
    CHECK(missing_input.code == es::cli::kExitUsage);
    CHECK(contains(missing_input.err, "nope.jsonl"));
    Run no_folder = run({"exec", "--store", dir.file("no/such/folder/s.jsonl")}, "");
    CHECK(no_folder.code == es::cli::kExitStore);
    CHECK(contains(no_folder.err, "cannot open the store"));
}

}  // namespace ES_TEST_FILE_ID
