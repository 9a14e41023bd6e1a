// Compaction of the browser's stored log: runs of small records in IndexedDB's events store (the
// one-event records of clicks, short segments) rewritten as segments of up to idb::kSegmentEvents
// events, so a log written one click at a time loads as fast as an imported one. Which records
// to merge and the bytes of each new segment are decided here, in plain C++; web/idb_write.js
// (es_idb_compact) replaces the records in one transaction, and only when they still hold
// exactly those bytes. The rules: docs/INDEXEDDB_FORMAT.md, "Compaction".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/write_behind_storage.h"

namespace es {

// A record of the events store as the load read it: positions first..last (its key).
struct StoredRecordSpan {
    uint64_t first = 0;
    uint64_t last = 0;
    uint64_t events() const { return last - first + 1; }
};

// One segment to write in place of `keys` (the keys of the records it replaces, oldest first;
// the last is the segment's own key): positions first..keys.back().
struct Compaction {
    uint64_t first = 0;
    std::vector<double> keys;
    uint64_t last() const { return static_cast<uint64_t>(keys.back()); }
};

// Fewest records a merge must replace: below this many, reading them costs less than rewriting
// them (Chromium's IndexedDB costs about 0.1 ms per record read).
constexpr size_t kCompactAtLeastRecords = 100;

// The merges worth doing over `records` (in key order, consecutive, as a clean load read them):
// consecutive records are grouped, oldest first, while a group holds at most idb::kSegmentEvents
// events; a group of at least kCompactAtLeastRecords records becomes one segment. A full segment
// is never touched, and a gap between records (which a clean load never has) ends a group.
std::vector<Compaction> plan_compactions(const std::vector<StoredRecordSpan>& records);

// The bytes of the segment holding positions first..last: their stored lines, exactly as `storage`
// keeps them (the bytes the load read), joined by '\n'.
std::string segment_bytes(const WriteBehindStorage& storage, uint64_t first, uint64_t last);

}  // namespace es
