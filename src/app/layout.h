// The default layout, in one place (what "Reset layout" restores): three columns under the menu
// bar and the banner. Left: Commands. Middle: Time travel above the lower middle, where Events and
// the windows opened on demand (Storage, Sequence diagram, Projections, Snapshots, console, CRUD)
// share the height, one above the other, re-tiled whenever one opens or closes: a new window
// takes free space and never covers another. Right: Lessons above Account state. It is measured
// in font sizes, so it follows the text size and the pixel ratio, and narrows on a small page.
#pragma once

#include <imgui.h>

#include <cstdint>

#include "lessons/windows.h"

namespace es::app {

struct AppState;

enum class Place { Left, MiddleTop, MiddleLower, RightTop, RightLower };

// Positions and sizes the next window at `place`: always after a layout reset, otherwise the
// first time it is shown. (Lower-middle windows: PlaceLowerMiddleWindow.)
void PlaceNextWindow(const AppState& state, Place place);

// The windows that share the lower middle, as bits of WindowId, and those of them open now.
bool InLowerMiddle(lessons::WindowId id);
uint32_t OpenLowerMiddleWindows(const AppState& state);

// Positions and sizes the next window, one of the lower middle's, in its share of that space
// (the one opened last three parts, every other one part, in table order from the top): after a layout reset,
// and whenever the set of open lower-middle windows changed (AppState::middle_lower_retile).
// Past as many as fit at a readable height, the rest share the last slot, cascaded.
void PlaceLowerMiddleWindow(const AppState& state, lessons::WindowId id);

// Begin() for a panel that shows the sandbox: false when it is collapsed, or while the stored
// log loads (it then says so); in both cases the window is already ended.
bool BeginSandboxPanel(const AppState& state, const char* title, bool* p_open);

}  // namespace es::app
