#include "app/layout.h"

#include "app/app_state.h"
#include "app/widgets.h"

namespace es::app {

namespace {

constexpr float kLeftWidthEm = 21.0f;
constexpr float kRightWidthEm = 24.0f;
constexpr float kGapEm = 0.5f;
constexpr float kMiddleTopHeightEm = 12.5f;
constexpr float kRightTopShare = 0.66f;  // Lessons take the upper part of the right column

}  // namespace

void PlaceNextWindow(const AppState& state, Place place, ImGuiCond first, int cascade) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float em = ImGui::GetFontSize();
    const float top = PanelTop(state);
    const float bottom = viewport->WorkPos.y + viewport->WorkSize.y - em * kGapEm;
    const float left = viewport->WorkPos.x + em * kGapEm;
    const float middle = left + em * (kLeftWidthEm + kGapEm);
    const float right = viewport->WorkPos.x + viewport->WorkSize.x - em * (kRightWidthEm + kGapEm);
    const float middle_width = right - em * kGapEm - middle;
    const float middle_lower = top + em * (kMiddleTopHeightEm + kGapEm);
    const float right_split = top + (bottom - top) * kRightTopShare;
    ImVec2 pos, size;
    switch (place) {
        case Place::Left: pos = ImVec2(left, top); size = ImVec2(em * kLeftWidthEm, bottom - top); break;
        case Place::MiddleTop: pos = ImVec2(middle, top); size = ImVec2(middle_width, em * kMiddleTopHeightEm); break;
        case Place::MiddleLower: pos = ImVec2(middle, middle_lower); size = ImVec2(middle_width, bottom - middle_lower); break;
        case Place::RightTop: pos = ImVec2(right, top); size = ImVec2(em * kRightWidthEm, right_split - top); break;
        case Place::RightLower:
            pos = ImVec2(right, right_split + em * kGapEm);
            size = ImVec2(em * kRightWidthEm, bottom - right_split - em * kGapEm);
            break;
    }
    const float shift = static_cast<float>(cascade) * ImGui::GetFrameHeight();
    pos.y += shift;
    size.y -= shift;
    const ImGuiCond cond = state.layout_reset_requested ? ImGuiCond_Always : first;
    ImGui::SetNextWindowPos(pos, cond);
    ImGui::SetNextWindowSize(size, cond);
}

bool BeginSandboxPanel(const AppState& state, const char* title, bool* p_open) {
    if (!ImGui::Begin(title, p_open)) {
        ImGui::End();
        return false;
    }
    if (!ActiveSandbox(state)) {
        ImGui::TextDisabled("Loading the stored events...");
        ImGui::End();
        return false;
    }
    return true;
}

}  // namespace es::app
