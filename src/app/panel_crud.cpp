// CRUD vs event sourcing: for the selected account, the single row a CRUD table would hold
// (current values only, overwritten by every change) beside the events the log holds, and the
// questions only the log can answer. Everything shown comes from the store, the audit-trail read
// model and the account view model; the CRUD row is the account's current state.
#include <imgui.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "app/layout.h"
#include "app/panels.h"
#include "app/widgets.h"
#include "bank/events.h"
#include "bank/money.h"

namespace es::app {

namespace {

constexpr std::array<const char*, 5> kCrudColumns = {"id", "owner", "balance", "status", "updated_at"};

// The row a CRUD table would hold for this state, column by column.
std::vector<std::string> CrudRow(const bank::AccountState& s) {
    return {s.account_id, s.owner, bank::format_money(s.balance_cents, s.currency), s.closed ? "closed" : "open",
            LocalTime(s.last_activity_ms)};
}

// An overwritten value, dimmed, with a line through it that covers `progress` (0..1) of its width.
void StruckOut(const std::string& text, float progress) {
    ImGui::TextDisabled("%s", text.c_str());
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    const float y = (min.y + max.y) * 0.5f;
    ImGui::GetWindowDrawList()->AddLine(ImVec2(min.x, y), ImVec2(min.x + (max.x - min.x) * progress, y),
                                        IM_COL32(235, 90, 80, 255), std::max(1.5f, ImGui::GetFontSize() * 0.09f));
}

}  // namespace

void ShowCrudWindow(AppState& state, bool* p_open) {
    PlaceLowerMiddleWindow(state, WindowId::Crud);
    const float em = ImGui::GetFontSize();
    if (!BeginSandboxPanel(state, WindowTitle(WindowId::Crud), p_open)) return;
    const auto* sandbox = ActiveSandbox(state);
    AccountsView& v = state.accounts;
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
               "balance was before, who changed it and why are gone. The struck-out values are what "
               "the last change overwrote; the row itself no longer has them.");
    // What the account's newest event overwrote: the row's values before it, struck out as the
    // new ones replace them (the line grows over one animation step; at once with reduced motion).
    const std::optional<bank::EventEffect>& change = v.crud_change;
    const bool updated = change && change->before.exists && v.crud_change_account == now.account_id;
    if (updated && v.crud_change_seen_s < 0.0) v.crud_change_seen_s = ImGui::GetTime();
    float strike = 1.0f;
    if (updated && !state.motion.reduce_motion) {
        strike = static_cast<float>((ImGui::GetTime() - v.crud_change_seen_s) / state.motion.step_seconds());
        if (strike < 1.0f) state.animating = true;
        strike = std::min(std::max(strike, 0.0f), 1.0f);
    }
    const std::vector<std::string> after = CrudRow(now);
    const std::vector<std::string> before = updated ? CrudRow(change->before) : after;
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit;
    if (ImGui::BeginTable("crud-row", static_cast<int>(kCrudColumns.size()), flags)) {
        for (const char* h : kCrudColumns) ImGui::TableSetupColumn(h);
        ImGui::TableHeadersRow();
        ImGui::TableNextRow();
        for (size_t i = 0; i < after.size(); ++i) {
            ImGui::TableNextColumn();
            if (before[i] != after[i]) StruckOut(before[i], strike);  // above the value that replaced it
            ImGui::TextUnformatted(after[i].c_str());
        }
        ImGui::EndTable();
    }
    if (updated) {
        std::string set;
        for (size_t i = 0; i < after.size(); ++i)
            if (before[i] != after[i]) set += (set.empty() ? "" : ", ") + std::string(kCrudColumns[i]) + " = " + after[i];
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("UPDATE accounts SET %s WHERE id = '%s': the old values are gone from the row; the log "
                            "below still has them (event #%llu).",
                            set.c_str(), now.account_id.c_str(), static_cast<unsigned long long>(v.crud_change_position));
        ImGui::PopTextWrapPos();
    }

    // The account's events, from the audit-trail read model (one row per event, in position order).
    const auto& audit = sandbox->audit().rows();
    const std::vector<uint64_t>& positions = sandbox->store().stream_positions(stream);
    ImGui::Spacing();
    ImGui::Text("The event log keeps all %zu events of %s:", positions.size(), stream.c_str());
    if (!positions.empty() && positions.back() > audit.size()) {
        // The audit trail is behind: catching up after the page opened (Sandbox::warm_read_models),
        // or held back by the eventual-consistency mode (Projections).
        if (sandbox->read_models_warming())
            ImGui::TextColored(Amber(state), "The audit trail has read %zu of the log's events so far; it is catching up "
                               "after the page opened, and the rest follow in a moment.", audit.size());
        else
            ImGui::TextColored(Amber(state), "The audit trail has read %zu of the log's events: eventual consistency "
                               "holds the rest back (Projections).", audit.size());
    }
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
