// Replay stepper: one account's stream folded into its state, an event at a time, beside the code
// that folds it. Three columns (stacked when the window is narrow): the stream as the store holds
// it (the current event's card travels into the state), evolve() as pseudocode with the block for
// the current event's type highlighted, and the state's fields with the changed ones shown
// "before -> after". All of it from bank::ReplayStepper (the real read and the real evolve()).
#include <imgui.h>

#include <algorithm>
#include <string>

#include "app/layout.h"
#include "app/panels.h"
#include "app/widgets.h"

namespace es::app {

namespace {

ImU32 WithAlpha(ImGuiCol colour, float alpha) {
    ImVec4 c = ImGui::GetStyle().Colors[colour];
    c.w *= alpha;
    return ImGui::ColorConvertFloat4ToU32(c);
}

// Where this frame drew what the travelling card moves between (screen coordinates).
struct TravelEnds {
    bool have_from = false;
    ImVec2 from_min, from_max;
    bool have_to = false;
    ImVec2 to;
};

void GoTo(ReplayView& v, size_t step, bool travel) {
    const bool forward = step == v.step + 1;
    v.step = std::min(step, v.stepper.steps());
    v.moved_at_s = travel && forward ? ImGui::GetTime() : -1.0;
    v.scroll_to_step = true;
}

void AccountCombo(AppState& state) {
    std::string& selected = state.accounts.selected;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Account");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10.0f);
    if (ImGui::BeginCombo("##replay-account", selected.empty() ? "(none yet)" : selected.c_str())) {
        for (const bank::AccountAt& a : state.accounts.rows)
            if (ImGui::Selectable(a.account_id.c_str(), a.account_id == selected)) selected = a.account_id;
        ImGui::EndCombo();
    }
    NameLastItem("##replay-account");
    ImGui::SameLine();
    ImGui::TextDisabled("(also selects it in Account state)");
    ImGui::SameLine();
    HelpMarker("Replaying is how the sandbox knows any account's state: it reads the account's stream from "
               "the event store (upcasting old schemas, as every command's load does) and folds the events "
               "one by one with evolve(), oldest first. Like a Git checkout, which replays commits up to the "
               "one you name, stepping here stops the fold after any event.");
}

void Controls(AppState& state, ReplayView& v) {
    const size_t n = v.stepper.steps();
    if (ImGui::Button("|<##replay")) { GoTo(v, 0, false); v.playing = false; }
    ImGui::SameLine();
    ImGui::BeginDisabled(v.step == 0);
    if (ImGui::Button("< Back##replay")) { GoTo(v, v.step - 1, false); v.playing = false; }
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(v.step >= n);
    if (ImGui::Button("Step >##replay")) { GoTo(v, v.step + 1, true); v.playing = false; }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(v.playing ? "Pause###replay-play" : "Play###replay-play")) {
        v.playing = !v.playing;
        if (v.playing && v.step >= n) GoTo(v, 0, false);
        v.last_step_s = ImGui::GetTime() - state.motion.step_seconds();  // the first step at once
    }
    ImGui::SameLine();
    // The jump: a slider over the stream's events, with the step and global position it lands on
    // beside it (not inside: with few events the slider's grab would cover the text).
    int step = static_cast<int>(v.step);
    const std::string where = v.step == 0 ? "before the first event"
                                          : "step " + std::to_string(v.step) + " of " + std::to_string(n) + ", position " +
                                                std::to_string(v.stepper.events()[v.step - 1].global_position);
    const float label_w = ImGui::CalcTextSize(where.c_str()).x + ImGui::GetStyle().ItemSpacing.x;
    const float room = ImGui::GetContentRegionAvail().x - label_w;
    const float em = ImGui::GetFontSize();
    ImGui::SetNextItemWidth(std::max(room, em * 8.0f));
    if (ImGui::SliderInt("##replay-step", &step, 0, static_cast<int>(n), " ", ImGuiSliderFlags_AlwaysClamp)) {
        GoTo(v, static_cast<size_t>(step), false);
        v.playing = false;
    }
    if (room >= em * 8.0f) ImGui::SameLine();
    ImGui::TextUnformatted(where.c_str());
    if (v.playing) {
        state.animating = true;
        if (ImGui::GetTime() - v.last_step_s >= state.motion.step_seconds()) {
            v.last_step_s = ImGui::GetTime();
            if (v.step < n) GoTo(v, v.step + 1, true);
            if (v.step >= n) v.playing = false;
        }
    }
}

// The stream as the store holds it, one card per event; clicking a card jumps to it.
// `last`: the state after the whole stream, for the currency the amounts are shown in.
void StoreColumn(ReplayView& v, const bank::AccountState& last, float height, TravelEnds& ends) {
    const float em = ImGui::GetFontSize();
    const float card_h = em * 2.9f;
    const float pitch = card_h + ImGui::GetStyle().ItemSpacing.y;  // one card and the gap under it
    ImGui::TextDisabled("Event store: account-%s", v.stepper.account().c_str());
    ImGui::BeginChild("##replay-store", ImVec2(0.0f, height), true);
    const EventList& events = v.stepper.events();
    if (v.scroll_to_step) {
        const float y = pitch * static_cast<float>(v.step > 0 ? v.step - 1 : 0);
        ImGui::SetScrollY(std::max(0.0f, y - ImGui::GetWindowHeight() * 0.4f));
        v.scroll_to_step = false;
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(events.size()), pitch);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const RecordedEvent& e = events[static_cast<size_t>(i)];
            const size_t index = static_cast<size_t>(i) + 1;
            const ImVec2 min = ImGui::GetCursorScreenPos();
            const ImVec2 max(min.x + ImGui::GetContentRegionAvail().x, min.y + card_h);
            ImGui::PushID(i);
            if (ImGui::InvisibleButton("##card", ImVec2(std::max(max.x - min.x, 1.0f), card_h))) GoTo(v, index, false);
            ImGui::PopID();
            const bool current = index == v.step, folded = index < v.step;
            dl->AddRectFilled(min, max, current ? WithAlpha(ImGuiCol_Header, 1.0f) : WithAlpha(ImGuiCol_FrameBg, 1.0f), 4.0f);
            dl->AddRect(min, max, current ? ImGui::GetColorU32(ImGuiCol_CheckMark) : ImGui::GetColorU32(ImGuiCol_Border), 4.0f, 0,
                        current ? 2.0f : 1.0f);
            if (current) {
                ends.have_from = true;
                ends.from_min = min;
                ends.from_max = max;
            }
            const float alpha = folded ? 0.55f : 1.0f;
            ImVec4 type_colour = EventTypeColor(e.type);
            type_colour.w = alpha;
            const std::string head = "#" + std::to_string(e.global_position) + "  v" + std::to_string(e.stream_version) + "  ";
            const ImVec2 text(min.x + em * 0.4f, min.y + em * 0.25f);
            dl->AddText(text, WithAlpha(ImGuiCol_TextDisabled, 1.0f), head.c_str());
            dl->AddText(ImVec2(text.x + ImGui::CalcTextSize(head.c_str()).x, text.y), ImGui::ColorConvertFloat4ToU32(type_colour),
                        e.type.c_str());
            const std::string second = bank::step_summary(e, last) +
                                       (folded ? "   (folded)" : current ? "   (folding now)" : "");
            dl->AddText(ImVec2(text.x, text.y + em * 1.25f), WithAlpha(ImGuiCol_Text, alpha), second.c_str());
        }
    }
    ImGui::EndChild();
}

// evolve() as pseudocode: the current event's block highlighted, and the lines every event runs.
// In a scrolling child of `height`, or inline at its full height when `height` is 0.
void CodeColumn(AppState& state, const bank::ReplayStep& step, float height) {
    ImGui::TextDisabled("evolve(state, e)");
    ImGui::SameLine();
    HelpMarker("The fold, written out: for each event type, the lines of the bank's evolve() that apply it. "
               "Before these run, evolve() checks the history rules (the next stream version, the account "
               "exists and is open, the same currency) and refuses a stream that breaks one.");
    if (height > 0.0f) ImGui::BeginChild("##replay-code", ImVec2(0.0f, height), true);
    if (state.fonts.mono) ImGui::PushFont(state.fonts.mono);
    size_t count = 0;
    const bank::FoldCode* table = bank::fold_code_table(&count);
    auto block = [&](const char* text, bool lit) {
        const float width = ImGui::GetContentRegionAvail().x;
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const ImVec2 size = ImGui::CalcTextSize(text, nullptr, false, width);
        if (lit) {
            ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(at.x - 3.0f, at.y - 2.0f), ImVec2(at.x + width, at.y + size.y + 2.0f),
                                                      WithAlpha(ImGuiCol_Header, 1.0f), 3.0f);
            ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(at.x - 3.0f, at.y - 2.0f), ImVec2(at.x, at.y + size.y + 2.0f),
                                                      ImGui::GetColorU32(ImGuiCol_CheckMark));
        }
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::Spacing();
    };
    for (size_t i = 0; i < count; ++i) block(table[i].text, step.code == &table[i]);
    block(bank::kFoldEveryEventText, step.code != nullptr);
    if (state.fonts.mono) ImGui::PopFont();
    if (height > 0.0f) ImGui::EndChild();
}

// The state's fields; the ones this step changed highlighted, "before -> after" (`height` as above).
void StateColumn(AppState& state, const bank::ReplayStep& step, const bank::AccountState& now, float height, TravelEnds& ends) {
    ImGui::TextDisabled("State after %zu event(s)", state.replay.step);
    if (height > 0.0f) ImGui::BeginChild("##replay-state", ImVec2(0.0f, height), true);
    ends.have_to = true;
    ends.to = ImGui::GetCursorScreenPos();
    if (ImGui::BeginTable("##replay-fields", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthStretch, 0.8f);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch, 1.6f);
        for (int i = 0; i < bank::kStateFieldCount; ++i) {
            const auto f = static_cast<bank::StateField>(i);
            const bool changed = bank::has_field(step.changed, f);
            ImGui::TableNextRow();
            if (changed) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, WithAlpha(ImGuiCol_Header, 1.0f));
            ImGui::TableNextColumn();
            if (state.fonts.mono) ImGui::PushFont(state.fonts.mono);
            ImGui::TextUnformatted(bank::field_name(f));
            if (state.fonts.mono) ImGui::PopFont();
            ImGui::TableNextColumn();
            const std::string value = changed ? bank::field_value(step.before, f, LocalTime) + " -> " + bank::field_value(step.after, f, LocalTime)
                                              : bank::field_value(now, f, LocalTime);
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextUnformatted(value.c_str());
            ImGui::PopTextWrapPos();
        }
        ImGui::EndTable();
    }
    if (height > 0.0f) ImGui::EndChild();
}

// The current card on its way from the store into the state, eased, at the motion speed.
void DrawTravel(AppState& state, const ReplayView& v, const RecordedEvent& e, const TravelEnds& ends) {
    if (v.moved_at_s < 0.0 || state.motion.reduce_motion || !ends.have_from || !ends.have_to) return;
    const double duration = state.motion.step_seconds() * ReplayView::kTravelShare;
    float t = static_cast<float>((ImGui::GetTime() - v.moved_at_s) / duration);
    if (t >= 1.0f) return;
    state.animating = true;
    t = t * t * (3.0f - 2.0f * t);
    const ImVec2 size(ends.from_max.x - ends.from_min.x, ends.from_max.y - ends.from_min.y);
    const ImVec2 at(ends.from_min.x + (ends.to.x - ends.from_min.x) * t, ends.from_min.y + (ends.to.y - ends.from_min.y) * t);
    const ImVec2 win = ImGui::GetWindowPos(), win_size = ImGui::GetWindowSize();
    ImDrawList* dl = ImGui::GetForegroundDrawList();
    dl->PushClipRect(win, ImVec2(win.x + win_size.x, win.y + win_size.y), true);
    const float fade = 1.0f - 0.5f * t;
    dl->AddRectFilled(at, ImVec2(at.x + size.x, at.y + size.y), WithAlpha(ImGuiCol_PopupBg, 0.95f), 4.0f);
    dl->AddRect(at, ImVec2(at.x + size.x, at.y + size.y), ImGui::GetColorU32(ImGuiCol_CheckMark, fade), 4.0f, 0, 2.0f);
    ImVec4 colour = EventTypeColor(e.type);
    colour.w = fade;
    const float em = ImGui::GetFontSize();
    dl->AddText(ImVec2(at.x + em * 0.4f, at.y + em * 0.8f), ImGui::ColorConvertFloat4ToU32(colour), e.type.c_str());
    dl->PopClipRect();
}

}  // namespace

void ShowReplayWindow(AppState& state, bool* p_open) {
    PlaceLowerMiddleWindow(state, WindowId::Replay);
    if (!BeginSandboxPanel(state, WindowTitle(WindowId::Replay), p_open)) return;
    ReplayView& v = state.replay;
    AccountCombo(state);
    if (state.accounts.selected.empty()) {
        Paragraph("No account yet: open one in the Commands window, then replay it here, event by event.");
        ImGui::End();
        return;
    }
    if (!v.error.empty()) {
        Paragraph(("Cannot replay " + state.accounts.selected + ": " + v.error).c_str(), Red(state));
        ImGui::End();
        return;
    }
    Controls(state, v);
    const bank::ReplayStep step = v.stepper.step(v.step);
    const bank::AccountState now = v.step == 0 ? bank::initial_state() : step.after;
    const bank::AccountState last = v.stepper.state_after(v.stepper.steps());
    const std::string narration = step.event == nullptr
                                      ? "Before the first event: the initial state. Press Step > to fold " +
                                            state.accounts.selected + "'s first event."
                                      : "Step " + std::to_string(v.step) + " of " + std::to_string(v.stepper.steps()) + ": " +
                                            step.narration;
    Paragraph(narration.c_str(), ImGui::GetStyle().Colors[ImGuiCol_CheckMark]);

    TravelEnds ends;
    const float em = ImGui::GetFontSize();
    const float avail = ImGui::GetContentRegionAvail().x;
    const bool wide = avail >= em * 42.0f;
    if (wide) {
        const float height = std::max(ImGui::GetContentRegionAvail().y - ImGui::GetTextLineHeightWithSpacing(), em * 10.0f);
        if (ImGui::BeginTable("##replay-columns", 3, ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp)) {
            ImGui::TableSetupColumn("store", ImGuiTableColumnFlags_WidthStretch, 1.0f);
            ImGui::TableSetupColumn("code", ImGuiTableColumnFlags_WidthStretch, 1.0f);
            ImGui::TableSetupColumn("state", ImGuiTableColumnFlags_WidthStretch, 1.1f);
            ImGui::TableNextColumn();
            StoreColumn(v, last, height, ends);
            ImGui::TableNextColumn();
            CodeColumn(state, step, height);
            ImGui::TableNextColumn();
            StateColumn(state, step, now, height, ends);
            ImGui::EndTable();
        }
    } else {
        // Narrow: one under another, each at the height its content needs (the window scrolls).
        const float cards = static_cast<float>(std::min<size_t>(v.stepper.steps(), 5));
        StoreColumn(v, last, em * 3.2f * std::max(cards, 1.0f) + em, ends);
        CodeColumn(state, step, 0.0f);
        StateColumn(state, step, now, 0.0f, ends);
    }
    if (step.event != nullptr) DrawTravel(state, v, *step.event, ends);
    ImGui::End();
}

}  // namespace es::app
