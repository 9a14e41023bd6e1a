// The bridge between the sandbox and IndexedDB (web/idb.js). Owns every rule of persistence in
// the browser; the JS side only moves bytes:
//   - on page open, the stored log arrives page by page and is decoded here (a record that does
//     not decode stops the load at its position: everything before it is kept, nothing written);
//     then the sandbox opens over it and verifies the hash chain;
//   - once per frame, whatever the store appended goes out as one write (one transaction);
//     events stay "pending" until it commits; a failed write keeps them and waits for Retry;
//   - another tab's write arrives as a new head over the BroadcastChannel and is adopted; a write
//     of ours that lost the race (the head moved under it) is dropped, the learner is told which
//     commands were not saved, and the sandbox is rebuilt from what IndexedDB holds;
//   - export, import (validated in full first: all or nothing), reset.
#include "platform/persistence.h"

#include <emscripten/emscripten.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "bank/log_transfer.h"
#include "bank/event_view.h"
#include "core/snapshot_codec.h"
#include "storage/stored_pages.h"

extern "C" {
// web/idb.js
void es_idb_start();
void es_idb_load_all();
void es_idb_write(const char* lines, int lines_len, const double* positions, int count, const char* snaps,
                  int snaps_len);
void es_idb_fetch_after(double position);
void es_idb_reset();
void es_download(const char* name, const char* data, int len, const char* mime);
void es_pick_import_file();
void es_install_import_drop();
}

namespace es::platform {

namespace {

using Mode = app::PersistenceStatus::Mode;

struct Bridge {
    app::AppState* app = nullptr;
    // The load in progress (page open, or a rebuild after a conflict, a reset...).
    bool loading = false;
    LoadedLog loaded;  // its lines view the pages read, which it keeps
    std::string catch_up_page;                    // a page of another tab's events (decoded, then dropped)
    std::vector<Snapshot> snapshots;
    std::string load_problem;  // the first stored record that could not be read
    double load_started_ms = 0.0;
    bool fetching = false;      // catching up with another tab
    bool write_paused = false;  // a write failed: wait for Retry
    uint64_t remote_head = 0;
    double last_progress_draw_ms = 0.0;
};

Bridge& B() {
    static Bridge bridge;
    return bridge;
}

void clear_loaded() { B().loaded = {}; }

double now_ms() { return emscripten_get_now(); }

void begin_load() {
    Bridge& b = B();
    b.loading = true;
    clear_loaded();
    b.snapshots.clear();
    b.load_problem.clear();
    b.load_started_ms = now_ms();
    b.app->persistence.mode = Mode::Loading;
    b.app->persistence.load_done = 0;
    b.app->persistence.load_total = 0;
}

void open_sandbox(bool durable) {
    Bridge& b = B();
    auto sandbox = std::make_unique<sandbox::Sandbox>(durable);
    const size_t loaded = b.loaded.events.size();
    Status opened = sandbox->open_loaded(std::move(b.loaded), b.snapshots);  // taken, not copied
    (void)opened;  // a verification failure is in sandbox->problem()
    if (!b.load_problem.empty() && sandbox->problem().empty()) {
        sandbox->refuse_writes(b.load_problem + ". Events 1 to " + std::to_string(loaded) +
                               " are shown; export them or reset the sandbox. Nothing is written over the "
                               "stored records until then.");
    }
    b.app->sandbox = std::move(sandbox);
    clear_loaded();
    b.snapshots.clear();
    b.loading = false;
    b.write_paused = false;
    b.app->persistence.load_ms = now_ms() - b.load_started_ms;
    if (durable) b.app->persistence.mode = Mode::IndexedDb;
}

// A stored record the JS side could not hand over as events. During a load it is the load's
// problem (the first one found is kept); while catching up with another tab the whole log is
// loaded again, which names it and shows the events before it (as for an event that does not
// decode), instead of asking for the same records again on every frame.
void stored_record_problem(std::string problem) {
    Bridge& b = B();
    if (b.loading) {
        if (b.load_problem.empty()) b.load_problem = std::move(problem);
        return;
    }
    b.fetching = false;
    begin_load();
    es_idb_load_all();
}

// Whatever the store appended and is not yet written goes out as one write (one transaction).
void send_outbox(sandbox::Sandbox& s) {
    if (B().write_paused || !s.writable()) return;
    WriteBehindStorage::Outbox out = s.storage().take_unsent();
    if (out.empty()) return;
    std::string lines, snaps;
    size_t bytes = 0;
    for (const auto& e : out.events) bytes += e.line.size() + 1;
    lines.reserve(bytes);
    std::vector<double> positions;
    positions.reserve(out.events.size());
    for (const auto& e : out.events) {
        if (!lines.empty()) lines += '\n';
        lines += e.line;
        positions.push_back(static_cast<double>(e.position));
    }
    for (const auto& snap : out.snapshots) {
        if (!snaps.empty()) snaps += '\n';
        snaps += snap.json;
    }
    es_idb_write(lines.c_str(), static_cast<int>(lines.size()), positions.data(), static_cast<int>(positions.size()),
                 snaps.c_str(), static_cast<int>(snaps.size()));
}

void download(const std::string& name, const std::string& data, const char* mime) {
    es_download(name.c_str(), data.data(), static_cast<int>(data.size()), mime);
}

}  // namespace

void StartPersistence(app::AppState& app) {
    B().app = &app;
    begin_load();
    es_install_import_drop();
    es_idb_start();
}

void PersistenceFrame(app::AppState& app) {
    Bridge& b = B();
    app::PlatformRequests& r = app.requests;
    sandbox::Sandbox* s = app.sandbox.get();

    if (r.export_jsonl && s) download("event-log.jsonl", bank::export_jsonl(s->store().recorded_log()), "application/x-ndjson");
    if (r.export_kurrent && s)
        download("event-log.kurrentdb.json", bank::kurrent_events(s->store().recorded_log()).dump(2), "application/json");
    if (r.pick_import_file) es_pick_import_file();
    if (r.retry_write) b.write_paused = false;
    if (r.reset_sandbox) {
        app.lessons.progress.clear();  // the reset deletes it from IndexedDB too
        app.lessons.saved_key.clear();   // so an open lesson's progress is saved again
        app.persistence.conflict_notice.clear();
        app.persistence.import_result.clear();
        if (app.persistence.mode == Mode::MemoryOnly) {
            clear_loaded();
            b.load_problem.clear();
            open_sandbox(false);
        } else if (app.persistence.mode == Mode::IndexedDb) {
            begin_load();
            app.sandbox.reset();
            es_idb_reset();
        }
    }
    auto progress_to_save = std::move(r.save_progress);  // LessonsFrame's, kept while the log loads
    r = app::PlatformRequests{};
    r.save_progress = std::move(progress_to_save);
    s = app.sandbox.get();

    if (!s || b.loading || app.persistence.mode != Mode::IndexedDb) return;
    send_outbox(*s);
    // Another tab moved the head: catch up, unless our own write is about to find out.
    const bool idle = !s->storage().write_in_flight() && s->storage().pending_count() == 0;
    if (idle && !b.fetching && b.remote_head > s->store().head_position()) {
        b.fetching = true;
        es_idb_fetch_after(static_cast<double>(s->store().head_position()));
    }
}

}  // namespace es::platform

// ---- Called from web/idb.js -------------------------------------------------------------------
extern "C" {

EMSCRIPTEN_KEEPALIVE void es_idb_on_unavailable(const char* why) {
    es::platform::RequestRedraw();
    using namespace es::platform;
    Bridge& b = B();
    b.app->persistence.memory_only_reason = why;
    clear_loaded();
    b.load_problem.clear();
    open_sandbox(false);
    b.app->persistence.mode = Mode::MemoryOnly;
}

EMSCRIPTEN_KEEPALIVE void es_idb_on_load_begin(double total) {
    es::platform::RequestRedraw();
    using namespace es::platform;
    B().app->persistence.load_total = static_cast<uint64_t>(total);
    // Room for the whole log at once: growing the vector page by page moved every event loaded so
    // far at each doubling (a sixth of a 100,000-event load in the browser's profile). `total` is
    // the last stored key; a damaged key only costs memory (capped), the load then stops at the gap.
    constexpr double kReserveAtMost = 1000000;
    if (total > 0) {
        const auto n = static_cast<size_t>(std::min(total, kReserveAtMost));
        B().loaded.events.reserve(n);
        B().loaded.content_hashes.reserve(n);
        B().loaded.lines.lines.reserve(n);
    }
}

// Room for the next page of `bytes` bytes, which web/idb.js fills and hands to es_idb_on_page.
// A page of the load is a block the storage keeps (its lines are not copied again: on this
// browser, touching fresh memory costs ~5 ms per MB); a catch-up page reuses one buffer.
EMSCRIPTEN_KEEPALIVE char* es_idb_page_buffer(int bytes, int purpose) {
    using namespace es::platform;
    Bridge& b = B();
    const auto n = static_cast<size_t>(std::max(bytes, 1));
    if (purpose != 0) {
        b.catch_up_page.resize(n);
        return b.catch_up_page.data();
    }
    return b.loaded.lines.blocks.emplace_back(n, '\0').data();
}

EMSCRIPTEN_KEEPALIVE int es_idb_on_page(const char* lines, int lines_len, const double* records, int count,
                                        int purpose) {
    using namespace es::platform;
    Bridge& b = B();
    // The load's progress bar is redrawn at most 4 times a second, one frame each time (its size
    // never changes, so ImGui needs no second frame to settle a layout): on software GL a frame
    // costs as much as decoding a page, and every frame delays the next page's IndexedDB callback.
    // A catch-up with another tab's events redraws after each page, as new events are shown.
    if (purpose != 0 || now_ms() - b.last_progress_draw_ms > 250.0) {
        b.last_progress_draw_ms = now_ms();
        RequestRedraw(purpose == 0 ? 1 : 2);
    }
    const std::string_view text(lines, static_cast<size_t>(lines_len));  // in es_idb_page_buffer()'s page
    if (purpose == 0) {  // the load: the page's lines are kept where they are, for the storage
        auto& kept = b.loaded.lines;
        if (!b.load_problem.empty()) {
            kept.blocks.pop_back();  // this page's, unused
            return 0;
        }
        const size_t lines_before = kept.lines.size();
        const bool ok = decode_stored_page(text, records, count, b.loaded.events.size() + 1, es::PageRead::Load, b.loaded,
                                           b.load_problem);
        if (kept.lines.size() == lines_before && !kept.blocks.empty()) kept.blocks.pop_back();  // nothing of it kept
        b.app->persistence.load_done = b.loaded.events.size();
        return ok ? 1 : 0;
    }
    // Catching up with another tab: adopt what continues our log; anything else means we
    // diverged, and IndexedDB is the truth: rebuild from it.
    es::sandbox::Sandbox* s = b.app->sandbox.get();
    if (!s) return 0;
    es::LoadedLog page;
    std::string problem;
    const bool ok = decode_stored_page(text, records, count, s->store().head_position() + 1, es::PageRead::CatchUp, page,
                                       problem);
    auto adopted = ok ? s->adopt(page.events) : es::Result<uint64_t>(es::make_error(es::ErrorCode::Corrupt, problem));
    if (!adopted.ok()) {
        b.fetching = false;
        begin_load();
        es_idb_load_all();
        return 0;
    }
    return 1;
}

EMSCRIPTEN_KEEPALIVE void es_idb_on_newer_record(double position, int format) {
    es::platform::RequestRedraw();
    es::platform::stored_record_problem("the stored record ending at position " +
                                        std::to_string(static_cast<uint64_t>(position)) +
                                        " was saved by a newer version of the sandbox (record format " +
                                        std::to_string(format) +
                                        "; this page knows formats 1 to 3). Reload to get the newer version; "
                                        "this page will not write");
}

// A record web/idb.js cannot hand over as events (a key that is not a position): reading stops at
// `position`, the first event not read.
EMSCRIPTEN_KEEPALIVE void es_idb_on_bad_record(double position, const char* why) {
    es::platform::RequestRedraw();
    es::platform::stored_record_problem(es::stored_event_unreadable(static_cast<uint64_t>(position), why));
}

EMSCRIPTEN_KEEPALIVE void es_idb_on_snapshots(const char* lines, int len) {
    es::platform::RequestRedraw();
    using namespace es::platform;
    const std::string text(lines, static_cast<size_t>(len));
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        es::Json j = es::Json::parse(text.substr(start, end - start), nullptr, false);
        start = end + 1;
        if (j.is_discarded()) continue;  // a cache: a bad one is ignored and rebuilt
        auto snap = es::snapshot_from_json(j);
        if (snap.ok()) B().snapshots.push_back(std::move(snap).value());
    }
}

EMSCRIPTEN_KEEPALIVE void es_idb_on_load_end() { es::platform::open_sandbox(true); }

EMSCRIPTEN_KEEPALIVE void es_idb_on_fetch_end(const char* error) {
    es::platform::RequestRedraw();
    (void)error;  // a failed read is retried on the next head message
    es::platform::B().fetching = false;
}

EMSCRIPTEN_KEEPALIVE void es_idb_on_storage_info(int persisted, double usage, double quota) {
    es::platform::RequestRedraw();
    auto& p = es::platform::B().app->persistence;
    p.persisted = persisted != 0;
    p.usage_bytes = usage;
    p.quota_bytes = quota;
}

EMSCRIPTEN_KEEPALIVE void es_idb_on_write_done(int status, double head, const char* message) {
    es::platform::RequestRedraw();
    using namespace es::platform;
    Bridge& b = B();
    es::sandbox::Sandbox* s = b.app->sandbox.get();
    if (!s) return;
    if (status == 0) {
        s->storage().on_write_committed();
        b.app->persistence.write_error.clear();
        return;
    }
    if (status == 1) {
        s->storage().on_write_failed(message);
        b.app->persistence.write_error = message;
        b.write_paused = true;
        return;
    }
    // Another tab saved first: our pending events were never stored. Say which, then rebuild
    // from IndexedDB, which holds the other tab's events.
    b.app->persistence.conflict_notice =
        "Another tab saved its events first (the stored log had moved on to position " +
        std::to_string(static_cast<uint64_t>(head)) + "), so these were NOT saved: " + es::bank::describe_events_after(s->store().recorded_log(), s->storage().saved_position()) +
        ". The sandbox now shows what is stored, including the other tab's events. Look at the new "
        "state and run your command again if it still makes sense.";
    b.app->last_command_ok = false;
    b.app->last_command_result = "Not saved: another tab wrote first (see the message at the top).";
    b.fetching = false;
    begin_load();
    b.app->sandbox.reset();
    es_idb_load_all();
}

EMSCRIPTEN_KEEPALIVE void es_idb_on_remote_head(double head) {
    es::platform::RequestRedraw();
    es::platform::B().remote_head = static_cast<uint64_t>(head);
}

EMSCRIPTEN_KEEPALIVE void es_idb_on_remote_reset() {
    es::platform::RequestRedraw();
    using namespace es::platform;
    Bridge& b = B();
    if (b.loading) return;
    b.app->persistence.conflict_notice = "The sandbox was reset in another tab.";
    b.app->lessons.progress.clear();  // deleted with the events
    b.app->lessons.saved_key.clear();
    begin_load();
    b.app->sandbox.reset();
    b.remote_head = 0;
    es_idb_load_all();
}

EMSCRIPTEN_KEEPALIVE void es_idb_on_reset_done(const char* error) {
    es::platform::RequestRedraw();
    using namespace es::platform;
    Bridge& b = B();
    b.remote_head = 0;
    if (error && *error) b.app->persistence.write_error = std::string("reset failed: ") + error;
    es_idb_load_all();
}

EMSCRIPTEN_KEEPALIVE void es_idb_on_closed() {
    es::platform::RequestRedraw();
    es::platform::B().app->persistence.mode = es::platform::Mode::Closed;
}

EMSCRIPTEN_KEEPALIVE void es_on_import_text(const char* text, int len, const char* name) {
    es::platform::RequestRedraw();
    using namespace es::platform;
    Bridge& b = B();
    auto& p = b.app->persistence;
    es::sandbox::Sandbox* s = b.app->sandbox.get();
    p.import_ok = false;
    if (len == 0 && name && std::string(name).find(": ") != std::string::npos) {
        p.import_result = std::string("Could not read ") + name;
        return;
    }
    if (!s || b.loading) {
        p.import_result = "The sandbox is still loading; try the import again in a moment.";
        return;
    }
    auto imported = s->import_text(std::string_view(text, static_cast<size_t>(len)));
    if (!imported.ok()) {
        p.import_result = std::string(name) + " was rejected, nothing was changed: " + imported.error().message;
        return;
    }
    if (imported->count == 0) {
        p.import_result = std::string(name) + " has no events; nothing was changed.";
        return;
    }
    // Written at once, not after the next frame: that frame rebuilds every view over the new events.
    if (p.mode == Mode::IndexedDb) send_outbox(*s);
    p.import_ok = true;
    p.import_result = "Imported " + std::to_string(imported->count) + " events (positions " +
                      std::to_string(imported->first) + " to " + std::to_string(imported->head) +
                      ") from " + name + ".";
}

}  // extern "C"
