// Small reusable widgets shared by the panels.
#include "app/widgets.h"

#include <imgui.h>

#include "app/app_state.h"

namespace es::app {

void HelpMarker(const char* text) {
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

float PanelTop(const AppState& state) {
    return ImGui::GetMainViewport()->WorkPos.y + state.banner_height + ImGui::GetFontSize() * 0.5f;
}

void Paragraph(const char* text) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
}

}  // namespace es::app
