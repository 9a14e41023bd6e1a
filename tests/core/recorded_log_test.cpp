// RecordedLog, the store's events in chunks, must read exactly as a std::vector of the same
// events would: across chunk boundaries, after adopting a list whole, after truncating anywhere,
// forwards, backwards and by binary search. EventRange reads either the same way.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>

#include "core/event_store.h"
#include "core/recorded_log.h"
#include "store_fixture.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using es::testing::StoreFixture;

namespace {

RecordedEvent numbered(uint64_t position) {
    RecordedEvent e;
    e.global_position = position;
    e.stream_id = "s-" + std::to_string(position % 7);
    e.type = "Numbered";
    e.hash = std::to_string(position);
    return e;
}

EventList numbered_list(uint64_t first, size_t count) {
    EventList out;
    for (size_t i = 0; i < count; ++i) out.push_back(numbered(first + i));
    return out;
}

// The log reads as `expected` does, element by element and through every way of reading it.
void check_reads_as(const RecordedLog& log, const EventList& expected) {
    REQUIRE(log.size() == expected.size());
    CHECK(log.empty() == expected.empty());
    for (size_t i = 0; i < expected.size(); ++i) REQUIRE(log[i] == expected[i]);
    if (!expected.empty()) {
        CHECK(log.front() == expected.front());
        CHECK(log.back() == expected.back());
    }
    size_t i = 0;
    for (const RecordedEvent& e : log) REQUIRE(e == expected[i++]);
    CHECK(i == expected.size());
    CHECK(std::equal(log.rbegin(), log.rend(), expected.rbegin(), expected.rend()));
    CHECK(log.end() - log.begin() == static_cast<std::ptrdiff_t>(expected.size()));
    CHECK(log.to_list() == expected);
    CHECK(EventRange(log) == EventRange(expected));
    const EventRange view(log);
    CHECK(view.size() == expected.size());
    CHECK(view.to_list() == expected);
}

}  // namespace

TEST_CASE("recorded log: appends across chunk boundaries read back in order") {
    RecordedLog log;
    check_reads_as(log, {});
    EventList expected;
    // The first chunk, two more whole ones and part of a fourth.
    const size_t n = 3 * RecordedLog::kChunk + 123;
    for (uint64_t p = 1; p <= n; ++p) {
        log.push_back(numbered(p));
        expected.push_back(numbered(p));
        if (p == 1 || p == RecordedLog::kChunk || p == RecordedLog::kChunk + 1) check_reads_as(log, expected);
    }
    check_reads_as(log, expected);
    // Random access and binary search by position, as the store's readers use it.
    auto at = std::lower_bound(log.begin(), log.end(), uint64_t{2 * RecordedLog::kChunk + 7},
                               [](const RecordedEvent& e, uint64_t p) { return e.global_position < p; });
    REQUIRE(at != log.end());
    CHECK(at->global_position == 2 * RecordedLog::kChunk + 7);
    CHECK((log.begin() + 5)->global_position == 6);
    CHECK(log.begin()[RecordedLog::kChunk].global_position == RecordedLog::kChunk + 1);
}

TEST_CASE("recorded log: an adopted list is taken whole, and appends continue it") {
    for (size_t adopted : {size_t{0}, size_t{3}, RecordedLog::kChunk - 1, RecordedLog::kChunk, RecordedLog::kChunk + 5}) {
        CAPTURE(adopted);
        RecordedLog log;
        log.push_back(numbered(99));  // dropped by adopt
        EventList list = numbered_list(1, adopted);
        const RecordedEvent* first = list.empty() ? nullptr : list.data();
        log.adopt(std::move(list));
        if (first) CHECK(&log[0] == first);  // not copied
        EventList expected = numbered_list(1, adopted);
        for (uint64_t p = adopted + 1; p <= adopted + RecordedLog::kChunk + 10; ++p) {
            log.push_back(numbered(p));
            expected.push_back(numbered(p));
        }
        check_reads_as(log, expected);
    }
}

TEST_CASE("recorded log: truncating keeps exactly the first n events, and appends continue after them") {
    const size_t n = 2 * RecordedLog::kChunk + 50;
    for (size_t keep : {size_t{0}, size_t{1}, RecordedLog::kChunk - 1, RecordedLog::kChunk, RecordedLog::kChunk + 1,
                        2 * RecordedLog::kChunk, 2 * RecordedLog::kChunk + 1, n - 1, n, n + 10}) {
        CAPTURE(keep);
        RecordedLog log;
        for (uint64_t p = 1; p <= n; ++p) log.push_back(numbered(p));
        log.truncate(keep);
        EventList expected = numbered_list(1, std::min(keep, n));
        check_reads_as(log, expected);
        log.push_back(numbered(1000000));
        expected.push_back(numbered(1000000));
        check_reads_as(log, expected);
    }
    RecordedLog adopted;
    adopted.adopt(numbered_list(1, 10));
    adopted.push_back(numbered(11));
    adopted.truncate(4);
    check_reads_as(adopted, numbered_list(1, 4));
    adopted.clear();
    check_reads_as(adopted, {});
}

TEST_CASE("recorded log: two logs compare by their events, however they are chunked") {
    RecordedLog appended, adopted;
    for (uint64_t p = 1; p <= RecordedLog::kChunk + 3; ++p) appended.push_back(numbered(p));
    adopted.adopt(numbered_list(1, RecordedLog::kChunk + 3));
    CHECK(EventRange(appended) == EventRange(adopted));
    adopted.truncate(RecordedLog::kChunk + 2);
    adopted.push_back(numbered(4));
    CHECK(EventRange(appended) != EventRange(adopted));
    CHECK(EventRange() == EventRange(EventList{}));
    CHECK(EventRange().identity() == nullptr);
    CHECK(EventRange(appended).identity() == EventRange(appended).identity());
    CHECK(EventRange(appended).identity() != EventRange(adopted).identity());
}

TEST_CASE("recorded log: a store past one chunk reads, verifies and reopens the same") {
    StoreFixture f;
    const size_t n = RecordedLog::kChunk + 10;
    for (size_t i = 0; i < n; ++i) REQUIRE(f.store.append("s-" + std::to_string(i % 3), ExpectedVersion::any(), {NewEvent{"", "Numbered", 1, 0, {{"i", i}}, {}}}).ok());
    const RecordedLog& log = f.store.recorded_log();
    REQUIRE(log.size() == n);
    for (size_t i = 0; i < n; ++i) REQUIRE(log[i].global_position == i + 1);
    CHECK(f.store.verify().ok());
    auto read = f.store.read_all(RecordedLog::kChunk - 1, 4);
    REQUIRE(read.ok());
    REQUIRE(read->size() == 4);
    CHECK((*read)[0].global_position == RecordedLog::kChunk - 1);
    CHECK((*read)[3].global_position == RecordedLog::kChunk + 2);
    EventStore again(f.storage, f.clock, f.ids);
    REQUIRE(again.open().ok());
    CHECK(again.recorded_log() == f.store.recorded_log());
}

TEST_CASE("recorded log: once past the first vector, appending moves no event already held") {
    RecordedLog log;
    for (uint64_t p = 1; p <= RecordedLog::kChunk; ++p) log.push_back(numbered(p));
    std::vector<const RecordedEvent*> at;
    for (size_t i = 0; i < log.size(); i += 97) at.push_back(&log[i]);
    const RecordedEvent* last = &log.back();
    for (uint64_t p = RecordedLog::kChunk + 1; p <= 3 * RecordedLog::kChunk + 5; ++p) {
        log.push_back(numbered(p));
        if (p == RecordedLog::kChunk + 2) at.push_back(&log[RecordedLog::kChunk]);  // in the first chunk
    }
    size_t k = 0;
    for (size_t i = 0; i < RecordedLog::kChunk; i += 97) REQUIRE(&log[i] == at[k++]);
    CHECK(&log[RecordedLog::kChunk - 1] == last);
    CHECK(&log[RecordedLog::kChunk] == at[k]);
}

TEST_CASE("recorded log: an adopted list's spare room is used before a chunk is made, without moving it") {
    EventList list = numbered_list(1, RecordedLog::kChunk + 5);
    list.reserve(RecordedLog::kChunk + 100);
    const RecordedEvent* first = list.data();
    RecordedLog log;
    log.adopt(std::move(list));
    for (uint64_t p = RecordedLog::kChunk + 6; p <= RecordedLog::kChunk + 300; ++p) log.push_back(numbered(p));
    CHECK(&log[0] == first);
    CHECK(&log[RecordedLog::kChunk + 94] == first + RecordedLog::kChunk + 94);  // the last that fitted
    check_reads_as(log, numbered_list(1, RecordedLog::kChunk + 300));
    // Truncated into the chunks after an adopted first vector of another length, then continued.
    log.truncate(RecordedLog::kChunk + 150);
    log.push_back(numbered(RecordedLog::kChunk + 151));
    check_reads_as(log, numbered_list(1, RecordedLog::kChunk + 151));
    log.truncate(RecordedLog::kChunk + 100);
    check_reads_as(log, numbered_list(1, RecordedLog::kChunk + 100));
}

TEST_CASE("recorded log: adopt and clear start again from nothing, however many chunks there were") {
    RecordedLog log;
    for (uint64_t p = 1; p <= 2 * RecordedLog::kChunk + 7; ++p) log.push_back(numbered(p));
    log.adopt(numbered_list(1, 3));
    check_reads_as(log, numbered_list(1, 3));
    for (uint64_t p = 1; p <= 2 * RecordedLog::kChunk + 7; ++p) log.push_back(numbered(p + 3));
    log.clear();
    check_reads_as(log, {});
    for (uint64_t p = 1; p <= RecordedLog::kChunk + 2; ++p) log.push_back(numbered(p));
    check_reads_as(log, numbered_list(1, RecordedLog::kChunk + 2));
    RecordedLog moved(std::move(log));
    check_reads_as(moved, numbered_list(1, RecordedLog::kChunk + 2));
    check_reads_as(log, {});  // NOLINT(bugprone-use-after-move): a moved-from log is empty
}

TEST_CASE("event range: a view over a list reads it as it is, and its iterators outlive the view") {
    const EventList list = numbered_list(1, 10);
    CHECK(EventRange().begin() == EventRange().end());
    CHECK(EventRange(list).identity() == &list);
    size_t i = 0;
    for (const RecordedEvent& e : EventRange(list)) CHECK(e == list[i++]);
    CHECK(i == list.size());
    CHECK(std::equal(EventRange(list).rbegin(), EventRange(list).rend(), list.rbegin(), list.rend()));
    EventRange::const_iterator it;
    {
        const EventRange view(list);
        it = view.begin() + 4;
    }  // the view is gone; the list it viewed is not
    CHECK(it->global_position == 5);
    CHECK((it - 2)->global_position == 3);
    CHECK((2 + it)->global_position == 7);
    CHECK(it[-1].global_position == 4);
    it += 3;
    it -= 1;
    CHECK(it->global_position == 7);
    CHECK(--it < it + 1);
}

TEST_CASE("recorded log: an import into an empty store is adopted as it is, and appends go on past a chunk") {
    StoreFixture source;
    source.ids = UuidGenerator{7};  // not f's seed: f's own appends get other ids than the imported ones
    for (size_t i = 0; i < 5; ++i) source.given("s-" + std::to_string(i % 2), {NewEvent{"", "Numbered", 1, 0, {{"i", i}}, {}}});
    EventList events = source.store.recorded_log().to_list();
    StoreFixture f;
    const RecordedEvent* first = events.data();
    REQUIRE(f.store.append_recorded(std::move(events)).ok());
    CHECK(&f.store.recorded_log()[0] == first);
    for (size_t i = 0; i < RecordedLog::kChunk + 3; ++i) f.given("s-" + std::to_string(i % 2), {NewEvent{"", "Numbered", 1, 0, {{"i", i}}, {}}});
    CHECK(f.store.head_position() == RecordedLog::kChunk + 8);
    const Status verified = f.store.verify();
    CHECK_MESSAGE(verified.ok(), (verified.ok() ? "" : verified.error().message));
    EventStore again(f.storage, f.clock, f.ids);
    REQUIRE(again.open().ok());
    CHECK(again.recorded_log() == f.store.recorded_log());
}

// ---- Releasing decoded events (release_untouched): only the stored lines stay -------------------

namespace {

// `n` valid events (what a store records), and each one's stored line.
struct StoredEvents {
    EventList events;
    std::vector<std::string> lines;
};
StoredEvents stored_events(size_t n) {
    StoreFixture f;
    for (size_t i = 0; i < n; ++i)
        f.given("s-" + std::to_string(i % 5), {NewEvent{"", "Numbered", 1, 0, {{"i", i}, {"f", 0.1 * double(i)}}, {"ann", "why", "", ""}}});
    StoredEvents out;
    out.events = f.store.recorded_log().to_list();
    for (const RecordedEvent& e : out.events) out.lines.push_back(encode_event_line(e));
    return out;
}

}  // namespace

TEST_CASE("recorded log: released chunks keep only their lines and read back the same") {
    const size_t n = 3 * RecordedLog::kChunk + 57;
    const StoredEvents s = stored_events(n);
    for (bool with_lines : {true, false}) {
        CAPTURE(with_lines);
        RecordedLog log;
        for (size_t i = 0; i < n; ++i) log.push_back(RecordedEvent(s.events[i]), with_lines ? std::string_view(s.lines[i]) : std::string_view());
        CHECK(log.decoded_events() == n);
        // Everything was just written, so read: nothing goes on the first pass.
        CHECK(log.release_untouched() == 0);
        // Untouched since: every chunk but the last (where appends go) is released.
        CHECK(log.release_untouched() == 3 * RecordedLog::kChunk);
        CHECK(log.decoded_events() == 57);
        // One read decodes that event again, and only that one.
        const RecordedEvent& one = log[RecordedLog::kChunk + 3];
        CHECK(one == s.events[RecordedLog::kChunk + 3]);
        CHECK(log.decoded_events() == 1 + 57);
        CHECK(&log[RecordedLog::kChunk + 3] == &one);  // decoded once, until released
        // A chunk read since the last pass survives the next one, not the one after.
        CHECK(log.release_untouched() == 0);
        CHECK(log.release_untouched() == 1);
        CHECK(log.decoded_events() == 57);
        // A chunk read through (a scan, not a lookup) is decoded whole after its first reads.
        for (size_t i = 0; i < RecordedLog::kChunk; ++i) REQUIRE(log[i] == s.events[i]);
        CHECK(log.decoded_events() == RecordedLog::kChunk + 57);
        CHECK(log.release_untouched() == 0);
        CHECK(log.release_untouched() == RecordedLog::kChunk);
        check_reads_as(log, s.events);  // every way of reading decodes what it needs
        // At most `max_chunks` a pass, going on where the last pass stopped.
        CHECK(log.release_untouched(1) == 0);  // check_reads_as touched every chunk
        CHECK(log.release_untouched(1) == RecordedLog::kChunk);
        CHECK(log.release_untouched(1) == RecordedLog::kChunk);
        CHECK(log.decoded_events() == RecordedLog::kChunk + 57);
        // Appends go on after released chunks, into new ones that are released in their turn.
        RecordedLog more;
        for (size_t i = 0; i < n; ++i) more.push_back(RecordedEvent(s.events[i]));
        CHECK(EventRange(log) == EventRange(more));
    }
}

TEST_CASE("recorded log: a released chunk decodes the line it was given, not a copy of the event") {
    // Given the line of another event than the one pushed, a released chunk reads back that line's
    // event: proof that it kept a view of the given bytes (a storage's), and wrote no copy of its own.
    const StoredEvents s = stored_events(2 * RecordedLog::kChunk);
    RecordedLog log;
    for (size_t i = 0; i < 2 * RecordedLog::kChunk; ++i) {
        const size_t other = i == 5 ? 6 : i;
        log.push_back(RecordedEvent(s.events[i]), s.lines[other]);
    }
    CHECK(log[5] == s.events[5]);
    log.release_untouched();
    CHECK(log.release_untouched() == RecordedLog::kChunk);
    CHECK(log[5] == s.events[6]);
    CHECK(log[4] == s.events[4]);
}

TEST_CASE("recorded log: an adopted list is released in place, then freed with the few chunks still read moved out") {
    const size_t n = 20 * RecordedLog::kChunk + 9;
    const StoredEvents s = stored_events(n);
    RecordedLog log;
    log.adopt(EventList(s.events));
    for (size_t i = 0; i < n; ++i) log.keep_line(i, s.lines[i]);
    log.release_untouched();
    // Released ten chunks in the list: the ten others are still in it, so it stays.
    CHECK(log.release_untouched(10) == 10 * RecordedLog::kChunk);
    CHECK(log[0] == s.events[0]);  // decoded again, into a chunk of its own
    // Released the ten others but the last, where appends go: the list goes, and the last chunk
    // moves out of it.
    CHECK(log.release_untouched() == 10 * RecordedLog::kChunk);
    CHECK(log.decoded_events() == 1 + 9);  // event 0, and the last chunk
    check_reads_as(log, s.events);
    // Appends continue the chunk moved out of the list.
    log.push_back(RecordedEvent(s.events[0]));
    CHECK(log.size() == n + 1);
    CHECK(log.back() == s.events[0]);
    CHECK(log[n - 1] == s.events[n - 1]);
}

TEST_CASE("recorded log: truncating into a released chunk decodes the part that stays, and appends continue it") {
    const size_t n = 3 * RecordedLog::kChunk + 4;
    const StoredEvents s = stored_events(n);
    for (size_t keep : {size_t{0}, size_t{10}, RecordedLog::kChunk, RecordedLog::kChunk + 1, 2 * RecordedLog::kChunk + 500}) {
        CAPTURE(keep);
        RecordedLog log;
        for (size_t i = 0; i < n; ++i) log.push_back(RecordedEvent(s.events[i]), s.lines[i]);
        log.release_untouched();
        REQUIRE(log.release_untouched() == 3 * RecordedLog::kChunk);
        log.truncate(keep);
        EventList expected(s.events.begin(), s.events.begin() + static_cast<std::ptrdiff_t>(keep));
        log.push_back(RecordedEvent(s.events[0]), s.lines[0]);
        expected.push_back(s.events[0]);
        check_reads_as(log, expected);
    }
}

TEST_CASE("recorded log: a store releases what nobody reads, reads it back as appended, and a tamper stays found") {
    StoreFixture f;
    const size_t n = 3 * RecordedLog::kChunk + 10;
    for (size_t i = 0; i < n; ++i) f.given("s-" + std::to_string(i % 3), {NewEvent{"", "Numbered", 1, 0, {{"i", i}}, {}}});
    const EventList appended = f.store.recorded_log().to_list();
    f.store.release_cold_events();
    CHECK(f.store.release_cold_events() == 3 * RecordedLog::kChunk);
    CHECK(f.store.recorded_log().decoded_events() == 10);
    // The attacker edits a stored record; the store's own memory of it is the bytes as appended.
    tamper(f, 5, [](RecordedEvent& e) { e.data["i"] = 999; });
    CHECK(f.store.recorded_log()[4] == appended[4]);
    const Status verified = f.store.verify();
    REQUIRE_FALSE(verified.ok());
    CHECK(verified.error().message.find("position 5") != std::string::npos);
    // Streams, reads by position and appends work across released chunks.
    f.store.release_cold_events();
    f.store.release_cold_events();
    auto stream = f.store.read_stream("s-1", 1);
    REQUIRE(stream.ok());
    CHECK(stream->size() == (n + 1) / 3);
    CHECK((*stream)[0] == appended[1]);
    f.given("s-0", {NewEvent{"", "Numbered", 1, 0, {{"i", -1}}, {}}});
    CHECK(f.store.head_position() == n + 1);
    EventList expected = appended;
    expected.push_back(f.store.recorded_log().back());
    CHECK(f.store.recorded_log().to_list() == expected);
}

TEST_CASE("recorded log: a chunk is released only after `min_age` calls without a read") {
    const StoredEvents s = stored_events(3 * RecordedLog::kChunk);
    RecordedLog log;
    for (size_t i = 0; i < s.events.size(); ++i) log.push_back(RecordedEvent(s.events[i]), s.lines[i]);
    // Written at call 0: kept through calls 1..5 with min_age 5, released at call 6.
    for (int call = 1; call <= 5; ++call) CHECK(log.release_untouched(SIZE_MAX, 5) == 0);
    CHECK(log.release_untouched(SIZE_MAX, 5) == 2 * RecordedLog::kChunk);
    // Read now and then (as a window redraws what it shows): never released while it is read
    // more often than every min_age calls.
    CHECK(log[RecordedLog::kChunk] == s.events[RecordedLog::kChunk]);
    for (int call = 1; call <= 20; ++call) {
        if (call % 4 == 0) CHECK(log[RecordedLog::kChunk + 7] == s.events[RecordedLog::kChunk + 7]);
        CHECK(log.release_untouched(SIZE_MAX, 5) == 0);
        CHECK(log.decoded_events() == RecordedLog::kChunk + (call < 4 ? 1 : 2));
    }
    // Last read before call 20: kept through calls 20..24, released at call 25.
    for (int call = 21; call <= 24; ++call) CHECK(log.release_untouched(SIZE_MAX, 5) == 0);
    CHECK(log.release_untouched(SIZE_MAX, 5) == 2);
}

TEST_CASE("recorded log: a store opened over a storage, or importing, keeps the right line for each event") {
    // The three ways events come into a store beside append: open() (each event read from the
    // storage), an import into an empty store (adopted whole) and one into a store that holds
    // events (pushed one by one). Released and read back, each must be the event it was.
    StoreFixture f;
    const size_t n = 2 * RecordedLog::kChunk + 30;
    for (size_t i = 0; i < n; ++i) f.given("s-" + std::to_string(i % 4), {NewEvent{"", "Numbered", 1, 0, {{"i", i}}, {}}});
    const EventList appended = f.store.recorded_log().to_list();

    EventStore opened(f.storage, f.clock, f.ids);
    REQUIRE(opened.open().ok());
    opened.release_cold_events();
    CHECK(opened.release_cold_events() == 2 * RecordedLog::kChunk);
    CHECK(opened.recorded_log().to_list() == appended);

    StoreFixture empty;
    REQUIRE(empty.store.append_recorded(EventList(appended)).ok());
    empty.store.release_cold_events();
    CHECK(empty.store.release_cold_events() == 2 * RecordedLog::kChunk);
    CHECK(empty.store.recorded_log().to_list() == appended);

    StoreFixture holding;
    REQUIRE(holding.store.append_recorded(EventList(appended.begin(), appended.begin() + 5)).ok());
    REQUIRE(holding.store.append_recorded(EventList(appended.begin() + 5, appended.end())).ok());
    holding.store.release_cold_events();
    CHECK(holding.store.release_cold_events() == 2 * RecordedLog::kChunk);
    CHECK(holding.store.recorded_log().to_list() == appended);
}

TEST_CASE("recorded log: random appends, adoptions, truncations, releases and moves read as a plain list would") {
    // A property test against an EventList doing the same: whatever the order of operations, and
    // with a reference held across other reads, every read gives the event the list has.
    const StoredEvents pool = stored_events(700);
    const size_t N = pool.events.size();
    for (unsigned seed = 1; seed <= 12; ++seed) {
        CAPTURE(seed);
        std::mt19937 rng(seed);
        auto rnd = [&](size_t n) { return n == 0 ? size_t{0} : static_cast<size_t>(rng() % n); };
        RecordedLog log;
        EventList model;
        std::vector<size_t> from;  // the pool index of each event of the model
        size_t offset = 0;
        for (int step = 0; step < 200; ++step) {
            const size_t op = rnd(100);
            if (op < 40) {  // a run of appends, with or without their lines
                const size_t count = 1 + rnd(rnd(4) == 0 ? 3000 : 200);
                const bool with_lines = rnd(2) == 0;
                for (size_t c = 0; c < count; ++c) {
                    const size_t k = (model.size() + offset) % N;
                    log.push_back(RecordedEvent(pool.events[k]), with_lines ? std::string_view(pool.lines[k]) : std::string_view());
                    model.push_back(pool.events[k]);
                    from.push_back(k);
                }
            } else if (op < 45) {  // a list adopted, with spare room, and lines for all or some
                const size_t n = rnd(rnd(2) ? 20000 : 3000);
                offset = rnd(N);
                EventList list;
                list.reserve(n + rnd(3000));
                model.clear();
                from.clear();
                for (size_t i = 0; i < n; ++i) {
                    const size_t k = (i + offset) % N;
                    list.push_back(pool.events[k]);
                    model.push_back(pool.events[k]);
                    from.push_back(k);
                }
                log.adopt(std::move(list));
                const bool all = rnd(2) == 0;
                for (size_t i = 0; i < n; ++i)
                    if (all || rnd(3) == 0) log.keep_line(i, pool.lines[from[i]]);
            } else if (op < 55) {  // truncated anywhere
                const size_t n = rnd(model.size() + 1);
                log.truncate(n);
                model.resize(n);
                from.resize(n);
                offset = rnd(N);  // later appends put other events at these indexes
            } else if (op < 75) {  // released: some chunks, or all that are old enough
                log.release_untouched(rnd(3) == 0 ? SIZE_MAX : rnd(6), static_cast<uint32_t>(1 + rnd(3)));
                CHECK(log.decoded_events() <= log.size());
            } else if (op < 90) {  // random reads, one reference held across the others
                if (model.empty()) continue;
                const size_t h = rnd(model.size());
                const RecordedEvent& held = log[h];
                for (int r = 0; r < 20; ++r) {
                    const size_t i = rnd(model.size());
                    REQUIRE(log[i] == model[i]);
                }
                REQUIRE(held == model[h]);
            } else if (op < 95) {  // moved away and back
                RecordedLog away(std::move(log));
                CHECK(log.size() == 0);  // NOLINT(bugprone-use-after-move): a moved-from log is empty
                log = std::move(away);
            } else {
                REQUIRE(log.size() == model.size());
                for (size_t i = 0; i < model.size(); ++i) REQUIRE(log[i] == model[i]);
            }
            REQUIRE(log.size() == model.size());
        }
        log.release_untouched();
        log.release_untouched();
        REQUIRE(log.to_list() == model);
    }
}

}  // namespace ES_TEST_FILE_ID
