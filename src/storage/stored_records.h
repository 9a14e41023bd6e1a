// The records a write puts into IndexedDB's events store, cut here from the write-behind outbox
// (C++ knows where each line ends, so web/idb_write.js only stores what it is handed): a write of
// one event is one record (idb::RecordFormat::Event); several events go out as segments of up to
// idb::kSegmentEvents consecutive positions (idb::RecordFormat::Segment), whose lines are joined
// by '\n'. Chromium's IndexedDB costs about the same per record whatever its size, so a segment
// is written and read several times faster than its events one by one (docs/PERFORMANCE.md).
// The formats: docs/INDEXEDDB_FORMAT.md; the reader: storage/stored_pages.h.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "storage/indexeddb_format.h"
#include "storage/write_behind_storage.h"

namespace es {

// Every record of one write, laid out for web/idb_write.js (es_idb_stage_records): `bytes` holds each
// record's bytes one after the other, with nothing between them, and `meta` idb::kWriteMetaPerRecord
// numbers per record: its format (idb::RecordFormat), its first position, its last position (its
// key) and its length in bytes.
struct RecordsToStore {
    std::string bytes;
    std::vector<double> meta;
    int count() const { return static_cast<int>(meta.size() / idb::kWriteMetaPerRecord); }
};

// Cuts `events` (the outbox's, oldest first) into the records to store. A segment never spans a
// gap between positions (the outbox never has one).
RecordsToStore records_to_store(const std::vector<WriteBehindStorage::EventRecord>& events);

// The same records handed to `take` in parts, one at a time, each part ending with the first
// record that brings its bytes to `part_bytes` or more (the last part holds what is left): so a
// large outbox (an import of a million events) never has its bytes whole in memory beside the
// lines the storage keeps. The parts together are exactly records_to_store(events).
void records_to_store_in_parts(const std::vector<WriteBehindStorage::EventRecord>& events, size_t part_bytes,
                               const std::function<void(const RecordsToStore&)>& take);

}  // namespace es
