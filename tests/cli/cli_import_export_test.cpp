// es-sandbox export and import: a jsonl export imported into a fresh store reproduces it event
// for event (same ids, positions and hashes) and the same state; bad input is rejected with
// its line number and leaves the target store exactly as it was. Also the KurrentDB format.
#include <doctest/doctest.h>

#include "cli/cli.h"
#include "cli_fixture.h"
#include "core/event.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace cli_test;

namespace {

std::string make_store(const TempDir& dir, const std::string& name) {
    const std::string store = dir.file(name);
    REQUIRE(run({"exec", "--store", store}, kBankScript).code == es::cli::kExitOk);
    return store;
}

std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
    size_t at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, "'" << from << "' not found in " << text);
    return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("export then import into a fresh store reproduces identical events and state") {
    TempDir dir("roundtrip");
    const std::string source = make_store(dir, "source.jsonl");
    Run exported = run({"export", "--store", source});
    REQUIRE(exported.code == es::cli::kExitOk);
    auto lines = lines_of(exported.out);
    REQUIRE(lines.size() == 7);
    CHECK(es::Json::parse(lines[6])["hash"].get<std::string>().size() == 64);

    const std::string copy = dir.file("copy.jsonl");
    write_file(dir.file("export.jsonl"), exported.out);
    Run imported = run({"import", "--store", copy, dir.file("export.jsonl")});
    CHECK(imported.code == es::cli::kExitOk);
    CHECK(contains(imported.out, "imported 7 events (positions 1..7)"));

    CHECK(run({"export", "--store", copy}).out == exported.out);  // same ids, times and hashes
    CHECK(run({"verify", "--store", copy}).code == es::cli::kExitOk);
    CHECK(run({"state", "--store", copy, "--json"}).out == run({"state", "--store", source, "--json"}).out);
    // The copy is a working store: new commands continue its chain.
    Run more = run({"exec", "--store", copy},
                   "{\"type\":\"Deposit\",\"accountId\":\"bob\",\"amount\":\"1.00\",\"actor\":\"bob\"}\n");
    CHECK(more.code == es::cli::kExitOk);
    CHECK(run({"verify", "--store", copy}).out.rfind("ok: 8 events verified", 0) == 0);
}

TEST_CASE("import continues a store in parts and accepts a copied store file") {
    TempDir dir("parts");
    const std::string source = make_store(dir, "source.jsonl");
    auto lines = lines_of(run({"export", "--store", source}).out);
    const std::string target = dir.file("target.jsonl");
    std::vector<std::string> head(lines.begin(), lines.begin() + 3), tail(lines.begin() + 3, lines.end());
    CHECK(run({"import", "--store", target, "-"}, join(head)).code == es::cli::kExitOk);
    CHECK(run({"import", "--store", target}, join(tail)).code == es::cli::kExitOk);
    CHECK(run({"export", "--store", target}).out == join(lines));

    // The raw store file, commit markers and all, imports too.
    const std::string from_file = dir.file("from_file.jsonl");
    Run r = run({"import", "--store", from_file, source});
    CHECK(r.code == es::cli::kExitOk);
    CHECK(run({"export", "--store", from_file}).out == join(lines));
}

TEST_CASE("import rejects bad input by line number and leaves the store unchanged") {
    TempDir dir("bad_import");
    const std::string source = make_store(dir, "source.jsonl");
    const auto lines = lines_of(run({"export", "--store", source}).out);

    struct Case {
        const char* name;
        std::vector<std::string> input;
        const char* expect;  // in the message; every case is bad at line 3 or later
    };
    auto with_line = [&](size_t index, const std::string& text) {
        auto copy = lines;
        copy[index] = text;
        return copy;
    };
    auto without_line = [&](size_t index) {
        auto copy = lines;
        copy.erase(copy.begin() + static_cast<long>(index));
        return copy;
    };
    const Case cases[] = {
        {"bad JSON", with_line(3, "{\"data\":"), "line 4"},
        {"unknown field", with_line(2, replace_once(lines[2], "\"data\":{", "\"extra\":1,\"data\":{")), "line 3"},
        {"unknown type", with_line(2, replace_once(lines[2], "\"MoneyWithdrawn\"", "\"MoneyStolen\"")), "line 3"},
        {"negative amount", with_line(2, replace_once(lines[2], "\"amountCents\":3000", "\"amountCents\":-3000")),
         "line 3"},
        {"edited amount", with_line(4, replace_once(lines[4], "\"amountCents\":2000", "\"amountCents\":9000")),
         "line 5 (position 5)"},
        {"missing position", without_line(3), "line 4: globalPosition is 5 but the next position is 4"},
        {"repeated position", with_line(3, lines[2]), "line 4"},
    };

    const std::string empty_target = dir.file("never_created.jsonl");
    const std::string half = dir.file("half.jsonl");
    REQUIRE(run({"import", "--store", half}, join({lines[0], lines[1]})).code == es::cli::kExitOk);
    const std::string half_bytes = file_bytes(half);
    for (const Case& c : cases) {
        const std::string name = c.name;
        CAPTURE(name);
        Run r = run({"import", "--store", empty_target}, join(c.input));
        CHECK(r.code == es::cli::kExitFailed);
        CHECK(contains(r.err, "nothing was written"));
        CHECK(contains(r.err, c.expect));
        CHECK_FALSE(fs::exists(empty_target));  // a failed import creates no file

        // Into a store holding positions 1..2: only lines from position 3 on may follow.
        std::vector<std::string> rest(c.input.begin() + 2, c.input.end());
        Run into_half = run({"import", "--store", half}, join(rest));
        CHECK(into_half.code == es::cli::kExitFailed);
        CHECK(file_bytes(half) == half_bytes);
    }

    // Importing the whole export again overlaps what the store already has.
    const std::string before = file_bytes(source);
    Run again = run({"import", "--store", source}, join(lines));
    CHECK(again.code == es::cli::kExitFailed);
    CHECK(contains(again.err, "line 1: globalPosition is 1 but the next position is 8"));
    CHECK(file_bytes(source) == before);
}

TEST_CASE("export --format kurrent writes the KurrentDB HTTP API body") {
    TempDir dir("kurrent");
    const std::string store = make_store(dir, "bank.jsonl");
    Run all = run({"export", "--store", store, "--format", "kurrent"});
    CHECK(all.code == es::cli::kExitOk);
    es::Json array = es::Json::parse(all.out);
    REQUIRE(array.is_array());
    REQUIRE(array.size() == 7);
    const es::Json& deposit = array[1];
    CHECK(deposit["eventType"] == "MoneyDeposited");
    CHECK(deposit["eventId"].get<std::string>().size() == 36);
    CHECK(deposit["data"]["amountCents"] == 10000);
    CHECK(deposit["metadata"]["reason"] == "salary");
    CHECK(deposit["metadata"]["streamId"] == "account-alice");
    CHECK(deposit["metadata"]["globalPosition"] == 2);

    es::Json bob = es::Json::parse(run({"export", "--store", store, "--format=kurrent", "--stream", "bob"}).out);
    CHECK(bob.size() == 3);
    for (const auto& e : bob) CHECK(e["metadata"]["streamId"] == "account-bob");

    CHECK(run({"export", "--store", store, "--format", "xml"}).code == es::cli::kExitUsage);
    CHECK(run({"export", "--store", store, "--stream", "bob"}).code == es::cli::kExitUsage);  // jsonl is whole-log
}

}  // namespace ES_TEST_FILE_ID
