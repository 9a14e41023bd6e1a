// Help > About: versions and where the sandbox keeps its data.
#include "app/panels.h"

#include <imgui.h>

#include "app/widgets.h"

namespace es::app {

void ShowAboutWindow(AppState& state, bool* p_open) {
    const float em = ImGui::GetFontSize();
    const ImGuiCond cond = state.layout_reset_requested ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
    ImGui::SetNextWindowSize(ImVec2(em * 26.0f, 0.0f), cond);
    if (!ImGui::Begin(WindowTitle(WindowId::About), p_open, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::End();
        return;
    }
    ImGui::TextUnformatted("Event Sourcing Sandbox");
    ImGui::Separator();
    Paragraph("An event store and a bank-account domain written in C++17, compiled to "
              "WebAssembly, with a Dear ImGui interface drawn with WebGL 2.");
    ImGui::Text("Dear ImGui %s", ImGui::GetVersion());
    ImGui::Text("Display scale: %.2f device pixels per CSS pixel", static_cast<double>(state.ui_scale));
    ImGui::End();
}

}  // namespace es::app
