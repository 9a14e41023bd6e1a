// Sequence diagram: lifelines User, Command handler, Aggregate, Event store, Projections, and the
// messages between them, drawn from the trace the core recorded of what really happened in the
// last command (Sandbox::last_trace: Bank and EventStore write it) or of a replay. Rejections
// are red return arrows. It can be stepped through, or played, message by message.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/diagram_draw.h"
#include "app/layout.h"
#include "app/panels.h"
#include "app/widgets.h"
#include "bank/replay_trace.h"

namespace es::app {

namespace {

ImU32 Colour(const TraceMessage& m, bool current) {
    if (m.error) return IM_COL32(235, 90, 80, 255);
    const ImVec4 text = ImGui::GetStyle().Colors[ImGuiCol_Text];
    const ImVec4 accent(0.35f, 0.65f, 1.0f, 1.0f);
    return ImGui::ColorConvertFloat4ToU32(current ? accent : text);
}

// Where each message's label goes, relative to the diagram's top left: above its arrow, moved
// left when it would run past the diagram's right edge, wrapped when wider than the diagram.
struct LabelPlace {
    ImVec2 pos;
    ImVec2 size;
    float wrap = 0.0f;  // 0: one line
    float row = 0.0f;   // the height of its row, arrow included
};

std::vector<LabelPlace> PlaceLabels(const Trace& trace, float width, float column, float header) {
    const float em = ImGui::GetFontSize();
    std::vector<LabelPlace> out;
    float y = header;
    for (size_t i = 0; i < trace.messages().size(); ++i) {
        const TraceMessage& m = trace.messages()[i];
        const std::string label = std::to_string(i + 1) + ". " + m.text;
        const float left = column * (static_cast<float>(std::min(m.from, m.to)) + 0.5f) + 4.0f;
        LabelPlace p;
        p.size = ImGui::CalcTextSize(label.c_str());
        if (p.size.x > width - 8.0f) {
            p.wrap = width - 8.0f;
            p.size = ImGui::CalcTextSize(label.c_str(), nullptr, false, p.wrap);
        }
        p.pos = ImVec2(std::max(4.0f, std::min(left, width - 4.0f - p.size.x)), y);
        p.row = p.size.y + em * 1.3f;
        y += p.row;
        out.push_back(p);
    }
    return out;
}

void DrawDiagram(SequenceView& v, const Trace& trace, size_t shown) {
    const float em = ImGui::GetFontSize();
    const float header = em * 3.4f;
    const size_t count = trace.messages().size();
    const ImGuiStyle& style = ImGui::GetStyle();
    // The diagram is laid out before its child window begins, so the scroll that keeps the
    // current message in view applies in the same frame it becomes current.
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float inner_w = avail.x - style.WindowPadding.x * 2.0f - style.ScrollbarSize;
    const float width = std::max(inner_w, em * 29.0f);
    const float column = width / kLifelineCount;
    const std::vector<LabelPlace> labels = PlaceLabels(trace, width, column, header);
    const float height = (labels.empty() ? header : labels.back().pos.y + labels.back().row) + em;
    const size_t current = shown != ~size_t{0} && shown > 0 ? shown - 1 : ~size_t{0};
    if (current < count && v.followed != shown) {
        v.followed = shown;
        const LabelPlace& p = labels[current];
        const float view_h = avail.y - (width > inner_w ? style.ScrollbarSize : 0.0f);
        const float view_w = avail.x - style.ScrollbarSize;
        const float top = style.WindowPadding.y + p.pos.y, bottom = top + p.row;
        const float lx = style.WindowPadding.x + p.pos.x, rx = lx + p.size.x;
        ImVec2 scroll(-1.0f, -1.0f);
        if (top < v.scroll_y) scroll.y = std::max(0.0f, top - em * 0.5f);
        else if (bottom > v.scroll_y + view_h) scroll.y = std::min(top - em * 0.25f, bottom - view_h + em * 0.5f);  // a row taller than the view shows its top
        if (lx < v.scroll_x) scroll.x = std::max(0.0f, lx - em * 0.5f);
        else if (rx > v.scroll_x + view_w) scroll.x = rx - view_w + em * 0.5f;
        if (scroll.x >= 0.0f || scroll.y >= 0.0f) ImGui::SetNextWindowScroll(scroll);
    }
    if (shown == ~size_t{0}) v.followed = shown;
    ImGui::BeginChild("diagram", ImVec2(0.0f, 0.0f), true,
                      ImGuiWindowFlags_HorizontalScrollbar | ImGuiWindowFlags_AlwaysVerticalScrollbar);
    v.scroll_x = ImGui::GetScrollX();
    v.scroll_y = ImGui::GetScrollY();
    const ImRect visible = ImGui::GetCurrentWindow()->InnerClipRect;
    v.visible_rect = {visible.Min.x, visible.Min.y, visible.Max.x, visible.Max.y};
    v.label_rects.clear();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    auto x_of = [&](Lifeline l) { return LifelineX(origin.x, column, l); };
    DrawLifelines(dl, origin, column, origin.y + height);
    for (size_t i = 0; i < count && i < shown; ++i) {
        const TraceMessage& m = trace.messages()[i];
        const LabelPlace& p = labels[i];
        const float y = origin.y + p.pos.y;
        const ImU32 colour = Colour(m, i == current);
        const float x0 = x_of(m.from), x1 = x_of(m.to);
        const std::string label = std::to_string(i + 1) + ". " + m.text;
        const ImVec2 at(origin.x + p.pos.x, y);
        dl->AddText(ImGui::GetFont(), em, at, colour, label.c_str(), nullptr, p.wrap);
        v.label_rects.push_back({at.x, at.y, at.x + p.size.x, at.y + p.size.y});
        DrawArrow(dl, x0, x1, y + p.size.y + em * 0.35f, colour, m.reply);
        // Who sent it to whom, with the text, on hover.
        if (ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(ImVec2(origin.x, y), ImVec2(origin.x + width, y + p.row))) {
            ImGui::SetTooltip("%s -> %s\n%s", lifeline_name(m.from), lifeline_name(m.to), m.text.c_str());
        }
    }
    ImGui::Dummy(ImVec2(width, height));
    ImGui::EndChild();
}

}  // namespace

void ShowSequenceWindow(AppState& state, bool* p_open) {
    PlaceLowerMiddleWindow(state, WindowId::Sequence);
    if (!BeginSandboxPanel(state, WindowTitle(WindowId::Sequence), p_open)) return;
    auto* sandbox = ActiveSandbox(state);
    const Trace& trace = sandbox->last_trace();
    SequenceView& v = state.sequence;
    const size_t count = trace.messages().size();
    // A new trace (another command, a replay) is shown whole; in a lesson it starts at its first
    // message, for the learner to step or play through.
    if (v.serial_seen != trace.serial() || v.trace_seen != &trace) {
        v.trace_seen = &trace;
        v.serial_seen = trace.serial();
        v.shown = state.lessons.run ? 1 : ~size_t{0};
        v.playing = false;
        v.played_to_end = false;
        v.followed = 0;  // follow its first current message, wherever the last trace left the scroll
    }
    if (trace.empty()) {
        Paragraph("Nothing traced yet. Send a command (Commands window), or replay an account below: each "
                  "step of what really happened is drawn here.");
    } else {
        ImGui::Text("%s: %zu messages", trace.title().c_str(), count);
    }
    HelpMarker("A command goes from the user to the command handler, which reads the stream from the event "
               "store, folds it into state with the aggregate, asks the aggregate to decide, and appends the "
               "new events with the version it read (optimistic concurrency). The store then publishes them "
               "to the projections. Dashed arrows are replies; red ones are rejections.");

    const size_t shown = std::min(v.shown, count);
    ImGui::BeginDisabled(count == 0);
    if (ImGui::Button("|<")) { v.shown = 0; v.playing = false; }
    ImGui::SameLine();
    if (ImGui::Button("< Prev")) { v.shown = shown > 0 ? shown - 1 : 0; v.playing = false; }
    ImGui::SameLine();
    if (ImGui::Button("Next >")) {
        v.shown = std::min(shown + 1, count);
        v.playing = false;
        if (v.shown >= count) v.played_to_end = true;
    }
    ImGui::SameLine();
    if (ImGui::Button(v.playing ? "Pause" : "Play")) {
        v.playing = !v.playing;
        if (v.playing && shown >= count) v.shown = 0;
        v.last_step_s = ImGui::GetTime();
    }
    ImGui::SameLine();
    if (ImGui::Button("Show all")) { v.shown = ~size_t{0}; v.playing = false; }
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::TextDisabled("| step %zu of %zu", std::min(v.shown, count), count);

    ImGui::BeginDisabled(state.accounts.selected.empty());
    const std::string replay = "Replay " + (state.accounts.selected.empty() ? std::string("an account") : state.accounts.selected);
    if (ImGui::Button((replay + "###replay").c_str())) sandbox->trace_replay(state.accounts.selected);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::TextDisabled("(the account selected in Account state)");

    if (v.playing) {
        state.animating = true;
        if (ImGui::GetTime() - v.last_step_s >= state.motion.step_seconds()) {
            v.last_step_s = ImGui::GetTime();
            v.shown = std::min(v.shown, count) + 1;
            if (v.shown >= count) {
                v.shown = ~size_t{0};
                v.playing = false;
                v.played_to_end = true;
            }
        }
    }
    DrawDiagram(v, trace, std::min(v.shown, count));
    ImGui::End();
}

}  // namespace es::app
