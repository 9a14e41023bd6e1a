// Projections: each read model the sandbox keeps, with its version, checkpoint and lag, and a
// rebuild (forget everything, replay the log from position 1). The balances projection can be
// switched between its buggy v1 (ignores TransferReceived) and the fixed v2: the events never
// change, a replay with the fixed logic corrects every balance.
#include <imgui.h>

#include <string>

#include "app/layout.h"
#include "app/panels.h"
#include "app/widgets.h"
#include "bank/money.h"

namespace es::app {

namespace {

void ShowBalancesCheck(AppState& state) {
    const auto& sandbox = *ActiveSandbox(state);
    ImGui::TextUnformatted("Balances read model vs each account's own events:");
    HelpMarker("Left: what the balances projection folded. Right: the balance the account's aggregate "
               "gets by replaying its own stream (Account state, now). They differ when the "
               "projection's logic is wrong: the events are right, the read model is not.");
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX;
    if (!ImGui::BeginTable("balances-check", 4, flags, ImVec2(0.0f, ImGui::GetFontSize() * 9.0f))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Account");
    ImGui::TableSetupColumn("Projection");
    ImGui::TableSetupColumn("From its events");
    ImGui::TableSetupColumn("");
    ImGui::TableHeadersRow();
    int64_t total_projection = 0, total_events = 0;
    std::string currency;
    for (const bank::AccountAt& a : state.accounts.rows) {
        const std::optional<int64_t> folded = sandbox.balances().balance_of(a.account_id);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(a.account_id.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(folded ? bank::format_money(*folded, a.now.currency).c_str() : "-");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(bank::format_money(a.now.balance_cents, a.now.currency).c_str());
        ImGui::TableNextColumn();
        if (folded && *folded == a.now.balance_cents) ImGui::TextDisabled("same");
        else ImGui::TextColored(ImVec4(0.95f, 0.45f, 0.40f, 1.0f), "differs");
        total_projection += folded.value_or(0);
        total_events += a.now.balance_cents;
        currency = a.now.currency;
    }
    ImGui::EndTable();
    ImGui::TextWrapped("Total: %s in the projection, %s in the events", bank::format_money(total_projection, currency).c_str(),
                       bank::format_money(total_events, currency).c_str());
}

}  // namespace

void ShowProjectionsWindow(AppState& state, bool* p_open) {
    PlaceLowerMiddleWindow(state, WindowId::Projections);
    if (!BeginSandboxPanel(state, WindowTitle(WindowId::Projections), p_open)) return;
    auto* sandbox = ActiveSandbox(state);
    Paragraph("Read models built from the same events. Each remembers the last position it applied "
              "(its checkpoint); a rebuild forgets everything and replays the log from the start.");
    // Tables scroll sideways in a narrow window rather than run past its edge.
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit |
                                  ImGuiTableFlags_ScrollX;
    auto table_height = [](size_t rows) {
        return (ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2.0f) * static_cast<float>(rows + 1) +
               ImGui::GetStyle().ScrollbarSize;
    };
    const std::vector<sandbox::Sandbox::ProjectionInfo> projections = sandbox->projections();
    if (ImGui::BeginTable("projections", 6, flags, ImVec2(0.0f, table_height(projections.size())))) {
        ImGui::TableSetupColumn("Projection");
        ImGui::TableSetupColumn("Version");
        ImGui::TableSetupColumn("Checkpoint");
        ImGui::TableSetupColumn("Lag");
        ImGui::TableSetupColumn("Last rebuild");
        ImGui::TableSetupColumn("");
        ImGui::TableHeadersRow();
        for (const sandbox::Sandbox::ProjectionInfo& p : projections) {
            ImGui::TableNextRow();
            // The Command flow's token is at this read model.
            if (FlowHighlightsProjection(state, p.name)) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, FlowHighlightColour());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(p.name.c_str());
            ImGui::TableNextColumn();
            if (p.folded_version != p.version) ImGui::TextColored(ImVec4(0.95f, 0.70f, 0.25f, 1.0f), "v%d (folded by v%d)", p.version, p.folded_version);
            else ImGui::Text("v%d", p.version);
            ImGui::TableNextColumn();
            ImGui::Text("%llu", static_cast<unsigned long long>(p.checkpoint));
            ImGui::TableNextColumn();
            ImGui::Text("%llu", static_cast<unsigned long long>(p.lag));
            ImGui::TableNextColumn();
            if (p.last_rebuild_ms < 0) ImGui::TextDisabled("not yet");
            else ImGui::Text("%llu events, %.1f ms", static_cast<unsigned long long>(p.last_rebuild_events), p.last_rebuild_ms);
            ImGui::TableNextColumn();
            const std::string label = "Rebuild##" + p.name;
            if (ImGui::SmallButton(label.c_str())) {
                Status s = sandbox->rebuild_projection(p.name);
                state.last_command_ok = s.ok();
                state.last_command_result = s.ok() ? "Rebuilt " + p.name + " by replaying the whole log."
                                                   : "Rebuild of " + p.name + " failed: " + s.error().message;
            }
        }
        ImGui::EndTable();
    }
    HelpMarker("Lag: events appended since the projection's checkpoint. Here projections are fed "
               "synchronously, so the lag is 0 right after every append; with asynchronous "
               "subscribers it is how far the read model is behind the log.");

    // A read model that did not exist when the events were written: it starts from position 0.
    for (const std::string& name : sandbox::Sandbox::addable_projections()) {
        if (sandbox->has_projection(name)) continue;
        const std::string label = "Add " + name + "##projection";
        if (ImGui::Button(label.c_str())) {
            Status s = sandbox->add_projection(name);
            state.last_command_ok = s.ok();
            state.last_command_result = s.ok() ? "Added " + name + ": it folded the whole history, from position 1."
                                               : "Could not add " + name + ": " + s.error().message;
        }
        HelpMarker("A new read model (money in and out per account per day) over the history you already have: "
                   "it subscribes from position 0 and catches up by replaying every old event.");
    }
    if (const bank::DailyTotalsProjection* daily = sandbox->daily_totals()) {
        const Json days = daily->to_json()["days"];
        ImGui::TextDisabled("daily-totals: %zu account-day rows", days.size());
        if (!days.empty() && ImGui::BeginTable("daily-totals", 6, flags, ImVec2(0.0f, table_height(std::min<size_t>(days.size(), 12))))) {
            for (const char* column : {"Account", "Day (UTC)", "Deposits", "Withdrawals", "Money in", "Net"})
                ImGui::TableSetupColumn(column);
            ImGui::TableHeadersRow();
            for (size_t i = 0; i < days.size() && i < 12; ++i) {
                const Json& d = days[i];
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
                ImGui::TextUnformatted(bank::format_amount(d.value("depositedCents", int64_t{0}) +
                                                           d.value("transferredInCents", int64_t{0})).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(bank::format_amount(d.value("netCents", int64_t{0})).c_str());
            }
            ImGui::EndTable();
            if (days.size() > 12) ImGui::TextDisabled("(the first 12 of %zu rows)", days.size());
        }
    }

    ImGui::Separator();
    ImGui::TextUnformatted("Balances logic:");
    int version = sandbox->balances().version();
    ImGui::SameLine();
    if (ImGui::RadioButton("v1 (buggy)", version == 1)) sandbox->set_balances_version(1);
    ImGui::SameLine();
    if (ImGui::RadioButton("v2 (fixed)", version == 2)) sandbox->set_balances_version(2);
    HelpMarker("v1 forgets TransferReceived: money sent between accounts leaves the sender and never "
               "arrives. Switch to v1, rebuild, and the totals stop adding up; switch back to v2, "
               "rebuild, and every balance is right again. Not one event was changed.");
    for (const sandbox::Sandbox::ProjectionInfo& p : sandbox->projections()) {
        if (p.name == "balances" && p.folded_version != p.version) {
            ImGui::TextColored(ImVec4(0.95f, 0.70f, 0.25f, 1.0f),
                               "The balances below were folded by v%d. Rebuild to replay the log with v%d.",
                               p.folded_version, p.version);
            if (ImGui::SmallButton("Rebuild balances now")) (void)sandbox->rebuild_projection("balances");
        }
    }
    ShowBalancesCheck(state);
    ImGui::End();
}

}  // namespace es::app
