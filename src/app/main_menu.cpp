// The main menu bar: which windows are open, the text size, the theme, the layout, help.
#include "app/panels.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/lesson_flow.h"
#include "app/theme.h"

namespace es::app {

namespace {

// A line of background progress at the right end of the menu bar, `format` with the percent
// done (`done`, 0 to 1); a click opens `window`, which says more.
void BackgroundStatus(AppState& state, const char* format, double done, WindowId window) {
    char text[96];
    std::snprintf(text, sizeof text, format, static_cast<int>(100.0 * done));
    const float width = ImGui::CalcTextSize(text, nullptr, true).x + ImGui::GetStyle().ItemSpacing.x * 2.0f;
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowWidth() - width));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    if (ImGui::MenuItem(text)) state.windows[window] = true;
    ImGui::PopStyleColor();
}

// View > Text size: one item per size, the current one checked. The shortcuts are the page's
// (src/platform: they must be kept from the browser's own zoom), so they are only named here.
void TextSizeMenu(AppState& state) {
    if (!ImGui::BeginMenu("Text size")) return;
    for (float size : kTextSizes) {
        const std::string label = std::to_string(static_cast<int>(std::lround(size * 100.0f))) + " %";
        const char* shortcut = size == kTextSizes[0] ? "Ctrl+0" : nullptr;
        if (ImGui::MenuItem(label.c_str(), shortcut, state.text_size == size)) state.text_size = size;
    }
    ImGui::Separator();
    ImGui::TextDisabled("Ctrl+= larger, Ctrl+- smaller");
    ImGui::EndMenu();
}

// View > Motion: the animated views' speed, and "Reduce motion" (the same steps, without movement).
void MotionMenu(AppState& state) {
    if (!ImGui::BeginMenu("Motion")) return;
    ImGui::MenuItem("Reduce motion", nullptr, &state.motion.reduce_motion);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.0f);
    ImGui::SliderFloat("Speed", &state.motion.speed, MotionSettings::kMinSpeed, MotionSettings::kMaxSpeed, "%.2fx",
                       ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
    ImGui::EndMenu();
}

}  // namespace

void ShowMainMenuBar(AppState& state) {
    if (!ImGui::BeginMainMenuBar()) return;
    if (ImGui::BeginMenu("View")) {
        // Each window at its View menu place (lessons::kWindows numbers them from 1 without gaps).
        for (int place = 1; place <= static_cast<int>(lessons::kWindowCount); ++place)
            for (const lessons::WindowInfo& w : lessons::kWindows)
                if (w.view_menu == place) ImGui::MenuItem(w.title, nullptr, &state.windows[w.id]);
        ImGui::Separator();
        TextSizeMenu(state);
        MotionMenu(state);
        if (ImGui::MenuItem("Reset layout")) state.layout_reset_requested = true;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Lessons")) {
        ImGui::MenuItem("Lesson path", nullptr, &state.windows[WindowId::Lessons]);
        const lessons::Lesson* last = LastLesson(state);
        const bool in_last = last && state.lessons.run && state.lessons.run->lesson().id == last->id;
        if (last && !in_last && ImGui::MenuItem(("Continue: " + last->title + "##menu-continue").c_str(), nullptr, false,
                                                state.sandbox != nullptr))
            ContinueLessons(state);
        if (ImGui::MenuItem("Free sandbox", nullptr, !state.lessons.run)) CloseLesson(state);
        if (ImGui::MenuItem("The end of the path", nullptr, state.lessons.show_end && !state.lessons.run)) {
            CloseLesson(state);
            state.lessons.show_end = true;
            state.windows[WindowId::Lessons] = true;
        }
        ImGui::Separator();
        for (const lessons::Lesson& lesson : state.lessons.path) {
            const std::string status = StatusLabel(state, lesson);
            const std::string label = (lesson.order == 0 ? std::string("Warm-up: ") : std::to_string(lesson.order) + ". ") +
                                      lesson.title + "##menu-" + lesson.id;
            const bool open = state.lessons.run && state.lessons.run->lesson().id == lesson.id;
            if (ImGui::MenuItem(label.c_str(), status.empty() ? nullptr : status.c_str(), open, state.sandbox != nullptr) && !open)
                OpenLesson(state, lesson.id);
        }
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Theme")) {
        if (ImGui::MenuItem("Dark", nullptr, state.theme == Theme::Dark)) state.theme = Theme::Dark;
        if (ImGui::MenuItem("Light", nullptr, state.theme == Theme::Light)) state.theme = Theme::Light;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        ImGui::MenuItem(WindowTitle(WindowId::Welcome), nullptr, &state.windows[WindowId::Welcome]);
        ImGui::MenuItem(WindowTitle(WindowId::About), nullptr, &state.windows[WindowId::About]);
        ImGui::EndMenu();
    }
    // The work a long stored log's open left for the background, while it runs, at the right end:
    // first the read models catching up (a click opens the Projections window, where they show
    // how far they have read), then the hash check (a click opens the Storage window).
    if (const sandbox::Sandbox* s = state.sandbox.get(); s && s->read_models_warming()) {
        BackgroundStatus(state, "Read models catching up: %d%%###read-models-warming", s->warm_progress(), WindowId::Projections);
    } else if (s && !s->hash_check().done()) {
        const auto& h = s->hash_check();
        BackgroundStatus(state, "Checking stored hashes: %d%%###stored-hash-check",
                         static_cast<double>(h.checked) / static_cast<double>(std::max<uint64_t>(1, h.total)), WindowId::Storage);
    }
    ImGui::EndMainMenuBar();
}

}  // namespace es::app
