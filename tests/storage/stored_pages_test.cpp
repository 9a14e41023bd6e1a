// The pages of stored records web/idb_read.js hands to C++ (storage/stored_pages.h): a page decodes
// to exactly the positions its records say, and anything else stops the read at the right
// position, after the events before it, with the lines kept in step with the events. And the
// records a write stores (storage/stored_records.h), which read back as the events written.
#include <doctest/doctest.h>

#include <algorithm>
#include <limits>

#include "core/event_writer.h"
#include "core/event_store.h"
#include "storage/memory_storage.h"
#include "storage/stored_pages.h"
#include "storage/stored_records.h"
#include "../core/store_fixture.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using es::testing::log_lines;
using es::testing::append_events;

namespace {

// A page as deliverPage builds it: each record's bytes then '\n'; three numbers per record.
struct Page {
    std::string text;
    std::vector<double> meta;
    // A record holding lines[from - 1 .. to - 1], stored as positions first..last.
    Page& record(const std::vector<std::string>& lines, uint64_t from, uint64_t to, double first, double last) {
        std::string bytes;
        for (uint64_t p = from; p <= to; ++p) bytes += (p > from ? "\n" : "") + lines[p - 1];
        return raw(bytes, first, last);
    }
    Page& raw(const std::string& bytes, double first, double last) {
        text += bytes + "\n";
        meta.insert(meta.end(), {first, last, static_cast<double>(bytes.size())});
        return *this;
    }
    Status decode(uint64_t next, idb::PagePurpose read, LoadedLog& out) const {
        const auto records = static_cast<int>(meta.size() / idb::kPageMetaPerRecord);
        return decode_stored_page(text, meta.data(), records, next, read, out);
    }
};

// What a page that does not decode is refused with: a Corrupt error's message ("" when it decodes).
std::string corrupt(const Status& decoded) {
    if (decoded.ok()) return "";
    CHECK(decoded.error().code == ErrorCode::Corrupt);
    return decoded.error().message;
}

constexpr idb::PagePurpose kLoad = idb::PagePurpose::Load;
constexpr idb::PagePurpose kCatchUp = idb::PagePurpose::CatchUp;

}  // namespace

TEST_CASE("a page of segments and single records decodes to its positions, with hashes and lines") {
    const auto lines = log_lines(7);
    Page page;
    page.record(lines, 1, 3, 1, 3).record(lines, 4, 4, 4, 4).record(lines, 5, 7, 5, 7);
    LoadedLog out;
    REQUIRE(page.decode(1, kLoad, out).ok());
    REQUIRE(out.events.size() == 7);
    REQUIRE(out.content_hashes.size() == 7);
    REQUIRE(out.lines.lines.size() == 7);
    for (size_t i = 0; i < 7; ++i) {
        CHECK(out.events[i].global_position == i + 1);
        CHECK(out.lines.lines[i] == lines[i]);
        CHECK(to_hex(out.content_hashes[i]) == out.events[i].hash);  // the stored hash verifies
    }
    // The whole store opens over what was read.
    MemoryStorage storage;
    REQUIRE(append_events(storage, EventList(out.events)).ok());
    ManualClock clock{1};
    UuidGenerator ids{1};
    EventStore store(storage, clock, ids);
    CHECK(store.open(out.events, out.content_hashes).ok());
}

TEST_CASE("a record whose line count or first position is wrong is named, the events before it are kept") {
    const auto lines = log_lines(6);
    LoadedLog out;
    std::string problem;
    // Positions 4..6 claimed, two lines stored.
    Page short_segment;
    short_segment.record(lines, 1, 3, 1, 3).record(lines, 4, 5, 4, 6);
    problem = corrupt(short_segment.decode(1, kLoad, out));
    CHECK(problem == "the stored event at position 4 cannot be read: the record stored under key 6 should hold "
                     "positions 4 to 6 but has 2 line(s)");
    CHECK(out.events.size() == 3);
    CHECK(out.lines.lines.size() == 3);
    CHECK(out.content_hashes.size() == 3);

    // A first position that is not one (NaN: JS had no number), or after the key.
    for (double first : {std::numeric_limits<double>::quiet_NaN(), 0.5, 7.0}) {
        CAPTURE(first);
        LoadedLog none;
        Page bad_first;
        bad_first.record(lines, 1, 1, first, 1);
        problem = corrupt(bad_first.decode(1, kLoad, none));
        CHECK(problem.find("position 1 cannot be read: the record stored under key 1 does not say which positions") !=
              std::string::npos);
        CHECK(none.events.empty());
    }
}

TEST_CASE("records that jump or overlap stop the read, a page may start inside its first segment") {
    const auto lines = log_lines(6);
    std::string problem;
    {
        LoadedLog out;
        Page gap;
        gap.record(lines, 1, 2, 1, 2).record(lines, 5, 6, 5, 6);
        problem = corrupt(gap.decode(1, kLoad, out));
        CHECK(problem == "the stored events jump from position 2 to 5 (a record was deleted)");
        CHECK(out.events.size() == 2);
    }
    {
        LoadedLog out;
        Page overlap;  // a second copy of positions 2..3
        overlap.record(lines, 1, 3, 1, 3).record(lines, 2, 3, 2, 3);
        problem = corrupt(overlap.decode(1, kLoad, out));
        CHECK(problem.find("position 4 cannot be read: the record stored under key 3 holds positions 2 to 3, but "
                           "positions up to 3 were already read (records overlap)") != std::string::npos);
        CHECK(out.events.size() == 3);
    }
    {
        // Catching up after position 4 from the segment 3..6: its lines 5 and 6, no hashes.
        LoadedLog out;
        Page inside;
        inside.record(lines, 3, 6, 3, 6);
        REQUIRE(inside.decode(5, kCatchUp, out).ok());
        REQUIRE(out.events.size() == 2);
        CHECK(out.events[0].global_position == 5);
        CHECK(out.lines.lines[1] == lines[5]);
        CHECK(out.content_hashes.empty());
        // ...but not from a later record, whatever the page is read for.
        for (const idb::PagePurpose read : {kCatchUp, kLoad}) {
            LoadedLog again;
            Page later;
            later.record(lines, 5, 5, 5, 5).record(lines, 5, 6, 5, 6);
            problem = corrupt(later.decode(5, read, again));
            CHECK(problem.find("records overlap") != std::string::npos);
            CHECK(again.events.size() == 1);
        }
    }
    {
        // A later page of a load whose first record another tab compacted with records of the page
        // before (positions 1..4 read, then 3..6 merged into one segment): its lines 5 and 6,
        // hashed for the chain check, and a record ending before `next` is still refused.
        LoadedLog load;
        Page merged;
        merged.record(lines, 3, 6, 3, 6);
        REQUIRE(merged.decode(5, kLoad, load).ok());
        REQUIRE(load.events.size() == 2);
        CHECK(load.events[0].global_position == 5);
        CHECK(load.content_hashes.size() == 2);
        CHECK(load.lines.lines[0] == lines[4]);
        LoadedLog behind;
        Page old;
        old.record(lines, 3, 4, 3, 4);
        problem = corrupt(old.decode(5, kLoad, behind));
        CHECK(problem.find("records overlap") != std::string::npos);
    }
}

TEST_CASE("a line that does not decode or holds another position, and a page cut short, are named") {
    const auto lines = log_lines(3);
    std::string problem;
    {
        LoadedLog out;
        Page page;
        page.record(lines, 1, 1, 1, 1).raw("{\"data\":", 2, 2);
        problem = corrupt(page.decode(1, kLoad, out));
        CHECK(problem.rfind("the stored event at position 2 cannot be read: ", 0) == 0);
        CHECK(out.events.size() == 1);
    }
    {
        LoadedLog out;
        Page page;
        page.raw(lines[2], 1, 1);  // position 3's line stored under key 1
        problem = corrupt(page.decode(1, kLoad, out));
        CHECK(problem == "the stored event at position 1 cannot be read: the line stored there says it is position 3");
    }
    {
        LoadedLog out;
        Page page;
        page.record(lines, 1, 2, 1, 2);
        page.meta[2] += 5;  // says it is longer than the page
        problem = corrupt(page.decode(1, kLoad, out));
        CHECK(problem == "the stored event at position 1 cannot be read: the page of stored records is cut short");
        page.meta[2] -= 6;  // one byte shorter: the byte after it is not the '\n' that ends a record
        problem = corrupt(page.decode(1, kLoad, out));
        CHECK(problem.find("cut short") != std::string::npos);
        CHECK(out.events.empty());
    }
}

namespace {

// The outbox of a write holding `lines` as positions first, first + 1, ...
std::vector<WriteBehindStorage::EventRecord> outbox(const std::vector<std::string>& lines, uint64_t first = 1) {
    std::vector<WriteBehindStorage::EventRecord> events;
    for (size_t i = 0; i < lines.size(); ++i) events.push_back({first + i, lines[i]});
    return events;
}

// The records of a write as the load reads them back: a page of their bytes.
Page page_of(const RecordsToStore& records) {
    Page page;
    size_t at = 0;
    for (int r = 0; r < records.count(); ++r) {
        const double* m = &records.meta[r * idb::kWriteMetaPerRecord];
        const auto length = static_cast<size_t>(m[3]);
        page.raw(records.bytes.substr(at, length), m[1], m[2]);
        at += length;
    }
    return page;
}

}  // namespace

TEST_CASE("a write of one event is one record of its own, holding its line") {
    const auto lines = log_lines(1);
    const RecordsToStore records = records_to_store(outbox(lines));
    REQUIRE(records.count() == 1);
    CHECK(records.meta == std::vector<double>{static_cast<double>(idb::RecordFormat::Event), 1, 1,
                                              static_cast<double>(lines[0].size())});
    CHECK(records.bytes == lines[0]);
    CHECK(records_to_store({}).count() == 0);
}

TEST_CASE("records_to_store_in_parts: parts of at least the size asked, the last with the rest, together the whole write") {
    const auto lines = log_lines(static_cast<int>(5 * idb::kSegmentEvents + 7));
    const auto events = outbox(lines);
    const RecordsToStore whole = records_to_store(events);
    REQUIRE(whole.count() == 6);
    size_t segment_bytes = 0;  // the largest segment (the last is smaller)
    for (size_t i = 3; i < whole.meta.size(); i += idb::kWriteMetaPerRecord)
        segment_bytes = std::max(segment_bytes, static_cast<size_t>(whole.meta[i]));
    for (size_t part_bytes : {size_t{1}, segment_bytes, 2 * segment_bytes + 1, whole.bytes.size(), std::numeric_limits<size_t>::max()}) {
        CAPTURE(part_bytes);
        std::vector<RecordsToStore> parts;
        records_to_store_in_parts(events, part_bytes, [&](const RecordsToStore& part) { parts.push_back(part); });
        RecordsToStore joined;
        for (size_t i = 0; i < parts.size(); ++i) {
            REQUIRE(parts[i].count() > 0);
            if (i + 1 < parts.size()) CHECK(parts[i].bytes.size() >= part_bytes);
            // Not one record more than needed to reach the size.
            const size_t last_record = static_cast<size_t>(parts[i].meta.back());
            if (i + 1 < parts.size()) CHECK(parts[i].bytes.size() - last_record < part_bytes);
            joined.bytes += parts[i].bytes;
            joined.meta.insert(joined.meta.end(), parts[i].meta.begin(), parts[i].meta.end());
        }
        CHECK(joined.bytes == whole.bytes);
        CHECK(joined.meta == whole.meta);
        if (part_bytes == 1) CHECK(parts.size() == 6);                    // a record each
        if (part_bytes >= whole.bytes.size()) CHECK(parts.size() == 1);  // the whole write
    }
    size_t calls = 0;
    records_to_store_in_parts({}, 1, [&](const RecordsToStore&) { ++calls; });
    CHECK(calls == 0);  // nothing to write: no part
}

TEST_CASE("a write of several events is cut into segments of at most 1,000 that read back as the same events") {
    const auto lines = log_lines(static_cast<int>(2 * idb::kSegmentEvents + 1));
    const RecordsToStore records = records_to_store(outbox(lines));
    REQUIRE(records.count() == 3);
    const double segment = static_cast<double>(idb::RecordFormat::Segment);
    const std::vector<std::pair<double, double>> positions = {{1, 1000}, {1001, 2000}, {2001, 2001}};
    size_t at = 0;
    for (int r = 0; r < 3; ++r) {
        CAPTURE(r);
        const double* m = &records.meta[r * idb::kWriteMetaPerRecord];
        CHECK(m[0] == segment);  // the last one too, though it holds one event
        CHECK(m[1] == positions[r].first);
        CHECK(m[2] == positions[r].second);
        std::string joined;
        for (auto p = static_cast<size_t>(m[1]); p <= static_cast<size_t>(m[2]); ++p)
            joined += (joined.empty() ? "" : "\n") + lines[p - 1];
        CHECK(records.bytes.substr(at, static_cast<size_t>(m[3])) == joined);
        at += static_cast<size_t>(m[3]);
    }
    CHECK(at == records.bytes.size());

    const Page page = page_of(records);
    LoadedLog out;
    REQUIRE(page.decode(1, kLoad, out).ok());
    REQUIRE(out.events.size() == lines.size());
    CHECK(out.lines.lines.back() == lines.back());
}

TEST_CASE("a segment never spans a gap between positions") {
    const auto lines = log_lines(5);
    auto events = outbox(lines);
    events[3].position = 9;  // (an outbox never has a gap: the cut does not rely on it)
    events[4].position = 10;
    const RecordsToStore records = records_to_store(events);
    REQUIRE(records.count() == 2);
    CHECK(records.meta[1] == 1);
    CHECK(records.meta[2] == 3);
    CHECK(records.meta[5] == 9);
    CHECK(records.meta[6] == 10);
}

}  // namespace ES_TEST_FILE_ID
