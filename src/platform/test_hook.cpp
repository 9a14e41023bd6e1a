// Implements ImGui's test-engine hooks (IMGUI_ENABLE_TEST_ENGINE) to learn widget rectangles by
// label, and the exported functions web/platform.js wraps as Module.esTest.
#include "platform/test_hook.h"

#include <emscripten/emscripten.h>
#include <malloc.h>

#include <algorithm>

#include "platform/browser.h"
#include "platform/platform_state.h"

namespace es::platform {
namespace {

// "Deposit##form" is findable as "Deposit##form" and as "Deposit"; "###id" labels by "id" too.
void Record(const char* label, const ImRect& rect) {
    auto& widgets = Platform().test_hook.building;
    std::string full(label);
    widgets[full] = rect;
    const size_t hashes = full.find("##");
    if (hashes != std::string::npos && hashes > 0) widgets.emplace(full.substr(0, hashes), rect);
    const size_t id = full.find("###");
    if (id != std::string::npos) widgets.emplace(full.substr(id + 3), rect);
}

}  // namespace

void InstallTestHook() { es_install_test_hook(); }

void TestHookBeginFrame() {
    GImGui->TestEngineHookItems = true;
    Platform().test_hook.building.clear();
}

void TestHookEndFrame() {
    TestHookState& hook = Platform().test_hook;
    hook.published.swap(hook.building);
}

void TestHookTick() { Platform().test_hook.frames++; }

}  // namespace es::platform

// --- Dear ImGui test-engine callbacks --------------------------------------------------------
void ImGuiTestEngineHook_ItemAdd(ImGuiContext*, const ImRect&, ImGuiID) {}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID, const char* label, ImGuiItemStatusFlags) {
    if (!label || !*label) return;
    // Only what a person can click: the visible part of the widget (tests click its centre).
    ImRect rect = ctx->LastItemData.Rect;
    if (ImGuiWindow* window = ctx->CurrentWindow) rect.ClipWithFull(window->ClipRect);
    if (rect.GetWidth() <= 0.0f || rect.GetHeight() <= 0.0f) return;
    es::platform::Record(label, rect);
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }

// --- Exported to JavaScript (listed in EXPORTED_FUNCTIONS) -------------------------------------
namespace {
int WriteRect(const ImRect& r, float* out) {
    out[0] = r.Min.x;
    out[1] = r.Min.y;
    out[2] = r.GetWidth();
    out[3] = r.GetHeight();
    return 1;
}

// How far the content of `root` and of the child windows in it reached past their visible width
// in the last frame (0 when all of it fits): none of them scrolls sideways, so content that does
// not fit is cut off at the edge.
float ClippedWidth(const ImGuiWindow* root) {
    float clipped = 0.0f;
    for (const ImGuiWindow* w : GImGui->Windows) {
        if (w->RootWindow != root || !w->WasActive || w->Hidden || w->ScrollbarX) continue;
        clipped = std::max(clipped, w->ContentSize.x - w->ContentRegionRect.GetWidth());
    }
    return clipped;
}
}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE int es_test_widget_rect(const char* label, float* out) {
    const auto& widgets = es::platform::Platform().test_hook.published;
    auto it = widgets.find(label);
    return it == widgets.end() ? 0 : WriteRect(it->second, out);
}

// The visible text of the widget whose label ends in "###id", as the last complete frame drew it
// (e.g. "Read models catching up: 68%" for "read-models-warming"); "" when none was drawn.
EMSCRIPTEN_KEEPALIVE const char* es_test_widget_label(const char* id) {
    es::platform::TestHookState& hook = es::platform::Platform().test_hook;
    const std::string suffix = std::string("###") + id;
    hook.label.clear();
    for (const auto& [label, rect] : hook.published) {
        if (label.size() > suffix.size() && label.compare(label.size() - suffix.size(), suffix.size(), suffix) == 0) {
            hook.label = label.substr(0, label.size() - suffix.size());
            break;
        }
    }
    return hook.label.c_str();
}

// `out`: the window's rectangle, then its ClippedWidth().
EMSCRIPTEN_KEEPALIVE int es_test_window_rect(const char* title, float* out) {
    ImGuiWindow* window = ImGui::FindWindowByName(title);
    if (!window || !window->WasActive || window->Hidden) return 0;
    out[4] = ClippedWidth(window);
    return WriteRect(window->Rect(), out);
}

EMSCRIPTEN_KEEPALIVE int es_test_frame_count() { return es::platform::Platform().test_hook.frames; }

// The bytes malloc has handed out and not taken back (dlmalloc's mallinfo), as a double: what the
// app holds, where the linear memory's size is its peak (it never shrinks). For the benchmarks.
EMSCRIPTEN_KEEPALIVE double es_test_heap_in_use() {
    const struct mallinfo m = mallinfo();
    return static_cast<double>(static_cast<unsigned>(m.uordblks)) + static_cast<double>(static_cast<unsigned>(m.hblkhd));
}

// The free sandbox's background hash check (Sandbox::hash_check): checked, total, ms of work,
// the bad position (0: none found). 0 when there is no sandbox. Cheap, unlike the whole state,
// for a test that polls it every frame while a large log is checked.
EMSCRIPTEN_KEEPALIVE int es_test_hash_check(double* out) {
    const es::sandbox::Sandbox* s = es::platform::Platform().app.sandbox.get();
    if (!s) return 0;
    const auto& h = s->hash_check();
    out[0] = static_cast<double>(h.checked);
    out[1] = static_cast<double>(h.total);
    out[2] = h.ms;
    out[3] = static_cast<double>(h.bad_position);
    out[4] = es::platform::Platform().app.persistence.warmed_at_ms;  // the read models left for later: caught up
    out[5] = s->warm_ms();                                           // their catch-up's own time
    return 1;
}

// The load as the benchmarks read it, without building the app's state (with 1,000,000 events
// open the heap has no room left for that): the persistence mode (PersistenceStatus::Mode as a
// number), the store's head and saved position, loadMs and its decode and open parts, when the
// store opened (performance.now()), 1 when the sandbox reports a problem, and how many of its events
// the store holds decoded (the rest as their stored lines only, RecordedLog): of the free sandbox,
// the one the stored log loads into (state() describes the active one: a lesson's while one is
// open). 0 when there is no sandbox yet.
EMSCRIPTEN_KEEPALIVE int es_test_load_stats(double* out) {
    const es::platform::PlatformState& p = es::platform::Platform();
    const es::sandbox::Sandbox* s = p.app.sandbox.get();
    if (!s) return 0;
    const es::app::PersistenceStatus& l = p.app.persistence;
    out[0] = static_cast<double>(l.mode);
    out[1] = static_cast<double>(s->store().head_position());
    out[2] = static_cast<double>(s->storage().saved_position());
    out[3] = l.load_ms;
    out[4] = l.load_decode_ms;
    out[5] = l.load_open_ms;
    out[6] = l.loaded_at_ms;
    out[7] = s->problem().empty() ? 0 : 1;
    out[8] = static_cast<double>(s->store().recorded_log().decoded_events());
    return 1;
}

EMSCRIPTEN_KEEPALIVE const char* es_test_state_json(int with_events) {
    es::platform::PlatformState& p = es::platform::Platform();
    p.test_hook.state_json = es::app::DescribeAppState(p.app, with_events != 0);
    return p.test_hook.state_json.c_str();
}

}  // extern "C"
