// Account state: every account as of the viewed point (time travel), rebuilt by replaying its
// events: balance, status, version, last event and the difference from now. For the selected
// account, its balance over time and how its state was rebuilt (snapshot used, events replayed).
// The rows come from the cached view model (AccountsView, views.cpp); nothing is computed here.
#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/layout.h"
#include "app/panels.h"
#include "app/widgets.h"
#include "bank/money.h"

namespace es::app {

namespace {

const char* Status(const bank::AccountState& s) {
    if (!s.exists) return "not opened yet";
    return s.closed ? "closed" : "open";
}

void ShowHistory(AppState& state) {
    const AccountsView& v = state.accounts;
    if (v.selected.empty()) return;
    ImGui::Separator();
    if (!v.history_error.empty()) {
        ImGui::TextDisabled("%s", v.history_error.c_str());
        return;
    }
    const bank::AccountHistory& h = v.history;
    const LoadResult& load = h.load;
    ImGui::Text("account-%s as of position %llu:", v.selected.c_str(), static_cast<unsigned long long>(v.position));
    if (load.stream_version == 0) {
        ImGui::TextDisabled("No events yet at this point: nothing to replay.");
    } else if (load.used_snapshot) {
        ImGui::Text("Snapshot at stream version %llu + %llu event(s) replayed", static_cast<unsigned long long>(load.snapshot_version),
                    static_cast<unsigned long long>(load.events_applied));
    } else {
        ImGui::Text("%llu event(s) replayed from the start, no snapshot", static_cast<unsigned long long>(load.events_applied));
    }
    HelpMarker("Rebuilding state = folding the stream's events in order. A snapshot is a saved fold "
               "(every 100 events here): loading starts from the newest one at or before the point "
               "and replays only the events after it.");

    // Balance after each event of the stream, up to now; the line marks the viewed point.
    std::vector<float> values;
    values.reserve(h.balances.size());
    size_t marked = 0;
    for (const bank::BalancePoint& p : h.balances) {
        values.push_back(static_cast<float>(p.balance_cents) / 100.0f);
        if (p.position <= v.position) marked = values.size();
    }
    if (values.size() < 2) return;
    const float em = ImGui::GetFontSize();
    ImGui::PlotLines("##balance", values.data(), static_cast<int>(values.size()), 0, "balance over time",
                     FLT_MAX, FLT_MAX, ImVec2(ImGui::GetContentRegionAvail().x, em * 4.0f));
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    if (marked > 0) {
        const float x = min.x + (max.x - min.x) * static_cast<float>(marked - 1) / static_cast<float>(values.size() - 1);
        ImGui::GetWindowDrawList()->AddLine(ImVec2(x, min.y), ImVec2(x, max.y), IM_COL32(240, 180, 60, 255), 2.0f);
    }
}

}  // namespace

void ShowAccountStateWindow(AppState& state, bool* p_open) {
    PlaceNextWindow(state, Place::RightLower);
    const float em = ImGui::GetFontSize();
    if (!BeginSandboxPanel(state, WindowTitle(WindowId::Accounts), p_open)) return;
    PastMarker(state, "accounts");
    AccountsView& v = state.accounts;
    if (!v.error.empty()) ImGui::TextColored(ImVec4(0.95f, 0.45f, 0.40f, 1.0f), "%s", v.error.c_str());
    if (v.rows.empty()) {
        ImGui::TextDisabled("No accounts yet: open one in Commands.");
        ImGui::End();
        return;
    }
    ImGui::TextDisabled("%zu account(s); click one for its history", v.rows.size());
    HelpMarker("Each row is a replay of that account's events up to the viewed point. \"Now\" is "
               "the difference to the balance at the newest event.");
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingFixedFit;
    const float table_height = std::min(em * 1.6f * static_cast<float>(v.rows.size() + 1) + em * 0.5f, em * 9.0f);
    if (ImGui::BeginTable("accounts", 5, flags, ImVec2(0.0f, table_height))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Account");
        ImGui::TableSetupColumn("Balance");
        ImGui::TableSetupColumn("Status");
        ImGui::TableSetupColumn("Stream ver");
        ImGui::TableSetupColumn("vs now");
        ImGui::TableHeadersRow();
        for (const bank::AccountAt& a : v.rows) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const bool selected = a.account_id == v.selected;
            if (ImGui::Selectable(a.account_id.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns)) {
                v.selected = a.account_id;
            }
            if (ImGui::IsItemHovered() && a.last_position > 0) {
                ImGui::SetTooltip("Owner %s. Last event: %s at position %llu, %s", a.now.owner.c_str(), a.last_type.c_str(),
                                  static_cast<unsigned long long>(a.last_position), LocalTime(a.last_recorded_at_ms).c_str());
            }
            const std::string& currency = a.now.currency;
            ImGui::TableNextColumn();
            if (a.state.exists) ImGui::TextUnformatted(bank::format_money(a.state.balance_cents, currency).c_str());
            else ImGui::TextDisabled("-");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(Status(a.state));
            ImGui::TableNextColumn();
            ImGui::Text("%llu", static_cast<unsigned long long>(a.state.version));
            ImGui::TableNextColumn();
            const int64_t change = a.now.balance_cents - a.state.balance_cents;
            if (change == 0 && a.now.version == a.state.version) {
                ImGui::TextDisabled("same");
            } else {
                const std::string text = (change > 0 ? "+" : "") + bank::format_money(change, currency);
                ImGui::TextUnformatted(text.c_str());
                if (ImGui::IsItemHovered()) {
                    ImGui::SetTooltip("%llu more event(s) since this point; balance now %s",
                                      static_cast<unsigned long long>(a.now.version - a.state.version),
                                      bank::format_money(a.now.balance_cents, currency).c_str());
                }
            }
        }
        ImGui::EndTable();
    }
    for (const bank::AccountAt& a : v.rows) {
        if (a.account_id != v.selected || a.last_position == 0) continue;
        ImGui::Text("Last event:");
        ImGui::SameLine();
        EventTypeText(a.last_type);
        ImGui::SameLine();
        ImGui::Text("(position %llu)", static_cast<unsigned long long>(a.last_position));
    }
    ShowHistory(state);
    ImGui::End();
}

}  // namespace es::app
