// The lesson path inside the app (lesson_flow.h).
#include "app/lesson_flow.h"

#include <algorithm>

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

void Say(AppState& state, std::string message, bool ok) {
    state.lessons.message = std::move(message);
    state.lessons.message_ok = ok;
}

// A short fingerprint of what progress_json() would hold, so it is saved only when it changes.
std::string ProgressKey(const lessons::LessonRun& run) {
    std::string key = std::to_string(run.steps_done()) + "/" + std::to_string(run.hints_shown()) + "/" +
                      std::to_string(run.sandbox().store().head_position()) + "/" +
                      std::to_string(run.sandbox().balances().version()) + "/" +
                      (run.sandbox().daily_totals() ? "d" : "-");
    for (const lessons::Question& q : run.lesson().questions) {
        auto a = run.answer_of(q.id);
        key += "/" + (a ? std::to_string(*a) : std::string("?"));
    }
    return key;
}

}  // namespace

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
    l.run = std::move(run);
    l.scrolled_to_step = l.run->steps_done();
    // Saved when it changes; an unreadable record is not overwritten by a mere look.
    l.saved_key = opened.ok() ? std::string() : ProgressKey(*l.run);
    l.tool_for = nullptr;
    ResetViews(state);
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
    l.scrolled_to_step = 0;
    l.saved_key.clear();
    l.tool_for = nullptr;
    ResetViews(state);
}

void CloseLesson(AppState& state) {
    if (!state.lessons.run) return;
    state.lessons.run.reset();
    Say(state, "", true);
    ResetViews(state);
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
    if (const lessons::WindowInfo* w = lessons::find_lesson_window(request.open_window)) state.windows[w->id] = true;
    if (request.show_all_sequence) {
        state.sequence.playing = false;
        state.sequence.shown = ~size_t{0};
    }
}

void UpdateLesson(AppState& state) {
    LessonsView& l = state.lessons;
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
    f.open_windows.clear();
    for (const lessons::WindowInfo& w : lessons::kWindows)
        if (*w.lesson_name && state.windows[w.id]) f.open_windows.insert(w.lesson_name);
    // Only for the trace the diagram has taken in (a new one starts over in the panel).
    const Trace& trace = run.sandbox().last_trace();
    const SequenceView& sv = state.sequence;
    f.sequence_all_shown = sv.trace_seen == &trace && sv.trace_size_seen == trace.messages().size() &&
                           sv.title_seen == trace.title() && sv.shown >= trace.messages().size();
    if (run.update() > 0) {
        Say(state, run.steps_complete() ? "Every step is done." : "Step done: on to the next one.", true);
        l.tool_for = nullptr;
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
