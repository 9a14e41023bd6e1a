// bank/log_transfer: export_jsonl read back by validate_import gives the same events; every
// kind of bad input is rejected at its line with its reason (bad JSON, unknown type, negative
// amount, version or position out of sequence, oversized line, tampered hash, an account never
// opened, a forged history rehashed: by the rule it breaks); imports continue a non-empty log and
// a state of the rules; and the KurrentDB shape with its stream filter.
#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "bank/bank.h"
#include "bank/events.h"
#include "bank/history_rules.h"
#include "bank/log_transfer.h"
#include "bank/forged_history.h"
#include "core/clock.h"
#include "core/event_reader.h"
#include "core/event_writer.h"
#include "core/event_store.h"
#include "core/uuid.h"
#include "storage/memory_storage.h"
#include "core/event_codec_reference.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::bank;
using es::testing::compute_hash;

namespace {

const CommandMeta kMeta{"teller", "test", std::nullopt};

// The error message of `r`, or "" when it is ok (doctest -s evaluates messages of passing checks).
template <typename T>
std::string why(const Result<T>& r) {
    return r.ok() ? std::string() : r.error().message;
}

// A small valid bank log: two accounts, a deposit, a withdrawal, a transfer (two events with
// one correlation id) and a legacy v1 deposit that must be upcast to fold.
//   1 AccountCreated alice   2 AccountCreated bob     3 MoneyDeposited alice
//   4 MoneyWithdrawn alice   5 TransferSent alice     6 TransferReceived bob
//   7 MoneyDeposited bob (v1)
EventList make_log() {
    MemoryStorage storage;
    ManualClock clock{1700000000000};
    UuidGenerator ids{7};
    EventStore store{storage, clock, ids};
    REQUIRE(store.open().ok());
    Bank bank(store);
    const std::vector<Command> commands = {
        OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta},
        OpenAccount{"bob", "Bob", "USD", std::nullopt, kMeta},
        Deposit{"alice", 10000, kMeta},
        Withdraw{"alice", 3000, kMeta},
        Transfer{"alice", "bob", 2000, kMeta}};
    for (const Command& c : commands) {
        clock.advance(60000);
        auto r = bank.execute(c);
        REQUIRE_MESSAGE(r.ok(), why(r));
    }
    auto legacy = store.append(account_stream_id("bob"), ExpectedVersion::any(),
                               {make_legacy_deposit_v1("bob", 500, EventMetadata{"legacy", "", "", ""})});
    REQUIRE(legacy.ok());
    REQUIRE(store.recorded_log().size() == 7);
    return store.recorded_log().to_list();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    size_t begin = 0;
    for (size_t end; (end = text.find('\n', begin)) != std::string::npos; begin = end + 1)
        lines.push_back(text.substr(begin, end - begin));
    if (begin < text.size()) lines.push_back(text.substr(begin));
    return lines;
}

std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

// The event of `line`, changed by `edit`, encoded again (hash as `edit` left it).
std::string edited(const std::string& line, const std::function<void(RecordedEvent&)>& edit) {
    auto e = decode_event_line(line);
    REQUIRE(e.ok());
    edit(*e);
    return encode_event_line(*e);
}

// Rejects `text` into `base` with a message starting "line N" and containing `reason`.
void check_rejected(const std::string& text, const EventList& base, size_t line, const std::string& reason) {
    auto r = validate_import(text, base);
    REQUIRE_FALSE(r.ok());
    const std::string& message = r.error().message;
    CAPTURE(message);
    const std::string prefix = "line " + std::to_string(line);
    CHECK(message.rfind(prefix, 0) == 0);
    CHECK((message[prefix.size()] == ':' || message[prefix.size()] == ' '));
    CHECK(message.find(reason) != std::string::npos);
}

}  // namespace

TEST_CASE("export_jsonl read back by validate_import gives the same events") {
    const EventList log = make_log();
    const std::string text = export_jsonl(log);
    CHECK(lines_of(text).size() == log.size());
    CHECK(text.back() == '\n');

    auto r = validate_import(text, {});
    REQUIRE_MESSAGE(r.ok(), why(r));
    CHECK(*r == log);

    // "\r\n", blank lines and a copied store file's commit markers are fine too.
    std::string crlf;
    for (const std::string& l : lines_of(text)) crlf += l + "\r\n";
    auto with_crlf = validate_import("\n  \t\n" + crlf + "{\"commit\":{\"first\":1,\"last\":7}}\n", {});
    REQUIRE_MESSAGE(with_crlf.ok(), why(with_crlf));
    CHECK(*with_crlf == log);

    // No events at all is an empty list, not an error.
    auto nothing = validate_import("", {});
    REQUIRE(nothing.ok());
    CHECK(nothing->empty());
    CHECK(validate_import("\n\r\n", log)->empty());
    CHECK(export_jsonl({}).empty());
}

TEST_CASE("validate_import rejects bad input at its line with its reason") {
    const EventList log = make_log();
    const std::vector<std::string> lines = lines_of(export_jsonl(log));
    auto with_line = [&](size_t index, const std::string& text) {
        auto copy = lines;
        copy[index] = text;
        return join(copy);
    };

    SUBCASE("bad JSON") { check_rejected(with_line(3, "{\"data\":"), {}, 4, "line 4: "); }
    SUBCASE("a key given twice: one reading only") {
        std::string twice = lines[3];
        twice.insert(1, "\"globalPosition\":4,");
        check_rejected(with_line(3, twice), {}, 4, "duplicate key 'globalPosition'");
    }
    SUBCASE("a commit marker read as strictly as the store reads it") {
        auto with_marker = [&](const std::string& marker) {
            auto copy = lines;
            copy.insert(copy.begin() + 3, marker);  // after positions 1..3
            return join(copy);
        };
        CHECK(validate_import(with_marker("{\"commit\":{\"first\":1,\"last\":3}}"), {}).ok());
        check_rejected(with_marker("{\"commit\":\"anything\"}"), {}, 4, "commit marker");
        check_rejected(with_marker("{\"commit\":{\"first\":1,\"last\":2}}"), {}, 4,
                       "commit marker 1..2 does not name the events before it (1..3)");
        check_rejected(with_marker("{\"commit\": {\"first\":1,\"last\":3}}"), {}, 4, "exact form");
    }
    SUBCASE("an unknown event type") {
        check_rejected(with_line(2, edited(lines[2], [](RecordedEvent& e) {
                                     e.type = "MoneyStolen";
                                     e.hash = compute_hash(e);
                                 })),
                       {}, 3, "MoneyStolen");
    }
    SUBCASE("a negative amountCents, hash recomputed so only the amount rule fails") {
        const std::string bad = edited(lines[3], [](RecordedEvent& e) {
            e.data["amountCents"] = -3000;
            e.hash = compute_hash(e);
        });
        auto r = validate_import(with_line(3, bad), {});
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.rfind("line 4 (position 4): ", 0) == 0);
        CHECK(r.error().message.find("amountCents") != std::string::npos);
        CHECK(r.error().message.find("hash") == std::string::npos);
    }
    SUBCASE("a stream version that skips") {
        // The last event, so no later prevHash depends on it.
        check_rejected(with_line(6, edited(lines[6], [](RecordedEvent& e) {
                                     e.stream_version += 1;
                                     e.hash = compute_hash(e);
                                 })),
                       {}, 7, "stream 'account-bob' should continue at version 3 but the event has version 4");
    }
    SUBCASE("a gap in positions") {
        auto copy = lines;
        copy.erase(copy.begin() + 3);
        check_rejected(join(copy), {}, 4,
                       "line 4: globalPosition is 5 but the next position is 4 (the store is empty, so the input "
                       "must start at position 1");
    }
    SUBCASE("a tampered hash") {
        std::string tampered = lines[4];
        const std::string hash = log[4].hash;
        tampered.replace(tampered.find(hash), 64, std::string(64, 'a'));
        check_rejected(with_line(4, tampered), {}, 5, "does not match the content");
    }
    SUBCASE("an edited amount breaks the chain") {
        check_rejected(with_line(2, edited(lines[2], [](RecordedEvent& e) { e.data["amountCents"] = 90000; })), {},
                       3, "line 3 (position 3): stored hash");
    }
    SUBCASE("a deposit to an account never opened") {
        RecordedEvent e = log[2];  // MoneyDeposited alice
        e.event_id = "00000000-0000-4000-8000-000000000001";
        e.stream_id = "account-zed";
        e.stream_version = 1;
        e.global_position = 8;
        e.data["accountId"] = "zed";
        e.recorded_at_ms = log.back().recorded_at_ms;  // in time: only the account is wrong
        e.prev_hash = log.back().hash;
        e.hash = compute_hash(e);
        auto copy = lines;
        copy.push_back("");
        copy.push_back(encode_event_line(e));
        auto r = validate_import(join(copy), {});
        REQUIRE_FALSE(r.ok());
        CAPTURE(r.error().message);
        CHECK(r.error().message.rfind("line 9 (position 8): ", 0) == 0);
        CHECK(r.error().message.find("zed") != std::string::npos);
    }
}

TEST_CASE("validate_import rejects a 10 MB line by its length without parsing it") {
    const EventList log = make_log();
    auto lines = lines_of(export_jsonl(log));
    lines.insert(lines.begin() + 1, "{\"data\":\"" + std::string(10 * 1024 * 1024, 'x') + "\"}");
    const std::string text = join(lines);
    const auto start = std::chrono::steady_clock::now();
    auto r = validate_import(text, {});
    const auto elapsed = std::chrono::steady_clock::now() - start;
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "line 2: " + std::to_string(10 * 1024 * 1024 + 11) +
                                   " bytes is longer than the longest event line this sandbox accepts (1048576 "
                                   "bytes)");
    // Parsing 10 MB of JSON takes far longer than finding its end (generous for WASM and sanitizers).
    CHECK(elapsed < std::chrono::milliseconds(500));
    // Exactly kMaxImportLineBytes passes this check; the codec's own, tighter bound (no valid
    // event line is that long) then refuses it.
    auto at_limit = validate_import("{" + std::string(kMaxImportLineBytes - 1, ' ') + "\n", {});
    REQUIRE_FALSE(at_limit.ok());
    CHECK(at_limit.error().message.rfind("line 1: event line of 1048576 bytes", 0) == 0);
}

TEST_CASE("validate_import continues a non-empty base and says where the store ends") {
    const EventList log = make_log();
    const std::vector<std::string> lines = lines_of(export_jsonl(log));
    const EventList base(log.begin(), log.begin() + 4);
    const std::vector<std::string> tail(lines.begin() + 4, lines.end());

    auto r = validate_import(join(tail), base);
    REQUIRE_MESSAGE(r.ok(), why(r));
    CHECK(*r == EventList(log.begin() + 4, log.end()));

    // The whole export again overlaps what the store has.
    check_rejected(join(lines), base, 1,
                   "line 1: globalPosition is 1 but the next position is 5 (the store ends at position 4; an "
                   "import must continue it without gaps, repeats or overlap)");
    // The tail into an empty store is a gap at its start.
    check_rejected(join(tail), {}, 1, "the store is empty, so the input must start at position 1");

    // A problem in the base itself is named as such.
    EventList broken = base;
    broken[1].hash = std::string(64, 'b');
    auto bad_base = validate_import(join(tail), broken);
    REQUIRE_FALSE(bad_base.ok());
    CHECK(bad_base.error().message.rfind("the store itself at position 2: ", 0) == 0);
}

TEST_CASE("validate_import refuses a forged history whose hashes were recomputed, by line, position and rule") {
    const EventList log = make_log();
    auto refused = [&](EventList forged, size_t line, uint64_t position, const char* rule) {
        check_rejected(es::testing::jsonl(es::testing::rehashed(std::move(forged))), {}, line,
                       "line " + std::to_string(line) + " (position " + std::to_string(position) +
                           "): breaks the rule \"" + rule + "\"");
    };
    SUBCASE("an unknown type is refused by the bank-event rule") {
        EventList forged = log;
        forged[2].type = "MoneyStolen";
        refused(forged, 3, 3, "bank-event");
    }
    SUBCASE("overdrawn far past the limit") {
        EventList forged = log;
        forged[3].data["amountCents"] = 1000000000;
        refused(forged, 4, 4, "within-overdraft");
    }
    SUBCASE("a TransferSent whose TransferReceived was dropped") {
        refused(EventList(log.begin(), log.begin() + 5), 5, 5, "transfer-paired");
    }
    SUBCASE("recordedAt going backwards") {
        EventList forged = log;
        forged[6].recorded_at_ms = forged[5].recorded_at_ms - 1;
        refused(forged, 7, 7, "time-moves-forward");
    }
    SUBCASE("a transfer split by a commit marker") {
        auto lines = lines_of(export_jsonl(log));
        lines.insert(lines.begin() + 5, "{\"commit\":{\"first\":1,\"last\":5}}");
        check_rejected(join(lines), {}, 5, "line 5 (position 5): breaks the rule \"transfer-paired\"");
    }
}

TEST_CASE("validate_import continues a state of the rules kept for its base, as a copy") {
    const EventList log = make_log();
    const EventList base(log.begin(), log.begin() + 4);
    const std::vector<std::string> lines = lines_of(export_jsonl(log));
    const std::string tail = join(std::vector<std::string>(lines.begin() + 4, lines.end()));
    HistoryRules kept(1800000000000);
    for (const RecordedEvent& e : base) REQUIRE(kept.take(e, nullptr).ok());

    auto continued = validate_import(tail, base, ImportChain::Check, &kept);
    REQUIRE_MESSAGE(continued.ok(), why(continued));
    CHECK(*continued == EventList(log.begin() + 4, log.end()));
    CHECK(kept.position() == 4);  // the caller's state is left as it was

    // The state is used only for the base it was kept for.
    const HistoryRules empty(1800000000000);
    CHECK(validate_import(tail, base, ImportChain::Check, &empty).ok());
    // A forged tail is refused the same way either way.
    const EventList forged = {log[4]};  // the TransferSent without its TransferReceived
    const std::string text = es::testing::jsonl(es::testing::rehashed(forged, base.back().hash));
    auto fresh = validate_import(text, base);
    auto from_state = validate_import(text, base, ImportChain::Check, &kept);
    REQUIRE_FALSE(fresh.ok());
    REQUIRE_FALSE(from_state.ok());
    CHECK(fresh.error().message == from_state.error().message);
    CHECK(fresh.error().message.rfind("line 1 (position 5): breaks the rule \"transfer-paired\"", 0) == 0);
}

TEST_CASE("kurrent_events: the KurrentDB HTTP API body, whole log or one stream") {
    const EventList log = make_log();
    const Json all = kurrent_events(log);
    REQUIRE(all.is_array());
    REQUIRE(all.size() == log.size());
    const Json& deposit = all[2];
    CHECK(deposit["eventId"] == log[2].event_id);
    CHECK(deposit["eventType"] == "MoneyDeposited");
    CHECK(deposit["data"] == log[2].data);
    CHECK(deposit["metadata"]["actor"] == "teller");
    CHECK(deposit["metadata"]["reason"] == "test");
    CHECK(deposit["metadata"]["streamId"] == "account-alice");
    CHECK(deposit["metadata"]["streamVersion"] == 2);
    CHECK(deposit["metadata"]["globalPosition"] == 3);
    CHECK(deposit["metadata"]["hash"] == log[2].hash);
    CHECK_FALSE(deposit["metadata"].contains("$correlationId"));  // none recorded for a deposit
    CHECK(deposit == kurrent_event(log[2]));

    // Both halves of the transfer carry the same $correlationId.
    REQUIRE(all[4]["metadata"].contains("$correlationId"));
    CHECK(all[4]["metadata"]["$correlationId"] == log[4].metadata.correlation_id);
    CHECK(all[5]["metadata"]["$correlationId"] == all[4]["metadata"]["$correlationId"]);
    // Exported as stored: the legacy deposit stays at schema 1.
    CHECK(all[6]["metadata"]["schemaVersion"] == 1);

    const Json bob = kurrent_events(log, "account-bob");
    REQUIRE(bob.size() == 3);
    for (const Json& e : bob) CHECK(e["metadata"]["streamId"] == "account-bob");
    CHECK(bob[0]["eventType"] == "AccountCreated");
    CHECK(kurrent_events(log, "account-nobody").empty());
    CHECK(kurrent_events({}).empty());
}

namespace {

// The outcome of an ImportChecker fed `text` cut into the pieces `cuts` gives (offsets, in
// order): "ok:" and the events' lines, or "error:" and the message; then what a feed after the
// problem and a second finish say (the problem again).
std::string checked_in_pieces(const std::string& text, const std::vector<size_t>& cuts, ImportChain chain) {
    static const EventList empty_base;
    auto checker = start_import(empty_base, chain);
    REQUIRE(checker.ok());
    size_t from = 0;
    std::string fed_problem;
    for (size_t i = 0; i <= cuts.size(); ++i) {
        const size_t to = i < cuts.size() ? cuts[i] : text.size();
        auto fed = checker->feed(std::string_view(text).substr(from, to - from));
        if (!fed.ok() && fed_problem.empty()) fed_problem = fed.error().message;
        from = to;
    }
    auto events = checker->finish();
    if (!events.ok()) {
        if (!fed_problem.empty()) CHECK(fed_problem == events.error().message);  // found by a feed: kept
        CHECK(why(checker->feed("\n")) == events.error().message);
        CHECK(why(checker->finish()) == events.error().message);
        return "error:" + events.error().message;
    }
    CHECK(checker->event_lines().size() == events->size());
    // Checked to its end: nothing more is taken.
    CHECK(why(checker->finish()) == "this import was already checked to its end");
    CHECK(why(checker->feed("\n")) == "this import was already checked to its end");
    return "ok:" + export_jsonl(*events);
}

}  // namespace

TEST_CASE("ImportChecker: a text fed in pieces cut anywhere gives what the whole text gives") {
    const EventList log = make_log();
    const std::vector<std::string> lines = lines_of(export_jsonl(log));
    std::vector<std::string> texts;
    texts.push_back(join(lines));
    // "\r\n" line ends, blank lines, a commit marker, no line end after the last line.
    std::string crlf;
    for (size_t i = 0; i < lines.size(); ++i) {
        crlf += lines[i] + "\r\n";
        if (i == 1) crlf += "\r\n  \t\r\n";
        if (i == 3) crlf += "{\"commit\":{\"first\":1,\"last\":4}}\r\n";
    }
    crlf.resize(crlf.size() - 2);
    texts.push_back(crlf);
    texts.push_back(join({lines[0], lines[1], "{\"data\":", lines[3]}));  // bad JSON at line 3
    texts.push_back(join({lines[0], lines[2]}));                          // a gap
    // Lines longer than the longest accepted: in the middle ("\r\n"), and last with no line end.
    const std::string overlong = "{\"data\":\"" + std::string(kMaxImportLineBytes + 5, 'x') + "\"}";
    texts.push_back(lines[0] + "\n" + overlong + "\r\n" + lines[1] + "\n");
    texts.push_back(lines[0] + "\n" + overlong);
    // Exactly the longest accepted, with its "\r": its length is fine, its content is not.
    texts.push_back(lines[0] + "\n{" + std::string(kMaxImportLineBytes - 1, ' ') + "\r\n");
    texts.push_back(join({lines[0], lines[1], lines[2], lines[3], lines[4]}));  // a transfer left unpaired
    std::string tampered = lines[4];
    tampered.replace(tampered.find(log[4].hash), 64, std::string(64, 'a'));
    texts.push_back(join({lines[0], lines[1], lines[2], lines[3], tampered, lines[5], lines[6]}));

    for (const ImportChain chain : {ImportChain::Check, ImportChain::LeaveToStore}) {
        for (const std::string& text : texts) {
            auto whole = validate_import(text, {}, chain);
            const std::string expected = whole.ok() ? "ok:" + export_jsonl(*whole) : "error:" + whole.error().message;
            CAPTURE(expected.substr(0, 200));
            CHECK(checked_in_pieces(text, {}, chain) == expected);
            // Pieces of a fixed size, down to one byte (for the short texts), and cuts at each
            // "\r", each "\n" and just after each.
            for (size_t size : {1, 2, 3, 7, 64, 1000, 65536}) {
                if (size < 64 && text.size() > 100000) continue;
                std::vector<size_t> cuts;
                for (size_t at = size; at < text.size(); at += size) cuts.push_back(at);
                CAPTURE(size);
                CHECK(checked_in_pieces(text, cuts, chain) == expected);
            }
            std::vector<size_t> at_ends;
            for (size_t i = 0; i < text.size(); ++i)
                if (text[i] == '\r' || text[i] == '\n') {
                    if (at_ends.empty() || at_ends.back() != i) at_ends.push_back(i);
                    at_ends.push_back(i + 1);
                }
            if (!at_ends.empty() && at_ends.back() >= text.size()) at_ends.pop_back();
            CHECK(checked_in_pieces(text, at_ends, chain) == expected);
        }
    }
    // What those texts say, so that the comparison above is not between two empty answers.
    CHECK(validate_import(texts[0], {}).ok());
    REQUIRE(validate_import(texts[1], {}).ok());
    CHECK(export_jsonl(*validate_import(texts[1], {})) == export_jsonl(log));
    CHECK(why(validate_import(texts[3], {})).rfind("line 2: globalPosition is 3 but the next position is 2", 0) == 0);
    CHECK(why(validate_import(texts[2], {})).rfind("line 3: ", 0) == 0);
    CHECK(why(validate_import(texts[4], {})) == "line 2: " + std::to_string(overlong.size()) +
                                                    " bytes is longer than the longest event line this sandbox "
                                                    "accepts (1048576 bytes)");
    CHECK(why(validate_import(texts[5], {})) == why(validate_import(texts[4], {})));
    CHECK(why(validate_import(texts[6], {})).rfind("line 2: event line of 1048576 bytes", 0) == 0);
    CHECK(why(validate_import(texts[7], {})).find("line 5 (position 5): breaks the rule \"transfer-paired\"") == 0);
    CHECK(why(validate_import(texts[8], {})).rfind("line 5 (position 5): ", 0) == 0);
    CHECK(validate_import(texts[8], {}, ImportChain::LeaveToStore).ok());  // the hash is left to the store
}

}  // namespace ES_TEST_FILE_ID
