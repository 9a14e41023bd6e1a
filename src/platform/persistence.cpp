// The bridge between the sandbox and IndexedDB (web/idb*.js). Owns every rule of persistence in
// the browser; the JS side only moves bytes:
//   - on page open, the stored log arrives page by page and is decoded here (a record that does
//     not decode stops the load at its position: everything before it is kept, nothing written);
//     then the sandbox opens over it and verifies the hash chain (persistence_load.cpp);
//   - once per frame, whatever the store appended goes out as one write (one transaction), cut
//     into records here; events stay "pending" until it commits; a failed write keeps them and
//     waits for Retry (persistence_write.cpp);
//   - another tab's write arrives as a new head over the BroadcastChannel and is read and adopted
//     (a read that fails is asked again after a growing delay); a write of ours that lost the
//     race (the head moved under it) is dropped, the learner is told which commands were not
//     saved, and the sandbox is rebuilt from what IndexedDB holds;
//   - export, import (validated in full first: all or nothing), reset (persistence_transfer.cpp);
//   - after a clean load, runs of small records merged into segments (persistence_compact.cpp).
// This file: starting, the once-per-frame step, and the steps the paths share.
#include "platform/persistence.h"

#include <emscripten/emscripten.h>

#include <memory>
#include <string>

#include "core/snapshots.h"
#include "platform/browser.h"
#include "platform/persistence_internal.h"

namespace es::platform {

double now_ms() { return emscripten_get_now(); }

void begin_load(PlatformState& p) {
    PersistenceState& b = p.persistence;
    b.loading = true;
    b.loaded = {};
    b.loaded.hash_lines = b.check_hashes_at_open;
    b.snapshots.clear();
    b.snapshots_ignored.clear();
    b.load_problem.clear();
    b.loaded_records.clear();
    b.written_records.clear();
    b.in_flight_records.clear();
    b.compactions.clear();  // planned again over what this load reads
    b.load_started_ms = now_ms();
    p.app.persistence.load_decode_ms = 0.0;
    p.app.persistence.load_open_ms = 0.0;
    p.app.persistence.mode = Mode::Loading;
    p.app.persistence.load_done = 0;
    p.app.persistence.load_total = 0;
}

void reload_stored_log(PlatformState& p) {
    p.persistence.fetching = false;
    begin_load(p);
    es_idb_load_all();
}

namespace {

// The banner's notice about stored snapshots that were ignored: those that did not read, and
// those not bound to the log (core/snapshots.h); empty when every one is usable.
std::string snapshot_notice(const sandbox::Sandbox& sandbox, const std::vector<std::string>& unreadable) {
    std::vector<std::string> why = unreadable;
    for (const SnapshotProblem& problem : audit_snapshots(sandbox.store(), sandbox.storage())) why.push_back(problem.describe());
    if (why.empty()) return {};
    return std::to_string(why.size()) + " stored snapshot(s) were ignored and the state rebuilt from the events (a " +
           "snapshot is only a cache; the events are the truth). First: " + why.front() + ".";
}

}  // namespace

// The read models' catch-up done at open, before the first frame (open_sandbox).
constexpr double kFirstWarmMs = 4.0;

void open_sandbox(PlatformState& p, bool durable) {
    PersistenceState& b = p.persistence;
    auto sandbox = std::make_unique<sandbox::Sandbox>(durable);
    const size_t loaded = b.loaded.events.size();
    const auto hashes = b.check_hashes_at_open ? EventStore::HashCheck::Now : EventStore::HashCheck::Later;
    b.check_hashes_at_open = false;
    b.last_background_ms = 0.0;  // the first frame of a new open's background work gets the least budget
    const double open_started = now_ms();
    Status opened = sandbox->open_loaded(std::move(b.loaded), b.snapshots, hashes);  // taken, not copied
    p.app.persistence.load_open_ms = now_ms() - open_started;
    (void)opened;  // a verification failure is in sandbox->problem()
    if (!b.load_problem.empty() && sandbox->problem().empty()) {
        sandbox->refuse_writes(b.load_problem + ". Events 1 to " + std::to_string(loaded) +
                               " are shown; export them or reset the sandbox. Nothing is written over the "
                               "stored records until then.");
    }
    // A first share of the read models' catch-up at once: a log of a few thousand events is
    // whole before the first frame; a longer one catches up over the next frames (warm_read_models).
    sandbox->warm_read_models(kFirstWarmMs, now_ms);
    p.app.persistence.warmed_at_ms = sandbox->read_models_warming() ? 0.0 : now_ms();
    p.app.persistence.snapshot_notice = snapshot_notice(*sandbox, b.snapshots_ignored);
    p.app.sandbox = std::move(sandbox);
    b.loaded = {};
    b.snapshots.clear();
    b.snapshots_ignored.clear();
    b.loading = false;
    b.write_paused = false;
    p.app.persistence.load_ms = now_ms() - b.load_started_ms;
    p.app.persistence.loaded_at_ms = now_ms();
    if (durable) p.app.persistence.mode = Mode::IndexedDb;
}

void ask_persistent_storage(PlatformState& p) {
    PersistenceState& b = p.persistence;
    if (p.app.persistence.persisted || b.persist_question != PersistenceState::PersistQuestion::None) return;
    b.persist_question = PersistenceState::PersistQuestion::Asked;
    b.persist_asked_ms = now_ms();
    es_idb_request_persist();
}

namespace {

// A browser that decides by itself answers within milliseconds; one still silent after this long
// is asking the learner, and the banner says why the page asks.
constexpr double kPersistPromptMs = 500.0;

void explain_open_persist_question(PlatformState& p) {
    PersistenceState& b = p.persistence;
    if (b.persist_question != PersistenceState::PersistQuestion::Asked || now_ms() - b.persist_asked_ms < kPersistPromptMs) return;
    b.persist_question = PersistenceState::PersistQuestion::Explained;
    p.app.persistence.storage_notice =
        std::string("Your browser is asking whether this page may use persistent storage. ") + app::kPersistentStorageWhy;
    RequestRedraw();
}

// The share of this frame the background work gets (Sandbox::background_budget_ms), from the
// interval since the last frame that did some.
double background_budget_ms(PlatformState& p) {
    const double now = now_ms();
    const double last = p.persistence.last_background_ms;
    p.persistence.last_background_ms = now;
    return sandbox::Sandbox::background_budget_ms(last > 0.0 ? now - last : 0.0);
}

// The read models an open left for later (Sandbox::warm_read_models), caught up in a share of
// each frame, before the hash check: they are on screen. In every mode (a memory-only page
// opened with a load's events has them too). True when this frame's share went to them. When
// they are whole (here, or a command finished them), warmed_at_ms says since when.
bool warm_read_models(PlatformState& p, sandbox::Sandbox& s) {
    const bool worked = s.read_models_warming() && s.warm_read_models(background_budget_ms(p), now_ms);
    if (!s.read_models_warming() && p.app.persistence.warmed_at_ms == 0.0) p.app.persistence.warmed_at_ms = now_ms();
    if (worked) RequestRedraw();
    return worked;
}

// The background hash check, a share of each frame (Sandbox::background_budget_ms: 4 ms at 60
// frames a second, where a frame of the app takes 1-5 ms; more when frames come slower). A hash
// that does not match stops writes at once and loads the log again with the check made at open,
// so the break is reported as it always was.
void check_stored_hashes(PlatformState& p, sandbox::Sandbox& s) {
    const auto& h = s.hash_check();
    if (!h.done()) {
        s.check_hashes(background_budget_ms(p), now_ms);
        RequestRedraw();
        if (h.problem.empty()) return;
        s.refuse_writes("the background check found that the stored event at position " +
                        std::to_string(h.bad_position) + " does not hash to its stored hash; the log is being "
                        "loaded again to report it");
    }
    if (h.problem.empty()) return;
    // Events accepted before the break was found are saved first (their write is on its way);
    // then the whole log is read again.
    if (s.storage().write_in_flight()) {
        RequestRedraw();
        return;
    }
    p.persistence.check_hashes_at_open = true;
    reload_stored_log(p);
}

}  // namespace

void StartPersistence(PlatformState& p) {
    begin_load(p);
    es_install_import_drop();
    es_idb_start();
}

void PersistenceFrame(PlatformState& p) {
    app::AppState& app = p.app;
    PersistenceState& b = p.persistence;
    app::PlatformRequests& r = app.requests;

    carry_out_transfer_requests(app);
    if (r.retry_write) b.write_paused = false;
    if (r.ask_persistent_storage && app.persistence.mode == Mode::IndexedDb) ask_persistent_storage(p);
    explain_open_persist_question(p);
    if (r.reset_sandbox) {
        app.lessons.progress.clear();  // the reset deletes it from IndexedDB too
        app.lessons.saved_key.clear();   // so an open lesson's progress is saved again
        app.persistence.conflict_notice.clear();
        app.persistence.import_result.clear();
        if (app.persistence.mode == Mode::MemoryOnly) {
            b.loaded = {};
            b.load_problem.clear();
            open_sandbox(p, false);
        } else if (app.persistence.mode == Mode::IndexedDb) {
            begin_load(p);
            app.sandbox.reset();
            es_idb_reset();
        }
    }
    auto progress_to_save = std::move(r.save_progress);  // LessonsFrame's, kept while the log loads
    r = app::PlatformRequests{};
    r.save_progress = std::move(progress_to_save);
    sandbox::Sandbox* s = app.sandbox.get();

    const bool warmed = s && !b.loading && warm_read_models(p, *s);
    if (!s || b.loading || app.persistence.mode != Mode::IndexedDb) return;
    send_outbox(p, *s);
    if (!warmed) check_stored_hashes(p, *s);  // after the frame's events left: a break found now refuses later ones
    compact_stored_records(p, *s);
    // Another tab moved the head: catch up, unless our own write is about to find out (or the
    // last catch-up failed a moment ago: persistence_load.cpp's es_idb_on_fetch_end).
    const bool idle = !s->storage().write_in_flight() && s->storage().pending_count() == 0;
    const uint64_t head = s->store().head_position();
    if (idle && !b.fetching && b.remote_head > head && b.catch_up_retry.ready(now_ms())) {
        b.fetching = true;
        b.fetch_from = head;
        es_idb_fetch_after(static_cast<double>(head));
    }
}

}  // namespace es::platform
