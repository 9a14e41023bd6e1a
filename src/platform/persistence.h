// Persistence in the browser: the sandbox's events in IndexedDB (persistence*.cpp here, web/idb*.js
// there). The app never calls IndexedDB; it reads AppState::persistence and sets
// AppState::requests, which PersistenceFrame() carries out after each frame.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "core/storage.h"
#include "storage/retry_backoff.h"
#include "storage/stored_compaction.h"
#include "storage/stored_pages.h"

namespace es::platform {

struct PlatformState;

// The bridge's side of the platform state (platform_state.h): the load in progress, catching up
// with other tabs, a paused write.
struct PersistenceState {
    // The load in progress (page open, or a rebuild after a conflict, a reset...).
    bool loading = false;
    LoadedLog loaded;                 // its lines view the pages read, which it keeps
    std::vector<Snapshot> snapshots;  // read after the events
    std::vector<std::string> snapshots_ignored;  // stored snapshots that did not parse, and why
    std::string load_problem;         // the first stored record that could not be read
    // The events' hashes are checked after the page is interactive, a few milliseconds a frame
    // (Sandbox::check_hashes); when that finds one that does not match, the log is loaded again
    // with the check made at open, which reports it as a load always has.
    bool check_hashes_at_open = false;
    double last_background_ms = 0.0;  // when background work (read models, hash check) last ran: its budget is a share of a frame
    double load_started_ms = 0.0;
    double last_progress_draw_ms = 0.0;
    // Catching up with another tab's events.
    uint64_t remote_head = 0;        // the head another tab announced last
    bool fetching = false;           // a catch-up read is under way...
    uint64_t fetch_from = 0;         // ...from this head of ours
    RetryBackoff catch_up_retry;     // a catch-up that failed is asked again later, not every frame
    std::string catch_up_page;       // a page of another tab's events (decoded, then dropped)
    bool write_paused = false;       // a write failed: wait for Retry
    // Compaction of the stored records (storage/stored_compaction.h): the records the load read,
    // then the merges planned over them once it opened cleanly, done one transaction at a time.
    std::vector<StoredRecordSpan> loaded_records;
    // The records this tab wrote since the load (the write in flight apart until it commits):
    // planned like the load's once kCompactAtLeastRecords of them are stored, so a long session
    // of clicks is compacted without waiting for the next load.
    std::vector<StoredRecordSpan> written_records;
    std::vector<StoredRecordSpan> in_flight_records;
    std::deque<Compaction> compactions;
    bool compacting = false;         // one is under way (its answer: es_idb_on_compact_done)
    // Persistent storage: asked when the free sandbox gets its first events (once per page) or
    // from the Storage window, never at start-up. Some browsers (Firefox) ask the learner, in a
    // prompt over the page: a question left without an answer for a moment is explained in the
    // banner.
    enum class PersistQuestion { None, Asked, Explained };
    PersistQuestion persist_question = PersistQuestion::None;
    double persist_asked_ms = 0.0;
    bool persist_asked_for_first_events = false;
};

// Opens the database and starts loading the stored log; the sandbox exists once it is loaded
// (or at once, in memory, when IndexedDB is unavailable).
void StartPersistence(PlatformState& p);

// After each frame: the frame's appends as one write, the panels' requests, catching up with
// other tabs.
void PersistenceFrame(PlatformState& p);

// Asks the main loop to draw at least `frames` more frames (idle frames are otherwise skipped:
// web_main.cpp). Called when something the UI shows changed outside an input event.
void RequestRedraw(int frames = 2);

}  // namespace es::platform
