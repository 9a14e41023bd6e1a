// Small reusable widgets shared by the panels.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <string>

namespace es::app {

// A greyed "(?)" that shows `text` in a tooltip on hover, as in imgui_demo.cpp. Every concept
// the sandbox teaches gets one right where it appears.
void HelpMarker(const char* text);

// Where the panels' default positions start: under the menu bar and the banner.
float PanelTop(const struct AppState& state);

// A paragraph that wraps at the window edge, between words only (never inside an amount).
void Paragraph(const char* text);
void Paragraph(const char* text, const ImVec4& colour);
// `text` with the spaces where it must break to fit `width` turned into line breaks.
std::string WrapAtSpaces(const char* text, float width);

// Success and failure colours, dark enough to read on the light theme too.
ImVec4 Green(const struct AppState& state);
ImVec4 Red(const struct AppState& state);
// "Not there yet" (a read model behind the log): orange, dark enough on the light theme.
ImVec4 Amber(const struct AppState& state);
// A titled divider (ImGui 1.86 has no SeparatorText).
void Divider(const char* title);

// One colour per event type, the same in every panel (readable on the dark and light themes).
ImVec4 EventTypeColor(const std::string& type);
void EventTypeText(const std::string& type);

// Times: local "2026-11-26 14:03:07" (the browser's time zone), and the same moment in UTC.
std::string LocalTime(int64_t ms);
std::string UtcTime(int64_t ms);
// The local time as text, with UTC in a tooltip on hover.
void TimeText(int64_t ms);
// Parses "YYYY-MM-DD HH:MM" or "YYYY-MM-DD HH:MM:SS" as local time; false with `error` saying
// what is wrong.
bool ParseLocalTime(const char* text, int64_t& ms, std::string& error);

// Reports the last item under `label` to Dear ImGui's test-engine hook, for widgets that do not
// report themselves in this version (combos): the test hook then finds it like any button.
void NameLastItem(const char* label);

// "Viewing the past" strip for a window that shows state as of the time-travel position, with
// a "Back to now" button. Draws nothing at now.
void PastMarker(struct AppState& state, const char* id);

}  // namespace es::app
