// The default layout, in one place (what "Reset layout" restores): three columns under the menu
// bar and the banner. Left: Commands. Middle: Time travel above Events; the windows opened on
// demand (Sequence diagram, Projections, Snapshots, console, CRUD) over the lower middle. Right:
// Lessons above Account state. Storage is on demand too, over the lower middle. It is measured in
// font sizes, so it follows the text size and the pixel ratio, and narrows on a small page.
#pragma once

#include <imgui.h>

namespace es::app {

struct AppState;

enum class Place { Left, MiddleTop, MiddleLower, RightTop, RightLower };

// Positions and sizes the next window at `place`: always after a layout reset, otherwise as
// `first` says (FirstUseEver for the panels open from the start, Appearing for the on-demand
// ones). `cascade` moves a window down by that many title bars, so on-demand windows opened
// together keep their titles visible.
void PlaceNextWindow(const AppState& state, Place place, ImGuiCond first, int cascade = 0);

// Begin() for a panel that shows the sandbox: false when it is collapsed, or while the stored
// log loads (it then says so); in both cases the window is already ended.
bool BeginSandboxPanel(const AppState& state, const char* title, bool* p_open);

}  // namespace es::app
