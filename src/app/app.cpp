// One frame of the sandbox UI, and its observable state for the test hook.
#include "app/app_state.h"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "app/panels.h"

namespace es::app {

void DrawApp(AppState& state) {
    ShowMainMenuBar(state);
    if (state.show_welcome) ShowWelcomeWindow(state, &state.show_welcome);
    if (state.show_about) ShowAboutWindow(state, &state.show_about);
    // A reset applies to every window for exactly one frame (ImGuiCond_Always above).
    state.layout_reset_requested = false;
}

std::string DescribeAppState(const AppState& state) {
    nlohmann::json j;
    j["windows"] = {{"Welcome", state.show_welcome}, {"About the sandbox", state.show_about}};
    j["theme"] = state.theme == Theme::Dark ? "dark" : "light";
    j["uiScale"] = state.ui_scale;
    return j.dump();
}

}  // namespace es::app
