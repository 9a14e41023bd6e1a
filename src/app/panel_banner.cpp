// The banner under the menu bar: what the learner must know about their events right now
// (nothing survives a reload, a save failed, the stored log is damaged, another tab won a race,
// stored snapshots were ignored, the page must be reloaded, the browser asks about persistent
// storage), with what they can do about it. Hidden when all is well.
#include <imgui.h>
#include <imgui_internal.h>

#include <cmath>
#include <string>

#include "app/panels.h"
#include "app/widgets.h"

namespace es::app {

namespace {

struct Message {
    std::string text;
    ImVec4 colour;
    bool retry = false;
    bool export_reset = false;
    std::string* dismiss = nullptr;  // a notice an OK button clears
};

// When the banner appears, grows or goes, the windows' default spots move with it (a layout
// reset), so it never covers their title bars.
void SetBannerHeight(AppState& state, float height) {
    if (std::abs(height - state.banner_height) > 1.0f) {
        state.banner_height = height;
        state.layout_reset_requested = true;
    }
}

}  // namespace

void ShowBanner(AppState& state) {
    PersistenceStatus& p = state.persistence;
    const sandbox::Sandbox* sandbox = state.sandbox.get();
    const ImVec4 red(0.55f, 0.12f, 0.12f, 1.0f), amber(0.50f, 0.35f, 0.05f, 1.0f), blue(0.12f, 0.25f, 0.45f, 1.0f);
    Message m;
    if (p.mode == PersistenceStatus::Mode::Closed) {
        m = {"The sandbox was upgraded in another tab. Reload this page to continue; your saved events are safe.", red};
    } else if (sandbox && !sandbox->problem().empty()) {
        m = {"The stored log is damaged and nothing will be written: " + sandbox->problem(), red, false, true};
    } else if (!p.write_error.empty()) {
        const uint64_t pending = sandbox ? sandbox->storage().pending_count() : 0;
        m = {"Saving failed: " + p.write_error + ". Your " + std::to_string(pending) +
                 " newest events are kept here, still pending; retry, or export them to keep a copy.",
             red, true};
    } else if (!p.conflict_notice.empty()) {
        m = {p.conflict_notice, amber, false, false, &p.conflict_notice};
    } else if (!p.snapshot_notice.empty()) {
        m = {p.snapshot_notice, amber, false, false, &p.snapshot_notice};
    } else if (!p.storage_notice.empty()) {
        m = {p.storage_notice, blue, false, false, &p.storage_notice};
    } else if (p.mode == PersistenceStatus::Mode::MemoryOnly) {
        m = {"History will not survive a reload: this browser does not let the sandbox store data (" +
                 p.memory_only_reason + "). The sandbox works in memory; export your events to keep them.",
             amber};
    } else if (p.mode == PersistenceStatus::Mode::Loading) {
        m = {"", blue};
    } else {
        SetBannerHeight(state, 0.0f);
        return;
    }

    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float em = ImGui::GetFontSize();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(ImVec2(viewport->WorkSize.x, 0.0f));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, m.colour);
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize |
                                   ImGuiWindowFlags_NoFocusOnAppearing;
    if (ImGui::Begin("##banner", nullptr, flags)) {
        // Above every window, without taking keyboard focus from the one being typed in.
        ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
        if (p.mode == PersistenceStatus::Mode::Loading) {
            const float fraction = p.load_total ? static_cast<float>(p.load_done) / static_cast<float>(p.load_total) : 0.0f;
            const std::string label = "Loading stored events: " + std::to_string(p.load_done) + " of " +
                                      std::to_string(p.load_total);
            ImGui::ProgressBar(fraction, ImVec2(em * 24.0f, 0.0f), label.c_str());
        } else {
            ImGui::PushTextWrapPos(viewport->WorkSize.x - em * 12.0f);
            ImGui::TextUnformatted(m.text.c_str());
            ImGui::PopTextWrapPos();
        }
        if (m.retry) {
            if (ImGui::Button("Retry saving")) state.requests.retry_write = true;
            ImGui::SameLine();
            if (ImGui::Button("Export now")) state.requests.export_jsonl = true;
        }
        if (m.export_reset) {
            if (ImGui::Button("Export what loaded")) state.requests.export_jsonl = true;
            ImGui::SameLine();
            if (ImGui::Button("Reset...")) state.reset_confirm_open = true;
        }
        if (m.dismiss && ImGui::Button("OK")) m.dismiss->clear();
        SetBannerHeight(state, ImGui::GetWindowHeight());
    }
    ImGui::End();
    ImGui::PopStyleColor(2);
}

}  // namespace es::app
