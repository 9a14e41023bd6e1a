// Time travel: a scrubber over global positions (and a date-time entry) that sets the point every
// view shows. Stepping one event shows what that event changed (bank::effect_of: its stream's
// state before and after it).
#include <imgui.h>

#include <string>

#include "app/layout.h"
#include "app/panels.h"
#include "app/widgets.h"
#include "bank/account.h"
#include "bank/money.h"

namespace es::app {

namespace {

// What the event at the viewed point changed (AccountsView::effect): its account's balance and
// version just before and just after it.
void ShowWhatChanged(const AccountsView& v) {
    if (!v.effect) return;
    const bank::EventEffect& e = *v.effect;
    const std::string& currency = e.after.currency;
    ImGui::BulletText("%s: balance %s -> %s, stream version %llu -> %llu%s", e.stream.c_str(),
                      e.before.exists ? bank::format_money(e.before.balance_cents, currency).c_str() : "(none)",
                      bank::format_money(e.after.balance_cents, currency).c_str(),
                      static_cast<unsigned long long>(e.before.version), static_cast<unsigned long long>(e.after.version),
                      e.after.closed && !e.before.closed ? ", closed" : "");
}

}  // namespace

void ShowTimeTravelWindow(AppState& state, bool* p_open) {
    PlaceNextWindow(state, Place::MiddleTop);
    const float em = ImGui::GetFontSize();
    if (!BeginSandboxPanel(state, WindowTitle(WindowId::TimeTravel), p_open)) return;
    const auto* sandbox = ActiveSandbox(state);
    const EventList& log = sandbox->store().recorded_log();
    const uint64_t head = log.size();
    uint64_t position = ViewPosition(state);

    if (state.travel.at_now) {
        ImGui::Text("Now: position %llu, the newest event", static_cast<unsigned long long>(head));
    } else {
        PastMarker(state, "travel");
    }
    HelpMarker("Time travel: the state at any earlier point is a replay of the events up to that "
               "point. Nothing is stored per point in time; drag the slider and every view "
               "replays the log up to there.");

    const uint64_t zero = 0;
    ImGui::SetNextItemWidth(-em * 0.5f);
    if (ImGui::SliderScalar("##position", ImGuiDataType_U64, &position, &zero, &head, "position %llu")) {
        TravelTo(state, position);
    }
    if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip("Drag to travel through the log; Ctrl+click to type a position.");
    }
    ImGui::BeginDisabled(position == 0);
    if (ImGui::Button("< Step back")) TravelTo(state, position - 1);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(position >= head);
    if (ImGui::Button("Step forward >")) TravelTo(state, position + 1);
    ImGui::EndDisabled();
    // The date entry follows the steps when it fits, else it takes a line of its own (a narrow
    // window, a large text size), so it is never cut off at the window's edge.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float date_entry_width = em * 10.0f + ImGui::CalcTextSize("Go to time").x + style.FramePadding.x * 2.0f +
                                   ImGui::CalcTextSize("(?)").x + style.ItemSpacing.x * 2.0f;
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x >= ImGui::CalcTextSize("|").x + style.ItemSpacing.x + date_entry_width) {
        ImGui::TextDisabled("|");
        ImGui::SameLine();
    } else {
        ImGui::NewLine();
    }
    ImGui::SetNextItemWidth(em * 10.0f);
    const bool entered = ImGui::InputTextWithHint("##time", "YYYY-MM-DD HH:MM", state.travel.time_text,
                                                  sizeof state.travel.time_text,
                                                  ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
    ImGui::SameLine();
    if (ImGui::Button("Go to time") || entered) {
        int64_t ms = 0;
        std::string error;
        if (!ParseLocalTime(state.travel.time_text, ms, error)) {
            state.travel.time_message = error;
            state.travel.time_message_ok = false;
            state.travel.time_message_at = position;
        } else {
            const uint64_t p = bank::position_at_time(sandbox->store(), ms);
            TravelTo(state, p);
            state.travel.time_message_ok = true;
            state.travel.time_message = p == 0 ? "Nothing had happened yet at that time: position 0."
                                               : "The last event by then was position " + std::to_string(p) + ".";
            state.travel.time_message_at = ViewPosition(state);
        }
    }
    HelpMarker("Your local time (the browser's time zone). Travels to the last event recorded at or "
               "before that moment: \"what was the balance last Tuesday at 3 PM?\"");
    // About the point it took the views to: once they show another one, it would mislead.
    if (!state.travel.time_message.empty() && state.travel.time_message_at != ViewPosition(state)) state.travel.time_message.clear();
    if (!state.travel.time_message.empty()) {
        ImGui::TextColored(state.travel.time_message_ok ? ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]
                                                        : ImVec4(0.95f, 0.45f, 0.40f, 1.0f),
                           "%s", state.travel.time_message.c_str());
    }

    ImGui::Separator();
    if (position == 0) {
        ImGui::TextDisabled("Before the first event: no account exists yet.");
    } else {
        const RecordedEvent& e = log[position - 1];
        ImGui::Text("Event %llu:", static_cast<unsigned long long>(position));
        ImGui::SameLine();
        EventTypeText(e.type);
        ImGui::SameLine();
        ImGui::Text("on %s, recorded", e.stream_id.c_str());
        ImGui::SameLine();
        TimeText(e.recorded_at_ms);
        ImGui::SameLine();
        ImGui::Text("by %s", e.metadata.actor.c_str());
        ShowWhatChanged(state.accounts);
    }
    ImGui::End();
}

}  // namespace es::app
