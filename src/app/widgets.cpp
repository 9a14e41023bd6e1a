// Small reusable widgets shared by the panels.
#include "app/widgets.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <cstdio>
#include <cstring>
#include <ctime>

#include "app/app_state.h"

namespace es::app {

ImVec4 Green(const AppState& state) {
    return state.theme == Theme::Light ? ImVec4(0.10f, 0.48f, 0.22f, 1.0f) : ImVec4(0.35f, 0.75f, 0.45f, 1.0f);
}
ImVec4 Red(const AppState& state) {
    return state.theme == Theme::Light ? ImVec4(0.72f, 0.16f, 0.12f, 1.0f) : ImVec4(0.95f, 0.45f, 0.40f, 1.0f);
}
ImVec4 Amber(const AppState& state) {
    return state.theme == Theme::Light ? ImVec4(0.62f, 0.36f, 0.00f, 1.0f) : ImVec4(0.95f, 0.70f, 0.25f, 1.0f);
}

void Divider(const char* title) {
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextUnformatted(title);
}

void HelpMarker(const char* text) {
    // Beside the last item, or under it when the line has no room left (never cut off; decided
    // before SameLine, which would already count the space beside the item as content).
    const float right = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize("(?)").x;
    if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

float PanelTop(const AppState& state) {
    return ImGui::GetMainViewport()->WorkPos.y + state.banner_height + ImGui::GetFontSize() * 0.5f;
}

std::string WrapAtSpaces(const char* text, float width) {
    std::string out(text);
    const float space = ImGui::CalcTextSize(" ").x;
    float line = 0.0f;
    size_t line_start_space = std::string::npos;  // the space a line could break at, if any
    size_t i = 0;
    while (i < out.size()) {
        if (out[i] == '\n') {
            line = 0.0f;
            line_start_space = std::string::npos;
            ++i;
            continue;
        }
        size_t end = out.find_first_of(" \n", i);
        if (end == std::string::npos) end = out.size();
        const float word = ImGui::CalcTextSize(out.data() + i, out.data() + end).x;
        if (line > 0.0f && line + space + word > width && line_start_space != std::string::npos) {
            out[line_start_space] = '\n';  // the word starts the next line
            line = word;
        } else {
            line += (line > 0.0f ? space : 0.0f) + word;
        }
        if (end < out.size() && out[end] == ' ') line_start_space = end;
        i = end < out.size() && out[end] == ' ' ? end + 1 : end;
    }
    return out;
}

void Paragraph(const char* text) {
    // Wrapped at spaces only: ImGui's own wrapping may break after a '.' or a ',', which would cut
    // an amount like 1,000.00 in two.
    const std::string wrapped = WrapAtSpaces(text, ImGui::GetContentRegionAvail().x);
    ImGui::TextUnformatted(wrapped.c_str());
}

void Paragraph(const char* text, const ImVec4& colour) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    Paragraph(text);
    ImGui::PopStyleColor();
}

namespace {

bool DarkBackground() {
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    return bg.x + bg.y + bg.z < 1.5f;
}

std::string FormatTime(int64_t ms, bool utc) {
    const time_t seconds = static_cast<time_t>(ms / 1000);
    struct tm t {};
    if (utc) gmtime_r(&seconds, &t);
    else localtime_r(&seconds, &t);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &t);
    return text;
}

}  // namespace

ImVec4 EventTypeColor(const std::string& type) {
    struct Entry {
        const char* type;
        ImVec4 dark;
        ImVec4 light;
    };
    static const Entry kColours[] = {
        {"AccountCreated", ImVec4(0.45f, 0.70f, 1.00f, 1.0f), ImVec4(0.10f, 0.35f, 0.80f, 1.0f)},
        {"MoneyDeposited", ImVec4(0.40f, 0.85f, 0.50f, 1.0f), ImVec4(0.05f, 0.50f, 0.15f, 1.0f)},
        {"MoneyWithdrawn", ImVec4(1.00f, 0.65f, 0.30f, 1.0f), ImVec4(0.75f, 0.35f, 0.00f, 1.0f)},
        {"TransferSent", ImVec4(0.85f, 0.60f, 1.00f, 1.0f), ImVec4(0.50f, 0.20f, 0.70f, 1.0f)},
        {"TransferReceived", ImVec4(0.35f, 0.85f, 0.85f, 1.0f), ImVec4(0.00f, 0.45f, 0.50f, 1.0f)},
        {"AccountClosed", ImVec4(1.00f, 0.50f, 0.50f, 1.0f), ImVec4(0.75f, 0.10f, 0.10f, 1.0f)},
        {"DepositReversed", ImVec4(0.95f, 0.80f, 0.35f, 1.0f), ImVec4(0.55f, 0.42f, 0.00f, 1.0f)},
    };
    const bool dark = DarkBackground();
    for (const Entry& e : kColours) {
        if (type == e.type) return dark ? e.dark : e.light;
    }
    return ImGui::GetStyle().Colors[ImGuiCol_Text];
}

void EventTypeText(const std::string& type) {
    ImGui::PushStyleColor(ImGuiCol_Text, EventTypeColor(type));
    ImGui::TextUnformatted(type.c_str());
    ImGui::PopStyleColor();
}

std::string LocalTime(int64_t ms) { return FormatTime(ms, false); }
std::string UtcTime(int64_t ms) { return FormatTime(ms, true) + " UTC"; }

void TimeText(int64_t ms) {
    ImGui::TextUnformatted(LocalTime(ms).c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", UtcTime(ms).c_str());
}

bool ParseLocalTime(const char* text, int64_t& ms, std::string& error) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, used = 0;
    const int n = std::sscanf(text, " %4d-%2d-%2d %2d:%2d%n:%2d%n", &year, &month, &day, &hour, &minute, &used,
                              &second, &used);
    if (n < 5 || text[used + std::strspn(text + used, " ")] != '\0') {
        error = std::string("'") + text + "' is not a date and time: write it as YYYY-MM-DD HH:MM, e.g. 2026-11-24 15:00";
        return false;
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
        error = std::string("'") + text + "' has a month, day, hour, minute or second out of range";
        return false;
    }
    struct tm t {};
    t.tm_year = year - 1900;
    t.tm_mon = month - 1;
    t.tm_mday = day;
    t.tm_hour = hour;
    t.tm_min = minute;
    t.tm_sec = second;
    t.tm_isdst = -1;  // let the time zone say
    if (year < 1970 || year > 2037) {
        // (The WebAssembly build's time_t is 32 bits: the calendar ends in January 2038.)
        error = std::string("'") + text + "' is outside the years 1970 to 2037 that the sandbox's clock covers";
        return false;
    }
    const time_t seconds = std::mktime(&t);
    if (seconds == static_cast<time_t>(-1) || t.tm_mday != day) {
        error = std::string("'") + text + "' is not a day of the calendar";
        return false;
    }
    ms = static_cast<int64_t>(seconds) * 1000 + 999;  // the whole second counts
    return true;
}

void NameLastItem(const char* label) {
#ifdef IMGUI_ENABLE_TEST_ENGINE
    ImGuiContext& g = *GImGui;
    IMGUI_TEST_ENGINE_ITEM_INFO(g.LastItemData.ID, label, g.LastItemData.StatusFlags);
#else
    (void)label;
#endif
}

void PastMarker(AppState& state, const char* id) {
    if (state.travel.at_now || !ActiveSandbox(state)) return;
    const ImVec4 amber(0.95f, 0.70f, 0.25f, 1.0f);
    ImGui::PushStyleColor(ImGuiCol_Text, amber);
    ImGui::Text("Viewing the past: as of position %llu of %llu", static_cast<unsigned long long>(ViewPosition(state)),
                static_cast<unsigned long long>(ActiveSandbox(state)->store().head_position()));
    ImGui::PopStyleColor();
    ImGui::SameLine();
    const std::string label = std::string("Back to now##") + id;
    if (ImGui::SmallButton(label.c_str())) TravelTo(state, ~0ull);
}

}  // namespace es::app
