// Every panel of the sandbox, one per file (panel_*.cpp), in the imgui_demo.cpp shape:
// ShowXxx(AppState&, bool* p_open). The windows never compute domain state themselves.
#pragma once

#include "app/app_state.h"

namespace es::app {

void ShowMainMenuBar(AppState& state);                 // main_menu.cpp
void ShowWelcomeWindow(AppState& state, bool* p_open); // panel_welcome.cpp
void ShowAboutWindow(AppState& state, bool* p_open);   // panel_about.cpp

}  // namespace es::app
