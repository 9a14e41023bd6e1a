// The end-to-end tests' window into the app (see web/platform.js, Module.esTest). It records
// where each labelled widget was drawn, through Dear ImGui's test-engine callbacks, so a test
// can find a widget by label and click it with real mouse events. It never performs actions.
#pragma once

#include <string>
#include <unordered_map>

#include <imgui.h>
#include <imgui_internal.h>

namespace es::platform {

// The hook's side of the platform state (platform_state.h).
struct TestHookState {
    std::unordered_map<std::string, ImRect> building;  // this frame, while it is drawn
    std::unordered_map<std::string, ImRect> published; // the last complete frame
    std::string state_json;
    std::string label;  // es_test_widget_label's answer
    int frames = 0;  // animation-frame ticks, drawn or idle (see web_main.cpp: idle frames are skipped)
};

// Call once after ImGui::CreateContext(); the tests then read the platform state's app
// (DescribeAppState()).
void InstallTestHook();

// Call right after ImGui::NewFrame() / ImGui::Render(): widgets are collected during the frame
// and published when it ends, so a query between frames sees one whole frame.
void TestHookBeginFrame();
void TestHookEndFrame();
// Once per animation frame, whether or not it was drawn: the tests' frame counter. An input
// event is always drawn on the next tick, so "two ticks after an input" means "reacted to it".
void TestHookTick();

}  // namespace es::platform
