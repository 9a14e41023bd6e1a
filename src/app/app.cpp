// One frame of the sandbox UI, and its observable state for the test hook.
#include "app/app_state.h"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "app/panels.h"

namespace es::app {

void DrawApp(AppState& state) {
    ShowMainMenuBar(state);
    if (state.show_commands) ShowCommandsWindow(state, &state.show_commands);
    if (state.show_events) ShowEventsWindow(state, &state.show_events);
    if (state.show_storage) ShowStorageWindow(state, &state.show_storage);
    if (state.show_welcome) ShowWelcomeWindow(state, &state.show_welcome);
    if (state.show_about) ShowAboutWindow(state, &state.show_about);
    // A reset applies to every window for exactly one frame (ImGuiCond_Always above).
    state.layout_reset_requested = false;
    ShowBanner(state);  // last: drawn above the windows; may ask for a new layout below it
    ShowResetConfirmation(state);
}

namespace {

const char* ModeName(PersistenceStatus::Mode mode) {
    switch (mode) {
        case PersistenceStatus::Mode::Loading: return "loading";
        case PersistenceStatus::Mode::IndexedDb: return "indexeddb";
        case PersistenceStatus::Mode::MemoryOnly: return "memory";
        case PersistenceStatus::Mode::Closed: return "closed";
    }
    return "?";
}

// The store as a test sees it: enough to compare two loads event by event.
nlohmann::json DescribeStore(const Sandbox& s) {
    nlohmann::json events = nlohmann::json::array();
    for (const RecordedEvent& e : s.store().recorded_log()) {
        events.push_back({{"position", e.global_position}, {"stream", e.stream_id}, {"type", e.type},
                          {"eventId", e.event_id}, {"hash", e.hash}});
    }
    return {{"head", s.store().head_position()},
            {"saved", s.storage().saved_position()},
            {"pending", s.storage().pending_count()},
            {"writable", s.writable()},
            {"problem", s.problem()},
            {"events", events},
            {"balances", s.balances().to_json()["accounts"]}};
}

}  // namespace

std::string DescribeAppState(const AppState& state) {
    nlohmann::json j;
    j["windows"] = {{"Welcome", state.show_welcome}, {"About the sandbox", state.show_about},
                    {"Commands", state.show_commands}, {"Events", state.show_events},
                    {"Storage", state.show_storage}};
    j["theme"] = state.theme == Theme::Dark ? "dark" : "light";
    j["uiScale"] = state.ui_scale;
    const PersistenceStatus& p = state.persistence;
    j["persistence"] = {{"mode", ModeName(p.mode)},      {"loadTotal", p.load_total},
                        {"loadDone", p.load_done},       {"loadMs", p.load_ms},
                        {"memoryOnlyReason", p.memory_only_reason}, {"writeError", p.write_error},
                        {"conflictNotice", p.conflict_notice},      {"importResult", p.import_result},
                        {"importOk", p.import_ok},       {"persisted", p.persisted}};
    j["lastCommand"] = {{"ok", state.last_command_ok}, {"result", state.last_command_result}};
    j["store"] = state.sandbox ? DescribeStore(*state.sandbox) : nlohmann::json(nullptr);
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace es::app
