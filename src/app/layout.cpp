// The default layout (layout.h): where each window goes, measured in font sizes.
#include "app/layout.h"

#include <algorithm>

#include "app/app_state.h"
#include "app/widgets.h"

namespace es::app {

namespace {

constexpr float kLeftWidthEm = 22.5f;  // the Commands form's fields, labels and "(?)" side by side
constexpr float kRightWidthEm = 24.0f;
constexpr float kGapEm = 0.5f;
constexpr float kMiddleTopHeightEm = 12.5f;
constexpr float kRightTopShare = 0.66f;  // Lessons take the upper part of the right column
// The least the middle column and the windows under Time travel keep, so that at a large text
// size on a small screen the columns narrow (and Time travel grows shorter) instead of overlapping.
constexpr float kMiddleMinWidthEm = 20.0f;
constexpr float kMiddleLowerMinHeightEm = 10.0f;

}  // namespace

void PlaceNextWindow(const AppState& state, Place place, ImGuiCond first, int cascade) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float top = PanelTop(state);
    // The layout is measured in font sizes, so it grows with the text size and the pixel ratio,
    // as far as the page has room: `ex` across, `ey` down.
    const float font = ImGui::GetFontSize();
    const float ex = std::min(font, viewport->WorkSize.x / (kLeftWidthEm + kMiddleMinWidthEm + kRightWidthEm + 4.0f * kGapEm));
    const float ey = std::min(font, (viewport->WorkPos.y + viewport->WorkSize.y - top) /
                                        (kMiddleTopHeightEm + kMiddleLowerMinHeightEm + 2.0f * kGapEm));
    const float bottom = viewport->WorkPos.y + viewport->WorkSize.y - ey * kGapEm;
    const float left = viewport->WorkPos.x + ex * kGapEm;
    const float middle = left + ex * (kLeftWidthEm + kGapEm);
    const float right = viewport->WorkPos.x + viewport->WorkSize.x - ex * (kRightWidthEm + kGapEm);
    const float middle_width = right - ex * kGapEm - middle;
    const float middle_lower = top + ey * (kMiddleTopHeightEm + kGapEm);
    const float right_split = top + (bottom - top) * kRightTopShare;
    ImVec2 pos, size;
    switch (place) {
        case Place::Left: pos = ImVec2(left, top); size = ImVec2(ex * kLeftWidthEm, bottom - top); break;
        case Place::MiddleTop: pos = ImVec2(middle, top); size = ImVec2(middle_width, ey * kMiddleTopHeightEm); break;
        case Place::MiddleLower: pos = ImVec2(middle, middle_lower); size = ImVec2(middle_width, bottom - middle_lower); break;
        case Place::RightTop: pos = ImVec2(right, top); size = ImVec2(ex * kRightWidthEm, right_split - top); break;
        case Place::RightLower:
            pos = ImVec2(right, right_split + ey * kGapEm);
            size = ImVec2(ex * kRightWidthEm, bottom - right_split - ey * kGapEm);
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
