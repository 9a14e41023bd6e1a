// Long-lived UI state of the sandbox, in one place (not scattered static locals). The core and
// the domain never see this struct; panels read it and the platform layer drives it.
#pragma once

#include <string>

struct ImFont;

namespace es::app {

enum class Theme { Dark, Light };

struct Fonts {
    ImFont* body = nullptr;     // Inter Regular: every label and paragraph
    ImFont* heading = nullptr;  // Inter SemiBold, larger: window headings
    ImFont* mono = nullptr;     // JetBrains Mono: event JSON, hashes, ids
};

struct AppState {
    // Which windows are open. Each panel takes a bool* p_open, as in imgui_demo.cpp.
    bool show_welcome = true;
    bool show_about = false;

    Theme theme = Theme::Dark;
    float ui_scale = 1.0f;              // device pixels per CSS pixel (devicePixelRatio)
    bool layout_reset_requested = true; // place windows at their default spots next frame
    Fonts fonts;
};

// Draws one frame of the whole UI: the main menu bar and every open window.
void DrawApp(AppState& state);

// The observable UI state as JSON, for the test hook.
std::string DescribeAppState(const AppState& state);

}  // namespace es::app
