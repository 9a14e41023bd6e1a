// es-sandbox import onto a store with a checkpoint: the input is checked against the checkpoint's
// accounts and the events after it (the bank's history rules resumed there, not replayed from
// position 1), earlier events are read back from storage when the input names one (a reversal),
// and the store checks the chain as it appends; a refusal still names the line, and the store is
// left as it was.
#include <doctest/doctest.h>

#include "bank/forged_history.h"
#include "cli/cli.h"
#include "cli_fixture.h"
#include "core/event_reader.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace cli_test;

namespace {

std::string join(const std::vector<std::string>& lines, size_t from, size_t to) {
    std::string out;
    for (size_t i = from; i < to; ++i) out += lines[i] + "\n";
    return out;
}

es::RecordedEvent decoded(const std::string& line) {
    auto e = es::decode_event_line(line);
    REQUIRE_MESSAGE(e.ok(), e.error().message);
    return std::move(e).value();
}

// The source's export (kBankScript: positions 1..7) and a target holding positions 1..4 by an
// import, which left it a checkpoint.
struct Stores {
    TempDir dir{"import_checkpoint"};
    std::string source = make_bank_store(dir);
    std::vector<std::string> lines = lines_of(run({"export", "--store", source}).out);
    std::string target = dir.file("target.jsonl");

    Stores() {
        REQUIRE(lines.size() == 7);
        Run first = run({"import", "--store", target}, join(lines, 0, 4));
        REQUIRE_MESSAGE(first.code == es::cli::kExitOk, first.err);
        REQUIRE(fs::exists(target + ".checkpoint"));
    }
};

}  // namespace

TEST_CASE("import from a checkpoint: a continuation goes in, checked against the checkpoint's accounts") {
    Stores s;
    Run r = run({"import", "--store", s.target}, join(s.lines, 4, 7));
    CHECK_MESSAGE(r.code == es::cli::kExitOk, r.err);
    CHECK(contains(r.out, "imported 3 events (positions 5..7)"));
    CHECK_FALSE(contains(r.err, "note:"));  // opened from the checkpoint, nothing rebuilt
    CHECK(run({"export", "--store", s.target}).out == run({"export", "--store", s.source}).out);
    CHECK(run({"verify", "--store", s.target}).code == es::cli::kExitOk);
    CHECK(run({"state", "--store", s.target, "--json"}).out == run({"state", "--store", s.source, "--json"}).out);

    // A reversal of bob's deposit at position 5, made on a copy of the source: the rules read that
    // deposit back from the target's storage (it is before the checkpoint the import left).
    const std::string fork = s.dir.file("fork.jsonl");
    REQUIRE(run({"import", "--store", fork, s.source}).code == es::cli::kExitOk);
    REQUIRE(run({"exec", "--store", fork},
                "{\"type\":\"ReverseDeposit\",\"accountId\":\"bob\",\"depositPosition\":5,\"actor\":\"bob\",\"reason\":\"typo\"}\n")
                .code == es::cli::kExitOk);
    const auto fork_lines = lines_of(run({"export", "--store", fork}).out);
    REQUIRE(fork_lines.size() == 8);
    Run reversal = run({"import", "--store", s.target}, fork_lines[7] + "\n");
    CHECK_MESSAGE(reversal.code == es::cli::kExitOk, reversal.err);
    CHECK(run({"export", "--store", s.target}).out == run({"export", "--store", fork}).out);
}

TEST_CASE("import from a checkpoint: a rule only the checkpoint's balances can tell still refuses") {
    Stores s;
    // Position 5: alice withdraws 80.00 of the 70.00 the checkpoint holds for her, chained and
    // hashed as the store would write it: only the rules can tell.
    es::RecordedEvent overdraft = decoded(s.lines[2]);  // her withdrawal of 30.00 at version 3
    overdraft.global_position = 5;
    overdraft.stream_version = 4;
    overdraft.event_id = "6f0c1d2e-3b4a-4c5d-8e6f-708192a3b4c5";
    overdraft.data["amountCents"] = 8000;
    overdraft.recorded_at_ms = decoded(s.lines[3]).recorded_at_ms;
    overdraft.occurred_at_ms = overdraft.recorded_at_ms;
    const auto forged = es::testing::rehashed({overdraft}, decoded(s.lines[3]).hash);
    const std::string before = file_bytes(s.target);
    Run r = run({"import", "--store", s.target}, es::testing::jsonl(forged));
    CHECK(r.code == es::cli::kExitFailed);
    CHECK(contains(r.err, "nothing was written"));
    CHECK(contains(r.err, "line 1 (position 5): breaks the rule \"within-overdraft\""));
    CHECK(file_bytes(s.target) == before);
}

TEST_CASE("import from a checkpoint: an input that does not continue the chain is named by its line") {
    Stores s;
    // Position 5 as the source has it, but linked to the hash of event 3 instead of event 4.
    const auto relinked = es::testing::rehashed({decoded(s.lines[4])}, decoded(s.lines[2]).hash);
    const std::string before = file_bytes(s.target);
    Run r = run({"import", "--store", s.target}, es::testing::jsonl(relinked) + join(s.lines, 5, 7));
    CHECK(r.code == es::cli::kExitFailed);
    CHECK(contains(r.err, "line 1 (position 5): prev_hash does not match"));
    CHECK(file_bytes(s.target) == before);
    // The right continuation still goes in afterwards.
    CHECK(run({"import", "--store", s.target}, join(s.lines, 4, 7)).code == es::cli::kExitOk);
}

}  // namespace ES_TEST_FILE_ID
