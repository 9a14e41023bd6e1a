// The browser platform layer's one state: the app, the main loop's bookkeeping, the IndexedDB
// bridge and the tests' hook. main() (web_main.cpp) owns it for the page's whole life; what JS
// calls back (the EMSCRIPTEN_KEEPALIVE functions) and Dear ImGui's test-engine hooks reach it
// through Platform(), so src/platform keeps no other global state.
#pragma once

#include "app/app_state.h"
#include "app/theme.h"
#include "platform/persistence.h"
#include "platform/test_hook.h"

struct GLFWwindow;

namespace es::platform {

// What the main loop keeps between frames (web_main.cpp).
struct FrameLoop {
    GLFWwindow* window = nullptr;
    float applied_scale = 0.0f;  // what fonts and style were last built for (pixel ratio x text size)
    float saved_text_size = 1.0f;  // what localStorage holds
    bool layout_reset_next_frame = false;  // the scale changed last frame (web_main.cpp RefreshStyle)
    app::Theme applied_theme = app::Theme::Dark;
    bool first_frame_shown = false;
    int frames_to_draw = 4;   // draw this many more frames even without input
    double last_drawn_ms = 0.0;
    bool input_seen = false;  // an input event arrived since the last tick
};

struct PlatformState {
    app::AppState app;
    FrameLoop loop;
    PersistenceState persistence;  // persistence*.cpp
    TestHookState test_hook;       // test_hook.cpp
};

// The state main() owns; valid from main()'s first line on (nothing calls it before).
PlatformState& Platform();

}  // namespace es::platform
