// The Lessons window: the lesson path with each lesson's progress, and the open lesson: its
// explanation, the steps (the current one with its goal's status, hints one at a time, "Show
// solution", and its tool), the reflection questions, and further reading. The lesson runs on its
// own sandbox; "Free sandbox" goes back to the learner's own log, untouched.
#include "app/panels.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "app/layout.h"
#include "app/lesson_flow.h"
#include "app/lesson_tamper_tool.h"
#include "app/widgets.h"
#include "bank/events.h"

namespace es::app {
namespace {

constexpr ImGuiInputTextFlags kFieldFlags = ImGuiInputTextFlags_AutoSelectAll;  // typing replaces

void Coloured(const ImVec4& colour, const std::string& text) { Paragraph(text.c_str(), colour); }

void Heading(const AppState& state, const char* text) {
    ImGui::PushFont(state.fonts.heading);
    ImGui::TextWrapped("%s", text);
    ImGui::PopFont();
}

// A string field of a free-form event's data ("" when it is missing or not a string).
std::string TextField(const RecordedEvent& e, const char* key) {
    auto it = e.data.is_object() ? e.data.find(key) : e.data.end();
    return it != e.data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The lesson-only form of a step (docs/LESSONS.md, TOOL).
void ShowTool(AppState& state, const lessons::Step& step) {
    LessonsView& l = state.lessons;
    lessons::LessonRun& run = *l.run;
    const lessons::Tool& tool = step.tool;
    if (tool.kind == lessons::Tool::Kind::None) return;
    const float em = ImGui::GetFontSize();
    if (l.tool_for != &step) {  // fresh fields for a new step
        l.tool_for = &step;
        std::snprintf(l.record_type, sizeof l.record_type, "%s", tool.type.c_str());
        l.record_text[0] = '\0';
    }
    ImGui::Spacing();
    ImGui::PushItemWidth(em * 10.0f);
    auto report = [&](const Status& s) { SayInLesson(state, run.last_message(), s.ok()); };
    switch (tool.kind) {
    case lessons::Tool::Kind::RecordEvent: {
        ImGui::TextDisabled("Record an event on the stream \"%s\"", tool.stream.c_str());
        ImGui::InputText("Event type##record-type", l.record_type, sizeof l.record_type, kFieldFlags);
        HelpMarker("Past tense, one word: what happened. WokeUp, AteBreakfast, StartedLearning...");
        ImGui::InputText("Time (HH:MM)##record-time", l.record_time, sizeof l.record_time, kFieldFlags);
        ImGui::PopItemWidth();
        ImGui::PushItemWidth(-1.0f);
        ImGui::InputTextWithHint("##record-text", "What happened, in your words", l.record_text, sizeof l.record_text, kFieldFlags);
        ImGui::PopItemWidth();
        ImGui::PushItemWidth(em * 10.0f);
        if (ImGui::Button("Record event")) report(run.record(tool.stream, l.record_type, l.record_time, l.record_text));
        // The stream's state derived from its events, beside a row that keeps only the latest.
        const EventStore& store = run.sandbox().store();
        const auto& positions = store.stream_positions(tool.stream);
        if (!positions.empty()) {
            Divider("Derived from the events");
            for (uint64_t p : positions) {
                const RecordedEvent& e = store.recorded_log()[p - 1];
                ImGui::Text("%s", TextField(e, "time").c_str());
                ImGui::SameLine(em * 3.5f);
                EventTypeText(e.type);
                const std::string text = TextField(e, "text");
                if (!text.empty()) {
                    ImGui::SameLine();
                    ImGui::TextDisabled("%s", text.c_str());
                }
            }
            const RecordedEvent& last = store.recorded_log()[positions.back() - 1];
            Divider("The same history as one \"current state\" row");
            ImGui::Text("status = %s, since %s", last.type.c_str(), TextField(last, "time").c_str());
            ImGui::TextDisabled("(every earlier moment is gone)");
        }
        break;
    }
    case lessons::Tool::Kind::LegacyDeposit:
        ImGui::TextDisabled("The first version of the app, still running somewhere");
        ImGui::InputText("Amount##legacy-amount", l.legacy_amount, sizeof l.legacy_amount, kFieldFlags);
        if (ImGui::Button("Write a v1 deposit")) report(run.legacy_deposit(tool.account, l.legacy_amount));
        HelpMarker("Writes MoneyDeposited with schema version 1: {accountId, amountCents}, without the currency "
                   "and depositor that v2 added. The store keeps it exactly so; reads upcast it to v2.");
        break;
    case lessons::Tool::Kind::Tamper:
        ShowTamperTool(state, run);
        break;
    case lessons::Tool::Kind::None:
        break;
    }
    ImGui::PopItemWidth();
}

void ShowQuestion(AppState& state, const lessons::Question& q) {
    LessonsView& l = state.lessons;
    lessons::LessonRun& run = *l.run;
    ImGui::Spacing();
    Paragraph(q.prompt.c_str());
    const auto answer = run.answer_of(q.id);
    auto choose = [&](size_t i) {
        run.answer(q.id, static_cast<int>(i));
        l.answered = q.id;  // its explanation is brought into view
    };
    for (size_t i = 0; i < q.choices.size(); ++i) {
        // The radio button, then its text wrapped beside it (a RadioButton label does not wrap in
        // ImGui 1.86); a click on the text answers too.
        char id[96];
        std::snprintf(id, sizeof id, "##%s-%zu", q.id.c_str(), i);
        if (ImGui::RadioButton(id, answer && *answer == static_cast<int>(i))) choose(i);
        ImGui::SameLine();
        Paragraph(q.choices[i].text.c_str());
        if (ImGui::IsItemClicked()) choose(i);
    }
    if (answer && *answer >= 0 && *answer < static_cast<int>(q.choices.size())) {
        const lessons::Choice& c = q.choices[static_cast<size_t>(*answer)];
        const bool says_so = c.explanation.rfind("Right", 0) == 0 || c.explanation.rfind("Not ", 0) == 0;
        Coloured(c.correct ? Green(state) : Red(state), (says_so ? "" : c.correct ? "Right. " : "Not quite. ") + c.explanation);
        if (l.answered == q.id) {
            ImGui::SetScrollHereY(0.9f);
            l.answered.clear();
        }
    }
}

// Feedback where the learner is looking: under the current step, scrolled into view when new.
void ShowMessage(AppState& state) {
    LessonsView& l = state.lessons;
    if (!l.message.empty()) Paragraph(l.message.c_str(), l.message_ok ? Green(state) : Red(state));
    // Something new happened under the step (a message, the step met): bring it into view.
    if (l.message_scrolled != l.message_serial) {
        ImGui::SetScrollHereY(0.9f);
        l.message_scrolled = l.message_serial;
    }
}

// The step the learner is on: its instruction, what is there now, its tool, and either the help
// (hints, the solution, a restart) or, once met, what it achieved and the way on. A met step
// stays on screen, its outcome beside it, until the learner moves on.
void ShowCurrentStep(AppState& state, const lessons::Step& step, const char* title) {
    LessonsView& l = state.lessons;
    lessons::LessonRun& run = *l.run;
    const bool done = run.current_done();
    Divider(done ? (std::string(title) + ": done").c_str() : title);
    if (l.scroll_to_step) {  // the step just began: from its title down, in view
        ImGui::SetScrollHereY(0.05f);
        l.scroll_to_step = false;
        l.message_scrolled = l.message_serial;
    }
    Paragraph(step.instruction.c_str());
    const lessons::GoalCheck check = run.check(step.goal);
    if (done) {
        Paragraph(("Done: " + check.detail).c_str(), Green(state));
    } else {
        Paragraph(("Now: " + check.detail).c_str(), ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    }
    ShowTool(state, step);
    if (step.goal.kind == lessons::Goal::Kind::Answered) {
        // A question that is the step's goal is asked right under it.
        if (const lessons::Question* q = run.lesson().find_question(step.goal.question)) {
            ImGui::PushID(q->id.c_str());
            ShowQuestion(state, *q);
            ImGui::PopID();
        }
    }
    if (done) {
        if (run.current_index() + 1 < run.lesson().steps.size()) {
            ImGui::Spacing();
            if (ImGui::Button("Next step >")) NextStep(state);
        } else if (!run.lesson().questions.empty() && !run.complete()) {
            Paragraph("Every step is done. The questions below are about what you just did.", Green(state));
        }
        ShowMessage(state);
        return;
    }
    for (size_t h = 0; h < run.hints_shown() && h < step.hints.size(); ++h) {
        const std::string hint = "Hint " + std::to_string(h + 1) + ": " + step.hints[h];
        Paragraph(hint.c_str(), ImVec4(0.85f, 0.70f, 0.35f, 1.0f));
    }
    ImGui::BeginDisabled(run.hints_shown() >= step.hints.size());
    char hint_label[48];
    std::snprintf(hint_label, sizeof hint_label, "Show a hint (%zu of %zu)###hint", run.hints_shown(), step.hints.size());
    if (ImGui::Button(hint_label)) run.show_hint();
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Show solution")) {
        auto view = run.perform_solution();
        if (view.ok()) {
            ApplyViewRequest(state, *view);
            SayInLesson(state, "The solution ran through the same commands and windows you would use.", true);
        } else {
            l.solution_failed = true;
            SayInLesson(state, "The solution stopped: " + view.error().message +
                                   ". From here this step cannot be finished that way: restart it to go back to where it began.",
                        false);
        }
    }
    HelpMarker("Performs this step for you from where you are, through the same command path as the Commands "
               "window, so you can watch what it does in the other windows.");
    if (l.solution_failed ? ImGui::Button("Restart this step") : ImGui::SmallButton("Restart this step")) RestartStep(state);
    HelpMarker("Goes back to where this step began: the events, the read models and the form as they were then. "
               "The steps before it stay done.");
    ShowMessage(state);
}

void ShowLesson(AppState& state) {
    LessonsView& l = state.lessons;
    lessons::LessonRun& run = *l.run;
    const lessons::Lesson& lesson = run.lesson();
    if (ImGui::Button("Free sandbox")) {
        CloseLesson(state);
        return;
    }
    HelpMarker("Back to your own sandbox and its events, and to the lesson path. This lesson's progress is kept.");
    ImGui::SameLine();
    if (ImGui::Button("Restart lesson")) RestartLesson(state);
    ImGui::Separator();

    Heading(state, lesson.title.c_str());
    if (lesson.order > 0) ImGui::TextDisabled("Lesson %d of %zu", lesson.order, l.path.size() - 1);
    else ImGui::TextDisabled("Warm-up");
    if (l.scroll_to_top) {  // a lesson just opened, by the path, the menu or its address
        ImGui::SetScrollY(0.0f);
        l.scroll_to_top = false;
        l.message_scrolled = l.message_serial;  // its beginning first, not the step
    }
    // The explanation in the panel itself (no box scrolling inside the panel), open until the
    // first step is done; a click folds it away.
    ImGui::SetNextItemOpen(run.steps_done() == 0, ImGuiCond_Appearing);
    if (ImGui::CollapsingHeader(("About this lesson##about-" + lesson.id).c_str())) {
        for (const std::string& p : lesson.explanation) {
            Paragraph(p.c_str());
            ImGui::Spacing();
        }
    }

    const size_t current = run.current_index();
    for (size_t i = 0; i < lesson.steps.size(); ++i) {
        const lessons::Step& step = lesson.steps[i];
        ImGui::PushID(static_cast<int>(i));
        char title[48];
        std::snprintf(title, sizeof title, "Step %zu of %zu", i + 1, lesson.steps.size());
        if (i < current) {
            ImGui::PushStyleColor(ImGuiCol_Text, Green(state));
            ImGui::Text("%s: done", title);
            ImGui::PopStyleColor();
            Paragraph(step.instruction.c_str(), ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
        } else if (i == current) {
            ShowCurrentStep(state, step, title);
        } else {
            ImGui::TextDisabled("%s", title);
        }
        ImGui::PopID();
    }

    if (run.steps_complete() && !lesson.questions.empty()) {
        Divider("Reflect");
        for (const lessons::Question& q : lesson.questions) {
            ImGui::PushID(q.id.c_str());
            ShowQuestion(state, q);
            ImGui::PopID();
        }
    }

    if (run.complete()) {
        Divider("Lesson complete");
        Coloured(Green(state), "Well done: every goal was checked against the event store.");
        bool has_next = false;
        for (const lessons::Lesson& next : l.path) {
            if (next.order != lesson.order + 1) continue;
            has_next = true;
            const std::string label = "Next: " + next.title + "##next-lesson";
            if (ImGui::Button(label.c_str())) {
                const std::string id = next.id;
                OpenLesson(state, id);
                return;
            }
        }
        if (!has_next && ImGui::Button("The end of the path##end-of-path")) {
            CloseLesson(state);
            state.lessons.show_end = true;
            return;
        }
    }

    Divider("Further reading");
    for (const std::string& key : lesson.reading) {
        const lessons::ReadingLink* link = lessons::find_reading(key);
        if (!link) continue;
        const std::string label = link->title + "##read-" + key;
        if (ImGui::SmallButton(label.c_str())) state.requests.open_url = link->url;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (opens in a new tab)", link->url.c_str());
    }
}

}  // namespace

void ShowLessonsWindow(AppState& state, bool* p_open) {
    PlaceNextWindow(state, Place::RightTop);
    if (!ImGui::Begin(WindowTitle(WindowId::Lessons), p_open)) {
        ImGui::End();
        return;
    }
    if (!state.sandbox) {
        ImGui::TextDisabled("Loading the stored events...");
    } else if (state.lessons.run) {
        ShowLesson(state);
    } else if (state.lessons.show_end) {
        ShowLessonPathEnd(state);
    } else {
        ShowLessonPath(state);
    }
    ImGui::End();
}

}  // namespace es::app
