// The main menu bar: which windows are open, the theme, the layout, help.
#include "app/panels.h"

#include <imgui.h>

#include "app/lesson_flow.h"

namespace es::app {

void ShowMainMenuBar(AppState& state) {
    if (!ImGui::BeginMainMenuBar()) return;
    if (ImGui::BeginMenu("View")) {
        ImGui::MenuItem("Welcome", nullptr, &state.show_welcome);
        ImGui::MenuItem("Commands", nullptr, &state.show_commands);
        ImGui::MenuItem("Events", nullptr, &state.show_events);
        ImGui::MenuItem("Storage", nullptr, &state.show_storage);
        ImGui::MenuItem("Time travel", nullptr, &state.show_time_travel);
        ImGui::MenuItem("Account state", nullptr, &state.show_accounts);
        ImGui::MenuItem("Sequence diagram", nullptr, &state.show_sequence);
        ImGui::MenuItem("Projections", nullptr, &state.show_projections);
        ImGui::MenuItem("Snapshots", nullptr, &state.show_snapshots);
        ImGui::MenuItem("Event history console", nullptr, &state.show_console);
        ImGui::MenuItem("CRUD vs event sourcing", nullptr, &state.show_crud);
        ImGui::Separator();
        if (ImGui::MenuItem("Reset layout")) state.layout_reset_requested = true;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Lessons")) {
        ImGui::MenuItem("Lesson path", nullptr, &state.show_lessons);
        if (ImGui::MenuItem("Free sandbox", nullptr, !state.lessons.run)) CloseLesson(state);
        ImGui::Separator();
        for (const lessons::Lesson& lesson : state.lessons.path) {
            const std::string label = (lesson.order == 0 ? std::string("Warm-up: ") : std::to_string(lesson.order) + ". ") +
                                      lesson.title + "##menu-" + lesson.id;
            const bool open = state.lessons.run && state.lessons.run->lesson().id == lesson.id;
            if (ImGui::MenuItem(label.c_str(), nullptr, open, state.sandbox != nullptr) && !open) OpenLesson(state, lesson.id);
        }
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Theme")) {
        if (ImGui::MenuItem("Dark", nullptr, state.theme == Theme::Dark)) state.theme = Theme::Dark;
        if (ImGui::MenuItem("Light", nullptr, state.theme == Theme::Light)) state.theme = Theme::Light;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        ImGui::MenuItem("About the sandbox", nullptr, &state.show_about);
        ImGui::EndMenu();
    }
    ImGui::EndMainMenuBar();
}

}  // namespace es::app
