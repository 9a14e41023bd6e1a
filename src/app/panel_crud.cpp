// CRUD vs event sourcing: for the selected account, the single row a CRUD table would hold
// (current values only, overwritten by every change) beside the events the log holds, and the
// questions only the log can answer. Everything shown comes from the store, the audit-trail read
// model and the account view model; the CRUD row is the account's current state.
#include <imgui.h>

#include <string>

#include "app/layout.h"
#include "app/panels.h"
#include "app/widgets.h"
#include "bank/events.h"
#include "bank/money.h"

namespace es::app {

void ShowCrudWindow(AppState& state, bool* p_open) {
    PlaceLowerMiddleWindow(state, WindowId::Crud);
    const float em = ImGui::GetFontSize();
    if (!BeginSandboxPanel(state, WindowTitle(WindowId::Crud), p_open)) return;
    const auto* sandbox = ActiveSandbox(state);
    const AccountsView& v = state.accounts;
    const bank::AccountAt* account = nullptr;
    for (const bank::AccountAt& a : v.rows) {
        if (a.account_id == v.selected) account = &a;
    }
    if (!account) {
        ImGui::TextDisabled("Open an account (Commands) and select it in Account state.");
        ImGui::End();
        return;
    }
    const bank::AccountState& now = account->now;
    const std::string stream = bank::account_stream_id(account->account_id);

    ImGui::TextUnformatted("A CRUD database keeps one row, overwritten by every change:");
    HelpMarker("CRUD = create, read, update, delete. An UPDATE replaces the old values: what the "
               "balance was before, who changed it and why are gone.");
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit;
    if (ImGui::BeginTable("crud-row", 5, flags)) {
        for (const char* h : {"id", "owner", "balance", "status", "updated_at"}) ImGui::TableSetupColumn(h);
        ImGui::TableHeadersRow();
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(now.account_id.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(now.owner.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(bank::format_money(now.balance_cents, now.currency).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(now.closed ? "closed" : "open");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(LocalTime(now.last_activity_ms).c_str());
        ImGui::EndTable();
    }

    // The account's events, from the audit-trail read model (one row per event, in position order).
    const auto& audit = sandbox->audit().rows();
    const std::vector<uint64_t>& positions = sandbox->store().stream_positions(stream);
    ImGui::Spacing();
    ImGui::Text("The event log keeps all %zu events of %s:", positions.size(), stream.c_str());
    int64_t deposited = 0;
    const bank::AuditTrailProjection::Row* last = nullptr;
    const float list_height = em * 8.0f;
    if (ImGui::BeginTable("es-events", 5, flags | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg, ImVec2(0.0f, list_height))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        for (const char* h : {"#", "event", "amount", "who / why", "when"}) ImGui::TableSetupColumn(h);
        ImGui::TableHeadersRow();
        for (uint64_t p : positions) {
            if (p == 0 || p > audit.size()) continue;
            const bank::AuditTrailProjection::Row& r = audit[p - 1];
            if (r.type() == "MoneyDeposited" && r.amount_cents) deposited += *r.amount_cents;
            last = &r;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("%llu", static_cast<unsigned long long>(r.position));
            ImGui::TableNextColumn();
            EventTypeText(r.type());
            ImGui::TableNextColumn();
            if (r.amount_cents) ImGui::TextUnformatted(bank::format_amount(*r.amount_cents).c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%s%s%s", r.actor().c_str(), r.reason().empty() ? "" : ": ", r.reason().c_str());
            ImGui::TableNextColumn();
            TimeText(r.time_ms);
        }
        ImGui::EndTable();
    }

    ImGui::Spacing();
    ImGui::TextUnformatted("Questions only the log can answer:");
    const auto& history = v.history.balances;
    if (ImGui::BeginTable("questions", 3, flags | ImGuiTableFlags_RowBg)) {
        for (const char* h : {"question", "CRUD row", "event log"}) ImGui::TableSetupColumn(h);
        ImGui::TableHeadersRow();
        auto row = [](const char* q, const char* crud, const std::string& es) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(q);
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", crud);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(es.c_str());
        };
        row("Balance before the last change?", "lost (overwritten)",
            history.size() >= 2 ? bank::format_money(history[history.size() - 2].balance_cents, now.currency) : "no earlier change");
        row("Who made the last change, and why?", "unknown",
            last ? last->actor() + (last->reason().empty() ? " (no reason given)" : ": " + last->reason()) : "-");
        row("How much was ever deposited?", "unknown", bank::format_money(deposited, now.currency));
        row("Balance last Tuesday at 3 PM?", "unknown", "Time travel: type the date");
        ImGui::EndTable();
    }
    ImGui::End();
}

}  // namespace es::app
