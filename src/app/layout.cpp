// The default layout (layout.h): where each window goes, measured in font sizes.
#include "app/layout.h"

#include <algorithm>

#include "app/app_state.h"
#include "app/widgets.h"

namespace es::app {

using lessons::WindowId;

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
// The least height one window of the lower middle gets before windows share a slot.
constexpr float kLowerMiddleSlotMinEm = 4.5f;

// The rectangles of the default layout for the current page and text size.
struct Grid {
    float ex = 0, ey = 0;  // one em across and down (a font size, less on a small page)
    ImVec2 pos[5], size[5];  // by Place
};

Grid MakeGrid(const AppState& state) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float top = PanelTop(state);
    // The layout is measured in font sizes, so it grows with the text size and the pixel ratio,
    // as far as the page has room: `ex` across, `ey` down.
    const float font = ImGui::GetFontSize();
    Grid g;
    g.ex = std::min(font, viewport->WorkSize.x / (kLeftWidthEm + kMiddleMinWidthEm + kRightWidthEm + 4.0f * kGapEm));
    g.ey = std::min(font, (viewport->WorkPos.y + viewport->WorkSize.y - top) /
                              (kMiddleTopHeightEm + kMiddleLowerMinHeightEm + 2.0f * kGapEm));
    const float ex = g.ex, ey = g.ey;
    const float bottom = viewport->WorkPos.y + viewport->WorkSize.y - ey * kGapEm;
    const float left = viewport->WorkPos.x + ex * kGapEm;
    const float middle = left + ex * (kLeftWidthEm + kGapEm);
    const float right = viewport->WorkPos.x + viewport->WorkSize.x - ex * (kRightWidthEm + kGapEm);
    const float middle_width = right - ex * kGapEm - middle;
    const float middle_lower = top + ey * (kMiddleTopHeightEm + kGapEm);
    const float right_split = top + (bottom - top) * kRightTopShare;
    auto set = [&](Place p, ImVec2 pos, ImVec2 size) {
        g.pos[static_cast<int>(p)] = pos;
        g.size[static_cast<int>(p)] = size;
    };
    set(Place::Left, ImVec2(left, top), ImVec2(ex * kLeftWidthEm, bottom - top));
    set(Place::MiddleTop, ImVec2(middle, top), ImVec2(middle_width, ey * kMiddleTopHeightEm));
    set(Place::MiddleLower, ImVec2(middle, middle_lower), ImVec2(middle_width, bottom - middle_lower));
    set(Place::RightTop, ImVec2(right, top), ImVec2(ex * kRightWidthEm, right_split - top));
    set(Place::RightLower, ImVec2(right, right_split + ey * kGapEm), ImVec2(ex * kRightWidthEm, bottom - right_split - ey * kGapEm));
    return g;
}

uint32_t Bit(WindowId id) { return 1u << static_cast<unsigned>(id); }

}  // namespace

void PlaceNextWindow(const AppState& state, Place place) {
    const Grid g = MakeGrid(state);
    const ImGuiCond cond = state.layout_reset_requested ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
    ImGui::SetNextWindowPos(g.pos[static_cast<int>(place)], cond);
    ImGui::SetNextWindowSize(g.size[static_cast<int>(place)], cond);
}

bool InLowerMiddle(WindowId id) {
    switch (id) {
        case WindowId::Events: case WindowId::Storage: case WindowId::Sequence: case WindowId::Projections:
        case WindowId::Snapshots: case WindowId::Console: case WindowId::Crud: case WindowId::Flow:
        case WindowId::Replay: case WindowId::Integrity: case WindowId::Upcast: case WindowId::Code:
        case WindowId::DrawDiagram:
            return true;
        default:
            return false;
    }
}

uint32_t OpenLowerMiddleWindows(const AppState& state) {
    uint32_t open = 0;
    for (const lessons::WindowInfo& w : lessons::kWindows)
        if (InLowerMiddle(w.id) && state.windows[w.id]) open |= Bit(w.id);
    return open;
}

void PlaceLowerMiddleWindow(const AppState& state, WindowId id) {
    const Grid g = MakeGrid(state);
    const ImVec2 area_pos = g.pos[static_cast<int>(Place::MiddleLower)];
    const ImVec2 area = g.size[static_cast<int>(Place::MiddleLower)];
    // The open windows of the area in table order; a window being opened this frame counts too.
    const uint32_t open = state.middle_lower_open | Bit(id);
    const float gap = g.ey * kGapEm;
    const int fit = std::max(1, static_cast<int>((area.y + gap) / (g.ey * kLowerMiddleSlotMinEm + gap)));
    struct Slot { WindowId id; float weight; };
    Slot slots[lessons::kWindowCount];
    int n = 0;
    // The window opened last (the one a lesson's step or the learner just asked for) gets three
    // parts; Events and the others one each: all stay visible, the new one readable.
    WindowId newest = (open & Bit(state.middle_lower_newest)) ? state.middle_lower_newest : WindowId::Events;
    if (!(state.middle_lower_open & Bit(id))) newest = id;  // opening this frame
    for (const lessons::WindowInfo& w : lessons::kWindows)
        if (open & Bit(w.id)) slots[n++] = {w.id, w.id == newest && w.id != WindowId::Events ? 3.0f : 1.0f};
    // Past `fit` windows, the last slot is shared (cascaded by a title bar each).
    const int shown = std::min(n, fit);
    float total = 0.0f;
    for (int i = 0; i < shown; ++i) total += slots[i].weight;
    const float usable = area.y - gap * static_cast<float>(shown - 1);
    float y = area_pos.y;
    ImVec2 pos = area_pos, size = area;
    for (int i = 0; i < n; ++i) {
        const int slot = std::min(i, shown - 1);
        const float h = usable * slots[slot].weight / total;
        if (slots[i].id == id) {
            const float cascade = static_cast<float>(i - slot) * ImGui::GetFrameHeight();
            pos = ImVec2(area_pos.x, y + cascade);
            size = ImVec2(area.x, h - cascade);
            break;
        }
        if (i < shown - 1) y += h + gap;
    }
    const bool retile = state.layout_reset_requested || state.middle_lower_retile;
    const ImGuiCond cond = retile ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
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
