// Long-lived UI state of the sandbox, in one place (not scattered static locals). The core and
// the domain never see this struct; panels read it and the platform layer drives it.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/chain_walk.h"
#include "core/upcast_reading.h"
#include "sandbox/diagram_cards.h"
#include "sandbox/sandbox.h"
#include "bank/accounts_at.h"
#include "bank/replay_stepper.h"
#include "bank/log_overview.h"
#include "app/code_editor.h"
#include "lessons/lesson_run.h"
#include "lessons/windows.h"

struct ImFont;

namespace es::app {

enum class Theme { Dark, Light };

struct Fonts {
    ImFont* body = nullptr;     // Inter Regular: every label and paragraph
    ImFont* heading = nullptr;  // Inter SemiBold, larger: window headings
    ImFont* mono = nullptr;     // JetBrains Mono: event JSON, hashes, ids
};

// Where the events are kept, as the platform layer (src/platform/persistence.cpp) reports it.
struct PersistenceStatus {
    enum class Mode {
        Loading,     // reading the stored log; no command is accepted yet
        IndexedDb,   // events are saved in the browser's IndexedDB
        MemoryOnly,  // no IndexedDB (e.g. a private window): nothing survives a reload
        Closed,      // another tab upgraded the database: this tab must reload
    };
    Mode mode = Mode::Loading;
    uint64_t load_total = 0;   // records to read on open
    uint64_t load_done = 0;    // read so far
    double load_ms = 0.0;      // time from the start of the load to an open store
    double load_decode_ms = 0.0;  // ...of which decoding the pages IndexedDB handed over
    double load_open_ms = 0.0;    // ...and opening the sandbox over them (indexes, rules, balances)
    double loaded_at_ms = 0.0;    // when the store opened, on the page's clock (performance.now())
    double warmed_at_ms = 0.0;    // when the read models left for later had caught up (0: not yet)
    std::string memory_only_reason;
    bool persisted = false;       // navigator.storage.persisted(): the browser keeps the data under storage pressure
    std::string storage_notice;   // the browser is asking the learner to allow persistent storage: why the page asks
    double usage_bytes = -1.0;    // navigator.storage.estimate(); -1 = unknown
    double quota_bytes = -1.0;
    std::string write_error;      // the last failed write, shown until a write succeeds
    std::string conflict_notice;  // another tab wrote first: what was not saved, what to do
    std::string snapshot_notice;  // stored snapshots that were ignored (not bound to the log, unreadable), and why
    std::string import_result;    // what the last import did, or why it was refused
    bool import_ok = false;
    // An import being read: the file goes to the importer a piece per task, so frames (and this
    // progress) are drawn in between.
    bool importing = false;
    std::string import_name;
    std::string import_notice;    // a file refused because another was being read (kept until the next import)
    double import_done_bytes = 0.0;
    double import_total_bytes = 0.0;
};

// Why the sandbox asks for persistent storage (navigator.storage.persist()), which it does when the
// free sandbox gets its first events or from the Storage window; some browsers ask the learner.
inline constexpr const char* kPersistentStorageWhy =
    "With persistent storage the browser will not delete your events to free space; without it "
    "they are still saved, but the browser may clear them when the disk runs short.";

// What a panel asks the platform to do after the frame (downloads, file pickers, the database).
struct PlatformRequests {
    bool export_jsonl = false;
    bool export_kurrent = false;
    bool pick_import_file = false;
    bool reset_sandbox = false;  // already confirmed by the user
    bool retry_write = false;
    bool ask_persistent_storage = false;
    std::vector<std::pair<std::string, std::string>> save_progress;  // (lesson id, progress JSON)
    std::string open_url;     // a further-reading link, in a new tab
    bool update_hash = false; // set the URL's #lesson=<id> to the lesson open now (or clear it)
};

// What the learner has typed into the command forms (kept across frames).
struct CommandForm {
    char account[65] = "alice";
    char to_account[65] = "bob";
    char owner[128] = "Alice";
    char currency[8] = "USD";
    char amount[32] = "100.00";
    char actor[64] = "learner";
    char reason[128] = "";
    char expected_version[24] = "";  // empty: no optimistic-concurrency check
    char reverse_position[24] = "";  // the deposit to reverse (its global position)
};

// Time travel: the point of the log every view shows. At "now" the views follow new events; in
// the past they stay where the learner put them, clearly marked, until "Back to now".
struct TimeTravel {
    bool at_now = true;
    uint64_t position = 0;      // when !at_now: state as of this global position (0 = before any event)
    char time_text[32] = "";    // the date-time entry, "YYYY-MM-DD HH:MM[:SS]" local time
    std::string time_message;   // what the entry did, or why it was not understood
    bool time_message_ok = true;
    uint64_t time_message_at = 0;  // the position it was about: it goes once the views move on
    // The drawn timeline (panel_time_travel.cpp): the log in buckets, recomputed when it changes,
    // and what the mouse is over (for the tooltip and the test hook).
    bank::LogOverview overview;
    bool bar_hovered = false;
    size_t bar_hovered_bucket = 0;
    std::string bar_hover_text;
};

// The accounts as of the viewed position, rebuilt by replay only when the position or the log
// changes (src/app/views.cpp), never by a panel.
struct AccountsView {
    uint64_t position = ~0ull;  // what `rows` were built for
    uint64_t head = ~0ull;
    std::vector<bank::AccountAt> rows;
    std::string error;
    bank::AccountStatesCache states;  // checkpoints, so a move of the scrubber folds few events
    std::optional<bank::EventEffect> effect;  // what the event at `position` changed
    std::string selected;       // the account whose history is shown
    uint64_t history_position = ~0ull, history_head = ~0ull;
    std::string history_head_hash;  // the log the history was read from (another log may reach the same head)
    std::string history_account;
    bank::AccountHistory history;
    std::string history_error;
    std::optional<bank::ReplayCost> cost;  // the selected account loaded now, with and without snapshots
    std::string cost_account;
    uint64_t cost_head = ~0ull;
    // The CRUD window's last UPDATE: what the selected account's newest event changed (its
    // before and after), at the head. Only while that window is open.
    std::optional<bank::EventEffect> crud_change;
    uint64_t crud_change_position = 0;  // the event it is about (0: none)
    std::string crud_change_account;
    uint64_t crud_change_head = ~0ull;
    double crud_change_seen_s = -1.0;   // ImGui time the window first drew it: the strike-through grows from there
};

// The timeline's filters and selection; `shown` is the filtered list of positions.
struct TimelineView {
    char stream_filter[64] = "";
    char text_filter[64] = "";
    int type_filter = 0;        // 0 = every type, else an index into the timeline's type list
    uint64_t selected = 0;      // global position of the selected event; 0 = none
    bool scroll_to_selected = false;
    // Cache of the filtered positions, rebuilt when the log or a filter changes.
    bool filtering = false;      // a filter is set: `shown` lists the matching positions
    std::vector<uint64_t> shown;
    uint64_t shown_head = ~0ull;
    std::string shown_key;
    // Compensations, both ways: a reversed deposit's position -> its DepositReversed's, and back.
    // Extended as the log grows (it only grows; a new sandbox resets the views).
    std::map<uint64_t, uint64_t> reversed_by, reverses;
    uint64_t links_head = 0;
};

// The sequence diagram's playback: how many of the trace's messages are drawn.
struct SequenceView {
    size_t shown = ~size_t{0};  // all by default; stepping sets it
    bool playing = false;
    double last_step_s = 0.0;   // ImGui time of the last automatic step
    // Which trace `shown` belongs to: a trace object and its serial (reset when either changes).
    const void* trace_seen = nullptr;
    uint64_t serial_seen = 0;
    // Stepped ("Next >") or played to the last message; "Show all" does not count.
    bool played_to_end = false;
    // Following the current message: the `shown` the diagram last scrolled to, and its scroll.
    size_t followed = ~size_t{0};
    float scroll_x = 0.0f, scroll_y = 0.0f;
    // Where the last frame drew each shown message's label and the diagram's visible area
    // (screen pixels: left, top, right, bottom), for the test hook.
    std::vector<std::array<float, 4>> label_rects;
    std::array<float, 4> visible_rect{};
};

// The Draw it exercise (panel_draw_diagram.cpp): the cards dealt from a trace of the active
// sandbox, in the learner's order, the card selected for the keyboard, a drag under way, the last
// Check (until a card moves).
struct DrawDiagramView {
    static constexpr size_t kNone = ~size_t{0};
    sandbox::DiagramSource source = sandbox::DiagramSource::Command;
    // What the cards were dealt from: the sandbox, and its last accepted command's trace serial
    // (a command) or the account and the head (a replay). Another one deals again.
    const void* sandbox_seen = nullptr;
    uint64_t serial_seen = 0;
    std::string account_seen;
    bool dealt = false;
    sandbox::DiagramCards cards;
    uint64_t deals = 0;  // "New cards": each deal its own seed
    size_t selected = kNone;
    bool follow_selected = false;  // scroll the selected card into view (it just moved)
    std::optional<sandbox::DiagramCheck> check;
    size_t drag_from = kNone, drag_to = kNone;  // the slot pressed, the slot it would land in
    bool dragging = false;                      // moved far enough from the press to be a drag
    float press_y = 0.0f;
    // Where the last frame drew each card and the cards' visible area (screen pixels: left, top,
    // right, bottom), how far the list is scrolled (and can be), and the middle of its scroll
    // bar across, for the test hook.
    std::vector<std::array<float, 4>> card_rects;
    std::array<float, 4> visible_rect{};
    std::array<float, 3> scroll{};
};

// The Command flow's playback: the station the token is at in the last command's flow.
struct FlowView {
    const void* sandbox_seen = nullptr;  // whose flow `step` belongs to (the free or a lesson's sandbox)
    uint64_t serial_seen = 0;            // and which flow (sandbox::CommandFlow::serial)
    size_t step = 0;                     // index of the station the token is at (or heading to)
    bool playing = false;
    double step_started_s = 0.0;         // ImGui time the token left for `step`
    size_t followed = ~size_t{0};        // the step the picture last scrolled to
};

// The Integrity view: the stored log's chain walked record by record (core/chain_walk.h). The walk
// is made on "Verify", and kept up to date by itself once a stored record was edited behind the
// store's back (the Events window shows what is stored now); a change of the log drops it.
struct IntegrityView {
    std::optional<ChainWalk> walk;
    std::string walk_error;           // the stored log could not be read back
    const void* sandbox_seen = nullptr;  // what `walk` was made of: the sandbox, its head, its edits
    uint64_t head_seen = 0, edits_seen = 0;
    bool verified = false;            // `walk` was made by "Verify" (otherwise its statuses are not shown)
    bool walking = false;             // "Verify" is stepping through the records
    uint64_t walk_position = 0;       // records the walk has checked so far
    double last_step_s = 0.0;         // ImGui time of the last step
    bool follow = false;              // the chain scrolls to keep the walk's record in view
};

// The Upcasting view: one stored event read through the upcasters (core/upcast_reading.h).
struct UpcastView {
    uint64_t position = 0;            // the event shown; 0: the latest stored event that needs upcasting
    uint64_t shown = 0;               // the position `reading` is of (0: none)
    // What `reading` was made for: the sandbox, its head and edits, and `position` then.
    const void* sandbox_seen = nullptr;
    uint64_t head_seen = ~0ull, edits_seen = 0, requested = 0;
    std::optional<UpcastReading> reading;
    std::string error;
};

// The replay stepper: the stream of the account selected in Account state, folded once per log
// head (views.cpp), and the step shown: `step` events folded, 0 = none yet.
struct ReplayView {
    bank::ReplayStepper stepper;
    std::string error;             // why the account could not be replayed
    std::string account_seen;      // what `stepper` was loaded for
    uint64_t head_seen = ~0ull;
    size_t step = 0;
    bool playing = false;
    double last_step_s = 0.0;      // ImGui time of the last automatic step
    double moved_at_s = -1.0;      // ImGui time a forward step began its card's travel; < 0: none
    static constexpr double kTravelShare = 0.7;  // the travel takes this share of one played step
    bool scroll_to_step = false;   // the store column brings the current card into view
};

// The console's text, rebuilt when the log's head moves.
struct ConsoleView {
    uint64_t head = ~0ull;
    uint64_t printed_serial = ~0ull;  // the Code window's printed lines it shows (CodeView::printed_serial)
    float width = 0.0f;   // what `wrapped` was wrapped to
    std::string text;     // one line per event
    std::string wrapped;  // the same, wrapped to the window
};

// The Code window: the editor, the Run or Step in progress (or the last one), and what it shows.
// The learner's text and its undo history are the active CodeWork's (ActiveCode below).
struct CodeView {
    CodeEditor editor;
    std::string buffer;                  // what the editor holds: the active CodeWork's text of the exercise shown
    const void* work_seen = nullptr;     // the CodeWork and revision `buffer` was taken from
    uint64_t revision_seen = ~0ull;
    learn::Exercise exercise_seen = learn::Exercise::AccountFold;
    std::unique_ptr<lessons::CodeRunner> runner;  // the run on screen (null: none yet)
    const void* runner_sandbox = nullptr;  // what it runs over: the sandbox, its head, the code (panel_code.cpp's RunKey)
    uint64_t runner_head = 0;
    std::string runner_key;
    std::string runner_head_hash;        // the log's newest hash when the run began (a read model touches no event)
    bool running = false;                // "Run": folding a slice of events per frame until done
    bool recorded = false;               // the ended run was handed to CodeWork::record_run
    uint64_t highlight = 0;              // the event the shown step folded (the Events window marks it)
    uint64_t printed_serial = 0;         // counts changes of the printed lines (the console rebuilds)
    std::optional<learn::CodeError> syntax;  // a syntax error in the text as typed (checked when typing pauses)
    uint64_t syntax_revision = ~0ull;
    double edited_at_s = 0.0;            // ImGui time of the last edit
    // The domain exercise's state as of the time-travel position (a fold of the events up to it),
    // for the run key and position it was made for.
    std::string as_of_key;
    std::vector<learn::Field> as_of;
    std::string as_of_error;
};

// The lesson path: the lessons loaded from /lessons (assets/lessons), the learner's progress as
// kept in IndexedDB, and the lesson being done, which runs on its own in-memory sandbox while the
// free sandbox's log waits untouched (ActiveSandbox below).
// The key of the path's own record among the lessons' progress records (not a lesson id: those
// have no underscore).
constexpr const char* kPathRecord = "_path";
// The free sandbox's code in the Code window, kept among the progress records too.
constexpr const char* kCodeRecord = "_code";

struct LessonsView {
    std::vector<lessons::Lesson> path;
    std::string load_error;                  // a lesson file that failed to load
    std::map<std::string, Json> progress;        // by lesson id, as saved
    bool progress_loaded = false;            // IndexedDB answered, or there is none
    // The path's own record (kept with the progress under kPathRecord): the Welcome window was
    // shown, and the lesson the learner was last in ("Continue").
    bool path_read = false;                  // the record has been read since the progress loaded
    bool welcome_seen = false;
    std::string last_lesson;
    bool show_end = false;                   // the Lessons window shows the end of the path
    std::unique_ptr<lessons::LessonRun> run; // null: the free sandbox
    std::string requested;                   // #lesson=<id>, opened once the progress is loaded
    std::string saved_key;                   // what `run` looked like when last saved
    std::string message;                     // what the last lesson action did, or why not
    bool message_ok = true;
    uint64_t message_serial = 0;             // counts messages: the panel scrolls to a new one
    uint64_t message_scrolled = 0;           // the last one it scrolled to
    bool scroll_to_top = false;              // a lesson just opened: show its beginning
    bool scroll_to_step = false;             // a step just began: its title at the top
    std::string answered;                    // a question just answered: show its explanation
    bool solution_failed = false;            // the current step's solution stopped: offer a restart
    CommandForm free_form;                   // the free sandbox's fields, given back on leaving
    lessons::CodeWork free_code;             // the free sandbox's code (saved under kCodeRecord)
    bool code_read = false;                  // free_code has been read from the saved progress
    uint64_t code_saved_revision = 0;
    bool holding_free_form = false;
    // The tools' fields.
    char record_type[64] = "";
    char record_time[8] = "07:00";
    char record_text[lessons::kMaxRecordText + 1] = "";
    char legacy_amount[32] = "20.00";
    char tamper_position[16] = "2";
    char tamper_amount[32] = "1000.00";
    bool tamper_rehash = false;
    const void* tool_for = nullptr;          // the step the tool fields were filled for
};

using lessons::WindowId;

// The title a window is drawn under (lessons::kWindows): the browser tests find it by that.
inline const char* WindowTitle(WindowId id) { return lessons::window_info(id).title; }

// Which windows are open: one flag per row of lessons::kWindows, as the table opens them at
// start. Each panel takes its flag as bool* p_open, as in imgui_demo.cpp.
class OpenWindows {
public:
    OpenWindows() {
        for (const lessons::WindowInfo& w : lessons::kWindows) (*this)[w.id] = w.open_at_start;
    }
    bool& operator[](WindowId id) { return open_[static_cast<size_t>(id)]; }
    bool operator[](WindowId id) const { return open_[static_cast<size_t>(id)]; }

private:
    std::array<bool, lessons::kWindowCount> open_{};
};

// How the animated views (the command's flow, the replay, the chain check, the sequence diagram)
// move. With reduce_motion they show the same steps, one after another, without movement: the
// platform sets it from the browser's prefers-reduced-motion at start, View > Motion changes it.
struct MotionSettings {
    bool reduce_motion = false;
    float speed = 1.0f;  // 0.25 .. 4: how fast a played animation advances (1 = one step in ~0.8 s)
    static constexpr float kMinSpeed = 0.25f, kMaxSpeed = 4.0f;
    static constexpr double kStepSeconds = 0.8;  // one step at speed 1
    double step_seconds() const { return kStepSeconds / speed; }
};

struct AppState {
    OpenWindows windows;
    bool reset_confirm_open = false;  // the "Reset the sandbox?" dialog
    std::string storage_import_shown;  // the import's status the Storage window last scrolled into view

    Theme theme = Theme::Dark;
    float ui_scale = 1.0f;              // device pixels per CSS pixel (devicePixelRatio)
    float text_size = 1.0f;             // View > Text size, one of kTextSizes (theme.h); the platform keeps it
    bool layout_reset_requested = true; // place windows at their default spots next frame
    // The windows open in the lower middle (Events and those opened on demand), one bit per
    // WindowId, and whether that set changed this frame: they then share the space anew, so a
    // window opened by a lesson or the View menu never lands on top of another (layout.h).
    uint32_t middle_lower_open = 0;
    bool middle_lower_retile = false;
    WindowId middle_lower_newest = WindowId::Events;  // the last one opened there: it gets the most room
    float banner_height = 0.0f;         // the banner under the menu bar (0 when hidden): windows go below it
    Fonts fonts;
    MotionSettings motion;

    std::unique_ptr<sandbox::Sandbox> sandbox;   // null while the stored log is loading
    PersistenceStatus persistence;
    PlatformRequests requests;
    CommandForm form;
    std::string last_command_result;    // shown under the command forms
    bool last_command_ok = false;
    TimeTravel travel;
    AccountsView accounts;
    TimelineView timeline;
    SequenceView sequence;
    ReplayView replay;
    FlowView flow;
    ConsoleView console;
    CodeView code;
    IntegrityView integrity;
    UpcastView upcast;
    DrawDiagramView draw;
    LessonsView lessons;
    bool animating = false;  // a panel wants frames drawn without input (set every frame)
};

// The sandbox the panels show and command: the open lesson's, else the free sandbox (null while
// the stored log loads). Persistence only ever writes the free one.
inline sandbox::Sandbox* ActiveSandbox(const AppState& state) {
    return state.lessons.run ? &state.lessons.run->sandbox() : state.sandbox.get();
}
// The learner's code the Code window edits: the open lesson's, else the free sandbox's.
inline lessons::CodeWork& ActiveCode(AppState& state) {
    return state.lessons.run ? state.lessons.run->code() : state.lessons.free_code;
}
inline const lessons::CodeWork& ActiveCode(const AppState& state) {
    return state.lessons.run ? state.lessons.run->code() : state.lessons.free_code;
}
// Forgets every cached view model and the last command's result line, and goes back to "now"
// (the active sandbox changed).
void ResetViews(AppState& state);

// The global position every view shows: the head at "now", else the time-travel position.
uint64_t ViewPosition(const AppState& state);
// Moves time travel to `position`; at or past the head it is "now" again (views.cpp).
void TravelTo(AppState& state, uint64_t position);
// Rebuilds the cached view models that are out of date; once per frame, before the panels.
void UpdateViews(AppState& state);

// Keeps the chain walk current (drops it when the log changed; walks again by itself while a
// stored record differs from what was appended), and with `verify` walks the stored log afresh
// and starts stepping through it (chain_views.cpp).
void UpdateIntegrity(AppState& state, bool verify = false);
// What is stored now at `position` when it differs from what the store appended (the tamper tool
// edited it behind the store's back), field by field as the learner reads it; nullopt otherwise.
struct StoredChange {
    std::string field;        // the first field that differs: "amountCents"
    std::string stored_now;   // "1000.00"
    std::string appended;     // "100.00": what the record's original hash vouches for
    bool rehashed = false;    // the chain was rehashed after the change: every hash checks
    std::string note() const; // "stored now: 1000.00, hash vouches for 100.00"
};
std::optional<StoredChange> StoredChangeAt(const AppState& state, uint64_t position);
// Reads the event the Upcasting view shows through the upcasters, when the log or the choice changed.
void UpdateUpcast(AppState& state);

// Draws one frame of the whole UI: the main menu bar and every open window.
void DrawApp(AppState& state);

// The observable UI state as JSON, for the test hook; without `with_events`, the store's event
// list is left out (state({events: false})). The read models' rows stay in, so with 1,000,000
// events even that does not fit the heap: the benchmarks read Module.esTest.loadStats() there.
std::string DescribeAppState(const AppState& state, bool with_events = true);

}  // namespace es::app
