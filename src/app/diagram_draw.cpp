// The sequence diagrams' shared drawing (diagram_draw.h).
#include "app/diagram_draw.h"

#include <algorithm>
#include <string>

namespace es::app {

float LifelineHeadHeight() { return ImGui::GetFontSize() * 2.8f; }

void DrawLifelines(ImDrawList* dl, ImVec2 origin, float column, float bottom) {
    const float em = ImGui::GetFontSize();
    const ImU32 line = ImGui::GetColorU32(ImGuiCol_Border);
    const ImU32 box = ImGui::GetColorU32(ImGuiCol_FrameBg);
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    for (int i = 0; i < kLifelineCount; ++i) {
        const Lifeline l = static_cast<Lifeline>(i);
        std::string name = lifeline_name(l);
        if (const size_t space = name.find(' '); space != std::string::npos) name[space] = '\n';
        const float x = LifelineX(origin.x, column, l);
        const ImVec2 size = ImGui::CalcTextSize(name.c_str());
        const float head_bottom = origin.y + LifelineHeadHeight();
        dl->AddRectFilled(ImVec2(x - size.x * 0.5f - 6.0f, origin.y), ImVec2(x + size.x * 0.5f + 6.0f, head_bottom), box, 4.0f);
        dl->AddText(ImVec2(x - size.x * 0.5f, head_bottom - size.y - em * 0.2f), text, name.c_str());
        dl->AddLine(ImVec2(x, head_bottom), ImVec2(x, bottom), line, 1.0f);
    }
}

void DrawArrow(ImDrawList* dl, float x0, float x1, float y, ImU32 colour, bool dashed) {
    if (dashed) {
        const float dir = x1 > x0 ? 1.0f : -1.0f;
        for (float x = x0; (x1 - x) * dir > 0.0f; x += dir * 8.0f) {
            const float end = dir > 0 ? std::min(x + 5.0f, x1) : std::max(x - 5.0f, x1);
            dl->AddLine(ImVec2(x, y), ImVec2(end, y), colour, 1.5f);
        }
    } else {
        dl->AddLine(ImVec2(x0, y), ImVec2(x1, y), colour, 1.5f);
    }
    const float head = x1 > x0 ? -7.0f : 7.0f;
    dl->AddTriangleFilled(ImVec2(x1, y), ImVec2(x1 + head, y - 4.0f), ImVec2(x1 + head, y + 4.0f), colour);
}

}  // namespace es::app
