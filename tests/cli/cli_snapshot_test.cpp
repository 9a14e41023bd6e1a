// es-sandbox against a tampered FILE.snapshots, exactly as an attacker or a careless edit would
// leave it: a cached balance raised, a malformed state, a line that is not JSON. The snapshot is
// ignored and named on stderr, the decision is the one the events alone give, and a command on
// the account still works.
#include <doctest/doctest.h>

#include "cli_fixture.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace cli_test;

namespace {

// alice opened and given 99 deposits of 1.00: stream version 100, so exec saves a snapshot of
// her state (balance 99.00) at version 100.
std::string alice_with_snapshot(const TempDir& dir) {
    const std::string store = dir.file("bank.jsonl");
    std::string script =
        "{\"type\":\"OpenAccount\",\"accountId\":\"alice\",\"owner\":\"Alice\",\"currency\":\"USD\",\"actor\":\"alice\"}\n";
    for (int i = 0; i < 99; ++i)
        script += "{\"type\":\"Deposit\",\"accountId\":\"alice\",\"amount\":\"1.00\",\"actor\":\"alice\"}\n";
    Run r = run({"exec", "--store", store, "-"}, script);
    REQUIRE_MESSAGE(r.code == 0, r.err);
    REQUIRE(contains(file_bytes(store + ".snapshots"), "\"balanceCents\":9900"));
    return store;
}

void replace_in_file(const std::string& path, const std::string& from, const std::string& to) {
    std::string bytes = file_bytes(path);
    const size_t at = bytes.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, from);
    bytes.replace(at, from.size(), to);
    write_file(path, bytes);
}

const char* const kBigWithdrawal =
    "{\"type\":\"Withdraw\",\"accountId\":\"alice\",\"amount\":\"500000.00\",\"actor\":\"mallory\"}\n";
const char* const kSmallWithdrawal =
    "{\"type\":\"Withdraw\",\"accountId\":\"alice\",\"amount\":\"9.00\",\"actor\":\"alice\"}\n";

}  // namespace

TEST_CASE("cli: a cached balance raised in FILE.snapshots does not let a withdrawal through") {
    TempDir dir("snap_balance");
    const std::string store = alice_with_snapshot(dir);
    replace_in_file(store + ".snapshots", "\"balanceCents\":9900", "\"balanceCents\":100000000");
    const std::string before = file_bytes(store);

    Run r = run({"exec", "--store", store, "-"}, kBigWithdrawal);
    CHECK(r.code == 1);
    CHECK(contains(r.out, "\"code\":\"rejected\""));
    CHECK(contains(r.out, "99.00"));
    CHECK(file_bytes(store) == before);  // nothing written
    CHECK(contains(r.err, "warning: " + store + ".snapshots: snapshot of account-alice at version 100"));
    CHECK(contains(r.err, "checksum does not match"));
    CHECK(contains(r.err, "rebuilt from the events"));

    Run v = run({"verify", "--store", store});
    CHECK(v.code == 0);
    Run ok = run({"exec", "--store", store, "-"}, kSmallWithdrawal);
    CHECK_MESSAGE(ok.code == 0, ok.out << ok.err);
    Run state = run({"state", "--store", store});
    CHECK(contains(state.out, "90.00"));
}

TEST_CASE("cli: a malformed snapshot is ignored and commands on the account still work") {
    TempDir dir("snap_malformed");
    const std::string store = alice_with_snapshot(dir);
    SUBCASE("a state the bank cannot read") {
        replace_in_file(store + ".snapshots", "\"balanceCents\":9900", "\"balanceCents\":\"lots\"");
        Run r = run({"exec", "--store", store, "-"}, kSmallWithdrawal);
        CHECK_MESSAGE(r.code == 0, r.out << r.err);
        CHECK(contains(r.err, "snapshot of account-alice at version 100"));
    }
    SUBCASE("a line that is not JSON, before a good one") {
        const std::string good = file_bytes(store + ".snapshots");
        write_file(store + ".snapshots", "{\"streamId\":\"account-alice\", oops\n" + good);
        const std::string before = file_bytes(store + ".snapshots");
        Run r = run({"exec", "--store", store, "-"}, kSmallWithdrawal);
        CHECK_MESSAGE(r.code == 0, r.out << r.err);
        CHECK(contains(r.err, "warning: " + store + ".snapshots: line 1: "));
        CHECK(contains(r.err, "rebuilt from the events"));
        CHECK(file_bytes(store + ".snapshots") == before);  // left as evidence; the good line is still used
        Run big = run({"exec", "--store", store, "-"}, kBigWithdrawal);
        CHECK(big.code == 1);
    }
    SUBCASE("a line whose key reads but whose body does not decode") {
        // Opening only keys the line; the command that loads alice decodes it and names it. (A
        // good line follows: a last line that does not decode is cut as torn, as always.)
        const std::string good = file_bytes(store + ".snapshots");
        replace_in_file(store + ".snapshots", "\"takenAt\":", "\"takenAt\":\"soon\",\"x\":");
        write_file(store + ".snapshots", file_bytes(store + ".snapshots") + good);
        Run r = run({"exec", "--store", store, "-"}, kSmallWithdrawal);
        CHECK_MESSAGE(r.code == 0, r.out << r.err);
        CHECK(contains(r.err, "warning: " + store + ".snapshots: line 1: "));
        CHECK(contains(r.err, "rebuilt from the events"));
        Run v = run({"verify", "--store", store});  // checks the whole store: names it too
        CHECK(v.code == 0);
        CHECK(contains(v.err, "warning: " + store + ".snapshots: line 1: "));
    }
    SUBCASE("a snapshot that points beyond the head") {
        replace_in_file(store + ".snapshots", "\"globalPosition\":100", "\"globalPosition\":5000");
        Run r = run({"exec", "--store", store, "-"}, kSmallWithdrawal);
        CHECK_MESSAGE(r.code == 0, r.out << r.err);
        CHECK(contains(r.err, "snapshot of account-alice at version 100"));
    }
    Run state = run({"state", "--store", store});
    CHECK(contains(state.out, "90.00"));
}

TEST_CASE("cli: an old snapshot line without eventHash and checksum is not trusted") {
    TempDir dir("snap_old");
    const std::string store = alice_with_snapshot(dir);
    std::string line = file_bytes(store + ".snapshots");
    for (const std::string field : {"\"checksum\":\"", "\"eventHash\":\""}) {
        const size_t at = line.find(field);
        REQUIRE(at != std::string::npos);
        line.erase(at, field.size() + 64 + 2);  // the field, its 64 hex digits, '"' and ','
    }
    write_file(store + ".snapshots", line);
    Run r = run({"exec", "--store", store, "-"}, kSmallWithdrawal);
    CHECK_MESSAGE(r.code == 0, r.out << r.err);
    CHECK(contains(r.err, "no eventHash and no checksum"));
}

}  // namespace ES_TEST_FILE_ID
