// One frame of the sandbox UI, and its observable state for the test hook.
#include "app/app_state.h"

#include <imgui.h>

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>

#include "app/layout.h"
#include "app/lesson_flow.h"
#include "app/panels.h"

namespace es::app {

namespace {

// Each window's panel: one per row of lessons::kWindows, in its order, which is the drawing order.
struct WindowPanel {
    WindowId id;
    void (*show)(AppState& state, bool* p_open);
};
constexpr WindowPanel kPanels[] = {
    {WindowId::TimeTravel, ShowTimeTravelWindow},
    {WindowId::Accounts, ShowAccountStateWindow},
    {WindowId::Commands, ShowCommandsWindow},
    {WindowId::Events, ShowEventsWindow},
    {WindowId::Storage, ShowStorageWindow},
    {WindowId::Flow, ShowFlowWindow},
    {WindowId::Sequence, ShowSequenceWindow},
    {WindowId::Projections, ShowProjectionsWindow},
    {WindowId::Snapshots, ShowSnapshotsWindow},
    {WindowId::Console, ShowConsoleWindow},
    {WindowId::Crud, ShowCrudWindow},
    {WindowId::Replay, ShowReplayWindow},
    {WindowId::Integrity, ShowIntegrityWindow},
    {WindowId::Upcast, ShowUpcastWindow},
    {WindowId::Code, ShowCodeWindow},
    {WindowId::DrawDiagram, ShowDrawDiagramWindow},
    {WindowId::Lessons, ShowLessonsWindow},
    {WindowId::Welcome, ShowWelcomeWindow},
    {WindowId::About, ShowAboutWindow},
};

constexpr bool PanelsFollowWindows() {
    if (std::size(kPanels) != lessons::kWindowCount) return false;
    for (size_t i = 0; i < lessons::kWindowCount; ++i)
        if (kPanels[i].id != lessons::kWindows[i].id) return false;
    return true;
}
static_assert(PanelsFollowWindows(), "kPanels: one panel per row of lessons::kWindows, in the same order");

}  // namespace

void DrawApp(AppState& state) {
    UpdateViews(state);
    UpdateLesson(state);
    state.animating = false;  // a panel sets it again while it animates
    // The read models' eventual mode runs on the UI's clock; while a batch waits out its delay,
    // frames keep coming so it lands on time without any input.
    if (sandbox::Sandbox* sandbox = ActiveSandbox(state)) {
        sandbox::EventualFeed& feed = sandbox->eventual();
        feed.pump(ImGui::GetTime());
        if (feed.waiting() && feed.release() == sandbox::EventualFeed::Release::AfterDelay) state.animating = true;
    }
    ShowMainMenuBar(state);
    // A lower-middle window opened or closed (menu, lesson, close button): they share it anew.
    const uint32_t lower_middle = OpenLowerMiddleWindows(state);
    state.middle_lower_retile = lower_middle != state.middle_lower_open;
    for (const lessons::WindowInfo& w : lessons::kWindows) {
        const uint32_t bit = 1u << static_cast<unsigned>(w.id);
        if ((lower_middle & bit) && !(state.middle_lower_open & bit)) state.middle_lower_newest = w.id;
    }
    state.middle_lower_open = lower_middle;
    for (const WindowPanel& panel : kPanels)
        if (state.windows[panel.id]) panel.show(state, &state.windows[panel.id]);
    // A reset applies to every window for exactly one frame (ImGuiCond_Always above).
    state.layout_reset_requested = false;
    ShowBanner(state);  // last: drawn above the windows; may ask for a new layout below it
    ShowResetConfirmation(state);
}

namespace {

const char* ModeName(PersistenceStatus::Mode mode) {
    switch (mode) {
        case PersistenceStatus::Mode::Loading: return "loading";
        case PersistenceStatus::Mode::IndexedDb: return "indexeddb";
        case PersistenceStatus::Mode::MemoryOnly: return "memory";
        case PersistenceStatus::Mode::Closed: return "closed";
    }
    return "?";
}

// The store as a test sees it: enough to compare two loads event by event (with_events), or
// without the event list, which at 1,000,000 events would take more WASM memory than is left.
nlohmann::json DescribeStore(const sandbox::Sandbox& s, bool with_events) {
    nlohmann::json events = nlohmann::json::array();
    for (size_t i = 0; with_events && i < s.store().recorded_log().size(); ++i) {
        const RecordedEvent& e = s.store().recorded_log()[i];
        events.push_back({{"position", e.global_position}, {"stream", e.stream_id}, {"type", e.type},
                          {"eventId", e.event_id}, {"hash", e.hash}});
    }
    return {{"head", s.store().head_position()},
            {"decodedEvents", s.store().recorded_log().decoded_events()},  // the rest held as lines only
            {"saved", s.storage().saved_position()},
            {"pending", s.storage().pending_count()},
            {"writable", s.writable()},
            {"problem", s.problem()},
            {"events", events},
            {"balances", s.balances().to_json()["accounts"]}};
}

// The accounts as the Account state window shows them (as of the viewed position).
nlohmann::json DescribeAccounts(const AccountsView& v) {
    nlohmann::json rows = nlohmann::json::array();
    for (const bank::AccountAt& a : v.rows) {
        rows.push_back({{"id", a.account_id}, {"exists", a.state.exists}, {"closed", a.state.closed},
                        {"balanceCents", a.state.balance_cents}, {"version", a.state.version},
                        {"lastPosition", a.last_position}, {"lastType", a.last_type},
                        {"nowBalanceCents", a.now.balance_cents}});
    }
    const LoadResult& load = v.history.load;
    return {{"position", v.position}, {"rows", rows}, {"error", v.error}, {"selected", v.selected},
            {"history", {{"points", v.history.balances.size()}, {"usedSnapshot", load.used_snapshot},
                         {"snapshotVersion", load.snapshot_version}, {"eventsApplied", load.events_applied},
                         {"streamVersion", load.stream_version}}},
            {"crudChange", v.crud_change ? nlohmann::json{{"position", v.crud_change_position},
                                                          {"beforeCents", v.crud_change->before.balance_cents},
                                                          {"afterCents", v.crud_change->after.balance_cents},
                                                          {"beforeExists", v.crud_change->before.exists}}
                                         : nlohmann::json(nullptr)},
            {"cost", v.cost ? nlohmann::json{{"usedSnapshot", v.cost->used_snapshot}, {"snapshotVersion", v.cost->snapshot_version},
                                             {"eventsWith", v.cost->events_with}, {"eventsWithout", v.cost->events_without},
                                             {"snapshots", v.cost->snapshot_versions}}
                            : nlohmann::json(nullptr)}};
}

// A read model's rows as its table in the Projections window shows them (audit trail: newest first).
nlohmann::json DescribeReadModelRows(const sandbox::Sandbox& sandbox, const std::string& name) {
    nlohmann::json rows = nlohmann::json::array();
    if (name == "balances") {
        for (const auto* r : sandbox.balances().sorted_rows())
            rows.push_back({{"account", r->account_id}, {"balanceCents", r->balance_cents}});
    } else if (name == "account-list") {
        for (const auto& [id, r] : sandbox.accounts().rows())
            rows.push_back({{"account", id}, {"owner", r.owner}, {"currency", r.currency}, {"closed", r.closed}});
    } else if (name == "audit-trail") {
        const auto& audit = sandbox.audit().rows();
        for (auto r = audit.rbegin(); r != audit.rend(); ++r)
            rows.push_back({{"position", r->position}, {"type", r->type()}, {"stream", r->stream_id()}, {"actor", r->actor()}});
    } else if (name == "daily-totals" && sandbox.daily_totals()) {
        const nlohmann::json daily = sandbox.daily_totals()->to_json();
        for (const auto& d : daily["days"])
            rows.push_back({{"account", d["accountId"]}, {"day", d["day"]}, {"netCents", d["netCents"]}});
    }
    return rows;
}

// The read models as the Projections window shows them: each one's checkpoint and lag, its rows,
// and (eventual consistency on) whether it is held back and which accounts' rows are behind.
nlohmann::json DescribeProjections(const AppState& state) {
    nlohmann::json out = nlohmann::json::array();
    const sandbox::Sandbox* sandbox = ActiveSandbox(state);
    if (!sandbox) return out;
    for (const sandbox::Sandbox::ProjectionInfo& p : sandbox->projections()) {
        out.push_back({{"name", p.name}, {"version", p.version}, {"foldedVersion", p.folded_version},
                       {"checkpoint", p.checkpoint}, {"lag", p.lag}, {"lastRebuildEvents", p.last_rebuild_events},
                       {"heldBack", sandbox->eventual().on() && p.name != "bank-log"},
                       {"behind", sandbox->read_models_warming() ? std::vector<std::string>{}  // as the panel: not while catching up
                                                                 : sandbox->bank_log().accounts_between(p.checkpoint, p.checkpoint + p.lag)},
                       {"rows", DescribeReadModelRows(*sandbox, p.name)}});
    }
    return out;
}

// The drawn timeline of the Time travel window, as of its last frame: how the log was bucketed,
// where the marker is, and what the mouse is over.
nlohmann::json DescribeTimelineBar(const AppState& state) {
    const TimeTravel& t = state.travel;
    const auto& buckets = t.overview.buckets();
    nlohmann::json hovered = nullptr;
    if (t.bar_hovered && t.bar_hovered_bucket < buckets.size()) {
        const auto& b = buckets[t.bar_hovered_bucket];
        nlohmann::json counts = nlohmann::json::object();
        for (size_t i = 0; i < t.overview.types().size(); ++i)
            if (b.counts[i] > 0) counts[t.overview.types()[i]] = b.counts[i];
        hovered = {{"first", b.first}, {"last", b.last}, {"counts", counts}, {"text", t.bar_hover_text}};
    }
    return {{"head", t.overview.head()}, {"buckets", buckets.size()},
            {"perEvent", !buckets.empty() && buckets.size() == t.overview.head()},
            {"types", t.overview.types()}, {"marker", ViewPosition(state)}, {"hovered", hovered}};
}

// The trace the sequence diagram draws, and how much of it is shown.
nlohmann::json DescribeSequence(const AppState& state) {
    nlohmann::json messages = nlohmann::json::array();
    if (!ActiveSandbox(state)) return {{"title", ""}, {"messages", messages}, {"shown", 0}};
    const Trace& trace = ActiveSandbox(state)->last_trace();
    for (const TraceMessage& m : trace.messages()) {
        messages.push_back({{"from", lifeline_name(m.from)}, {"to", lifeline_name(m.to)}, {"text", m.text},
                            {"reply", m.reply}, {"error", m.error}});
    }
    return {{"title", trace.title()}, {"messages", messages}, {"kind", trace.kind() == Trace::Kind::Replay ? "replay" : "command"},
            {"accepted", trace.accepted()},
            {"shown", std::min(state.sequence.shown, trace.messages().size())}, {"playing", state.sequence.playing},
            {"playedToEnd", state.sequence.played_to_end && state.sequence.serial_seen == trace.serial()},
            // Where the last frame drew each shown label, and the diagram's visible area: [left, top, right, bottom].
            {"labelRects", state.sequence.label_rects}, {"visibleRect", state.sequence.visible_rect}};
}

// The Command flow: the last command's stations and where its token is.
nlohmann::json DescribeFlow(const AppState& state) {
    const auto* sandbox = ActiveSandbox(state);
    if (!sandbox) return nullptr;
    const sandbox::CommandFlow& f = sandbox->last_flow();
    const FlowView& v = state.flow;
    const bool seen = v.sandbox_seen == sandbox && v.serial_seen == f.serial;  // the window has shown it
    const size_t step = seen && f.reached > 0 ? std::min(v.step, f.reached - 1) : 0;
    nlohmann::json stations = nlohmann::json::array();
    for (const sandbox::FlowStation& s : f.stations) stations.push_back(s.name);
    return {{"serial", f.serial}, {"step", step}, {"steps", f.reached},
            {"station", f.reached > 0 ? f.stations[step].name : ""}, {"stations", stations},
            {"accepted", f.accepted()}, {"stoppedAt", f.stopped_at()},
            {"narration", f.reached > 0 ? f.stations[step].narration : ""},
            {"playing", seen && v.playing}, {"reduceMotion", state.motion.reduce_motion}};
}

// The chain as the Integrity view shows it: the walk's progress, where it broke, and each record
// that is not simply vouched for, with what is stored now beside what was appended.
nlohmann::json DescribeIntegrity(const AppState& state) {
    const IntegrityView& v = state.integrity;
    nlohmann::json out = {{"verified", v.verified}, {"walking", v.walking}, {"walkPosition", v.walk_position},
                          {"records", v.walk ? v.walk->records.size() : 0}, {"error", v.walk_error}};
    if (!v.walk || !v.verified) return out;
    const ChainWalk& w = *v.walk;
    out["firstBad"] = w.first_bad;
    out["notVouchedFrom"] = w.not_vouched_from;
    out["firstRewritten"] = w.first_rewritten;
    out["summary"] = w.summary();
    nlohmann::json records = nlohmann::json::object();
    for (const ChainRecord& r : w.records) {
        if (r.status == ChainStatus::Vouched && r.changed.empty()) continue;
        nlohmann::json one = {{"status", chain_status_name(r.status)}};
        if (auto change = StoredChangeAt(state, r.position)) {
            one["field"] = change->field;
            one["storedValue"] = change->stored_now;
            one["vouchedValue"] = change->appended;
            if (!out.contains("storedValue")) out["storedValue"] = change->stored_now, out["vouchedValue"] = change->appended;
        }
        records[std::to_string(r.position)] = one;
        if (records.size() >= 20) break;  // the first ones: a test never needs 10,000 "not vouched"
    }
    out["status"] = records;
    return out;
}

// The event the Upcasting view shows, as stored and as read, and the stored line's hash around the read.
nlohmann::json DescribeUpcast(const AppState& state) {
    const UpcastView& v = state.upcast;
    if (!v.reading) return {{"position", v.shown}, {"error", v.error}};
    nlohmann::json added = nlohmann::json::array();
    for (const FieldDifference& d : v.reading->added) added.push_back(d.field);
    return {{"position", v.shown}, {"storedVersion", v.reading->stored.schema_version},
            {"upcastVersion", v.reading->current.schema_version}, {"addedFields", added},
            {"hashBefore", v.reading->line_hash_before}, {"hashAfter", v.reading->line_hash_after}};
}

// The replay stepper's step: the event, the highlighted block of evolve(), the fields it changed
// and the state they make.
nlohmann::json DescribeReplay(const AppState& state) {
    const ReplayView& v = state.replay;
    const bank::ReplayStep step = v.stepper.step(v.step);
    nlohmann::json changed = nlohmann::json::array();
    nlohmann::json fields = nlohmann::json::object();
    const bank::AccountState now = step.event ? step.after : bank::initial_state();
    for (int i = 0; i < bank::kStateFieldCount; ++i) {
        const auto f = static_cast<bank::StateField>(i);
        if (bank::has_field(step.changed, f)) changed.push_back(bank::field_name(f));
        fields[bank::field_name(f)] = bank::field_value(now, f);
    }
    return {{"account", v.stepper.account()}, {"error", v.error}, {"step", v.step}, {"steps", v.stepper.steps()},
            {"every", v.stepper.every()},
            {"position", step.event ? step.event->global_position : 0}, {"version", step.event ? step.event->stream_version : 0},
            {"type", step.event ? step.event->type : ""}, {"line", step.code ? step.code->text : ""},
            {"changed", changed}, {"state", fields}, {"narration", step.narration}, {"playing", v.playing},
            {"travelling", v.moved_at_s >= 0.0 && !state.motion.reduce_motion &&
                               ImGui::GetTime() - v.moved_at_s < state.motion.step_seconds() * ReplayView::kTravelShare}};
}

// The lesson path and the open lesson, as the Lessons window shows them.
// The immutability tool: the tamper, the integrity check, the current and saved digests and
// the last comparison.
nlohmann::json DescribeTamper(const lessons::LessonRun& run) {
    const lessons::TamperState& t = run.tamper_state();
    const lessons::DigestState& d = run.digest_state();
    return {{"position", t.position},
            {"rehashed", t.rehashed},
            {"verified", t.verified},
            {"chainOk", t.report.ok},
            {"chainBadPosition", t.report.first_bad_position},
            {"digest", format_digest(run.current_digest())},
            {"savedDigest", d.saved ? format_digest(*d.saved) : ""},
            {"digestChecked", d.checked},
            {"digestOk", d.check.ok},
            {"digestBadPosition", d.check.first_bad_position},
            {"digestProblem", d.check.problem}};
}

nlohmann::json DescribeLessons(const AppState& state) {
    const LessonsView& l = state.lessons;
    nlohmann::json path = nlohmann::json::array();
    for (const lessons::Lesson& lesson : l.path) {
        auto it = l.progress.find(lesson.id);
        path.push_back({{"id", lesson.id}, {"order", lesson.order}, {"title", lesson.title}, {"steps", lesson.steps.size()},
                        {"stepsDone", it == l.progress.end() ? 0 : lessons::saved_steps_done(it->second)},
                        {"complete", it != l.progress.end() && lessons::saved_complete(it->second)},
                        {"status", StatusLabel(state, lesson)}});
    }
    nlohmann::json open = nullptr;
    if (l.run) {
        const lessons::LessonRun& run = *l.run;
        const lessons::Step* current = run.current_step();
        open = {{"id", run.lesson().id},
                {"stepsDone", run.steps_done()},
                {"current", run.current_index()},
                {"currentDone", run.current_done()},
                {"stepStartHead", run.step_start_head()},
                {"steps", run.lesson().steps.size()},
                {"hintsShown", run.hints_shown()},
                {"goal", current ? run.check(current->goal).detail : ""},
                {"stepsComplete", run.steps_complete()},
                {"complete", run.complete()},
                {"atNow", run.facts().at_now},
                {"visited", run.facts().visited},
                {"tamper", DescribeTamper(run)}};
        nlohmann::json answers = nlohmann::json::object();
        for (const lessons::Question& q : run.lesson().questions)
            if (auto a = run.answer_of(q.id)) answers[q.id] = *a;
        open["answers"] = answers;
    }
    return {{"path", path}, {"open", open}, {"loadError", l.load_error}, {"progressLoaded", l.progress_loaded},
            {"lastLesson", l.last_lesson}, {"welcomeSeen", l.welcome_seen}, {"showEnd", l.show_end},
            {"solutionFailed", l.solution_failed}, {"tamperRehash", l.tamper_rehash},
            {"message", l.message}, {"messageOk", l.message_ok}, {"freeHead", state.sandbox ? state.sandbox->store().head_position() : 0}};
}

}  // namespace

std::string DescribeAppState(const AppState& state, bool with_events) {
    nlohmann::json j;
    j["windows"] = nlohmann::json::object();  // by title, as the browser tests find them
    for (const lessons::WindowInfo& w : lessons::kWindows) j["windows"][w.title] = state.windows[w.id];
    j["theme"] = state.theme == Theme::Dark ? "dark" : "light";
    j["uiScale"] = state.ui_scale;
    j["textSize"] = state.text_size;
    j["motion"] = {{"reduce", state.motion.reduce_motion}, {"speed", state.motion.speed}};
    const PersistenceStatus& p = state.persistence;
    j["persistence"] = {{"mode", ModeName(p.mode)},      {"loadTotal", p.load_total},
                        {"loadDone", p.load_done},       {"loadMs", p.load_ms},
                        {"loadDecodeMs", p.load_decode_ms}, {"loadOpenMs", p.load_open_ms},
                        {"loadedAtMs", p.loaded_at_ms},   {"warmedAtMs", p.warmed_at_ms},
                        {"memoryOnlyReason", p.memory_only_reason}, {"writeError", p.write_error},
                        {"conflictNotice", p.conflict_notice},      {"importResult", p.import_result},
                        {"importOk", p.import_ok},       {"importing", p.importing},
                        {"importNotice", p.import_notice},
                        {"importDoneBytes", p.import_done_bytes}, {"importTotalBytes", p.import_total_bytes},
                        {"persisted", p.persisted},
                        {"storageNotice", p.storage_notice}, {"snapshotNotice", p.snapshot_notice}};
    if (state.sandbox) {
        const auto& h = state.sandbox->hash_check();
        j["persistence"]["hashCheck"] = {{"checked", h.checked}, {"total", h.total}, {"badPosition", h.bad_position},
                                         {"problem", h.problem}, {"ms", h.ms}};
        j["persistence"]["readModelsWarming"] = state.sandbox->read_models_warming();
    }
    j["lastCommand"] = {{"ok", state.last_command_ok}, {"result", state.last_command_result}};
    const CommandForm& f = state.form;  // what the Commands window's fields hold
    j["form"] = {{"account", f.account}, {"toAccount", f.to_account}, {"owner", f.owner}, {"currency", f.currency},
                 {"amount", f.amount}, {"actor", f.actor}, {"reason", f.reason}, {"expectedVersion", f.expected_version},
                 {"reversePosition", f.reverse_position}};
    j["store"] = ActiveSandbox(state) ? DescribeStore(*ActiveSandbox(state), with_events) : nlohmann::json(nullptr);
    j["timeTravel"] = {{"atNow", state.travel.at_now}, {"position", ViewPosition(state)},
                       {"message", state.travel.time_message}};
    j["accounts"] = DescribeAccounts(state.accounts);
    j["sequence"] = DescribeSequence(state);
    j["replay"] = DescribeReplay(state);
    j["flow"] = DescribeFlow(state);
    j["projections"] = DescribeProjections(state);
    j["integrity"] = DescribeIntegrity(state);
    j["upcast"] = DescribeUpcast(state);
    j["drawDiagram"] = DescribeDrawDiagram(state);
    j["timelineBar"] = DescribeTimelineBar(state);
    j["console"] = state.console.text;
    j["code"] = DescribeCode(state);
    nlohmann::json tampered = nlohmann::json::array();  // the rows the Events window marks as edited
    if (state.integrity.walk)
        for (const ChainRecord& r : state.integrity.walk->records)
            if (auto change = StoredChangeAt(state, r.position))
                tampered.push_back({{"position", r.position}, {"note", change->note()}, {"storedValue", change->stored_now},
                                    {"vouchedValue", change->appended}});
    j["timeline"] = {{"tampered", tampered},
                     {"selected", state.timeline.selected},
                     {"shown", state.timeline.filtering ? state.timeline.shown.size()
                                                                   : (ActiveSandbox(state) ? ActiveSandbox(state)->store().head_position() : 0)}};
    j["lessons"] = DescribeLessons(state);
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace es::app
