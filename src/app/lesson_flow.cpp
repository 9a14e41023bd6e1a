// The lesson path inside the app (lesson_flow.h).
#include "app/lesson_flow.h"

#include <algorithm>

#include "app/panels.h"

namespace es::app {

void LoadLessonPath(AppState& state, const std::string& dir) {
    auto path = lessons::load_lessons(dir);
    if (!path.ok()) {
        state.lessons.load_error = path.error().message;
        return;
    }
    state.lessons.path = std::move(path).value();
}

namespace {

const lessons::Lesson* FindLesson(const AppState& state, const std::string& id) {
    for (const lessons::Lesson& l : state.lessons.path)
        if (l.id == id) return &l;
    return nullptr;
}

void Say(AppState& state, std::string message, bool ok) { SayInLesson(state, std::move(message), ok); }

template <size_t N>
void SetField(char (&field)[N], const std::optional<std::string>& value) {
    if (!value) return;
    const size_t n = std::min(value->size(), N - 1);
    value->copy(field, n);
    field[n] = '\0';
}

void ApplyForm(CommandForm& form, const lessons::Form& f) {
    SetField(form.account, f.account);
    SetField(form.to_account, f.to_account);
    SetField(form.owner, f.owner);
    SetField(form.currency, f.currency);
    SetField(form.amount, f.amount);
    SetField(form.actor, f.actor);
    SetField(form.reason, f.reason);
    SetField(form.expected_version, f.expected_version);
}

// A clean desk: the Commands window's fields as the open lesson's current step starts from
// them: the sandbox's defaults, then the lesson's form, then the step's.
void LessonForm(AppState& state) {
    const lessons::LessonRun& run = *state.lessons.run;
    state.form = CommandForm{};
    ApplyForm(state.form, run.lesson().form);
    if (const lessons::Step* step = run.current_step(); step && step->form) ApplyForm(state.form, *step->form);
}

// A short fingerprint of what progress_json() would hold, so it is saved only when it changes.
std::string ProgressKey(const lessons::LessonRun& run) {
    std::string key = std::to_string(run.steps_done()) + "/" + std::to_string(run.current_index()) + "/" +
                      std::to_string(run.step_start_head()) + "/" + std::to_string(run.hints_shown()) + "/" +
                      std::to_string(run.sandbox().store().head_position()) + "/" +
                      std::to_string(run.sandbox().balances().version()) + "/" +
                      (run.sandbox().daily_totals() ? "d" : "-") + "/" +
                      (run.digest_state().saved ? format_digest(*run.digest_state().saved) : std::string("-")) + "/" +
                      std::to_string(run.code().revision());
    for (const lessons::Question& q : run.lesson().questions) {
        auto a = run.answer_of(q.id);
        key += "/" + (a ? std::to_string(*a) : std::string("?"));
    }
    return key;
}

// The path's record, saved with the progress when it changes.
void SavePathRecord(AppState& state) {
    const LessonsView& l = state.lessons;
    Json record{{"welcomeSeen", l.welcome_seen}, {"last", l.last_lesson}};
    auto it = l.progress.find(kPathRecord);
    if (it != l.progress.end() && it->second == record) return;
    state.lessons.progress[kPathRecord] = record;
    state.requests.save_progress.emplace_back(kPathRecord, record.dump());
}

// Once the saved progress is in: what the path's record says, and the Welcome window on a first
// visit only (not over a lesson opened by its address).
void ReadPathRecord(AppState& state) {
    LessonsView& l = state.lessons;
    if (l.path_read || !l.progress_loaded) return;
    l.path_read = true;
    auto it = l.progress.find(kPathRecord);
    if (it != l.progress.end() && it->second.is_object()) {
        const Json& r = it->second;
        l.welcome_seen = r.value("welcomeSeen", false);
        const std::string last = r.contains("last") && r["last"].is_string() ? r["last"].get<std::string>() : "";
        if (FindLesson(state, last)) l.last_lesson = last;
    }
    if (!l.welcome_seen && l.requested.empty() && !l.run) state.windows[WindowId::Welcome] = true;
    if (state.windows[WindowId::Welcome]) l.welcome_seen = true;  // shown once: a reload does not show it again
    SavePathRecord(state);
}

// The free sandbox's code: read once the saved progress is in, saved (under kCodeRecord) when it
// changes.
void KeepFreeCode(AppState& state) {
    LessonsView& l = state.lessons;
    if (!l.progress_loaded) return;
    if (!l.code_read) {
        l.code_read = true;
        if (auto it = l.progress.find(kCodeRecord); it != l.progress.end()) l.free_code.restore(it->second);
        l.code_saved_revision = l.free_code.revision();
        return;
    }
    if (l.free_code.revision() == l.code_saved_revision) return;
    l.code_saved_revision = l.free_code.revision();
    Json record = l.free_code.to_json();
    l.progress[kCodeRecord] = record;
    state.requests.save_progress.emplace_back(kCodeRecord, record.dump());
}

}  // namespace

LessonStatus StatusOf(const AppState& state, const lessons::Lesson& lesson) {
    const LessonsView& l = state.lessons;
    auto it = l.progress.find(lesson.id);
    if (it != l.progress.end()) return lessons::saved_complete(it->second) ? LessonStatus::Done : LessonStatus::InProgress;
    // Not opened, while a later lesson of the path was: skipped.
    for (const lessons::Lesson& other : l.path)
        if (other.order > lesson.order && l.progress.count(other.id)) return LessonStatus::Skipped;
    return LessonStatus::NotStarted;
}

std::string StatusLabel(const AppState& state, const lessons::Lesson& lesson) {
    switch (StatusOf(state, lesson)) {
        case LessonStatus::Done: return "done";
        case LessonStatus::Skipped: return "skipped";
        case LessonStatus::NotStarted: return "";
        case LessonStatus::InProgress: break;
    }
    const Json& saved = state.lessons.progress.at(lesson.id);
    const size_t done = lessons::saved_steps_done(saved);
    return "in progress: " + std::to_string(done) + " of " + std::to_string(lesson.steps.size()) + " steps";
}

const lessons::Lesson* LastLesson(const AppState& state) { return FindLesson(state, state.lessons.last_lesson); }

void ContinueLessons(AppState& state) {
    if (const lessons::Lesson* last = LastLesson(state)) OpenLesson(state, last->id);
    else if (!state.lessons.path.empty()) OpenLesson(state, state.lessons.path.front().id);
    state.windows[WindowId::Lessons] = true;
}

void SayInLesson(AppState& state, std::string message, bool ok) {
    LessonsView& l = state.lessons;
    l.message = std::move(message);
    l.message_ok = ok;
    ++l.message_serial;
}

bool OpenLesson(AppState& state, const std::string& id) {
    LessonsView& l = state.lessons;
    const lessons::Lesson* lesson = FindLesson(state, id);
    if (!lesson) {
        Say(state, "There is no lesson \"" + id + "\"; pick one from the path.", false);
        return false;
    }
    if (!l.progress_loaded) {
        // Starting now would save a fresh start over the progress IndexedDB is about to hand us.
        l.requested = id;
        Say(state, "Loading your lesson progress...", true);
        return true;
    }
    auto run = std::make_unique<lessons::LessonRun>(*lesson);
    Status opened = ok_status();
    auto saved = l.progress.find(id);
    if (saved != l.progress.end()) {
        opened = run->restore(saved->second);
        if (!opened.ok()) Say(state, opened.error().message + "; the lesson starts again (the saved record is kept until you do something).", false);
    }
    if (saved == l.progress.end() || !opened.ok()) {
        Status started = run->start();
        if (!started.ok()) {
            Say(state, "The lesson could not start: " + started.error().message, false);
            return false;
        }
        if (opened.ok()) Say(state, "", true);
    } else {
        Say(state, "", true);
    }
    if (!l.holding_free_form) {  // coming from the free sandbox: its fields wait for its return
        l.free_form = state.form;
        l.holding_free_form = true;
    }
    l.run = std::move(run);
    l.last_lesson = id;
    l.show_end = false;
    state.windows[WindowId::Welcome] = false;  // never over the lesson
    SavePathRecord(state);
    l.scroll_to_top = true;
    l.solution_failed = false;
    // Saved when it changes; an unreadable record is not overwritten by a mere look.
    l.saved_key = opened.ok() ? std::string() : ProgressKey(*l.run);
    l.tool_for = nullptr;
    ResetViews(state);
    LessonForm(state);
    // A clean desk: the windows the View menu opens on demand close, so each lesson's steps name
    // the ones they need and nothing from the last lesson covers the timeline.
    for (const lessons::WindowInfo& w : lessons::kWindows)
        if (w.view_menu > 0 && !w.open_at_start) state.windows[w.id] = false;
    state.windows[WindowId::Lessons] = true;
    state.requests.update_hash = true;
    return true;
}

void RestartLesson(AppState& state) {
    LessonsView& l = state.lessons;
    if (!l.run) return;
    Status started = l.run->start();
    Say(state, started.ok() ? "The lesson starts again on a clean sandbox." : started.error().message, started.ok());
    l.scroll_to_top = true;
    l.solution_failed = false;
    l.saved_key.clear();
    l.tool_for = nullptr;
    ResetViews(state);
    LessonForm(state);
}

void NextStep(AppState& state) {
    LessonsView& l = state.lessons;
    if (!l.run || !l.run->next_step()) return;
    l.scroll_to_step = true;
    l.message.clear();
    l.solution_failed = false;
    l.tool_for = nullptr;
    LessonForm(state);
    state.last_command_result.clear();  // it was about the step before
}

void RestartStep(AppState& state) {
    LessonsView& l = state.lessons;
    if (!l.run) return;
    Status restarted = l.run->restart_step();
    ResetViews(state);  // a new sandbox under the views
    if (restarted.ok()) LessonForm(state);
    l.scroll_to_step = true;
    l.solution_failed = false;
    l.tool_for = nullptr;
    Say(state, restarted.ok() ? l.run->last_message() : restarted.error().message, restarted.ok());
}

void CloseLesson(AppState& state) {
    LessonsView& l = state.lessons;
    if (!l.run) return;
    l.run.reset();
    Say(state, "", true);
    ResetViews(state);
    if (l.holding_free_form) {
        state.form = l.free_form;
        l.holding_free_form = false;
    }
    state.requests.update_hash = true;
}

void ApplyViewRequest(AppState& state, const lessons::ViewRequest& request) {
    for (uint64_t p : request.travel) {
        TravelTo(state, p);
        UpdateViews(state);  // each position is shown (and counted as visited) in turn
        if (state.lessons.run) state.lessons.run->facts().visited.insert(ViewPosition(state));
    }
    if (request.back_to_now) state.travel.at_now = true;
    // Lesson validation lets only the table's lesson names through; any other name opens nothing.
    for (const std::string& name : request.open_windows)
        if (const lessons::WindowInfo* w = lessons::find_lesson_window(name)) state.windows[w->id] = true;
    if (request.play_sequence) {  // as if stepped through to the end, for the trace there is now
        const Trace& trace = ActiveSandbox(state)->last_trace();
        SequenceView& sv = state.sequence;
        sv.trace_seen = &trace;
        sv.serial_seen = trace.serial();
        sv.playing = false;
        sv.shown = ~size_t{0};
        sv.played_to_end = true;
    }
    if (request.run_code) RunCode(state);
    if (!request.arrange_diagram.empty()) {  // the cards dealt, each moved into place, then Check
        DrawDiagramView& d = state.draw;
        (void)sandbox::parse_diagram_source(request.arrange_diagram, d.source);
        if (d.source == sandbox::DiagramSource::Replay) state.accounts.selected = request.arrange_account;
        DealDiagramCards(state, false);
        for (const sandbox::DiagramCards::Move& m : d.cards.moves_into_place()) MoveDiagramCard(state, m.from, m.to);
        CheckDiagramCards(state);
    }
    if (!request.replay_account.empty()) {  // the stepper on that account, stepped to its last event
        state.accounts.selected = request.replay_account;
        UpdateViews(state);
        state.replay.step = state.replay.stepper.steps();
        state.replay.playing = false;
        if (state.lessons.run) {
            lessons::ViewFacts& f = state.lessons.run->facts();
            f.replay_seen.insert(request.replay_steps.begin(), request.replay_steps.end());
        }
    }
}

void UpdateLesson(AppState& state) {
    LessonsView& l = state.lessons;
    ReadPathRecord(state);
    KeepFreeCode(state);
    if (!l.requested.empty() && l.progress_loaded && state.sandbox && !l.path.empty()) {
        const std::string id = l.requested;
        l.requested.clear();
        if (!l.run || l.run->lesson().id != id) OpenLesson(state, id);
    }
    if (!l.run) return;
    lessons::LessonRun& run = *l.run;
    lessons::ViewFacts& f = run.facts();
    f.at_now = state.travel.at_now;
    f.position = ViewPosition(state);
    f.visited.insert(f.position);  // "now" shows the head: it counts as seen too
    if (!f.at_now) f.travelled.insert(f.position);
    f.open_windows.clear();
    for (const lessons::WindowInfo& w : lessons::kWindows)
        if (*w.lesson_name && state.windows[w.id]) f.open_windows.insert(w.lesson_name);
    // Only for the trace the diagram has taken in (a new one starts over in the panel).
    const Trace& trace = run.sandbox().last_trace();
    const SequenceView& sv = state.sequence;
    f.sequence_played_to_end = sv.trace_seen == &trace && sv.serial_seen == trace.serial() && sv.played_to_end;
    // The event the replay stepper shows as its current step has been folded before the learner's eyes.
    const ReplayView& rv = state.replay;
    if (state.windows[WindowId::Replay] && rv.error.empty() && rv.step > 0 && rv.step <= rv.stepper.steps())
        f.replay_seen.insert(rv.stepper.events()[rv.step - 1].global_position);
    if (run.update() > 0) {
        l.message.clear();  // the step itself now says it is done, where the learner is looking
        l.solution_failed = false;
        ++l.message_serial;
    }
    const std::string key = ProgressKey(run);
    if (key != l.saved_key) {
        l.saved_key = key;
        Json progress = run.progress_json();
        l.progress[run.lesson().id] = progress;
        state.requests.save_progress.emplace_back(run.lesson().id, progress.dump());
    }
}

}  // namespace es::app
