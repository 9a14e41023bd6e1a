// Draw it: the learner builds the sequence diagram of their own last accepted command (or of a
// replay of an account) from shuffled cards, one per message of its real trace. Lifelines across
// the top, the cards in a column of slots, each card drawing its arrow between the lanes where it
// sits; a card is moved by dragging it onto another slot, or by selecting it and pressing
// Alt+Up / Alt+Down (or the Up / Down buttons). Check marks every card right or misplaced, with
// the causal rule a misplaced one breaks. The cards and the check are sandbox::DiagramCards.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "app/diagram_draw.h"
#include "app/layout.h"
#include "app/panels.h"
#include "app/widgets.h"

namespace es::app {

namespace {

using sandbox::DiagramSource;
constexpr size_t kNone = DrawDiagramView::kNone;

// What the chosen variant deals from now: the sandbox, the last accepted command's serial or the
// head, and the replayed account.
struct DealKey {
    const void* sandbox = nullptr;
    uint64_t serial = 0;
    std::string account;
};

DealKey WantedDeal(const AppState& state) {
    const sandbox::Sandbox* sb = ActiveSandbox(state);
    if (state.draw.source == DiagramSource::Command) return {sb, sb->last_accepted_trace().serial(), ""};
    return {sb, sb->store().head_position(), state.accounts.selected};
}

// What to do instead, when there are no cards to draw.
std::string NothingToDraw(const AppState& state) {
    if (state.draw.source == DiagramSource::Command)
        return "No command has been accepted yet, so there is nothing to draw. Send one in the Commands window "
               "(open an account, then deposit into it): its real trace is dealt here as cards.";
    if (state.accounts.selected.empty())
        return "Select an account in Account state: its events are replayed, and the replay's messages are dealt here as cards.";
    return state.accounts.selected + " has no events to replay: open it in the Commands window first.";
}

struct CardRow {
    float top = 0.0f, height = 0.0f;
    ImVec2 label_pos, label_size;
    float wrap = 0.0f;  // 0: one line
    std::string label;
    std::string why;    // a misplaced card's explanation, under its arrow
    ImVec2 why_size;
};

// Each card's row, relative to the diagram's top left: its label where the Sequence diagram puts
// it (above its arrow, from the left of the two lanes), the explanation under the arrow.
std::vector<CardRow> LayOutRows(const DrawDiagramView& d, float width, float column, float top) {
    const float em = ImGui::GetFontSize();
    const float pad = em * 0.4f;
    std::vector<CardRow> rows;
    float y = top;
    for (size_t s = 0; s < d.cards.size(); ++s) {
        const sandbox::DiagramCard& c = d.cards.cards()[s];
        CardRow r;
        r.top = y;
        r.label = std::to_string(s + 1) + ". " + c.label;
        r.label_size = ImGui::CalcTextSize(r.label.c_str());
        if (r.label_size.x > width - pad * 4.0f) {
            r.wrap = width - pad * 4.0f;
            r.label_size = ImGui::CalcTextSize(r.label.c_str(), nullptr, false, r.wrap);
        }
        const float left = column * (static_cast<float>(std::min(c.from, c.to)) + 0.5f) + pad * 2.0f;
        r.label_pos = ImVec2(std::max(pad * 2.0f, std::min(left, width - pad * 2.0f - r.label_size.x)), y + pad);
        r.height = pad * 2.0f + r.label_size.y + em * 1.0f;
        if (d.check && s < d.check->cards.size() && !d.check->cards[s].in_place) {
            r.why = d.check->cards[s].why;
            r.why_size = ImGui::CalcTextSize(r.why.c_str(), nullptr, false, width - pad * 4.0f);
            r.height += r.why_size.y + em * 0.2f;
        }
        r.height += em * 0.3f;
        y += r.height;
        rows.push_back(std::move(r));
    }
    return rows;
}

// The slot a drag at screen height `y` lands in.
size_t SlotAt(const std::vector<CardRow>& rows, float origin_y, float y) {
    for (size_t s = 0; s < rows.size(); ++s)
        if (y < origin_y + rows[s].top + rows[s].height) return s;
    return rows.empty() ? kNone : rows.size() - 1;
}

void DrawCards(AppState& state) {
    DrawDiagramView& d = state.draw;
    const float em = ImGui::GetFontSize();
    const float pad = em * 0.4f;
    ImGui::BeginChild("cards", ImVec2(0.0f, 0.0f), true, ImGuiWindowFlags_HorizontalScrollbar);
    const float width = std::max(ImGui::GetContentRegionAvail().x, em * 22.0f);
    const float column = width / kLifelineCount;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const std::vector<CardRow> rows = LayOutRows(d, width, column, LifelineHeadHeight() + em * 0.6f);
    const float height = (rows.empty() ? LifelineHeadHeight() : rows.back().top + rows.back().height) + em * 0.5f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    DrawLifelines(dl, origin, column, origin.y + height);
    const ImGuiIO& io = ImGui::GetIO();
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 accent = ImGui::GetColorU32(ImGuiCol_CheckMark);
    const ImU32 green = ImGui::ColorConvertFloat4ToU32(Green(state));
    const ImU32 red = ImGui::ColorConvertFloat4ToU32(Red(state));
    d.card_rects.clear();
    const ImRect visible = ImGui::GetCurrentWindow()->InnerClipRect;
    d.visible_rect = {visible.Min.x, visible.Min.y, visible.Max.x, visible.Max.y};
    ImGuiWindow* list = ImGui::GetCurrentWindow();
    d.scroll = {ImGui::GetScrollY(), ImGui::GetScrollMaxY(), (list->InnerRect.Max.x + list->Rect().Max.x) * 0.5f};
    for (size_t s = 0; s < rows.size(); ++s) {
        const CardRow& r = rows[s];
        const sandbox::DiagramCard& c = d.cards.cards()[s];
        ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + r.top));
        ImGui::InvisibleButton(("##card" + std::to_string(s)).c_str(), ImVec2(width, r.height));
        NameLastItem(("card " + std::to_string(s + 1) + "##draw").c_str());
        // A card just moved stays in view (a keyboard move may take it past the list's edge).
        if (d.follow_selected && d.selected == s) {
            d.follow_selected = false;
            if (ImGui::GetItemRectMin().y < visible.Min.y || ImGui::GetItemRectMax().y > visible.Max.y) ImGui::SetScrollHereY(0.5f);
        }
        if (ImGui::IsItemActivated()) {
            d.selected = s;
            if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
                d.drag_from = s;
                d.press_y = io.MousePos.y;
                d.dragging = false;
            }
        }
        const bool lifted = d.dragging && d.drag_from == s;
        const ImVec2 box_min(origin.x + r.label_pos.x - pad, origin.y + r.label_pos.y - pad * 0.5f);
        const ImVec2 box_max(origin.x + r.label_pos.x + r.label_size.x + pad, origin.y + r.label_pos.y + r.label_size.y + pad * 0.5f);
        const bool checked = d.check && s < d.check->cards.size();
        const bool right = checked && d.check->cards[s].in_place;
        ImU32 border = ImGui::GetColorU32(ImGuiCol_Border);
        if (checked) border = right ? green : red;
        if (d.selected == s) border = accent;
        const ImU32 fill = ImGui::GetColorU32(ImGui::IsItemHovered() ? ImGuiCol_FrameBgHovered : ImGuiCol_FrameBg, lifted ? 0.35f : 1.0f);
        dl->AddRectFilled(box_min, box_max, fill, 4.0f);
        dl->AddRect(box_min, box_max, border, 4.0f, 0, d.selected == s || checked ? 2.0f : 1.0f);
        dl->AddText(ImGui::GetFont(), em, ImVec2(origin.x + r.label_pos.x, origin.y + r.label_pos.y), lifted ? ImGui::GetColorU32(ImGuiCol_TextDisabled) : text,
                    r.label.c_str(), nullptr, r.wrap);
        const float arrow_y = box_max.y + em * 0.45f;
        DrawArrow(dl, LifelineX(origin.x, column, c.from), LifelineX(origin.x, column, c.to), arrow_y,
                  checked ? (right ? green : red) : text, c.reply);
        if (!r.why.empty()) {  // on the window's background, readable over the lifelines
            const ImVec2 at(origin.x + pad * 2.0f, arrow_y + em * 0.45f);
            dl->AddRectFilled(ImVec2(at.x - 2.0f, at.y - 1.0f), ImVec2(at.x + r.why_size.x + 2.0f, at.y + r.why_size.y + 1.0f),
                              ImGui::GetColorU32(ImGuiCol_WindowBg));
            dl->AddText(ImGui::GetFont(), em, at, red, r.why.c_str(), nullptr, width - pad * 4.0f);
        }
        d.card_rects.push_back({box_min.x, box_min.y, box_max.x, box_max.y});
    }
    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(ImVec2(width, height));

    // A drag: pressed on a card, moved past half a line, released over another slot.
    if (d.drag_from != kNone && d.drag_from < rows.size()) {
        if (!d.dragging && std::fabs(io.MousePos.y - d.press_y) > em * 0.5f) d.dragging = true;
        d.drag_to = d.dragging ? SlotAt(rows, origin.y, io.MousePos.y) : kNone;
        if (ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
            state.animating = true;  // frames keep coming while the mouse rests at an edge, so the list scrolls
            if (d.dragging && d.drag_to != kNone) {
                // Where it would land: a line at the top of the slot above, the bottom of one below.
                const CardRow& t = rows[d.drag_to];
                const float y = origin.y + (d.drag_to <= d.drag_from ? t.top : t.top + t.height);
                dl->AddLine(ImVec2(origin.x, y), ImVec2(origin.x + width, y), accent, 3.0f);
                const std::string& label = rows[d.drag_from].label;
                const ImVec2 at(io.MousePos.x + em * 0.5f, io.MousePos.y - em * 0.5f);
                const ImVec2 size = ImGui::CalcTextSize(label.c_str());
                ImDrawList* fg = ImGui::GetForegroundDrawList();
                fg->AddRectFilled(ImVec2(at.x - pad, at.y - pad * 0.5f), ImVec2(at.x + size.x + pad, at.y + size.y + pad * 0.5f),
                                  ImGui::GetColorU32(ImGuiCol_PopupBg), 4.0f);
                fg->AddRect(ImVec2(at.x - pad, at.y - pad * 0.5f), ImVec2(at.x + size.x + pad, at.y + size.y + pad * 0.5f), accent, 4.0f, 0, 2.0f);
                fg->AddText(at, text, label.c_str());
                // Near the list's top or bottom edge, it scrolls.
                if (io.MousePos.y < visible.Min.y + em) ImGui::SetScrollY(ImGui::GetScrollY() - em * 0.5f);
                if (io.MousePos.y > visible.Max.y - em) ImGui::SetScrollY(ImGui::GetScrollY() + em * 0.5f);
            }
        } else {
            // Dropped where the mouse is: in view already, the list stays where the learner looks.
            if (d.dragging && d.drag_to != kNone && MoveDiagramCard(state, d.drag_from, d.drag_to)) d.follow_selected = false;
            d.drag_from = kNone;
            d.drag_to = kNone;
            d.dragging = false;
        }
    }
    ImGui::EndChild();
}

}  // namespace

void DealDiagramCards(AppState& state, bool again) {
    if (!ActiveSandbox(state)) return;
    DrawDiagramView& d = state.draw;
    const DealKey k = WantedDeal(state);
    if (!again && d.dealt && d.sandbox_seen == k.sandbox && d.serial_seen == k.serial && d.account_seen == k.account) return;
    ++d.deals;
    d.cards = sandbox::DiagramCards(sandbox::diagram_trace(*ActiveSandbox(state), d.source, k.account), k.serial * 7919u + d.deals);
    d.sandbox_seen = k.sandbox;
    d.serial_seen = k.serial;
    d.account_seen = k.account;
    d.dealt = true;
    d.selected = kNone;
    d.check.reset();
    d.drag_from = d.drag_to = kNone;
    d.dragging = false;
}

bool MoveDiagramCard(AppState& state, size_t from, size_t to) {
    DrawDiagramView& d = state.draw;
    if (!d.cards.move(from, to)) return false;
    d.check.reset();  // a moved card is not checked yet
    d.selected = to;
    d.follow_selected = true;
    return true;
}

bool CheckDiagramCards(AppState& state) {
    DrawDiagramView& d = state.draw;
    if (d.cards.empty()) return false;
    d.check = d.cards.check();
    if (state.lessons.run) state.lessons.run->note_diagram_check(d.source, d.cards.title(), *d.check);
    return true;
}

void ShowDrawDiagramWindow(AppState& state, bool* p_open) {
    PlaceLowerMiddleWindow(state, WindowId::DrawDiagram);
    if (!BeginSandboxPanel(state, WindowTitle(WindowId::DrawDiagram), p_open)) return;
    DrawDiagramView& d = state.draw;
    const std::string& account = state.accounts.selected;
    if (ImGui::RadioButton("My last command", d.source == DiagramSource::Command)) d.source = DiagramSource::Command;
    ImGui::SameLine();
    ImGui::BeginDisabled(account.empty() && d.source != DiagramSource::Replay);
    const std::string replay = "A replay of " + (account.empty() ? std::string("an account") : account) + "###draw-replay";
    if (ImGui::RadioButton(replay.c_str(), d.source == DiagramSource::Replay)) d.source = DiagramSource::Replay;
    ImGui::EndDisabled();
    ImGui::SameLine();
    HelpMarker("Each card is one message of what really happened (the trace the Sequence diagram draws). Put them "
               "in the order they happened: the command reaches the handler, which loads the aggregate (reads its "
               "stream and folds it), asks it to decide, appends the new events; the store hands them to the read "
               "models; the user hears back last. A replay reads the stream and folds its events one by one, in order.\n\n"
               "Drag a card onto another slot, or select it (click) and press Alt+Up / Alt+Down or Up / Down. "
               "Check marks each card green or red; a red card says where it belongs and why.");
    DealDiagramCards(state, false);
    if (d.cards.empty()) {
        Paragraph(NothingToDraw(state).c_str());
        ImGui::End();
        return;
    }
    if (ImGui::Button("New cards##draw")) DealDiagramCards(state, true);
    ImGui::SameLine();
    if (ImGui::Button("Check##draw")) CheckDiagramCards(state);
    ImGui::SameLine();
    const bool has_selection = d.selected < d.cards.size();
    ImGui::BeginDisabled(!has_selection || d.selected == 0);
    if (ImGui::Button("Up##draw")) MoveDiagramCard(state, d.selected, d.selected - 1);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!has_selection || d.selected + 1 >= d.cards.size());
    if (ImGui::Button("Down##draw")) MoveDiagramCard(state, d.selected, d.selected + 1);
    ImGui::EndDisabled();
    if (has_selection) {
        ImGui::SameLine();
        ImGui::TextDisabled("card %zu selected", d.selected + 1);
    }
    // Alt+Up / Alt+Down move the selected card while this window has the keyboard.
    const ImGuiIO& io = ImGui::GetIO();
    if (has_selection && io.KeyAlt && ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows)) {
        const bool up = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow), false);
        const bool down = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow), false);
        if (up && d.selected > 0) MoveDiagramCard(state, d.selected, d.selected - 1);
        else if (down && d.selected + 1 < d.cards.size()) MoveDiagramCard(state, d.selected, d.selected + 1);
        if (up || down) GImGui->NavWindowingToggleLayer = false;  // Alt was a modifier here, not a tap for the menu
    }
    if (!d.check) ImGui::TextDisabled("%s: %zu cards to put in order", d.cards.title().c_str(), d.cards.size());
    if (d.check) {
        const std::string verdict = d.check->all_in_place()
                                        ? "Check: " + d.check->summary + "."
                                        : "Check: " + std::to_string(d.check->misplaced) + " of " + std::to_string(d.cards.size()) +
                                              " cards misplaced; each red one says where it belongs and why.";
        Paragraph(verdict.c_str(), d.check->all_in_place() ? Green(state) : Red(state));
    }
    DrawCards(state);
    ImGui::End();
}

nlohmann::json DescribeDrawDiagram(const AppState& state) {
    const DrawDiagramView& d = state.draw;
    nlohmann::json cards = nlohmann::json::array();
    for (size_t s = 0; s < d.cards.size(); ++s) {
        const sandbox::DiagramCard& c = d.cards.cards()[s];
        nlohmann::json card = {{"label", c.label}, {"from", lifeline_name(c.from)}, {"to", lifeline_name(c.to)},
                               {"reply", c.reply}, {"place", c.place}};
        if (s < d.card_rects.size()) card["rect"] = d.card_rects[s];
        cards.push_back(std::move(card));
    }
    nlohmann::json check = nullptr;
    if (d.check) {
        nlohmann::json verdicts = nlohmann::json::array();
        for (const sandbox::CardVerdict& v : d.check->cards) verdicts.push_back({{"inPlace", v.in_place}, {"why", v.why}});
        check = {{"allInPlace", d.check->all_in_place()}, {"misplaced", d.check->misplaced}, {"summary", d.check->summary},
                 {"cards", verdicts}};
    }
    return {{"open", state.windows[WindowId::DrawDiagram]},
            {"source", sandbox::diagram_source_name(d.source)},
            {"title", d.cards.title()},
            {"account", d.account_seen},
            {"nothingToDraw", ActiveSandbox(state) && d.cards.empty() ? NothingToDraw(state) : ""},
            {"cards", cards},
            {"selected", d.selected < d.cards.size() ? nlohmann::json(d.selected) : nlohmann::json(nullptr)},
            {"dragging", d.dragging},
            {"dragTo", d.dragging && d.drag_to != kNone ? nlohmann::json(d.drag_to) : nlohmann::json(nullptr)},
            {"visibleRect", d.visible_rect},
            {"scrollY", d.scroll[0]},
            {"scrollMaxY", d.scroll[1]},
            {"scrollbarX", d.scroll[2]},
            {"check", check}};
}

}  // namespace es::app
