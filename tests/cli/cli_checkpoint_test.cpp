// The CLI over a store's index and checkpoint: exec, state and history open from the checkpoint
// (same answers as a replay of the whole log), and a checkpoint or index that is missing,
// damaged or does not match the log is named on stderr, never trusted, and rebuilt. A tamper
// before the checkpoint is not seen by opening, and is found by verify.
#include <doctest/doctest.h>

#include "cli/cli.h"
#include "cli_fixture.h"
#include "core/checkpoint.h"
#include "core/event.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace cli_test;

namespace {

// The accounts `state --json` prints, now (through the checkpoint) and replayed from position 1.
void check_state_matches_replay(const std::string& store) {
    Run now = run({"state", "--json", "--store", store});
    REQUIRE(now.code == es::cli::kExitOk);
    const es::Json j = es::Json::parse(now.out);
    Run replay = run({"state", "--json", "--store", store, "--at", std::to_string(j["headPosition"].get<uint64_t>())});
    REQUIRE(replay.code == es::cli::kExitOk);
    CHECK(j["accounts"] == es::Json::parse(replay.out)["accounts"]);
}

const char* const kMore =
    "{\"type\":\"Deposit\",\"accountId\":\"alice\",\"amount\":\"7.00\",\"actor\":\"alice\"}\n"
    "{\"type\":\"Withdraw\",\"accountId\":\"bob\",\"amount\":\"1.00\",\"actor\":\"bob\"}\n";

}  // namespace

TEST_CASE("checkpoint: exec writes one, the next commands open from it and answer as a replay does") {
    TempDir dir("checkpoint");
    const std::string store = make_bank_store(dir);
    REQUIRE(fs::exists(store + ".checkpoint"));
    REQUIRE(fs::exists(store + ".index"));
    const es::Json c = es::Json::parse(file_bytes(store + ".checkpoint"));
    Run exec = run({"exec", "--store", store}, kMore);
    CHECK(exec.code == es::cli::kExitOk);
    CHECK(exec.err.empty());
    const es::Json after = es::Json::parse(file_bytes(store + ".checkpoint"));
    CHECK(after["position"].get<uint64_t>() == c["position"].get<uint64_t>() + 2);
    Run state = run({"state", "--store", store});
    CHECK(state.err.empty());
    check_state_matches_replay(store);
    Run history = run({"history", "--store", store, "alice"});
    CHECK(history.err.empty());
    CHECK(contains(history.out, "$7.00"));
}

TEST_CASE("checkpoint: missing, damaged, taken over another log, or behind the head") {
    TempDir dir("checkpoint_bad");
    const std::string store = make_bank_store(dir);
    const std::string checkpoint = store + ".checkpoint";
    const std::string good = file_bytes(checkpoint);

    SUBCASE("missing: named, the whole log checked, a new one written") {
        fs::remove(checkpoint);
        Run r = run({"state", "--store", store});
        CHECK(r.code == es::cli::kExitOk);
        CHECK(contains(r.err, "has no checkpoint yet"));
        CHECK(file_bytes(checkpoint) == good);
    }
    SUBCASE("a forged balance: the checksum refuses it, the balance comes from the events") {
        es::Json j = es::Json::parse(good);
        j["models"]["accounts"]["states"]["account-alice"]["balanceCents"] = 99999999;
        write_file(checkpoint, j.dump() + "\n");
        Run r = run({"state", "--json", "--store", store});
        CHECK(r.code == es::cli::kExitOk);
        CHECK(contains(r.err, "checksum does not match"));
        CHECK_FALSE(contains(r.out, "999999"));
        CHECK(file_bytes(checkpoint) == good);
    }
    SUBCASE("not JSON") {
        write_file(checkpoint, "{\"position\":");
        Run r = run({"exec", "--store", store}, kMore);
        CHECK(r.code == es::cli::kExitOk);
        CHECK(contains(r.err, ".checkpoint"));
    }
    SUBCASE("taken over another event: refused as not matching") {
        const es::Json j = es::Json::parse(good);
        // A checkpoint with a valid checksum but another hash (as if from another log).
        es::Checkpoint forged;
        forged.position = j["position"];
        forged.event_hash = std::string(64, 'a');
        forged.models = j["models"];
        forged.checksum = es::checkpoint_checksum(forged);
        write_file(checkpoint, es::checkpoint_to_json(forged).dump() + "\n");
        Run r = run({"history", "--store", store, "bob"});
        CHECK(r.code == es::cli::kExitOk);
        CHECK(contains(r.err, "does not match the log"));
        CHECK(file_bytes(checkpoint) == good);
    }
    SUBCASE("behind the head (a run that crashed before writing it): used, the events after it folded") {
        REQUIRE(run({"exec", "--store", store}, kMore).code == es::cli::kExitOk);
        write_file(checkpoint, good);
        Run r = run({"state", "--store", store});
        CHECK(r.code == es::cli::kExitOk);
        CHECK(r.err.empty());
        check_state_matches_replay(store);
    }
    check_state_matches_replay(store);
}

TEST_CASE("index: a missing or damaged index is rebuilt and named") {
    TempDir dir("index_cli");
    const std::string store = make_bank_store(dir);
    SUBCASE("missing") {
        fs::remove(store + ".index");
        Run r = run({"exec", "--store", store}, kMore);
        CHECK(r.code == es::cli::kExitOk);
        CHECK(contains(r.err, "index was rebuilt from the log: there was no index"));
    }
    SUBCASE("damaged") {
        std::string bytes = file_bytes(store + ".index");
        bytes[bytes.size() / 2] ^= 0x40;
        write_file(store + ".index", bytes);
        Run r = run({"state", "--store", store});
        CHECK(r.code == es::cli::kExitOk);
        CHECK(contains(r.err, "checksum does not match"));
    }
    Run again = run({"state", "--store", store});
    CHECK(again.err.empty());
    check_state_matches_replay(store);
}

TEST_CASE("a tamper before the checkpoint: not read by exec, found by verify") {
    TempDir dir("checkpoint_tamper");
    const std::string store = make_bank_store(dir);
    std::string bytes = file_bytes(store);
    const size_t at = bytes.find("\"amountCents\":10000");
    REQUIRE(at != std::string::npos);
    bytes.replace(at, 19, "\"amountCents\":90000");  // same length: the index still points at every line
    write_file(store, bytes);
    Run exec = run({"exec", "--store", store}, kMore);
    CHECK(exec.code == es::cli::kExitOk);
    Run verify = run({"verify", "--store", store});
    CHECK(verify.code == es::cli::kExitStore);
    CHECK(contains(verify.out, "FAILED: position "));
}

TEST_CASE("checkpoint: a reversal of a deposit before it is decided on that deposit, read back from the file") {
    TempDir dir("checkpoint_reversal");
    const std::string store = make_bank_store(dir);  // bob's 20.00 deposit at position 5; checkpoint at 7
    REQUIRE(fs::exists(store + ".checkpoint"));
    Run r = run({"exec", "--store", store, "-"},
                "{\"type\":\"ReverseDeposit\",\"accountId\":\"bob\",\"depositPosition\":5,\"actor\":\"bob\","
                "\"reason\":\"typed twice\"}\n");
    CHECK_MESSAGE(r.code == es::cli::kExitOk, r.out << r.err);
    CHECK(contains(r.out, "\"ok\":true"));
    CHECK(contains(run({"state", "--store", store}).out, "5.00"));  // 20.00 + 5.00 received - 20.00
    // Reversed once: a second reversal of the same deposit is refused, again from the checkpoint.
    Run again = run({"exec", "--store", store, "-"},
                    "{\"type\":\"ReverseDeposit\",\"accountId\":\"bob\",\"depositPosition\":5,\"actor\":\"bob\","
                    "\"reason\":\"again\"}\n");
    CHECK(again.code == es::cli::kExitFailed);
    CHECK(run({"verify", "--store", store}).code == es::cli::kExitOk);
}

}  // namespace ES_TEST_FILE_ID
