// Every panel of the sandbox, one per file (panel_*.cpp), in the imgui_demo.cpp shape:
// ShowXxx(AppState&, bool* p_open). The windows never compute domain state themselves.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "app/app_state.h"

namespace es::app {

void ShowMainMenuBar(AppState& state);                 // main_menu.cpp
void ShowWelcomeWindow(AppState& state, bool* p_open); // panel_welcome.cpp
void ShowAboutWindow(AppState& state, bool* p_open);   // panel_about.cpp
void ShowCommandsWindow(AppState& state, bool* p_open);  // panel_commands.cpp
void ShowEventsWindow(AppState& state, bool* p_open);    // panel_events.cpp
void ShowStorageWindow(AppState& state, bool* p_open);   // panel_storage.cpp
// The stored log's background hash check (Sandbox::check_hashes): how far it got, or what it
// found; nothing when the load checked every hash at open. Storage and Integrity windows.
void HashCheckStatus(const AppState& state, const sandbox::Sandbox& sandbox);  // panel_storage.cpp
void ShowTimeTravelWindow(AppState& state, bool* p_open);   // panel_time_travel.cpp
void ShowAccountStateWindow(AppState& state, bool* p_open); // panel_accounts.cpp
void ShowSequenceWindow(AppState& state, bool* p_open);     // panel_sequence.cpp
void ShowProjectionsWindow(AppState& state, bool* p_open);  // panel_projections.cpp
void ShowReadModelTables(AppState& state);                 // panel_read_models.cpp: inside Projections
void ShowSnapshotsWindow(AppState& state, bool* p_open);    // panel_snapshots.cpp
void ShowConsoleWindow(AppState& state, bool* p_open);      // panel_console.cpp
void ShowCrudWindow(AppState& state, bool* p_open);         // panel_crud.cpp
void ShowIntegrityWindow(AppState& state, bool* p_open);    // panel_integrity.cpp
void ShowUpcastWindow(AppState& state, bool* p_open);       // panel_upcast.cpp
void ShowReplayWindow(AppState& state, bool* p_open);       // panel_replay.cpp
void ShowFlowWindow(AppState& state, bool* p_open);         // panel_flow.cpp
void ShowDrawDiagramWindow(AppState& state, bool* p_open);  // panel_draw_diagram.cpp
// The Draw it exercise's cards: deals them from the chosen trace when it changed (or, `again`,
// anew), moves one (the mouse, the keyboard and a lesson's solution all move cards through it),
// checks them (and tells the open lesson). False when there is nothing to move or check.
void DealDiagramCards(AppState& state, bool again);
bool MoveDiagramCard(AppState& state, size_t from, size_t to);
bool CheckDiagramCards(AppState& state);
// What the Draw it window shows, for the test hook: the cards in order with their rectangles,
// and the last Check.
nlohmann::json DescribeDrawDiagram(const AppState& state);
// While the Command flow's token is at the store: its new events; at a read model: that one.
// The Events and Projections windows highlight them (panel_flow.cpp).
bool FlowHighlightsEvent(const AppState& state, uint64_t position);
bool FlowHighlightsProjection(const AppState& state, const std::string& name);
ImU32 FlowHighlightColour();
void ShowCodeWindow(AppState& state, bool* p_open);         // panel_code.cpp
// The event the Code window's run folded last: the Events window marks it.
bool CodeHighlightsEvent(const AppState& state, uint64_t position);
// "Run" in the Code window: the learner's code over the whole log (a lesson's run_code action too).
void RunCode(AppState& state);
// Forgets the run on screen (the sandbox under it changed).
void ForgetRun(CodeView& view);
// What the Code window shows, for the test hook.
Json DescribeCode(const AppState& state);
void ShowLessonsWindow(AppState& state, bool* p_open);      // panel_lessons.cpp
void ShowLessonPath(AppState& state);                       // panel_lesson_path.cpp: inside Lessons
void ShowLessonPathEnd(AppState& state);                    // panel_lesson_path.cpp: inside Lessons
void ShowResetConfirmation(AppState& state);             // panel_storage.cpp (a modal)
void ShowBanner(AppState& state);                        // panel_banner.cpp

}  // namespace es::app
