// es-sandbox digest and verify --digest: a digest taken earlier still holds on an untouched or
// grown log; a history rewritten and rehashed from start to end passes the plain chain check but
// fails the digest check, which names the position; a shorter store and bad digest text are
// named as such.
#include <doctest/doctest.h>

#include <cctype>

#include "cli_fixture.h"
#include "core/event_reader.h"
#include "core/event_writer.h"
#include "core/sha256.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace cli_test;

namespace {

std::string make_bank(const TempDir& dir) {
    const std::string store = dir.file("bank.jsonl");
    Run r = run({"exec", "--store", store}, kBankScript);
    REQUIRE_MESSAGE(r.code == es::cli::kExitOk, r.err);
    return store;
}

std::string digest_of(const std::string& store) {
    Run d = run({"digest", "--store", store});
    REQUIRE_MESSAGE(d.code == es::cli::kExitOk, d.err);
    REQUIRE(d.out.size() > 1);
    return d.out.substr(0, d.out.size() - 1);  // without its '\n'
}

// What an attacker with write access does: changes the amount of the event at `position`, then
// recomputes the hash of it and of every later event so the chain links again. Commit markers
// stay where they were.
void rewrite_and_rehash(const std::string& store, uint64_t position, int64_t amount_cents) {
    std::string out, prev = "";
    for (const std::string& line : lines_of(file_bytes(store))) {
        if (line.rfind("{\"commit\":", 0) == 0) {
            out += line + "\n";
            continue;
        }
        auto e = es::decode_event_line(line);
        REQUIRE_MESSAGE(e.ok(), e.error().message);
        if (e->global_position == position) e->data["amountCents"] = amount_cents;
        if (!prev.empty()) e->prev_hash = prev;
        e->hash = es::sha256_hex(es::canonical_bytes(*e));
        prev = e->hash;
        out += es::encode_event_line(*e) + "\n";
    }
    write_file(store, out);
}

}  // namespace

TEST_CASE("digest: prints POS:HASH of the head, and --json") {
    TempDir dir("digest_print");
    const std::string store = make_bank(dir);
    const std::string d = digest_of(store);
    CHECK(d.rfind("7:", 0) == 0);
    CHECK(d.size() == 2 + 64);
    Run export_run = run({"export", "--store", store});
    CHECK(contains(export_run.out, "\"hash\":\"" + d.substr(2) + "\""));

    Run j = run({"digest", "--store", store, "--json"});
    CHECK(j.code == es::cli::kExitOk);
    es::Json parsed = es::Json::parse(j.out);
    CHECK(parsed["position"] == 7);
    CHECK(parsed["hash"] == d.substr(2));
    CHECK(parsed["digest"] == d);

    const std::string empty = dir.file("empty.jsonl");
    REQUIRE(run({"exec", "--store", empty}, "").code == es::cli::kExitOk);
    CHECK(digest_of(empty) == "0:" + std::string(64, '0'));
    CHECK(run({"verify", "--store", empty, "--digest", digest_of(empty)}).code == es::cli::kExitOk);
}

TEST_CASE("verify --digest: the log still holds the history, also after it grew") {
    TempDir dir("digest_ok");
    const std::string store = make_bank(dir);
    const std::string d = digest_of(store);
    REQUIRE(run({"exec", "--store", store}, "{\"type\":\"Deposit\",\"accountId\":\"bob\",\"amount\":\"1.00\",\"actor\":\"bob\"}\n")
                .code == es::cli::kExitOk);
    Run v = run({"verify", "--store", store, "--digest", d});
    CHECK_MESSAGE(v.code == es::cli::kExitOk, v.out << v.err);
    CHECK(contains(v.out, "digest ok: the log still holds the history digest 7:"));
    CHECK(contains(v.out, "ok: 8 events verified"));
}

TEST_CASE("verify --digest: a rewritten and rehashed history passes the chain check, not the digest") {
    TempDir dir("digest_rehash");
    const std::string store = make_bank(dir);
    const std::string d = digest_of(store);
    rewrite_and_rehash(store, 2, 1000000);  // alice's deposit of 100.00 becomes 10,000.00

    Run plain = run({"verify", "--store", store});
    CHECK_MESSAGE(plain.code == es::cli::kExitOk, plain.out << plain.err);  // the chain links again
    CHECK(contains(plain.out, "ok: 7 events verified"));

    Run v = run({"verify", "--store", store, "--digest", d});
    CHECK(v.code == es::cli::kExitStore);
    CHECK(contains(v.out, "FAILED digest: the event at position 7 has hash"));
    CHECK(contains(v.out, "rewritten (and rehashed) at or before position 7"));
    CHECK(digest_of(store) != d);

    // A digest taken at position 1 still holds: the rewrite began after it.
    const std::string early = "1:" + es::decode_event_line(lines_of(file_bytes(store))[0]).value().hash;
    CHECK(run({"verify", "--store", store, "--digest", early}).code == es::cli::kExitOk);
}

TEST_CASE("verify --digest: an edit that was not rehashed is named at its position") {
    TempDir dir("digest_edit");
    const std::string store = make_bank(dir);
    const std::string d = digest_of(store);
    std::string bytes = file_bytes(store);
    const size_t at = bytes.find("\"amountCents\":10000");
    REQUIRE(at != std::string::npos);
    bytes.replace(at, 19, "\"amountCents\":90000");
    write_file(store, bytes);
    Run v = run({"verify", "--store", store, "--digest", d});
    CHECK(v.code == es::cli::kExitStore);
    CHECK(contains(v.out, "FAILED digest: position 2: "));
}

TEST_CASE("verify --digest: a store shorter than the digest's position is named as such") {
    TempDir dir("digest_short");
    const std::string store = make_bank(dir);
    const std::string d = digest_of(store);
    const std::string other = dir.file("other.jsonl");
    REQUIRE(run({"exec", "--store", other},
                "{\"type\":\"OpenAccount\",\"accountId\":\"alice\",\"owner\":\"Alice\",\"currency\":\"USD\",\"actor\":\"alice\"}\n")
                .code == es::cli::kExitOk);
    Run v = run({"verify", "--store", other, "--digest", d});
    CHECK(v.code == es::cli::kExitStore);
    CHECK(contains(v.out, "FAILED digest: the store is shorter than the digest: the log has only 1 event(s) but the digest vouched for 7"));
}

TEST_CASE("verify --digest: bad digest text is a usage error that says what a digest looks like") {
    TempDir dir("digest_bad");
    const std::string store = make_bank(dir);
    const std::string hash(64, 'a');
    for (const std::string& bad : {std::string("7"), "x:" + hash, "7:" + hash.substr(1), "7:" + std::string(63, 'a') + "g",
                                   "0:" + hash}) {
        CAPTURE(bad);
        Run v = run({"verify", "--store", store, "--digest", bad});
        CHECK(v.code == es::cli::kExitUsage);
        CHECK(contains(v.err, "es-sandbox verify: "));
        CHECK(contains(v.err, "a digest is POS:HASH"));
    }
    std::string upper = " " + digest_of(store) + " ";  // spaces around it and upper-case hex are fine
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(run({"verify", "--store", store, "--digest", upper}).code == es::cli::kExitOk);
}

}  // namespace ES_TEST_FILE_ID
