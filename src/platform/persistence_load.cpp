// The load path of persistence in the browser (persistence.cpp has the overview): the stored log
// read page by page into C++ on page open or after a rebuild, and another tab's new events read
// and adopted (catching up). Every function here is called from web/idb.js or web/idb_read.js.
#include <emscripten/emscripten.h>

#include <algorithm>
#include <string>

#include "core/json_parse.h"
#include "core/snapshot_codec.h"
#include "platform/persistence_internal.h"
#include "storage/indexeddb_format.h"

namespace es::platform {
namespace {

// A stored record the JS side could not hand over as events. During a load it is the load's
// problem (the first one found is kept); while catching up with another tab the whole log is
// loaded again, which names it and shows the events before it (as for an event that does not
// decode), instead of asking for the same records again on every frame.
void stored_record_problem(std::string problem) {
    PlatformState& p = Platform();
    if (p.persistence.loading) {
        if (p.persistence.load_problem.empty()) p.persistence.load_problem = std::move(problem);
        return;
    }
    reload_stored_log(p);
}

// A page of the load: its lines are kept where they are, for the storage. 1 = go on.
int load_page(PersistenceState& b, std::string_view text, const double* records, int count) {
    auto& kept = b.loaded.lines;
    if (!b.load_problem.empty()) {
        kept.blocks.pop_back();  // this page's, unused
        return 0;
    }
    const size_t lines_before = kept.lines.size();
    const double start = now_ms();
    const Status decoded = decode_stored_page(text, records, count, b.loaded.events.size() + 1, idb::PagePurpose::Load,
                                              b.loaded);
    Platform().app.persistence.load_decode_ms += now_ms() - start;
    if (!decoded.ok()) b.load_problem = decoded.error().message;
    // What the events store holds, for compaction (only a clean load is compacted). A page's first
    // record that starts inside what was read is another tab's compaction of the records before it.
    for (int r = 0; decoded.ok() && r < count; ++r) {
        const double* m = records + r * idb::kPageMetaPerRecord;
        const StoredRecordSpan record{static_cast<uint64_t>(m[0]), static_cast<uint64_t>(m[1])};
        while (!b.loaded_records.empty() && b.loaded_records.back().first >= record.first) b.loaded_records.pop_back();
        b.loaded_records.push_back(record);
    }
    if (kept.lines.size() == lines_before && !kept.blocks.empty()) kept.blocks.pop_back();  // nothing of it kept
    Platform().app.persistence.load_done = b.loaded.events.size();
    return decoded.ok() ? 1 : 0;
}

// A page of another tab's events: adopt what continues our log; anything else means we
// diverged, and IndexedDB is the truth: rebuild from it. 1 = go on.
int catch_up_page(PlatformState& p, std::string_view text, const double* records, int count) {
    sandbox::Sandbox* s = p.app.sandbox.get();
    if (!s) return 0;
    LoadedLog page;
    const Status decoded = decode_stored_page(text, records, count, s->store().head_position() + 1,
                                              idb::PagePurpose::CatchUp, page);
    const Result<uint64_t> adopted = decoded.ok() ? s->adopt(page.events) : Result<uint64_t>(decoded.error());
    if (!adopted.ok()) {
        reload_stored_log(p);
        return 0;
    }
    return 1;
}

}  // namespace
}  // namespace es::platform

extern "C" {

using namespace es::platform;

EMSCRIPTEN_KEEPALIVE void es_idb_on_unavailable(const char* why) {
    RequestRedraw();
    PlatformState& p = Platform();
    p.app.persistence.memory_only_reason = why;
    p.persistence.loaded = {};
    p.persistence.load_problem.clear();
    open_sandbox(p, false);
    p.app.persistence.mode = Mode::MemoryOnly;
}

EMSCRIPTEN_KEEPALIVE void es_idb_on_load_begin(double total) {
    RequestRedraw();
    PlatformState& p = Platform();
    p.app.persistence.load_total = static_cast<uint64_t>(total);
    // Room for the whole log at once: growing the vector page by page moved every event loaded so
    // far at each doubling (a sixth of a 100,000-event load in the browser's profile). `total` is
    // the last stored key; a damaged key only costs memory (capped), the load then stops at the gap.
    constexpr double kReserveAtMost = 1000000;
    if (total > 0) {
        const auto n = static_cast<size_t>(std::min(total, kReserveAtMost));
        es::LoadedLog& loaded = p.persistence.loaded;
        loaded.events.reserve(n);
        if (loaded.hash_lines) loaded.content_hashes.reserve(n);  // 32 B an event, only when the load hashes
        loaded.lines.lines.reserve(n);
    }
}

// Room for the next page of `bytes` bytes, which web/idb_read.js fills and hands to
// es_idb_on_page. A page of the load is a block the storage keeps (its lines are not copied
// again: on this browser, touching fresh memory costs ~5 ms per MB); a catch-up page reuses one
// buffer. `purpose`: an es::idb::PagePurpose.
EMSCRIPTEN_KEEPALIVE char* es_idb_page_buffer(int bytes, int purpose) {
    PersistenceState& b = Platform().persistence;
    const auto n = static_cast<size_t>(std::max(bytes, 1));
    if (static_cast<es::idb::PagePurpose>(purpose) == es::idb::PagePurpose::CatchUp) {
        b.catch_up_page.resize(n);
        return b.catch_up_page.data();
    }
    return b.loaded.lines.blocks.emplace_back(n, '\0').data();
}

// A page of stored records (storage/stored_pages.h), in the buffer es_idb_page_buffer() gave for
// the same purpose. Answers 1 to read on, 0 to stop.
EMSCRIPTEN_KEEPALIVE int es_idb_on_page(const char* lines, int lines_len, const double* records, int count,
                                        int purpose) {
    PlatformState& p = Platform();
    PersistenceState& b = p.persistence;
    const bool load = static_cast<es::idb::PagePurpose>(purpose) == es::idb::PagePurpose::Load;
    // The load's progress bar is redrawn at most 4 times a second, one frame each time (its size
    // never changes, so ImGui needs no second frame to settle a layout), and not at all in the
    // load's first half second, which is all of a 100,000-event load's reading on this machine:
    // on software GL a frame costs as much as decoding a page, and every frame delays the next
    // page's IndexedDB callback (~80 ms of a 700 ms load, docs/PERFORMANCE.md). A catch-up with
    // another tab's events redraws after each page, as new events are shown.
    constexpr double kQuietMs = 500.0, kEveryMs = 250.0;
    const double now = now_ms();
    if (!load || (now - b.load_started_ms > kQuietMs && now - b.last_progress_draw_ms > kEveryMs)) {
        b.last_progress_draw_ms = now;
        RequestRedraw(load ? 1 : 2);
    }
    const std::string_view text(lines, static_cast<size_t>(lines_len));
    return load ? load_page(b, text, records, count) : catch_up_page(p, text, records, count);
}

EMSCRIPTEN_KEEPALIVE void es_idb_on_newer_record(double position, int format) {
    RequestRedraw();
    stored_record_problem("the stored record ending at position " + std::to_string(static_cast<uint64_t>(position)) +
                          " was saved by a newer version of the sandbox (record format " + std::to_string(format) +
                          "; this page knows formats 1 to " +
                          std::to_string(static_cast<int>(es::idb::kNewestFormat)) +
                          "). Reload to get the newer version; this page will not write");
}

// A record web/idb_read.js cannot hand over as events (a key that is not a position): reading
// stops at `position`, the first event not read.
EMSCRIPTEN_KEEPALIVE void es_idb_on_bad_record(double position, const char* why) {
    RequestRedraw();
    stored_record_problem(es::stored_event_unreadable(static_cast<uint64_t>(position), why));
}

EMSCRIPTEN_KEEPALIVE void es_idb_on_snapshots(const char* lines, int len) {
    RequestRedraw();
    PersistenceState& b = Platform().persistence;
    const std::string text(lines, static_cast<size_t>(len));
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        auto j = es::parse_json(std::string_view(text).substr(start, end - start));
        start = end + 1;
        // A cache: a bad one is ignored (named in a notice) and the state rebuilt from events.
        auto snap = j.ok() ? es::snapshot_from_json(*j) : es::Result<es::Snapshot>(j.error());
        if (snap.ok()) b.snapshots.push_back(std::move(snap).value());
        else b.snapshots_ignored.push_back("a stored snapshot that does not read: " + snap.error().message);
    }
}

EMSCRIPTEN_KEEPALIVE void es_idb_on_load_end() {
    PlatformState& p = Platform();
    open_sandbox(p, true);
    plan_compaction(p);
}

// A catch-up read ended; `error` says why it failed ('' when it did not). One that failed, or
// read nothing new, is asked again after a growing delay (0.25 s doubling up to 8 s) instead of
// on the next frame; the learner sees nothing of it, as before the other tab's events arrive.
EMSCRIPTEN_KEEPALIVE void es_idb_on_fetch_end(const char* error) {
    RequestRedraw();
    PlatformState& p = Platform();
    PersistenceState& b = p.persistence;
    if (!b.fetching) return;  // it turned into a reload of the whole log
    b.fetching = false;
    const es::sandbox::Sandbox* s = p.app.sandbox.get();
    const bool moved = s && s->store().head_position() > b.fetch_from;
    if ((error && *error) || !moved) {
        b.catch_up_retry.failed(now_ms());
    } else {
        b.catch_up_retry.succeeded();
    }
}

}  // extern "C"
