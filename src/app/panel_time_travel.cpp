// Time travel: the log drawn as a timeline (a tick per event, or per bucket of events when there
// are more than fit, coloured by type) that is also the scrubber over global positions, and a
// date-time entry; together they set the point every view shows. Stepping one event shows what
// that event changed (bank::effect_of: its stream's state before and after it).
#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "app/layout.h"
#include "app/panels.h"
#include "app/widgets.h"
#include "bank/account.h"
#include "bank/event_view.h"
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

ImU32 TypeColour(const std::string& type) { return ImGui::ColorConvertFloat4ToU32(EventTypeColor(type)); }

// "MoneyDeposited" -> "Deposited", so the legend fits a line; the full name is in its tooltip.
std::string ShortTypeName(const std::string& type) {
    size_t last_word = 0;
    for (size_t i = 1; i < type.size(); ++i)
        if (std::isupper(static_cast<unsigned char>(type[i]))) last_word = i;
    return last_word > 0 && last_word + 2 < type.size() ? type.substr(last_word) : type;
}

// What a tick (one event) or a bucket (a range of them) holds, for the tooltip and the test hook.
std::string BucketSummary(const bank::LogOverview& overview, const bank::LogOverview::Bucket& b, EventRange log) {
    if (b.first == b.last) {
        const RecordedEvent& e = log[b.first - 1];
        std::string text = "#" + std::to_string(b.first) + " " + e.type + " on " + e.stream_id;
        if (auto amount = bank::amount_of(e)) text += ", " + bank::format_amount(*amount);
        return text;
    }
    std::string text = "#" + std::to_string(b.first) + " to #" + std::to_string(b.last) + ": " +
                       std::to_string(b.last - b.first + 1) + " events";
    for (size_t t = 0; t < overview.types().size(); ++t)
        if (b.counts[t] > 0) text += "\n  " + std::to_string(b.counts[t]) + " " + overview.types()[t];
    return text;
}

// The timeline bar: one tick per event (or bucket), coloured by type, the viewed position marked
// by a line after its event. Press or drag anywhere on it to travel; hover for what is there.
void ShowTimelineBar(AppState& state, EventRange log, uint64_t position) {
    const float em = ImGui::GetFontSize();
    const ImVec2 size(std::max(em * 4.0f, ImGui::GetContentRegionAvail().x - em * 0.5f), em * 1.3f);
    bank::LogOverview& overview = state.travel.overview;
    overview.update(log, static_cast<size_t>(size.x / 2.0f));  // columns at least 2 pixels wide
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##position", size);
    NameLastItem("##position");
    const uint64_t head = overview.head();
    auto x_of = [&](uint64_t p) { return origin.x + size.x * (head ? static_cast<float>(p) / static_cast<float>(head) : 0.0f); };
    const float mouse_f = std::clamp((ImGui::GetIO().MousePos.x - origin.x) / size.x, 0.0f, 1.0f);
    // Only a press of the mouse travels: keyboard navigation activating the bar (Enter held
    // after leaving the date entry) must not move the view to wherever the mouse happens to be.
    if (ImGui::IsItemActive() && ImGui::IsMouseDown(ImGuiMouseButton_Left) && head > 0) {
        const auto p = static_cast<uint64_t>(std::lround(mouse_f * static_cast<float>(head)));
        if (p != position) TravelTo(state, p);
        position = p;
    }

    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec2 end(origin.x + size.x, origin.y + size.y);
    draw->AddRectFilled(origin, end, ImGui::GetColorU32(ImGuiCol_FrameBg), style.FrameRounding);
    const float top = origin.y + size.y * 0.2f, bottom = origin.y + size.y * 0.8f;
    for (const bank::LogOverview::Bucket& b : overview.buckets()) {
        const float x0 = x_of(b.first - 1), x1 = x_of(b.last);
        const float gap = x1 - x0 >= 4.0f ? 1.0f : 0.0f;  // separate ticks while there is room
        draw->AddRectFilled(ImVec2(x0 + gap, top), ImVec2(std::max(x0 + 1.0f, x1 - gap), bottom),
                            TypeColour(overview.types()[b.dominant]));
    }
    const float marker = x_of(std::min(position, head));
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    draw->AddLine(ImVec2(marker, origin.y), ImVec2(marker, end.y), text, 2.0f);
    draw->AddTriangleFilled(ImVec2(marker - em * 0.35f, origin.y), ImVec2(marker + em * 0.35f, origin.y),
                            ImVec2(marker, origin.y + em * 0.35f), text);

    state.travel.bar_hovered = false;
    if (ImGui::IsItemHovered() && head > 0) {
        const uint64_t p = std::min<uint64_t>(head, static_cast<uint64_t>(mouse_f * static_cast<float>(head)) + 1);
        const size_t index = overview.bucket_of(p);
        if (index < overview.buckets().size()) {
            state.travel.bar_hovered = true;
            state.travel.bar_hovered_bucket = index;
            state.travel.bar_hover_text = BucketSummary(overview, overview.buckets()[index], log);
            ImGui::SetTooltip("%s\nPress or drag to travel; the line marks the viewed position.",
                              state.travel.bar_hover_text.c_str());
        }
    }

    // The legend: each type in the log, in its colour.
    for (size_t t = 0; t < overview.types().size(); ++t) {
        const std::string& type = overview.types()[t];
        const std::string name = ShortTypeName(type);
        const float item = em * 0.8f + style.ItemInnerSpacing.x + ImGui::CalcTextSize(name.c_str()).x;
        if (t > 0) {
            ImGui::SameLine();
            if (ImGui::GetContentRegionAvail().x < item) ImGui::NewLine();
        }
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const float pad = (ImGui::GetTextLineHeight() - em * 0.8f) * 0.5f;
        draw->AddRectFilled(ImVec2(at.x, at.y + pad), ImVec2(at.x + em * 0.8f, at.y + pad + em * 0.8f), TypeColour(type));
        ImGui::Dummy(ImVec2(em * 0.8f, ImGui::GetTextLineHeight()));
        ImGui::SameLine(0.0f, style.ItemInnerSpacing.x);
        ImGui::TextDisabled("%s", name.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", type.c_str());
    }
}

}  // namespace

void ShowTimeTravelWindow(AppState& state, bool* p_open) {
    PlaceNextWindow(state, Place::MiddleTop);
    const float em = ImGui::GetFontSize();
    if (!BeginSandboxPanel(state, WindowTitle(WindowId::TimeTravel), p_open)) return;
    const auto* sandbox = ActiveSandbox(state);
    const RecordedLog& log = sandbox->store().recorded_log();
    const uint64_t head = log.size();
    uint64_t position = ViewPosition(state);

    if (state.travel.at_now) {
        ImGui::Text("Now: position %llu, the newest event", static_cast<unsigned long long>(head));
    } else {
        PastMarker(state, "travel");
    }
    HelpMarker("Time travel: the state at any earlier point is a replay of the events up to that "
               "point. Nothing is stored per point in time; drag along the timeline and every view "
               "replays the log up to there. Like a git checkout of an older commit.");

    ShowTimelineBar(state, log, position);
    position = ViewPosition(state);
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
