// Compaction of the browser's stored records (storage/stored_compaction.h): which runs of small
// records are merged (never a full segment, never across a gap, only runs worth it), and that a
// merged segment holds exactly the lines it replaces, so a load reads the same events from it.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "storage/indexeddb_format.h"
#include "storage/stored_compaction.h"
#include "storage/stored_pages.h"
#include "../core/store_fixture.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using es::testing::log_lines;

namespace {

// `n` records of one event each, from position `from` on.
std::vector<StoredRecordSpan> singles(uint64_t from, uint64_t n) {
    std::vector<StoredRecordSpan> out;
    for (uint64_t p = from; p < from + n; ++p) out.push_back({p, p});
    return out;
}

std::vector<StoredRecordSpan> operator+(std::vector<StoredRecordSpan> a, const std::vector<StoredRecordSpan>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// Each merge as [first, last, records replaced].
std::vector<std::vector<uint64_t>> merges(const std::vector<StoredRecordSpan>& records) {
    std::vector<std::vector<uint64_t>> out;
    for (const Compaction& c : plan_compactions(records)) out.push_back({c.first, c.last(), c.keys.size()});
    return out;
}

}  // namespace

TEST_CASE("runs of one-event records are merged into segments of at most 1,000 events") {
    using M = std::vector<std::vector<uint64_t>>;
    CHECK(merges(singles(1, 250)) == M{{1, 250, 250}});
    CHECK(merges(singles(1, 1500)) == M{{1, 1000, 1000}, {1001, 1500, 500}});
    for (const Compaction& c : plan_compactions(singles(1, 250)))
        for (size_t i = 0; i < c.keys.size(); ++i) CHECK(c.keys[i] == static_cast<double>(c.first + i));
    // Too few records to be worth a rewrite: left as they are (and an empty store has nothing).
    CHECK(merges(singles(1, kCompactAtLeastRecords - 1)).empty());
    CHECK(merges(singles(1, kCompactAtLeastRecords)) == M{{1, kCompactAtLeastRecords, kCompactAtLeastRecords}});
    CHECK(merges({}).empty());
}

TEST_CASE("full segments are never touched, short ones join a run, and a gap ends one") {
    using M = std::vector<std::vector<uint64_t>>;
    const StoredRecordSpan full{1, idb::kSegmentEvents};
    CHECK(merges(std::vector<StoredRecordSpan>{full} + singles(1001, 150)) == M{{1001, 1150, 150}});
    // An import of 10 events between clicks is merged with them.
    CHECK(merges(singles(1, 60) + std::vector<StoredRecordSpan>{{61, 70}} + singles(71, 60)) == M{{1, 130, 121}});
    // A short segment of 950 and 50 clicks fill 1,000 events in 51 records (not worth it); the 100
    // clicks after them are.
    CHECK(merges(std::vector<StoredRecordSpan>{{1, 950}} + singles(951, 150)) == M{{1001, 1100, 100}});
    // A gap (which a clean load never has) ends a run: 60 + 100 records, only the second merged.
    CHECK(merges(singles(1, 60) + singles(62, 100)) == M{{62, 161, 100}});
}

TEST_CASE("a merged segment holds exactly the joined lines, and a load reads the same events from it") {
    const std::vector<std::string> lines = log_lines(static_cast<int>(kCompactAtLeastRecords) + 20);
    std::string stored;
    for (const std::string& line : lines) stored += line + "\n";
    WriteBehindStorage storage;
    REQUIRE(storage.load_saved(stored, {}).ok());

    const std::vector<Compaction> plan = plan_compactions(singles(1, lines.size()));
    REQUIRE(plan.size() == 1);
    const std::string bytes = segment_bytes(storage, plan[0].first, plan[0].last());
    std::string joined;
    for (const std::string& line : lines) joined += (joined.empty() ? "" : "\n") + line;
    CHECK(bytes == joined);
    CHECK(segment_bytes(storage, 3, 3) == lines[2]);

    // The one record replacing them reads back as the events the one-event records held.
    auto load = [](const std::string& text, const std::vector<double>& meta) {
        LoadedLog out;
        REQUIRE(decode_stored_page(text, meta.data(), static_cast<int>(meta.size() / idb::kPageMetaPerRecord), 1,
                                   idb::PagePurpose::Load, out)
                    .ok());
        return out;
    };
    std::vector<double> singles_meta;
    for (size_t i = 0; i < lines.size(); ++i)
        singles_meta.insert(singles_meta.end(), {double(i + 1), double(i + 1), double(lines[i].size())});
    const LoadedLog before = load(stored, singles_meta);
    const std::string segment_page = bytes + "\n";  // (the lines read view it)
    const LoadedLog after = load(segment_page, {double(plan[0].first), plan[0].keys.back(), double(bytes.size())});
    REQUIRE(after.events.size() == before.events.size());
    for (size_t i = 0; i < before.events.size(); ++i) {
        CHECK(after.events[i].hash == before.events[i].hash);
        CHECK(after.content_hashes[i] == before.content_hashes[i]);
        CHECK(after.lines.lines[i] == before.lines.lines[i]);
    }
}

}  // namespace ES_TEST_FILE_ID
