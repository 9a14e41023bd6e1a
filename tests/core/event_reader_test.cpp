// The fast path of decode_event_line against the strict reader: it must read exactly what the
// strict reader reads, on valid and damaged lines, and the content hash it gives must be the
// hash of the canonical bytes, whichever way it was found. Randomized with fixed seeds (printed
// on failure).
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "core/event_codec_reference.h"
#include "core/event_format.h"
#include "core/event_reader.h"
#include "core/event_writer.h"
#include "core/integrity.h"
#include "core/random_events.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using es::testing::compute_hash;
using es::testing::random_event;

namespace {

Result<RecordedEvent> strict_decode(const std::string& line) { return event_reader::read_strict(line); }

// A line as the store writes it: the event with a well-formed hash.
std::string stored_line(std::mt19937& rng) {
    RecordedEvent e = random_event(rng);
    if (rng() % 2 == 0) e.metadata = EventMetadata{"alice", rng() % 2 ? "" : "salary", "", "c-1"};  // plain text
    static const char kHex[] = "0123456789abcdef";
    e.hash.clear();
    for (int i = 0; i < 64; ++i) e.hash.push_back(kHex[rng() % 16]);
    return encode_event_line(e);
}

// `a` and `b` hold the same values of the same JSON types, all the way down (== alone would
// take the number 5 read as unsigned for the number 5 read as signed).
bool same_types(const Json& a, const Json& b) {
    if (a.type() != b.type() || a.size() != b.size()) return false;
    if (a.is_object()) {
        for (auto it = a.begin(); it != a.end(); ++it)
            if (!b.contains(it.key()) || !same_types(it.value(), b[it.key()])) return false;
    } else if (a.is_array()) {
        for (size_t i = 0; i < a.size(); ++i)
            if (!same_types(a[i], b[i])) return false;
    }
    return a == b;
}

// The fast path reads `line` exactly as the strict decoder does, or leaves it to it; and
// decode_event_line (both paths) agrees with the strict decoder, message included.
bool same_as_strict(const std::string& line) {
    auto strict = strict_decode(line);
    auto fast = event_reader::read_canonical(line);
    if (fast) {
        REQUIRE(strict.ok());
        CHECK(*fast == *strict);
        CHECK(same_types(fast->data, strict->data));
    }
    auto both = decode_event_line(line);
    REQUIRE(both.ok() == strict.ok());
    if (both.ok()) CHECK(*both == *strict);
    else CHECK(both.error().message == strict.error().message);
    // The content hash, off the line's own bytes or computed, is the hash of the canonical bytes.
    Sha256Digest content{};
    auto hashed = decode_event_line(line, &content);
    REQUIRE(hashed.ok() == strict.ok());
    if (hashed.ok()) CHECK(to_hex(content) == sha256_hex(canonical_bytes(*strict)));
    return fast.has_value();
}

}  // namespace

TEST_CASE("randomized: the fast decoder reads exactly what the strict decoder reads, on valid lines") {
    for (uint32_t seed : {5u, 123u, 8080u}) {
        CAPTURE(seed);
        std::mt19937 rng(seed);
        int fast = 0, valid = 0;
        for (int i = 0; i < 400; ++i) {
            const std::string line = stored_line(rng);
            CAPTURE(line);
            valid += strict_decode(line).ok() ? 1 : 0;
            fast += same_as_strict(line) ? 1 : 0;
        }
        CHECK(fast > 20);   // the common case takes the fast path...
        CHECK(fast < valid);  // ...and escapes, non-ASCII text and the like are left to the strict one
    }
}

TEST_CASE("randomized: the fast decoder never accepts a damaged line the strict decoder refuses") {
    // Single-byte damage where it matters: deleted, inserted, replaced by something JSON-ish.
    const std::string kBytes[] = {"\"", "\\", "{", "}", "[", ",", ":", "0", "1", "9", "-", ".", "e", " ",
                                  "x", "A", "\xc3", "\n"};
    for (uint32_t seed : {6u, 321u}) {
        CAPTURE(seed);
        std::mt19937 rng(seed);
        int damaged_refused = 0;
        for (int i = 0; i < 150; ++i) {
            const std::string base = stored_line(rng);
            for (int k = 0; k < 20; ++k) {
                std::string line = base;
                const size_t at = rng() % line.size();
                const std::string& b = kBytes[rng() % (sizeof(kBytes) / sizeof(kBytes[0]))];
                switch (rng() % 3) {
                    case 0: line.erase(at, 1); break;
                    case 1: line.insert(at, b); break;
                    default: line.replace(at, 1, b); break;
                }
                CAPTURE(line);
                same_as_strict(line);
                damaged_refused += strict_decode(line).ok() ? 0 : 1;
            }
        }
        CHECK(damaged_refused > 1000);  // most damage is refused, by both paths alike
    }
}

namespace {

// The first deposit of account-1, at position 1 (the tests below set its data and hashes).
RecordedEvent first_deposit() {
    RecordedEvent e;
    e.event_id = "3f2b8c1e-9d4a-4e6b-8a7c-1d2e3f4a5b6c";
    e.stream_id = "account-1";
    e.stream_version = 1;
    e.global_position = 1;
    e.type = "MoneyDeposited";
    return e;
}

}  // namespace

TEST_CASE("the fast decoder: numbers, hashes and strings at the edges of the rules") {
    RecordedEvent e = first_deposit();
    e.data = Json{{"amountCents", 100}};
    e.prev_hash = std::string(64, '0');
    e.hash = std::string(64, 'a');
    const std::string good = encode_event_line(e);
    CHECK(same_as_strict(good));
    auto with = [&](const std::string& from, const std::string& to) {
        std::string line = good;
        const size_t at = line.find(from);
        REQUIRE(at != std::string::npos);
        return line.replace(at, from.size(), to);
    };
    // Each of these is refused by the strict decoder, or read by it; the fast path agrees.
    for (const std::string& line : {
             with("\"globalPosition\":1", "\"globalPosition\":0"),
             with("\"globalPosition\":1", "\"globalPosition\":01"),
             with("\"globalPosition\":1", "\"globalPosition\":1.0"),
             with("\"globalPosition\":1", "\"globalPosition\":-1"),
             with("\"globalPosition\":1", "\"globalPosition\":1e0"),
             with("\"globalPosition\":1", "\"globalPosition\":18446744073709551616"),
             with("\"globalPosition\":1", "\"globalPosition\":999999999999999999"),
             with("\"schemaVersion\":1", "\"schemaVersion\":1001"),
             with("\"schemaVersion\":1", "\"schemaVersion\":1000"),
             with("\"occurredAt\":0", "\"occurredAt\":9223372036854775808"),
             with("\"hash\":\"aaaa", "\"hash\":\"AAAA"),
             with("\"type\":\"MoneyDeposited\"", "\"type\":\"\""),
             with("\"type\":\"MoneyDeposited\"", "\"type\":\"Money\\u0044eposited\""),
             with("\"actor\":\"\"", "\"actor\":\"" + std::string(kMaxStringField + 1, 'x') + "\""),
             with("\"actor\":\"\"", "\"actor\":\"caf\xc3\xa9\""),
             with("{\"amountCents\":100}", "{\"amountCents\":100,\"amountCents\":5}"),
             with("{\"amountCents\":100}", "{\"big\":\"" + std::string(kMaxDataBytes, 'b') + "\"}"),
             with("{\"amountCents\":100}", "{\"x\":1e999}"),
             with("{\"amountCents\":100}", "[1]"),
             with("{\"amountCents\":100}", "{\"s\":\"}\\\"}\"}"),
             // data: what the flat reader takes, and what it leaves to nlohmann
             with("{\"amountCents\":100}", "{}"),
             with("{\"amountCents\":100}", "{\"a\":-5,\"b\":true,\"c\":false,\"d\":null,\"e\":\"x\",\"f\":0}"),
             with("{\"amountCents\":100}", "{\"\":1,\"a\":2}"),
             with("{\"amountCents\":100}", "{\"a\":-0}"),
             with("{\"amountCents\":100}", "{\"a\":-01}"),
             with("{\"amountCents\":100}", "{\"a\":007}"),
             with("{\"amountCents\":100}", "{\"a\":1.5}"),
             with("{\"amountCents\":100}", "{\"a\":1e3}"),
             with("{\"amountCents\":100}", "{\"a\":-}"),
             with("{\"amountCents\":100}", "{\"a\":999999999999999999}"),
             with("{\"amountCents\":100}", "{\"a\":-999999999999999999}"),
             with("{\"amountCents\":100}", "{\"a\":1000000000000000000}"),
             with("{\"amountCents\":100}", "{\"a\":-9223372036854775808}"),
             with("{\"amountCents\":100}", "{\"a\":18446744073709551615}"),
             with("{\"amountCents\":100}", "{\"b\":1,\"a\":2}"),
             with("{\"amountCents\":100}", "{\"a\":1,\"a\":2}"),
             with("{\"amountCents\":100}", "{\"a\":1,}"),
             with("{\"amountCents\":100}", "{,\"a\":1}"),
             with("{\"amountCents\":100}", "{\"a\" :1}"),
             with("{\"amountCents\":100}", "{\"a\":[1]}"),
             with("{\"amountCents\":100}", "{\"a\":{\"b\":1}}"),
             with("{\"amountCents\":100}", "{\"a\":\"\x7f\"}"),
             with("{\"amountCents\":100}", "{\"a\":\"caf\xc3\xa9\"}"),
             with("{\"amountCents\":100}", "{\"a\":\"\\n\"}"),
             with("{\"amountCents\":100}", "{\"a\":truex}"),
             with("{\"amountCents\":100}", "{\"a\":nul}"),
             with("{\"amountCents\":100}", "{\"a\":\"}\"}"),
             with("{\"amountCents\":100}", "{\"a}\":1}"),
             with("{\"amountCents\":100}", "{\"big\":\"" + std::string(kMaxDataBytes - 10, 'b') + "\"}"),
             good + " ",
             good + "x",
             " " + good,
         }) {
        CAPTURE(line.substr(0, 200));
        same_as_strict(line);
    }
}

TEST_CASE("the content hash is read off a canonical line, and computed for any other layout") {
    RecordedEvent e = first_deposit();
    e.recorded_at_ms = e.occurred_at_ms = 1700000000000;
    e.data = Json{{"accountId", "1"}, {"amountCents", 100}, {"note", ",\"hash\":\"not this one\""}};
    e.prev_hash = kGenesisHash;
    e.hash = compute_hash(e);
    const std::string expected = e.hash;
    const std::string line = encode_event_line(e);

    // As the store writes it: the line without its hash field is hashed, nothing rebuilt.
    Sha256Digest content{};
    bool hashed = false;
    REQUIRE(event_reader::read_canonical(line, &content, &hashed));
    CHECK(hashed);
    CHECK(to_hex(content) == expected);

    // `data` with a space: the fast path still reads it, but the line is not the canonical bytes.
    std::string spaced = line;
    spaced.replace(spaced.find("\"amountCents\":100"), 17, "\"amountCents\": 100");
    hashed = false;
    REQUIRE(event_reader::read_canonical(spaced, &content, &hashed));
    CHECK_FALSE(hashed);
    content = {};
    REQUIRE(decode_event_line(spaced, &content).ok());
    CHECK(to_hex(content) == expected);  // computed from the event instead

    // Keys in another order: the strict decoder reads it; the same digest.
    Json j = Json::parse(line);
    std::string reordered = "{\"type\":" + j["type"].dump();
    for (auto it = j.begin(); it != j.end(); ++it)
        if (it.key() != "type") reordered += ",\"" + it.key() + "\":" + it.value().dump();
    reordered += "}";
    REQUIRE_FALSE(event_reader::read_canonical(reordered));
    content = {};
    REQUIRE(decode_event_line(reordered, &content).ok());
    CHECK(to_hex(content) == expected);
}

TEST_CASE("the fast decoder reads flat data without nlohmann, exactly as nlohmann would") {
    // Taken: the object nlohmann parses, whose dump is the text itself.
    for (const std::string& text : std::vector<std::string>{"{}", "{\"amountCents\":100}", "{\"\":1,\"a\":-5,\"b\":true,\"c\":false,\"d\":null,\"e\":\"x y\",\"f\":0}",
                                   "{\"a\":999999999999999999,\"b\":-999999999999999999}", "{\"a}\":\"}\",\"b\":\"\x7f\"}"}) {
        CAPTURE(text);
        auto flat = event_reader::flat_canonical_object(text);
        REQUIRE(flat);
        const Json parsed = Json::parse(text);
        CHECK(same_types(*flat, parsed));
        CHECK(flat->dump() == text);
    }
    // Left to nlohmann: what it would read differently, dump differently, or refuse.
    for (const std::string& text : std::vector<std::string>{"{\"a\":-0}", "{\"a\":1.5}", "{\"a\":1e3}", "{\"a\":1000000000000000000}",
                                   "{\"b\":1,\"a\":2}", "{\"a\":1,\"a\":2}", "{\"a\":1,}", "{\"a\": 1}", "{ }",
                                   "{\"a\":[1]}", "{\"a\":{}}", "{\"a\":\"\\n\"}", "{\"a\":\"caf\xc3\xa9\"}", "{\"a\":truex}",
                                   "{\"a\":01}", "{\"a\"}", "{\"a\":}", "[]", "{", "",
                                   "{\"big\":\"" + std::string(kMaxDataBytes, 'b') + "\"}"}) {
        CAPTURE(text);
        CHECK_FALSE(event_reader::flat_canonical_object(text));
    }
}

TEST_CASE("a stored line that says one thing twice is refused by both decoders, naming the key") {
    std::mt19937 rng(20);
    RecordedEvent e = random_event(rng);
    e.recorded_at_ms = 1700000000000;
    e.occurred_at_ms = 1700000000000;
    e.data = Json{{"accountId", "alice"}, {"amountCents", 100}};
    e.metadata = EventMetadata{"alice", "salary", "", ""};
    e.hash = std::string(64, 'a');
    const std::string line = encode_event_line(e);
    auto good = decode_event_line(line);
    REQUIRE_MESSAGE(good.ok(), good.error().message);
    // The same key again, later in the same object: in the data, the metadata and the envelope.
    struct Case {
        std::string find, insert, key;
    };
    const Case cases[] = {
        {"\"amountCents\":100", "\"amountCents\":100,\"amountCents\":100000000", "amountCents"},
        {"\"accountId\":\"alice\"", "\"accountId\":\"alice\",\"accountId\":\"bob\"", "accountId"},
        {"\"actor\":\"alice\"", "\"actor\":\"alice\",\"actor\":\"mallory\"", "actor"},
        {"\"type\":\"" + e.type + "\"", "\"type\":\"" + e.type + "\",\"type\":\"Other\"", "type"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.key);
        std::string twice = line;
        const size_t at = twice.find(c.find);
        REQUIRE(at != std::string::npos);
        twice.replace(at, c.find.size(), c.insert);
        CHECK_FALSE(event_reader::read_canonical(twice).has_value());  // the fast path declines
        auto strict = decode_event_line(twice);
        REQUIRE_FALSE(strict.ok());
        CHECK(strict.error().message.find("duplicate key '" + c.key + "'") != std::string::npos);
        CHECK_FALSE(same_as_strict(twice));  // both agree on the refusal; the fast path declined
    }
}

TEST_CASE("the fast decoder finds an escape, a control byte, UTF-8 or a brace at every offset of a word") {
    // The fast path scans strings and `data` eight bytes at a time: a byte it must stop at
    // (the backslash of an escape, UTF-8, the quote ending the text; a brace or bracket inside
    // `data`'s strings, which must not end it) is put at every offset of texts of 1 to 24 bytes,
    // so that it falls at every place of a word and in the tail after the last whole word.
    const std::string kSpecial[] = {"\"", "\\", "\n", "\x01", "\x7f", "\xc3\xa9", "{", "}", "[", "]", "a"};
    RecordedEvent e = first_deposit();
    e.prev_hash = std::string(64, '0');
    e.hash = std::string(64, 'a');
    int fast = 0, valid = 0, total = 0;
    for (size_t length = 1; length <= 24; ++length) {
        for (size_t at = 0; at < length; ++at) {
            for (const std::string& special : kSpecial) {
                std::string text(length, 'r');
                text.replace(at, 1, special);
                for (int where = 0; where < 3; ++where) {
                    RecordedEvent v = e;
                    if (where == 0) v.metadata.reason = text;
                    else if (where == 1) v.data = Json{{"note", text}, {"amountCents", 100}};
                    else v.data = Json{{"nested", Json{{"k" + text, Json::array({text})}}}};
                    const std::string line = encode_event_line(v);
                    CAPTURE(line);
                    ++total;
                    fast += same_as_strict(line) ? 1 : 0;
                    valid += decode_event_line(line).ok() ? 1 : 0;
                }
            }
        }
    }
    CHECK(valid > total * 3 / 4);  // (a control character in `data` is refused, escaped or not)
    CHECK(fast > total / 4);       // the plain texts, and braces in flat data, take the fast path
}

}  // namespace ES_TEST_FILE_ID
