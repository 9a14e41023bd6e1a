// The numbers that cross the bridge between C++ and web/idb*.js, named once for C++: the record
// formats of IndexedDB's events store, what a page of records is read for, how a write ended,
// and how many numbers describe each record handed over. web/idb.js names the same values the
// same way in its ESIDB object (ESIDB.RecordFormat.Event, ESIDB.PagePurpose.Load,
// ESIDB.WriteStatus.Saved, ESIDB.PAGE_META...); tests/storage/indexeddb_format_test.cpp checks
// that the two agree. The bytes themselves: docs/INDEXEDDB_FORMAT.md.
#pragma once

#include <cstddef>

namespace es::idb {

// `f` of a record in the events store.
enum class RecordFormat : int {
    Event = 1,        // {f: 1, line}: one event
    TextSegment = 2,  // {f: 2, first, lines}: consecutive events as one string (read, never written)
    Segment = 3,      // {f: 3, first, bytes}: consecutive events as UTF-8 bytes
};
// A record with a higher `f` was written by a newer version of the sandbox: refused, never overwritten.
constexpr RecordFormat kNewestFormat = RecordFormat::Segment;

// Events per segment record, at most (C++ cuts the segments: storage/stored_records.h).
constexpr size_t kSegmentEvents = 1000;

// Numbers per record in the `meta` array beside the bytes: a page read (first position, last
// position, byte length: storage/stored_pages.h) and a write (format, first position, last
// position, byte length: storage/stored_records.h).
constexpr size_t kPageMetaPerRecord = 3;
constexpr size_t kWriteMetaPerRecord = 4;

// What a page of stored records is read for (`purpose` of es_idb_page_buffer and es_idb_on_page).
enum class PagePurpose : int {
    Load = 0,     // the whole log, from position 1 on: every record starts where the previous one ended
    CatchUp = 1,  // another tab's events after this tab's head: the first record may start before it
};

// How a write ended (`status` of es_idb_on_write_done).
enum class WriteStatus : int {
    Saved = 0,       // the transaction committed
    Failed = 1,      // it did not (quota, abort, a closed database...): nothing of it is stored
    AnotherTab = 2,  // another tab stored events first: the head moved under this write
};

}  // namespace es::idb
