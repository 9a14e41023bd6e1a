// The end-to-end tests' window into the app (see web/platform.js, Module.esTest). It records
// where each labelled widget was drawn, through Dear ImGui's test-engine callbacks, so a test
// can find a widget by label and click it with real mouse events. It never performs actions.
#pragma once

#include "app/app_state.h"

namespace es::platform {

// Call once after ImGui::CreateContext(), with the state DescribeAppState() should report.
void InstallTestHook(const app::AppState* state);

// Call right after ImGui::NewFrame() / ImGui::Render(): widgets are collected during the frame
// and published when it ends, so a query between frames sees one whole frame.
void TestHookBeginFrame();
void TestHookEndFrame();
// Once per animation frame, whether or not it was drawn: the tests' frame counter. An input
// event is always drawn on the next tick, so "two ticks after an input" means "reacted to it".
void TestHookTick();

}  // namespace es::platform
