// The browser entry point: a GLFW window on the page's canvas, Dear ImGui with its GLFW and
// OpenGL ES 3 (WebGL 2) backends, and the once-per-frame loop.
//
// HiDPI: the canvas fills the window in CSS pixels (web/style.css) while its backing store is
// sized in device pixels, every frame (web/platform.js es_sync_canvas_size). ImGui then works in
// device pixels: Emscripten's GLFW reports mouse positions scaled by canvas.width / CSS width,
// which is exactly that, and fonts and style sizes are multiplied by devicePixelRatio, and by the
// learner's text size (View > Text size, Ctrl+= / Ctrl+- / Ctrl+0), so text stays crisp and
// readable; the layout is in font sizes, so it follows.
#include <algorithm>

#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten/emscripten.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "app/app_state.h"
#include "app/theme.h"
#include "platform/browser.h"
#include "platform/key_taps.h"
#include "platform/lessons_bridge.h"
#include "platform/persistence.h"
#include "platform/platform_state.h"
#include "platform/test_hook.h"

using es::platform::PlatformState;
using es::platform::TextSizeKey;

namespace {

PlatformState* g_state = nullptr;  // main()'s, for Platform()
es::platform::KeyTaps g_key_taps;  // key releases held back until a frame has seen the press
static_assert(es::platform::KeyTaps::kPress == GLFW_PRESS && es::platform::KeyTaps::kRelease == GLFW_RELEASE);
static_assert(es::platform::KeyTaps::kKeys == IM_ARRAYSIZE(ImGuiIO::KeysDown));

// The scale fonts and style are built for: device pixels per CSS pixel x the text size.
float WantedScale(const PlatformState& p) { return static_cast<float>(es_device_pixel_ratio()) * p.app.text_size; }

// The text-size shortcuts the page kept from the browser's zoom (web/platform.js).
void TakeTextSizeKey(es::app::AppState& app) {
    switch (static_cast<TextSizeKey>(es_take_text_size_key())) {
        case TextSizeKey::None: return;
        case TextSizeKey::Larger: app.text_size = es::app::LargerTextSize(app.text_size); return;
        case TextSizeKey::Smaller: app.text_size = es::app::SmallerTextSize(app.text_size); return;
        case TextSizeKey::Reset: app.text_size = es::app::kTextSizes[0]; return;
    }
}

// Fonts are rasterised for one scale; rebuild them (and the style) when the scale or the theme
// changes: the window moved to a screen with another pixel ratio, the browser zoomed, or the
// learner chose another text size. The windows then go back to the default layout, laid out
// in the new font size, so they still tile the page. A new text size is kept for the next visit.
void RefreshStyle(PlatformState& p, float scale) {
    es::platform::FrameLoop& loop = p.loop;
    if (loop.layout_reset_next_frame) {
        p.app.layout_reset_requested = true;
        loop.layout_reset_next_frame = false;
    }
    if (scale != loop.applied_scale) {
        es::app::LoadFonts(p.app, scale);
        // The first time, ImGui_ImplOpenGL3_NewFrame() creates the texture with the others.
        if (loop.applied_scale != 0.0f) {
            ImGui_ImplOpenGL3_DestroyFontsTexture();
            ImGui_ImplOpenGL3_CreateFontsTexture();
            // Now and once more next frame: ImGui learns the menu bar's new height (where the
            // windows start) only as this frame ends.
            p.app.layout_reset_requested = true;
            loop.layout_reset_next_frame = true;
        }
        // ImGui sizes windows from the previous frame's content (a scrollbar appears a frame
        // late): a few frames let the new sizes settle.
        loop.frames_to_draw = std::max(loop.frames_to_draw, 3);
        p.app.ui_scale = static_cast<float>(es_device_pixel_ratio());
    }
    if (scale != loop.applied_scale || p.app.theme != loop.applied_theme) {
        es::app::ApplyTheme(p.app.theme, scale);
        loop.applied_scale = scale;
        loop.applied_theme = p.app.theme;
    }
    if (p.app.text_size != loop.saved_text_size) {
        es_save_text_size(p.app.text_size);
        loop.saved_text_size = p.app.text_size;
    }
}

// Idle frames are skipped. Drawing costs the main thread 60-75 ms per frame on software WebGL
// (SwiftShader), which delayed every IndexedDB callback and input event behind it, so the app
// only draws when something can have changed: an input event is queued, the persistence layer
// or a panel asked for frames (RequestRedraw), a text field is active (its cursor blinks), or a
// second has passed.
bool ShouldDraw(const PlatformState& p, float scale) {
    const es::platform::FrameLoop& loop = p.loop;
    if (loop.input_seen || scale != loop.applied_scale || loop.frames_to_draw > 0) return true;
    if (ImGui::GetIO().WantTextInput) return true;
    if (p.app.animating) return true;  // e.g. the sequence diagram playing
    return emscripten_get_now() - loop.last_drawn_ms > 1000.0;
}

// Decoded events nobody read for ~2 s (120 calls: this runs every animation frame, drawn or not)
// are freed, their stored lines kept (EventStore::release_cold_events). What a window shows is
// read at each redraw, at least once a second, so it stays decoded (a fold that reads only the
// events' typed payloads and stamps, as time travel's does, keeps nothing decoded: event_run.h). A few chunks a frame, so
// releasing a large log just opened costs no frame more than a few milliseconds; and not while
// the open's background work (the read models' catch-up, the hash check) still reads the whole
// log in order: it would decode again what was released ahead of it. Here, after the frame, no
// reference into the log is held.
void ReleaseColdEvents(PlatformState& p) {
    constexpr size_t kChunksPerFrame = 4;
    constexpr uint32_t kUnreadFrames = 120;
    es::sandbox::Sandbox* s = p.app.sandbox.get();
    if (!s || s->read_models_warming() || !s->hash_check().done()) return;
    s->store().release_cold_events(kChunksPerFrame, kUnreadFrames);
}

void Frame(void* arg) {
    PlatformState& p = *static_cast<PlatformState*>(arg);
    es::platform::FrameLoop& loop = p.loop;
    glfwPollEvents();
    es::platform::TestHookTick();
    TakeTextSizeKey(p.app);
    es_sync_canvas_size();
    const float scale = WantedScale(p);
    int w = 0, h = 0;
    glfwGetFramebufferSize(loop.window, &w, &h);
    const ImVec2 size(static_cast<float>(w), static_cast<float>(h));
    if (size.x != ImGui::GetIO().DisplaySize.x || size.y != ImGui::GetIO().DisplaySize.y) loop.frames_to_draw = 3;
    if (!ShouldDraw(p, scale)) {
        es::platform::LessonsFrame(p.app);
        es::platform::PersistenceFrame(p);  // still carry out requests and writes
        ReleaseColdEvents(p);
        return;
    }
    if (loop.input_seen) loop.frames_to_draw = std::max(loop.frames_to_draw, 3);
    loop.input_seen = false;
    loop.frames_to_draw = std::max(loop.frames_to_draw - 1, 0);
    loop.last_drawn_ms = emscripten_get_now();
    RefreshStyle(p, scale);

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    // A frame that took long (a busy machine, a tab in the background) must not count as a key
    // held that long: Dear ImGui would repeat a pressed Enter or letter once the repeat delay
    // (0.275 s) passed within that one frame, typing it several times.
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = std::min(io.DeltaTime, 0.1f);
    ImGui::NewFrame();
    g_key_taps.frame_began();
    es::platform::TestHookBeginFrame();

    es::app::DrawApp(p.app);

    ImGui::Render();
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(loop.window, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    const ImVec4 bg = p.app.theme == es::app::Theme::Dark ? ImVec4(0.08f, 0.09f, 0.11f, 1.0f)
                                                          : ImVec4(0.85f, 0.87f, 0.90f, 1.0f);
    glClearColor(bg.x, bg.y, bg.z, bg.w);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    es::platform::TestHookEndFrame();
    // Taps this frame was the first to see: released now, after it saw them pressed once.
    for (int key : g_key_taps.take_held()) ImGui_ImplGlfw_KeyCallback(loop.window, key, 0, GLFW_RELEASE, 0);
    // The frame's appends go to IndexedDB as one write; requests from the panels are carried out.
    es::platform::LessonsFrame(p.app);
    es::platform::PersistenceFrame(p);
    ReleaseColdEvents(p);

    if (!loop.first_frame_shown) {
        loop.first_frame_shown = true;
        es_notify_first_frame();
    }
}

}  // namespace

// Input callbacks, installed before ImGui's GLFW backend, which calls them after its own (it
// chains to the callbacks it finds). They only note that something happened.
static void NoteInput() { es::platform::Platform().loop.input_seen = true; }
static void OnMouseButton(GLFWwindow*, int, int, int) { NoteInput(); }
static void OnScroll(GLFWwindow*, double, double) { NoteInput(); }
static void OnKey(GLFWwindow*, int, int, int, int) { NoteInput(); }
static void OnChar(GLFWwindow*, unsigned int) { NoteInput(); }
static void OnCursorPos(GLFWwindow*, double, double) { NoteInput(); }
static void OnCursorEnter(GLFWwindow*, int) { NoteInput(); }
// Installed over ImGui's own key callback (which then calls OnKey): a release no frame has yet
// seen the press of waits for the next frame (platform/key_taps.h).
static void OnKeyTap(GLFWwindow* window, int key, int scancode, int action, int mods) {
    if (g_key_taps.on_key(key, action)) {
        ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
    } else {
        NoteInput();  // draw the frame that sees the press, then release it
    }
}

namespace es::platform {

PlatformState& Platform() { return *g_state; }

void RequestRedraw(int frames) {
    FrameLoop& loop = Platform().loop;
    loop.frames_to_draw = std::max(loop.frames_to_draw, frames);
}

}  // namespace es::platform

int main() {
    static PlatformState platform;  // lives for the whole page; the main loop never returns
    g_state = &platform;

    if (!glfwInit()) {
        es_report_startup_error("other", "GLFW could not start in this browser.");
        return 1;
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    // ImGui draws flat triangles: no depth, stencil or alpha in the canvas. web/loader.js
    // creates the context early with these same attributes.
    glfwWindowHint(GLFW_DEPTH_BITS, 0);
    glfwWindowHint(GLFW_STENCIL_BITS, 0);
    glfwWindowHint(GLFW_ALPHA_BITS, 0);

    // Created at any size: each frame gives the canvas and the window their real one.
    GLFWwindow* window = glfwCreateWindow(1, 1, "Event Sourcing Sandbox", nullptr, nullptr);
    if (!window) {
        es_report_startup_error("webgl2", "could not create a WebGL 2 context");
        return 1;
    }
    platform.loop.window = window;
    glfwMakeContextCurrent(window);
    // The text size kept from an earlier visit (none kept: 100 %).
    platform.app.text_size = es::app::NearestTextSize(static_cast<float>(es_saved_text_size()));
    platform.loop.saved_text_size = platform.app.text_size;
    platform.app.motion.reduce_motion = es_prefers_reduced_motion() != 0;

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // layout is not persisted to imgui.ini in the browser
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;

    glfwSetMouseButtonCallback(window, OnMouseButton);
    glfwSetScrollCallback(window, OnScroll);
    glfwSetKeyCallback(window, OnKey);
    glfwSetCharCallback(window, OnChar);
    glfwSetCursorPosCallback(window, OnCursorPos);
    glfwSetCursorEnterCallback(window, OnCursorEnter);
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    glfwSetKeyCallback(window, OnKeyTap);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    es_install_text_size_keys();
    es::platform::InstallTestHook();
    es::platform::StartLessons(platform.app);
    es::platform::StartPersistence(platform);

    emscripten_set_main_loop_arg(Frame, &platform, 0, true);
    return 0;
}
