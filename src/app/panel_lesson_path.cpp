// The Lessons window without an open lesson: the lesson path (each lesson done, in progress,
// skipped or not started, and "Continue" where the learner left off), and the end of the path:
// the lessons done, the learner's own three insights and day as events, what to read next.
#include "app/panels.h"

#include <imgui.h>

#include <cstdio>
#include <set>

#include "app/lesson_flow.h"
#include "app/widgets.h"

namespace es::app {
namespace {

void Heading(const AppState& state, const char* text) {
    ImGui::PushFont(state.fonts.heading);
    ImGui::TextWrapped("%s", text);
    ImGui::PopFont();
}

std::string LessonLabel(const lessons::Lesson& lesson) {
    return lesson.order == 0 ? "Warm-up: " + lesson.title : std::to_string(lesson.order) + ". " + lesson.title;
}

size_t LessonsDone(const AppState& state) {
    size_t done = 0;
    for (const lessons::Lesson& lesson : state.lessons.path) done += StatusOf(state, lesson) == LessonStatus::Done ? 1 : 0;
    return done;
}

// The events a finished lesson left in its saved record, when it has one that reads.
EventList SavedEvents(const AppState& state, const std::string& lesson_id) {
    auto it = state.lessons.progress.find(lesson_id);
    if (it == state.lessons.progress.end()) return {};
    auto events = lessons::saved_events(it->second);
    return events.ok() ? std::move(events).value() : EventList{};
}

std::string DataText(const RecordedEvent& e, const char* key) {
    auto it = e.data.is_object() ? e.data.find(key) : e.data.end();
    return it != e.data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

void ShowLessonPath(AppState& state) {
    LessonsView& l = state.lessons;
    Heading(state, "The lesson path");
    Paragraph("Each lesson gives you a small task in a sandbox of its own and checks what you really did "
              "in the event store. Your own free sandbox and its events stay as they are.");
    if (!l.load_error.empty()) Paragraph(("A lesson file could not be loaded: " + l.load_error).c_str(), ImVec4(0.95f, 0.45f, 0.40f, 1.0f));
    const size_t done = LessonsDone(state);
    char overall[64];
    std::snprintf(overall, sizeof overall, "%zu of %zu lessons done", done, l.path.size());
    ImGui::ProgressBar(l.path.empty() ? 0.0f : static_cast<float>(done) / static_cast<float>(l.path.size()),
                       ImVec2(-1.0f, 0.0f), overall);
    if (const lessons::Lesson* last = LastLesson(state)) {
        const std::string label = "Continue: " + LessonLabel(*last) + "##continue";
        if (ImGui::Button(label.c_str())) ContinueLessons(state);
        HelpMarker("Opens the lesson you were last in, at the step where you left off.");
    } else if (!l.path.empty()) {
        if (ImGui::Button("Begin with the warm-up##continue")) ContinueLessons(state);
    }
    ImGui::SameLine();
    if (ImGui::Button("The end of the path")) l.show_end = true;
    ImGui::Spacing();
    for (const lessons::Lesson& lesson : l.path) {
        const std::string status = StatusLabel(state, lesson);
        const std::string label = LessonLabel(lesson) + "##lesson-" + lesson.id;
        const bool is_done = StatusOf(state, lesson) == LessonStatus::Done;
        if (is_done) ImGui::PushStyleColor(ImGuiCol_Text, Green(state));
        const bool clicked = ImGui::Selectable(label.c_str());
        if (is_done) ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", lesson.summary.c_str());
        if (!status.empty()) {
            ImGui::SameLine(ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize(status.c_str()).x);
            ImGui::TextDisabled("%s", status.c_str());
        }
        if (clicked) OpenLesson(state, lesson.id);
    }
}

void ShowLessonPathEnd(AppState& state) {
    LessonsView& l = state.lessons;
    if (ImGui::Button("< The lesson path")) {
        l.show_end = false;
        return;
    }
    Heading(state, "The end of the path");
    const size_t done = LessonsDone(state);
    Paragraph(done == l.path.size()
                  ? "You have done every lesson. Here is what you built along the way, in your own events."
                  : ("You have done " + std::to_string(done) + " of " + std::to_string(l.path.size()) +
                     " lessons. The ones still open are marked on the path; here is what you have so far.")
                        .c_str());
    for (const lessons::Lesson& lesson : l.path) {
        const std::string status = StatusLabel(state, lesson);
        ImGui::BulletText("%s%s%s", LessonLabel(lesson).c_str(), status.empty() ? "" : ": ", status.empty() ? "not started" : status.c_str());
    }

    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextUnformatted("Your insights");
    size_t insights = 0;
    for (const RecordedEvent& e : SavedEvents(state, "insights")) {
        if (e.type != "InsightRecorded") continue;
        ++insights;
        Paragraph(("\"" + DataText(e, "text") + "\"").c_str());
    }
    if (insights == 0) ImGui::TextDisabled("Not written yet: the lesson \"Your insights\" records them as events.");

    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextUnformatted("Your day, as events");
    size_t day = 0;
    for (const RecordedEvent& e : SavedEvents(state, "your-day")) {
        if (e.stream_id.rfind("day-", 0) != 0) continue;
        ++day;
        ImGui::Text("%s", DataText(e, "time").c_str());
        ImGui::SameLine(ImGui::GetFontSize() * 3.5f);
        EventTypeText(e.type);
        const std::string text = DataText(e, "text");
        if (!text.empty()) {
            ImGui::SameLine();
            ImGui::TextDisabled("%s", text.c_str());
        }
    }
    if (day == 0) ImGui::TextDisabled("Not recorded yet: the warm-up, \"Your day as events\", records it.");

    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextUnformatted("What to read next");
    std::set<std::string> listed;
    for (const lessons::Lesson& lesson : l.path) {
        for (const std::string& key : lesson.reading) {
            if (!listed.insert(key).second) continue;
            const lessons::ReadingLink* link = lessons::find_reading(key);
            if (!link) continue;
            const std::string label = link->title + "##end-read-" + key;
            if (ImGui::SmallButton(label.c_str())) state.requests.open_url = link->url;
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (opens in a new tab)", link->url.c_str());
        }
    }
}

}  // namespace es::app
