// The read models' contents, inside the Projections window: one table per projection (balances,
// account list, audit trail, daily totals), each under a header with its version, checkpoint and
// lag, so the learner sees what a read model holds, not only that it exists.
#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/panels.h"
#include "app/widgets.h"
#include "bank/money.h"
#include "bank/projections.h"

namespace es::app {

namespace {

const ImGuiTableFlags kTableFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit |
                                    ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY;

// Room for `rows` rows (and the header), at most `max_rows`: longer tables scroll.
ImVec2 TableSize(size_t rows, size_t max_rows = 10) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const size_t shown = std::min(rows, max_rows) + 1;
    return ImVec2(0.0f, (ImGui::GetTextLineHeight() + style.CellPadding.y * 2.0f) * static_cast<float>(shown) +
                            style.ScrollbarSize);
}

// The header of one read model: its name, version, checkpoint and lag (amber while it is
// behind the log); open by default.
bool ReadModelHeader(const AppState& state, const sandbox::Sandbox::ProjectionInfo& p, const char* title) {
    const std::string label = std::string(title) + "   v" + std::to_string(p.version) + " | checkpoint " +
                              std::to_string(p.checkpoint) + " | lag " + std::to_string(p.lag) + "###table-" + p.name;
    if (p.lag > 0) ImGui::PushStyleColor(ImGuiCol_Text, Amber(state));
    const bool open = ImGui::CollapsingHeader(label.c_str(), ImGuiTreeNodeFlags_DefaultOpen);
    if (p.lag > 0) ImGui::PopStyleColor();
    return open;
}

// The rows a lagging read model has yet to change: the accounts of the events after its checkpoint.
struct Behind {
    const AppState& state;
    std::vector<std::string> accounts;  // sorted
    bool has(const std::string& account) const { return std::binary_search(accounts.begin(), accounts.end(), account); }
    // A last cell: "behind" on a row that pending events will change.
    void Cell(const std::string& account) const {
        ImGui::TableNextColumn();
        if (has(account)) ImGui::TextColored(Amber(state), "behind");
    }
};
// Not while the read models catch up after the page opened: that lag is most of the log, every
// row is behind, and the note above the tables says so (working it out would scan it each frame).
Behind BehindOf(const AppState& state, const sandbox::Sandbox& sandbox, const sandbox::Sandbox::ProjectionInfo& p) {
    const bool mark = p.lag > 0 && !sandbox.read_models_warming();
    return Behind{state, mark ? sandbox.bank_log().accounts_between(p.checkpoint, p.checkpoint + p.lag)
                              : std::vector<std::string>{}};
}

void BalancesTable(const bank::BalancesProjection& balances, const Behind& behind) {
    const auto rows = balances.sorted_rows();
    if (rows.empty()) {
        ImGui::TextDisabled("No account yet.");
        return;
    }
    if (!ImGui::BeginTable("rm-balances", 3, kTableFlags, TableSize(rows.size()))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Account");
    ImGui::TableSetupColumn("Balance");
    ImGui::TableSetupColumn("");
    ImGui::TableHeadersRow();
    for (const bank::BalancesProjection::Row* r : rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r->account_id.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(bank::format_money(r->balance_cents, r->currency).c_str());
        behind.Cell(r->account_id);
    }
    ImGui::EndTable();
}

void AccountListTable(const bank::AccountListProjection& accounts, const Behind& behind) {
    const auto& rows = accounts.rows();
    if (rows.empty()) {
        ImGui::TextDisabled("No account yet.");
        return;
    }
    if (!ImGui::BeginTable("rm-accounts", 6, kTableFlags, TableSize(rows.size()))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* column : {"Account", "Owner", "Currency", "Status", "Opened", ""}) ImGui::TableSetupColumn(column);
    ImGui::TableHeadersRow();
    for (const auto& [id, r] : rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(id.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r.owner.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r.currency.c_str());
        ImGui::TableNextColumn();
        if (r.closed) ImGui::TextDisabled("closed");
        else ImGui::TextUnformatted("open");
        ImGui::TableNextColumn();
        TimeText(r.opened_at_ms);
        behind.Cell(id);
    }
    ImGui::EndTable();
}

// Newest first, and only the visible rows are drawn (a long log has a row per event). Events
// the trail has not applied yet (eventual mode) head the list, marked as pending.
void AuditTrailTable(const AppState& state, const sandbox::Sandbox& sandbox, const sandbox::Sandbox::ProjectionInfo& p) {
    const auto& rows = sandbox.audit().rows();
    const RecordedLog& log = sandbox.store().recorded_log();
    const size_t pending = static_cast<size_t>(p.lag);
    if (rows.empty() && pending == 0) {
        ImGui::TextDisabled("No event yet.");
        return;
    }
    if (!ImGui::BeginTable("rm-audit", 6, kTableFlags, TableSize(rows.size() + pending))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* column : {"#", "Time", "Account", "What", "Actor", "Reason"}) ImGui::TableSetupColumn(column);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size() + pending));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const size_t index = static_cast<size_t>(i);
            if (index < pending) {  // not in the trail yet: what the store holds, greyed
                const RecordedEvent& e = log[p.checkpoint + pending - 1 - index];
                ImGui::TextColored(Amber(state), "%llu", static_cast<unsigned long long>(e.global_position));
                ImGui::TableNextColumn();
                ImGui::TextColored(Amber(state), "pending");
                ImGui::TableNextColumn();
                ImGui::TextDisabled("%s", e.stream_id.c_str());
                ImGui::TableNextColumn();
                ImGui::TextDisabled("%s (not applied yet)", e.type.c_str());
                continue;
            }
            const bank::AuditTrailProjection::Row& r = rows[rows.size() - 1 - (index - pending)];
            ImGui::Text("%llu", static_cast<unsigned long long>(r.position));
            ImGui::TableNextColumn();
            TimeText(r.time_ms);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.stream_id().c_str());
            ImGui::TableNextColumn();
            EventTypeText(r.type());
            if (r.amount_cents) {
                ImGui::SameLine();
                ImGui::TextUnformatted(bank::format_amount(*r.amount_cents).c_str());
            }
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.actor().c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.reason().c_str());
        }
    }
    ImGui::EndTable();
}

void DailyTotalsTable(const bank::DailyTotalsProjection& daily, const Behind& behind) {
    const Json days = daily.to_json()["days"];
    if (days.empty()) {
        ImGui::TextDisabled("No money moved yet.");
        return;
    }
    if (!ImGui::BeginTable("rm-daily", 7, kTableFlags, TableSize(days.size()))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* column : {"Account", "Day (UTC)", "Deposits", "Withdrawals", "Money in", "Net", ""})
        ImGui::TableSetupColumn(column);
    ImGui::TableHeadersRow();
    for (const Json& d : days) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(d.value("accountId", "").c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(d.value("day", "").c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%llu", static_cast<unsigned long long>(d.value("deposits", uint64_t{0})));
        ImGui::TableNextColumn();
        ImGui::Text("%llu", static_cast<unsigned long long>(d.value("withdrawals", uint64_t{0})));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(
            bank::format_amount(d.value("depositedCents", int64_t{0}) + d.value("transferredInCents", int64_t{0})).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(bank::format_amount(d.value("netCents", int64_t{0})).c_str());
        behind.Cell(d.value("accountId", ""));
    }
    ImGui::EndTable();
}

}  // namespace

void ShowReadModelTables(AppState& state) {
    const sandbox::Sandbox& sandbox = *ActiveSandbox(state);
    Divider("What each read model holds");
    HelpMarker("The same events, folded four ways, each into the shape one screen needs. A read model "
               "is a cache you can always throw away: its checkpoint says how far into the log it has read.");
    if (sandbox.read_models_warming()) {
        // A long stored log opens with the balances whole and these catching up over the first
        // frames (Sandbox::warm_read_models): their headers say how far they have read.
        Paragraph("Catching up after the page opened: the read models in amber are still reading the stored "
                  "log, a little each frame. The balances were whole at once; a command waits for the rest.",
                  Amber(state));
    }
    for (const sandbox::Sandbox::ProjectionInfo& p : sandbox.projections()) {
        if (p.name == "balances") {
            if (ReadModelHeader(state, p, "Balances")) BalancesTable(sandbox.balances(), BehindOf(state, sandbox, p));
        } else if (p.name == "account-list") {
            if (ReadModelHeader(state, p, "Account list")) AccountListTable(sandbox.accounts(), BehindOf(state, sandbox, p));
        } else if (p.name == "audit-trail") {
            if (ReadModelHeader(state, p, "Audit trail (newest first)")) AuditTrailTable(state, sandbox, p);
        } else if (p.name == "daily-totals" && sandbox.daily_totals()) {
            if (ReadModelHeader(state, p, "Daily totals"))
                DailyTotalsTable(*sandbox.daily_totals(), BehindOf(state, sandbox, p));
        }
    }
}

}  // namespace es::app
