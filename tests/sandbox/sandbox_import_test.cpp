// Sandbox::import_text: an export appended all or nothing, each event's hash computed once (by
// the store), and every refusal worded exactly as bank::validate_import words it.
#include <doctest/doctest.h>

#include <string>

#include "bank/log_transfer.h"

#include "sandbox/sandbox.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;

namespace {

// An export of a few bank events made through the sandbox's own command path.
std::string sample_export() {
    sandbox::Sandbox source(false);
    REQUIRE(source.open({}, {}).ok());
    const bank::CommandMeta meta{"teller", "test", std::nullopt};
    REQUIRE(source.execute(bank::OpenAccount{"alice", "Alice", "USD", std::nullopt, meta}).ok());
    REQUIRE(source.execute(bank::Deposit{"alice", 10000, meta}).ok());
    REQUIRE(source.execute(bank::Withdraw{"alice", 2500, meta}).ok());
    REQUIRE(source.execute(bank::Deposit{"alice", 700, meta}).ok());
    return bank::export_jsonl(source.store().recorded_log());
}

// Line `n` (1-based) of `text` changed by `edit`.
std::string with_line(const std::string& text, size_t n, const std::function<std::string(std::string)>& edit) {
    std::string out;
    size_t begin = 0;
    for (size_t i = 1; begin < text.size(); ++i) {
        const size_t end = text.find('\n', begin);
        std::string line = text.substr(begin, end - begin);
        out += (i == n ? edit(line) : line) + "\n";
        begin = end + 1;
    }
    return out;
}

}  // namespace

TEST_CASE("import_text appends a valid export as recorded and says what it added") {
    const std::string text = sample_export();
    sandbox::Sandbox s(true);
    REQUIRE(s.open({}, {}).ok());
    auto imported = s.import_text(text);
    REQUIRE(imported.ok());
    CHECK(imported->count == 4);
    CHECK(imported->first == 1);
    CHECK(imported->head == 4);
    CHECK(bank::export_jsonl(s.store().recorded_log()) == text);
    CHECK(s.storage().unsent_events() == 4);  // queued for IndexedDB like any append
    // Nothing new in it the second time: refused by line, as the validator says.
    auto again = s.import_text(text);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().message == bank::validate_import(text, s.store().recorded_log()).error().message);
    CHECK(s.import_text("\n\n")->count == 0);
}

TEST_CASE("import_text: an event edited without its hash is refused by the store, named by its line") {
    // $25.00 withdrawn becomes $20.00; the hash is left as it was.
    const std::string text = with_line(sample_export(), 3, [](std::string line) {
        const size_t at = line.find("\"amountCents\":2500");
        REQUIRE(at != std::string::npos);
        return line.replace(at, 18, "\"amountCents\":2000");
    });
    // Only the hash gives it away: checking the links alone accepts it...
    CHECK(bank::validate_import(text, {}, bank::ImportChain::LeaveToStore).ok());
    // ...and the full check names it.
    auto full = bank::validate_import(text, {});
    REQUIRE_FALSE(full.ok());
    CHECK(full.error().message.rfind("line 3 (position 3): stored hash", 0) == 0);

    sandbox::Sandbox s(true);
    REQUIRE(s.open({}, {}).ok());
    auto imported = s.import_text(text);
    REQUIRE_FALSE(imported.ok());
    CHECK(imported.error().message == full.error().message);  // the validator's words, not the store's
    CHECK(s.store().head_position() == 0);                      // all or nothing
    CHECK(s.storage().unsent_events() == 0);
}

TEST_CASE("import_text: a broken link or a later problem is reported exactly as the full validation reports it") {
    const std::string good = sample_export();
    const std::string broken_link = with_line(good, 2, [](std::string line) {
        const size_t at = line.find("\"prevHash\":\"");
        REQUIRE(at != std::string::npos);
        line[at + 12] = line[at + 12] == 'a' ? 'b' : 'a';
        return line;
    });
    // Edited content at line 2 (hash kept) and an overdraft at line 4: the edit is the first problem.
    const std::string two_problems = with_line(
        with_line(good, 2, [](std::string line) { return line.replace(line.find("\"amountCents\":10000"), 19, "\"amountCents\":10001"); }),
        4, [](std::string line) { return line.replace(line.find("\"amountCents\":700"), 17, "\"amountCents\":0"); });
    for (const std::string& text : {broken_link, two_problems}) {
        auto full = bank::validate_import(text, {});
        REQUIRE_FALSE(full.ok());
        sandbox::Sandbox s(true);
        REQUIRE(s.open({}, {}).ok());
        auto imported = s.import_text(text);
        REQUIRE_FALSE(imported.ok());
        CHECK(imported.error().message == full.error().message);
        CHECK(s.store().head_position() == 0);
    }
}

TEST_CASE("an import fed in pieces appends what import_text appends, and refuses what it refuses, worded the same") {
    const std::string good = sample_export();
    const std::string overdraft = with_line(good, 3, [](std::string line) {
        return line.replace(line.find("\"amountCents\":2500"), 18, "\"amountCents\":9999999");
    });
    for (const std::string& text : {good, overdraft, good.substr(0, good.size() - 1) /* no last line end */}) {
        sandbox::Sandbox whole(true);
        REQUIRE(whole.open({}, {}).ok());
        auto expected = whole.import_text(text);
        for (size_t piece : {1, 5, 64, 333}) {
            CAPTURE(piece);
            sandbox::Sandbox s(true);
            REQUIRE(s.open({}, {}).ok());
            REQUIRE(s.begin_import().ok());
            CHECK(s.importing());
            for (size_t at = 0; at < text.size(); at += piece)
                (void)s.feed_import(std::string_view(text).substr(at, piece));
            auto imported = s.finish_import();
            CHECK_FALSE(s.importing());
            REQUIRE(imported.ok() == expected.ok());
            if (imported.ok()) {
                CHECK(imported->count == expected->count);
                CHECK(imported->head == expected->head);
                CHECK(bank::export_jsonl(s.store().recorded_log()) == bank::export_jsonl(whole.store().recorded_log()));
            } else {
                CHECK(imported.error().message == expected.error().message);
                CHECK(imported.error().message == bank::validate_import(text, {}).error().message);
                CHECK(s.store().head_position() == 0);
            }
        }
    }
    CHECK(sandbox::Sandbox(true).finish_import().error().message == "no import has begun");
}

TEST_CASE("an import refuses, appending nothing, when the log moved while its pieces were fed") {
    const std::string text = sample_export();
    sandbox::Sandbox s(true);
    REQUIRE(s.open({}, {}).ok());
    REQUIRE(s.begin_import().ok());
    REQUIRE(s.feed_import(text).ok());
    const bank::CommandMeta meta{"teller", "test", std::nullopt};
    REQUIRE(s.execute(bank::OpenAccount{"bob", "Bob", "USD", std::nullopt, meta}).ok());
    auto fed = s.feed_import("\n");  // refused at once too
    REQUIRE_FALSE(fed.ok());
    auto imported = s.finish_import();
    CHECK(fed.error().message == imported.error().message);
    REQUIRE_FALSE(imported.ok());
    CHECK(imported.error().message ==
          "the log moved from position 0 to 1 while the file was being read, so it no longer continues where it was "
          "checked; import it again");
    CHECK(s.store().head_position() == 1);
    // Begun again over the new head, the same text is refused for what it is: it starts at position 1.
    auto again = s.import_text(text);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().message.rfind("line 1: globalPosition is 1 but the next position is 2", 0) == 0);
}

}  // namespace ES_TEST_FILE_ID
