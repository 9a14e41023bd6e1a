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
#include "app/widgets.h"
#include "bank/events.h"

namespace es::app {
namespace {

constexpr ImGuiInputTextFlags kFieldFlags = ImGuiInputTextFlags_AutoSelectAll;  // typing replaces
// Success and failure colours, dark enough to read on the light theme too.
ImVec4 Green(const AppState& state) {
    return state.theme == Theme::Light ? ImVec4(0.10f, 0.48f, 0.22f, 1.0f) : ImVec4(0.35f, 0.75f, 0.45f, 1.0f);
}
ImVec4 Red(const AppState& state) {
    return state.theme == Theme::Light ? ImVec4(0.72f, 0.16f, 0.12f, 1.0f) : ImVec4(0.95f, 0.45f, 0.40f, 1.0f);
}

void Coloured(const ImVec4& colour, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    Paragraph(text.c_str());
    ImGui::PopStyleColor();
}

// A titled divider (ImGui 1.86 has no SeparatorText).
void Divider(const char* title) {
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextUnformatted(title);
}

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

// "done", "step 2 of 3" or "" for a lesson never opened.
std::string ProgressLabel(const AppState& state, const lessons::Lesson& lesson) {
    auto it = state.lessons.progress.find(lesson.id);
    if (it == state.lessons.progress.end()) return "";
    if (lessons::saved_complete(it->second)) return "done";
    const size_t done = lessons::saved_steps_done(it->second);
    return std::to_string(done) + " of " + std::to_string(lesson.steps.size()) + " steps";
}

void ShowPath(AppState& state) {
    LessonsView& l = state.lessons;
    Heading(state, "The lesson path");
    Paragraph("Each lesson gives you a small task in a sandbox of its own and checks what you really did "
              "in the event store. Your own free sandbox and its events stay as they are.");
    if (!l.load_error.empty()) Coloured(Red(state), "A lesson file could not be loaded: " + l.load_error);
    size_t done = 0;
    for (const lessons::Lesson& lesson : l.path) {
        auto it = l.progress.find(lesson.id);
        done += it != l.progress.end() && lessons::saved_complete(it->second) ? 1 : 0;
    }
    char overall[64];
    std::snprintf(overall, sizeof overall, "%zu of %zu lessons done", done, l.path.size());
    ImGui::ProgressBar(l.path.empty() ? 0.0f : static_cast<float>(done) / static_cast<float>(l.path.size()),
                       ImVec2(-1.0f, 0.0f), overall);
    ImGui::Spacing();
    for (const lessons::Lesson& lesson : l.path) {
        const std::string status = ProgressLabel(state, lesson);
        char label[160];
        if (lesson.order == 0) std::snprintf(label, sizeof label, "Warm-up: %s##lesson-%s", lesson.title.c_str(), lesson.id.c_str());
        else std::snprintf(label, sizeof label, "%d. %s##lesson-%s", lesson.order, lesson.title.c_str(), lesson.id.c_str());
        if (status == "done") ImGui::PushStyleColor(ImGuiCol_Text, Green(state));
        const bool clicked = ImGui::Selectable(label);
        if (status == "done") ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", lesson.summary.c_str());
        if (!status.empty()) {
            ImGui::SameLine(ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize(status.c_str()).x);
            ImGui::TextDisabled("%s", status.c_str());
        }
        if (clicked) OpenLesson(state, lesson.id);
    }
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
    auto report = [&](const Status& s) {
        l.message = run.last_message();
        l.message_ok = s.ok();
    };
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
            Divider("The same day as one \"current state\" row");
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
    case lessons::Tool::Kind::Tamper: {
        ImGui::TextDisabled("Edit a stored record behind the store's back");
        ImGui::InputText("Position##tamper-position", l.tamper_position, sizeof l.tamper_position, kFieldFlags);
        ImGui::InputText("New amount##tamper-amount", l.tamper_amount, sizeof l.tamper_amount, kFieldFlags);
        if (ImGui::Button("Change the stored event")) {
            char* end = nullptr;
            const unsigned long long p = std::strtoull(l.tamper_position, &end, 10);
            if (end == l.tamper_position || *end != '\0') {
                l.message = "The position must be a whole number, like 2.";
                l.message_ok = false;
            } else {
                report(run.tamper(p, l.tamper_amount));
            }
        }
        ImGui::SameLine();
        if (ImGui::Button("Run the integrity check")) {
            const VerifyReport& r = run.verify();
            l.message = run.last_message();
            l.message_ok = !r.ok;  // finding the change is the lesson's success
        }
        break;
    }
    case lessons::Tool::Kind::None:
        break;
    }
    ImGui::PopItemWidth();
}

void ShowQuestion(AppState& state, const lessons::Question& q) {
    lessons::LessonRun& run = *state.lessons.run;
    ImGui::Spacing();
    Paragraph(q.prompt.c_str());
    const auto answer = run.answer_of(q.id);
    for (size_t i = 0; i < q.choices.size(); ++i) {
        // The radio button, then its text wrapped beside it (a RadioButton label does not wrap in
        // ImGui 1.86); a click on the text answers too.
        char id[96];
        std::snprintf(id, sizeof id, "##%s-%zu", q.id.c_str(), i);
        if (ImGui::RadioButton(id, answer && *answer == static_cast<int>(i))) run.answer(q.id, static_cast<int>(i));
        ImGui::SameLine();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(q.choices[i].text.c_str());
        ImGui::PopTextWrapPos();
        if (ImGui::IsItemClicked()) run.answer(q.id, static_cast<int>(i));
    }
    if (answer && *answer >= 0 && *answer < static_cast<int>(q.choices.size())) {
        const lessons::Choice& c = q.choices[static_cast<size_t>(*answer)];
        const bool says_so = c.explanation.rfind("Right", 0) == 0 || c.explanation.rfind("Not ", 0) == 0;
        Coloured(c.correct ? Green(state) : Red(state), (says_so ? "" : c.correct ? "Right. " : "Not quite. ") + c.explanation);
    }
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
    // The explanation scrolls in its own box, at most 30% of the window, so the current step
    // below it is always in view.
    float text_height = 0.0f;
    const float wrap = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize - ImGui::GetStyle().WindowPadding.x * 2;
    for (const std::string& p : lesson.explanation)
        text_height += ImGui::CalcTextSize(p.c_str(), nullptr, false, wrap).y + ImGui::GetStyle().ItemSpacing.y * 3;
    const float box = std::min(text_height + ImGui::GetStyle().WindowPadding.y * 2, ImGui::GetWindowHeight() * 0.3f);
    ImGui::BeginChild("explanation", ImVec2(0.0f, box), true);
    for (const std::string& p : lesson.explanation) {
        Paragraph(p.c_str());
        ImGui::Spacing();
    }
    ImGui::EndChild();

    for (size_t i = 0; i < lesson.steps.size(); ++i) {
        const lessons::Step& step = lesson.steps[i];
        ImGui::PushID(static_cast<int>(i));
        char title[48];
        std::snprintf(title, sizeof title, "Step %zu of %zu", i + 1, lesson.steps.size());
        if (i < run.steps_done()) {
            ImGui::PushStyleColor(ImGuiCol_Text, Green(state));
            ImGui::Text("%s: done", title);
            ImGui::PopStyleColor();
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
            Paragraph(step.instruction.c_str());
            ImGui::PopStyleColor();
        } else if (i == run.steps_done()) {
            Divider(title);
            // When a step is met, bring the next one into view (not on opening: the explanation
            // comes first).
            if (l.scrolled_to_step != run.steps_done()) {
                if (run.steps_done() > 0) ImGui::SetScrollHereY(0.1f);
                l.scrolled_to_step = run.steps_done();
            }
            Paragraph(step.instruction.c_str());
            const lessons::GoalCheck check = run.check(step.goal);
            ImGui::TextDisabled("Now: %s", check.detail.c_str());
            ShowTool(state, step);
            for (size_t h = 0; h < run.hints_shown() && h < step.hints.size(); ++h) {
                const std::string hint = "Hint " + std::to_string(h + 1) + ": " + step.hints[h];
                Coloured(ImVec4(0.85f, 0.70f, 0.35f, 1.0f), hint);
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
                    l.message = "The solution ran through the same commands and windows you would use.";
                    l.message_ok = true;
                } else {
                    l.message = "The solution stopped: " + view.error().message;
                    l.message_ok = false;
                }
            }
            HelpMarker("Performs this step for you, through the same command path as the Commands window, "
                       "so you can watch what it does in the other windows.");
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
    } else if (const lessons::Step* step = run.current_step(); step && step->goal.kind == lessons::Goal::Kind::Answered) {
        // A question that is the step's goal is asked right away.
        if (const lessons::Question* q = lesson.find_question(step->goal.question)) {
            ImGui::PushID(q->id.c_str());
            ShowQuestion(state, *q);
            ImGui::PopID();
        }
    }

    if (!l.message.empty()) {
        ImGui::Spacing();
        Coloured(l.message_ok ? Green(state) : Red(state), l.message);
    }

    if (run.complete()) {
        Divider("Lesson complete");
        Coloured(Green(state), "Well done: every goal was checked against the event store.");
        for (const lessons::Lesson& next : l.path) {
            if (next.order != lesson.order + 1) continue;
            const std::string label = "Next: " + next.title + "##next-lesson";
            if (ImGui::Button(label.c_str())) {
                const std::string id = next.id;
                OpenLesson(state, id);
                return;
            }
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
    PlaceNextWindow(state, Place::RightTop, ImGuiCond_FirstUseEver);
    if (!ImGui::Begin(WindowTitle(WindowId::Lessons), p_open)) {
        ImGui::End();
        return;
    }
    if (!state.sandbox) {
        ImGui::TextDisabled("Loading the stored events...");
    } else if (state.lessons.run) {
        ShowLesson(state);
    } else {
        ShowPath(state);
    }
    ImGui::End();
}

}  // namespace es::app
