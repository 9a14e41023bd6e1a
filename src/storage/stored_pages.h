// The browser's stored event records as web/idb_read.js hands them over, page by page, on page
// open (the load) or when another tab wrote (catching up): decoded here, in plain C++, so every
// rule about what a page may hold is tested natively and as WASM (tests/storage/stored_pages_test.cpp).
// The record formats: docs/INDEXEDDB_FORMAT.md; the writer's side: storage/stored_records.h.
//
// A page is `text`, each record's lines ('\n'-joined) followed by one '\n', and `meta`,
// idb::kPageMetaPerRecord numbers per record: its first position, its last position (= its
// IndexedDB key) and its length in bytes. A record holds exactly the positions first..last, one line each.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/result.h"
#include "core/sha256.h"
#include "storage/indexeddb_format.h"
#include "storage/write_behind_storage.h"

namespace es {

// A log as read from the backend: the decoded events, the SHA-256 of each one's canonical bytes
// (decode_event_line's, for the chain check: EventStore::open(events, content_hashes)) and the
// stored lines they came from (views into the pages, kept by the storage as they are).
struct LoadedLog {
    EventList events;
    std::vector<Sha256Digest> content_hashes;  // one per event; empty when catching up or not hashing
    // Whether a load hashes each line as it decodes it (for a chain check at open). Without, the
    // hashes are checked after the open, in the background (EventStore::HashCheck::Later).
    bool hash_lines = true;
    WriteBehindStorage::SavedLines lines;
};

// Decodes the events of a page from `next` on and adds them to `out` (events, content hashes when
// loading, and lines as views into `text`). The page's first record may start before `next`
// (its lines before `next` are skipped): another tab may have compacted records between two
// pages' transactions (storage/stored_compaction.h), and a catch-up starts inside a segment. A
// Corrupt error at the first thing wrong, after the events before it were added: a record whose
// line count does not match its positions, a jump or an overlap between records, a line that does
// not decode or holds another position, a page cut short. Its message says what, naming the position.
Status decode_stored_page(std::string_view text, const double* meta, int records, uint64_t next, idb::PagePurpose read,
                          LoadedLog& out);

}  // namespace es
