// Events: the timeline. Every event in global order (position, time, stream, type in its colour,
// the amount, saved/pending), filters by stream, type and text, and the selected event's full
// JSON, metadata and hashes. Events after the time-travel point are greyed: at that point they
// had not happened yet. ImGuiListClipper keeps it smooth with 100,000 events; the filtered list
// is rebuilt only when the log or a filter changes.
#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <string>

#include "app/layout.h"
#include "app/panels.h"
#include "app/widgets.h"
#include "bank/event_view.h"
#include "bank/events.h"
#include "bank/money.h"
#include "core/event_writer.h"

namespace es::app {

namespace {

// Every type the bank writes, for the type filter (index 0 = all).
const char* const kTypes[] = {"All types",    "AccountCreated",   "MoneyDeposited", "MoneyWithdrawn",
                              "TransferSent", "TransferReceived", "AccountClosed",  "DepositReversed"};

bool Contains(const std::string& haystack, const char* needle) {
    if (!*needle) return true;
    auto it = std::search(haystack.begin(), haystack.end(), needle, needle + std::strlen(needle),
                          [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) ==
                                                      std::tolower(static_cast<unsigned char>(b)); });
    return it != haystack.end();
}

bool Filtering(const TimelineView& t) { return t.stream_filter[0] || t.text_filter[0] || t.type_filter != 0; }

void RefreshShown(TimelineView& t, EventRange log) {
    const std::string key = std::string(t.stream_filter) + '\x1f' + t.text_filter + '\x1f' + std::to_string(t.type_filter);
    if (t.shown_head == log.size() && t.shown_key == key) return;
    t.shown_head = log.size();
    t.shown_key = key;
    t.shown.clear();
    t.filtering = Filtering(t);
    if (!t.filtering) return;  // unfiltered: rows map to positions directly
    for (const RecordedEvent& e : log) {
        if (t.type_filter != 0 && e.type != kTypes[t.type_filter]) continue;
        if (!Contains(e.stream_id, t.stream_filter)) continue;
        if (t.text_filter[0] && !Contains(e.type, t.text_filter) && !Contains(e.stream_id, t.text_filter) &&
            !Contains(e.metadata.actor, t.text_filter) && !Contains(e.metadata.reason, t.text_filter) &&
            !Contains(e.data.dump(), t.text_filter)) {
            continue;
        }
        t.shown.push_back(e.global_position);
    }
}

// The event's currency: in its data when it carries one, else its account's.
std::string CurrencyOf(const AppState& state, const RecordedEvent& e) {
    auto c = e.data.find("currency");
    if (c != e.data.end() && c->is_string()) return c->get<std::string>();
    for (const bank::AccountAt& a : state.accounts.rows) {
        if (e.stream_id == bank::account_stream_id(a.account_id)) return a.now.currency;
    }
    return "";
}

void ShowFilters(TimelineView& t, float em) {
    ImGui::SetNextItemWidth(em * 8.0f);
    ImGui::InputTextWithHint("##stream-filter", "stream", t.stream_filter, sizeof t.stream_filter);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 9.0f);
    ImGui::Combo("##type-filter", &t.type_filter, kTypes, IM_ARRAYSIZE(kTypes));
    NameLastItem("##type-filter");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 8.0f);
    ImGui::InputTextWithHint("##text-filter", "search text", t.text_filter, sizeof t.text_filter);
    if (Filtering(t)) {
        ImGui::SameLine();
        if (ImGui::SmallButton("Clear filters")) {
            t.stream_filter[0] = t.text_filter[0] = '\0';
            t.type_filter = 0;
        }
    }
}

// Finds the compensations among the events added since the last look.
void RefreshLinks(TimelineView& t, EventRange log) {
    if (t.links_head > log.size()) t.links_head = 0, t.reversed_by.clear(), t.reverses.clear();
    for (; t.links_head < log.size(); ++t.links_head) {
        const RecordedEvent& e = log[t.links_head];
        if (e.type != bank::DepositReversed::kType) continue;
        auto p = e.data.find("reversedPosition");
        if (p == e.data.end() || !p->is_number_unsigned()) continue;
        t.reversed_by[p->get<uint64_t>()] = e.global_position;
        t.reverses[e.global_position] = p->get<uint64_t>();
    }
}

// "reverses #3" / "reversed by #5": a compensation shown linked to what it compensates.
std::string LinkNote(const TimelineView& t, uint64_t position) {
    if (auto it = t.reverses.find(position); it != t.reverses.end()) return "reverses #" + std::to_string(it->second);
    if (auto it = t.reversed_by.find(position); it != t.reversed_by.end()) return "reversed by #" + std::to_string(it->second);
    return "";
}

void ShowDetails(AppState& state, const RecordedEvent& e, float height) {
    ImGui::BeginChild("event-details", ImVec2(0.0f, height), true);
    TimelineView& t = state.timeline;
    ImGui::Text("Event %llu:", static_cast<unsigned long long>(e.global_position));
    ImGui::SameLine();
    EventTypeText(e.type);
    ImGui::SameLine();
    if (ImGui::SmallButton("Travel here")) TravelTo(state, e.global_position);
    ImGui::SameLine();
    if (ImGui::SmallButton("Close details")) state.timeline.selected = 0;
    ImGui::Text("%s, stream version %llu, schema version %d, recorded", e.stream_id.c_str(),
                static_cast<unsigned long long>(e.stream_version), e.schema_version);
    ImGui::SameLine();
    TimeText(e.recorded_at_ms);
    ImGui::Text("Who: %s   Why: %s", e.metadata.actor.c_str(), e.metadata.reason.empty() ? "(no reason given)" : e.metadata.reason.c_str());
    HelpMarker("The audit trail: every event records who gave the command (actor) and why (reason), "
               "and when the store recorded it.");
    // A compensation and what it compensates point at each other: the history says both.
    if (auto it = t.reverses.find(e.global_position); it != t.reverses.end()) {
        const std::string label = "Reverses the deposit at position " + std::to_string(it->second) + "##link";
        if (ImGui::SmallButton(label.c_str())) t.selected = it->second, t.scroll_to_selected = true;
    } else if (auto by = t.reversed_by.find(e.global_position); by != t.reversed_by.end()) {
        const std::string label = "Reversed by the event at position " + std::to_string(by->second) + "##link";
        if (ImGui::SmallButton(label.c_str())) t.selected = by->second, t.scroll_to_selected = true;
    }
    if (auto change = StoredChangeAt(state, e.global_position))
        Paragraph(("The stored record was edited behind the store's back: " + change->field + " " + change->note() +
                   ". Below is the event as the store appended it.")
                      .c_str(),
                  Red(state));
    if (state.fonts.mono) ImGui::PushFont(state.fonts.mono);
    const std::string json = event_to_json(e).dump(2);
    ImGui::TextUnformatted(json.c_str());
    if (state.fonts.mono) ImGui::PopFont();
    ImGui::EndChild();
}

}  // namespace

void ShowEventsWindow(AppState& state, bool* p_open) {
    PlaceLowerMiddleWindow(state, WindowId::Events);
    const float em = ImGui::GetFontSize();
    if (!BeginSandboxPanel(state, WindowTitle(WindowId::Events), p_open)) return;
    const auto* sandbox = ActiveSandbox(state);
    const RecordedLog& log = sandbox->store().recorded_log();
    // (When the stored log is damaged the store shows only its good prefix.)
    const uint64_t saved = std::min<uint64_t>(sandbox->storage().saved_position(), log.size());
    const bool durable = sandbox->storage().durable();
    if (durable) {
        ImGui::Text("%zu events, %llu saved, %llu pending", log.size(), static_cast<unsigned long long>(saved),
                    static_cast<unsigned long long>(log.size() - saved));
    } else {
        ImGui::Text("%zu events, in memory only", log.size());
    }
    HelpMarker("The event log is the source of truth: every change, in order, never edited. "
               "\"Pending\" events are in this tab's memory; they become \"saved\" once the "
               "browser's database has committed them. Click an event for its full record.");
    PastMarker(state, "events");

    TimelineView& t = state.timeline;
    ShowFilters(t, em);
    RefreshShown(t, log);
    RefreshLinks(t, log);
    const bool filtering = Filtering(t);
    const size_t rows = filtering ? t.shown.size() : log.size();
    if (filtering) {
        ImGui::SameLine();
        ImGui::TextDisabled("%zu of %zu shown", rows, log.size());
    }
    // A stored record edited behind the store's back is said above the rows, where it cannot be missed.
    const ChainWalk* walk = state.integrity.walk ? &*state.integrity.walk : nullptr;
    const uint64_t tampered = walk ? (walk->first_bad != 0 ? walk->first_bad : walk->first_rewritten) : 0;
    if (auto change = StoredChangeAt(state, tampered))
        Paragraph(("Event " + std::to_string(tampered) + " was edited where it is stored: " + change->note() + ".").c_str(), Red(state));
    if (t.selected > log.size()) t.selected = 0;
    const float details_height = t.selected ? em * 12.0f : 0.0f;
    const uint64_t view = ViewPosition(state);

    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX | ImGuiTableFlags_Resizable;
    if (ImGui::BeginTable("event-log", 7, flags, ImVec2(0.0f, t.selected ? -details_height - em * 0.4f : 0.0f))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Pos", ImGuiTableColumnFlags_WidthFixed, em * 3.5f);
        ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_WidthFixed, em * 4.5f);
        ImGui::TableSetupColumn("Stream", ImGuiTableColumnFlags_WidthFixed, em * 7.0f);
        ImGui::TableSetupColumn("Type", ImGuiTableColumnFlags_WidthFixed, em * 8.0f);
        ImGui::TableSetupColumn("Amount", ImGuiTableColumnFlags_WidthFixed, em * 5.0f);
        ImGui::TableSetupColumn("Saved", ImGuiTableColumnFlags_WidthFixed, em * 4.0f);
        // Wider while a stored record differs from what was appended: the note says how.
        ImGui::TableSetupColumn("Links", ImGuiTableColumnFlags_WidthFixed, em * (tampered ? 17.0f : 7.0f));
        ImGui::TableHeadersRow();
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(rows));
        int scroll_row = -1;  // a link was followed: bring its event into view
        if (t.scroll_to_selected && t.selected) {
            if (!filtering) scroll_row = static_cast<int>(t.selected) - 1;
            else if (auto it = std::find(t.shown.begin(), t.shown.end(), t.selected); it != t.shown.end())
                scroll_row = static_cast<int>(it - t.shown.begin());
            if (scroll_row >= 0) clipper.ForceDisplayRangeByIndices(scroll_row, scroll_row + 1);
            t.scroll_to_selected = false;
        }
        while (clipper.Step()) {
            for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
                const uint64_t position = filtering ? t.shown[static_cast<size_t>(row)] : static_cast<uint64_t>(row) + 1;
                const RecordedEvent& e = log[position - 1];
                const bool future = e.global_position > view;  // not yet happened at the viewed point
                ImGui::TableNextRow();
                // The Command flow's token is at the store: the rows it just appended.
                // ...and the event the Code window's run folded last.
                if (FlowHighlightsEvent(state, e.global_position) || CodeHighlightsEvent(state, e.global_position))
                    ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, FlowHighlightColour());
                if (future) ImGui::PushStyleVar(ImGuiStyleVar_Alpha, 0.4f);
                ImGui::TableNextColumn();
                char label[32];
                std::snprintf(label, sizeof label, "%llu##event", static_cast<unsigned long long>(e.global_position));
                if (row == scroll_row) ImGui::SetScrollHereY(0.3f);
                if (ImGui::Selectable(label, t.selected == e.global_position, ImGuiSelectableFlags_SpanAllColumns)) {
                    t.selected = t.selected == e.global_position ? 0 : e.global_position;
                }
                ImGui::TableNextColumn();
                const std::string when = LocalTime(e.recorded_at_ms);
                ImGui::TextUnformatted(when.c_str() + 11);  // HH:MM:SS; the date is in the details
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s local\n%s", when.c_str(), UtcTime(e.recorded_at_ms).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(e.stream_id.c_str());
                ImGui::TableNextColumn();
                EventTypeText(e.type);
                ImGui::TableNextColumn();
                if (auto amount = bank::amount_of(e))
                    ImGui::TextUnformatted(bank::format_money(*amount, CurrencyOf(state, e)).c_str());
                ImGui::TableNextColumn();
                if (!durable) ImGui::TextDisabled("memory only");
                else if (e.global_position <= saved) ImGui::TextUnformatted("saved");
                else ImGui::TextColored(ImVec4(0.95f, 0.7f, 0.3f, 1.0f), "pending");
                ImGui::TableNextColumn();
                const std::string note = LinkNote(t, e.global_position);
                if (!note.empty()) ImGui::TextDisabled("%s", note.c_str());
                // Edited behind the store's back: what is stored now, never hidden.
                if (auto change = StoredChangeAt(state, e.global_position)) {
                    ImVec4 tint = Red(state);
                    tint.w = 0.22f;
                    ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::ColorConvertFloat4ToU32(tint));
                    ImGui::TextColored(Red(state), "%s", change->note().c_str());
                }
                if (future) ImGui::PopStyleVar();
            }
        }
        ImGui::EndTable();
    }
    if (t.selected) ShowDetails(state, log[t.selected - 1], details_height);
    ImGui::End();
}

}  // namespace es::app
