// Command flow: the last command's real path drawn as stations left to right (Command, Decide on
// the aggregate, Event store, one per read model), wrapping to more rows in a narrow window, with
// a token that travels it one station per step at View > Motion's speed and a line of narration
// per step. A refusal stops at Decide in red, a stale expected version at the store. Everything
// comes from Sandbox::last_flow (sandbox/command_flow.h); this file only draws and plays it.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "app/layout.h"
#include "app/panels.h"
#include "app/widgets.h"

namespace es::app {

namespace {

constexpr size_t kLinesShown = 3;  // per station; the rest are in its tooltip

const sandbox::CommandFlow* ShownFlow(const AppState& state) {
    const auto* sandbox = ActiveSandbox(state);
    if (!sandbox || !state.windows[WindowId::Flow]) return nullptr;
    const sandbox::CommandFlow& f = sandbox->last_flow();
    if (f.serial == 0 || state.flow.sandbox_seen != sandbox || state.flow.serial_seen != f.serial) return nullptr;
    return &f;
}

// The station the token is at, in the flow the window shows (nullptr: none).
const sandbox::FlowStation* CurrentStation(const AppState& state) {
    const sandbox::CommandFlow* f = ShownFlow(state);
    if (!f || state.flow.step >= f->reached) return nullptr;
    return &f->stations[state.flow.step];
}

ImU32 Accent(float alpha = 1.0f) { return ImGui::ColorConvertFloat4ToU32(ImVec4(0.35f, 0.65f, 1.0f, alpha)); }
ImU32 Failure(float alpha = 1.0f) { return ImGui::ColorConvertFloat4ToU32(ImVec4(0.90f, 0.32f, 0.28f, alpha)); }

// Starts a new flow from its first station; advances a played one every motion step.
void Advance(AppState& state, const sandbox::Sandbox& sandbox) {
    FlowView& v = state.flow;
    const sandbox::CommandFlow& f = sandbox.last_flow();
    const double now = ImGui::GetTime();
    if (v.sandbox_seen != &sandbox || v.serial_seen != f.serial) {
        v.sandbox_seen = &sandbox;
        v.serial_seen = f.serial;
        v.step = 0;
        v.followed = ~size_t{0};
        v.playing = f.serial != 0;
        v.step_started_s = now;
    }
    if (f.reached == 0) return;
    v.step = std::min(v.step, f.reached - 1);
    if (!v.playing) return;
    state.animating = true;
    if (now - v.step_started_s < state.motion.step_seconds()) return;
    if (v.step + 1 < f.reached) {
        ++v.step;
        v.step_started_s = now;
    } else {
        v.playing = false;  // the token rests at its last station
    }
}

void Controls(AppState& state, const sandbox::CommandFlow& f) {
    FlowView& v = state.flow;
    const double now = ImGui::GetTime();
    const size_t last = f.reached > 0 ? f.reached - 1 : 0;
    auto go = [&](size_t step) {
        v.step = std::min(step, last);
        v.playing = false;
        v.step_started_s = now;
    };
    if (ImGui::Button("|<##flow")) go(0);
    ImGui::SameLine();
    if (ImGui::Button("< Back##flow")) go(v.step > 0 ? v.step - 1 : 0);
    ImGui::SameLine();
    if (ImGui::Button("Next >##flow")) go(v.step + 1);
    ImGui::SameLine();
    if (ImGui::Button(v.playing ? "Pause##flow" : "Play##flow")) {
        const bool ended = v.step >= last;
        v.playing = !v.playing;
        if (v.playing && ended) v.step = 0;
        v.step_started_s = now;
    }
    ImGui::SameLine();
    ImGui::TextDisabled("step %zu of %zu", std::min(v.step, last) + 1, f.reached);
}

struct Box {
    ImVec2 min, max;
};

// Lays the stations out in rows that fit the window's width: wrapped, never clipped.
std::vector<Box> Layout(const sandbox::CommandFlow& f, float width, float em, float& height) {
    const size_t n = f.stations.size();
    const float gap = em * 1.6f, row_gap = em * 1.4f, pad = em * 0.4f;
    const float min_w = em * 8.5f;
    const size_t per_row = std::clamp<size_t>(static_cast<size_t>((width + gap) / (min_w + gap)), 1, n);
    const float box_w = std::min(em * 15.0f, (width - gap * static_cast<float>(per_row - 1)) / static_cast<float>(per_row));
    std::vector<Box> boxes(n);
    float y = em * 0.6f;  // room for the token above the first row
    for (size_t first = 0; first < n; first += per_row) {
        float row_h = 0.0f;
        for (size_t i = first; i < std::min(n, first + per_row); ++i) {
            const sandbox::FlowStation& s = f.stations[i];
            float h = pad * 2.0f + ImGui::GetTextLineHeightWithSpacing();
            for (size_t l = 0; l < s.lines.size() && l < kLinesShown; ++l)
                h += ImGui::CalcTextSize(s.lines[l].c_str(), nullptr, false, box_w - pad * 2.0f).y;
            row_h = std::max(row_h, h);
        }
        for (size_t i = first; i < std::min(n, first + per_row); ++i) {
            const float x = static_cast<float>(i - first) * (box_w + gap);
            boxes[i] = {ImVec2(x, y), ImVec2(x + box_w, y)};
        }
        for (size_t i = first; i < std::min(n, first + per_row); ++i) boxes[i].max.y = y + row_h;
        y += row_h + row_gap;
    }
    height = y - row_gap + em * 0.4f;
    return boxes;
}

void Arrow(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 colour) {
    dl->AddLine(a, b, colour, 1.5f);
    const float dx = b.x > a.x ? -7.0f : (b.x < a.x ? 7.0f : 0.0f);
    const float dy = dx == 0.0f ? -7.0f : 0.0f;
    if (dx != 0.0f) dl->AddTriangleFilled(b, ImVec2(b.x + dx, b.y - 4.0f), ImVec2(b.x + dx, b.y + 4.0f), colour);
    else dl->AddTriangleFilled(b, ImVec2(b.x - 4.0f, b.y + dy), ImVec2(b.x + 4.0f, b.y + dy), colour);
}

void DrawStations(AppState& state, const sandbox::CommandFlow& f) {
    const float em = ImGui::GetFontSize();
    const float pad = em * 0.4f;
    float height = 0.0f;
    const float width = ImGui::GetContentRegionAvail().x;
    const std::vector<Box> layout = Layout(f, width, em, height);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const ImU32 frame = ImGui::GetColorU32(ImGuiCol_FrameBg);
    const ImU32 border = ImGui::GetColorU32(ImGuiCol_Border);
    const size_t step = state.flow.step;
    auto box = [&](size_t i) { return Box{ImVec2(origin.x + layout[i].min.x, origin.y + layout[i].min.y),
                                          ImVec2(origin.x + layout[i].max.x, origin.y + layout[i].max.y)}; };
    for (size_t i = 0; i + 1 < f.stations.size(); ++i) {
        const Box a = box(i), b = box(i + 1);
        const ImU32 c = i + 1 < f.reached ? border : ImGui::GetColorU32(ImGuiCol_Border, 0.4f);
        if (std::fabs(a.min.y - b.min.y) < 1.0f) {
            const float y = a.min.y + em * 1.2f;
            Arrow(dl, ImVec2(a.max.x, y), ImVec2(b.min.x, y), c);
        } else {  // to the next row: down, back to its first station, down
            const float mid = a.max.y + (b.min.y - a.max.y) * 0.5f;
            const float ax = (a.min.x + a.max.x) * 0.5f, bx = (b.min.x + b.max.x) * 0.5f;
            dl->AddLine(ImVec2(ax, a.max.y), ImVec2(ax, mid), c, 1.5f);
            dl->AddLine(ImVec2(ax, mid), ImVec2(bx, mid), c, 1.5f);
            Arrow(dl, ImVec2(bx, mid), ImVec2(bx, b.min.y), c);
        }
    }
    for (size_t i = 0; i < f.stations.size(); ++i) {
        const sandbox::FlowStation& s = f.stations[i];
        const Box b = box(i);
        const bool reached = i < f.reached, current = i == step;
        ImU32 edge = reached ? Accent(current ? 1.0f : 0.55f) : border;
        ImU32 fill = frame;
        if (s.error) edge = Failure(), fill = Failure(current ? 0.30f : 0.15f);
        else if (current) fill = Accent(0.22f);
        dl->AddRectFilled(b.min, b.max, fill, 5.0f);
        dl->AddRect(b.min, b.max, edge, 5.0f, 0, current ? 2.5f : 1.2f);
        const float wrap = b.max.x - b.min.x - pad * 2.0f;
        ImVec2 at(b.min.x + pad, b.min.y + pad);
        const ImU32 ink = reached ? text : dim;
        dl->AddText(ImGui::GetFont(), em, at, s.error ? Failure() : ink, s.name.c_str());
        at.y += ImGui::GetTextLineHeightWithSpacing();
        for (size_t l = 0; l < s.lines.size() && l < kLinesShown; ++l) {
            const std::string line = l + 1 == kLinesShown && s.lines.size() > kLinesShown
                                         ? "+" + std::to_string(s.lines.size() - l) + " more (hover)"
                                         : s.lines[l];
            dl->AddText(ImGui::GetFont(), em, at, ink, line.c_str(), nullptr, wrap);
            at.y += ImGui::CalcTextSize(line.c_str(), nullptr, false, wrap).y;
        }
        if (ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(b.min, b.max)) {
            std::string all = s.name;
            for (const std::string& line : s.lines) all += "\n" + line;
            ImGui::SetTooltip("%s", all.c_str());
        }
    }
    // The token: at its station, or on its way there from the previous one (no travel with
    // reduced motion: it is simply at the station).
    if (f.reached > 0 && step < f.reached) {
        const Box to = box(step);
        ImVec2 pos((to.min.x + to.max.x) * 0.5f, to.min.y);
        const double travel = state.motion.step_seconds() * 0.45;
        const double t = (state.motion.reduce_motion || step == 0 || !state.flow.playing)
                             ? 1.0
                             : std::clamp((ImGui::GetTime() - state.flow.step_started_s) / travel, 0.0, 1.0);
        if (t < 1.0) {
            const Box from = box(step - 1);
            const ImVec2 a((from.min.x + from.max.x) * 0.5f, from.min.y);
            const float e = static_cast<float>(t * t * (3.0 - 2.0 * t));  // ease in and out
            pos = ImVec2(a.x + (pos.x - a.x) * e, a.y + (pos.y - a.y) * e);
        }
        // A new current station out of view: scroll the picture to it.
        if (state.flow.followed != step) {
            state.flow.followed = step;
            const float top = to.min.y - em * 0.6f, bottom = to.max.y + em * 0.2f;
            const float win_top = ImGui::GetWindowPos().y, win_h = ImGui::GetWindowHeight();
            if (top < win_top || bottom > win_top + win_h) ImGui::SetScrollY(ImGui::GetScrollY() + top - win_top);
        }
        const bool stopped = f.stations[step].error;
        dl->AddCircleFilled(pos, em * 0.45f, stopped ? Failure() : Accent());
        dl->AddCircle(pos, em * 0.45f, ImGui::ColorConvertFloat4ToU32(style.Colors[ImGuiCol_WindowBg]), 0, 2.0f);
    }
    ImGui::Dummy(ImVec2(width, height));
}

}  // namespace

bool FlowHighlightsEvent(const AppState& state, uint64_t position) {
    const sandbox::FlowStation* s = CurrentStation(state);
    if (!s || s->error || s->name != "Event store") return false;
    for (const sandbox::FlowEvent& e : ShownFlow(state)->events)
        if (e.position == position) return true;
    return false;
}

bool FlowHighlightsProjection(const AppState& state, const std::string& name) {
    const sandbox::FlowStation* s = CurrentStation(state);
    return s && s->name == name;
}

ImU32 FlowHighlightColour() { return Accent(0.30f); }

void ShowFlowWindow(AppState& state, bool* p_open) {
    PlaceLowerMiddleWindow(state, WindowId::Flow);
    if (!BeginSandboxPanel(state, WindowTitle(WindowId::Flow), p_open)) return;
    const auto* sandbox = ActiveSandbox(state);
    Advance(state, *sandbox);
    const sandbox::CommandFlow& f = sandbox->last_flow();
    if (f.serial == 0) {
        Paragraph("No command yet. Send one (Commands window): its path is drawn here, from the command to the "
                  "aggregate that decides, the event store and each read model, with what changed at each.");
        ImGui::End();
        return;
    }
    if (f.accepted()) ImGui::TextColored(Green(state), "Accepted:");
    else ImGui::TextColored(Red(state), "%s", f.outcome == sandbox::CommandFlow::Outcome::Conflict ? "Conflict at the store:" : "Refused at Decide:");
    ImGui::SameLine();
    HelpMarker("The command's real path. Decide: the aggregate's state is read back from its events (the "
               "events folded, its version and balance), then the business rules decide. The event store "
               "appends the new events only if the stream is still at the version that was read (optimistic "
               "concurrency). Each read model (projection) then applies them: the cells that changed are "
               "shown before -> after. A refusal stops at Decide in red and writes nothing; a conflict "
               "stops at the store.");
    Paragraph(f.description.c_str());
    Controls(state, f);
    // The picture scrolls on its own, so the narration under it stays in view in a small window.
    const sandbox::FlowStation* current = CurrentStation(state);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float narration_h = current ? ImGui::CalcTextSize(current->narration.c_str(), nullptr, false,
                                                            ImGui::GetContentRegionAvail().x).y +
                                            style.ItemSpacing.y * 3.0f + 1.0f
                                      : 0.0f;
    ImGui::BeginChild("stations", ImVec2(0.0f, -narration_h), false);
    DrawStations(state, f);
    ImGui::EndChild();
    if (current) {
        ImGui::Separator();
        if (current->error) Paragraph(current->narration.c_str(), Red(state));
        else Paragraph(current->narration.c_str());
    }
    ImGui::End();
}

}  // namespace es::app
