// Small reusable widgets shared by the panels.
#pragma once

namespace es::app {

// A greyed "(?)" that shows `text` in a tooltip on hover, as in imgui_demo.cpp. Every concept
// the sandbox teaches gets one right where it appears.
void HelpMarker(const char* text);

// Where the panels' default positions start: under the menu bar and the banner.
float PanelTop(const struct AppState& state);

// A paragraph that wraps at the window edge.
void Paragraph(const char* text);

}  // namespace es::app
