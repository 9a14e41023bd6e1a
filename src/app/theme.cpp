// Fonts and colours for the sandbox (see theme.h).
#include "app/theme.h"

#include <cmath>
#include <cstdio>
#include <iterator>

#include <imgui.h>

namespace es::app {
namespace {

constexpr float kBodySize = 16.0f;     // CSS pixels
constexpr float kHeadingSize = 22.0f;
constexpr float kMonoSize = 14.0f;

bool FileExists(const char* path) {
    if (FILE* f = std::fopen(path, "rb")) {
        std::fclose(f);
        return true;
    }
    return false;
}

ImFont* AddFont(const char* path, float size_px) {
    if (!FileExists(path)) {
        std::fprintf(stderr, "font %s is missing from app.data; using ImGui's built-in font\n", path);
        return nullptr;
    }
    ImFontConfig config;
    config.OversampleH = 2;
    config.OversampleV = 1;
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2010, 0x205E, 0x20AC, 0x20AC, 0x2190, 0x21FF, 0};
    return ImGui::GetIO().Fonts->AddFontFromFileTTF(path, size_px, &config, ranges);
}

}  // namespace

float LargerTextSize(float size) {
    for (float step : kTextSizes)
        if (step > size + 0.01f) return step;
    return std::end(kTextSizes)[-1];
}

float SmallerTextSize(float size) {
    for (auto it = std::rbegin(kTextSizes); it != std::rend(kTextSizes); ++it)
        if (*it < size - 0.01f) return *it;
    return kTextSizes[0];
}

float NearestTextSize(float size) {
    float nearest = kTextSizes[0];
    for (float step : kTextSizes)
        if (std::fabs(step - size) < std::fabs(nearest - size)) nearest = step;
    return nearest;
}

bool LoadFonts(AppState& state, float scale) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    state.fonts.body = AddFont("/fonts/Inter-Regular.otf", kBodySize * scale);
    state.fonts.heading = AddFont("/fonts/Inter-SemiBold.otf", kHeadingSize * scale);
    state.fonts.mono = AddFont("/fonts/JetBrainsMono-Regular.ttf", kMonoSize * scale);
    const bool all_loaded = state.fonts.body && state.fonts.heading && state.fonts.mono;
    if (!state.fonts.body) {
        ImFontConfig config;
        config.SizePixels = 13.0f * scale;
        state.fonts.body = io.Fonts->AddFontDefault(&config);
    }
    if (!state.fonts.heading) state.fonts.heading = state.fonts.body;
    if (!state.fonts.mono) state.fonts.mono = state.fonts.body;
    io.FontDefault = state.fonts.body;
    io.Fonts->Build();
    return all_loaded;
}

void ApplyTheme(Theme theme, float scale) {
    ImGuiStyle style;  // start from defaults so repeated scaling does not compound
    if (theme == Theme::Dark) {
        ImGui::StyleColorsDark(&style);
        ImVec4* c = style.Colors;
        c[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.12f, 0.15f, 1.00f);
        c[ImGuiCol_MenuBarBg] = ImVec4(0.14f, 0.15f, 0.19f, 1.00f);
        c[ImGuiCol_TitleBgActive] = ImVec4(0.20f, 0.29f, 0.48f, 1.00f);
        c[ImGuiCol_Header] = ImVec4(0.26f, 0.40f, 0.68f, 0.55f);
        c[ImGuiCol_Button] = ImVec4(0.26f, 0.40f, 0.68f, 0.60f);
    } else {
        ImGui::StyleColorsLight(&style);
        style.Colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.98f, 1.00f);
    }
    style.WindowRounding = 6.0f;
    style.FrameRounding = 4.0f;
    style.GrabRounding = 4.0f;
    style.PopupRounding = 4.0f;
    style.WindowPadding = ImVec2(14.0f, 12.0f);
    style.FramePadding = ImVec2(8.0f, 5.0f);
    style.ItemSpacing = ImVec2(10.0f, 8.0f);
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
}

}  // namespace es::app
