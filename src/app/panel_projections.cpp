// Projections: each read model the sandbox keeps, with its version, checkpoint and lag, and a
// rebuild (forget everything, replay the log from position 1). The balances projection can be
// switched between its buggy v1 (ignores TransferReceived) and the fixed v2: the events never
// change, a replay with the fixed logic corrects every balance. What each read model holds is
// drawn below them (panel_read_models.cpp).
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

// The eventual-consistency mode (sandbox/eventual.h): read models that apply new events later,
// after a delay or when asked, so a lag above 0 and the catching up can be watched.
void ShowEventualControls(AppState& state, sandbox::Sandbox& sandbox) {
    sandbox::EventualFeed& feed = sandbox.eventual();
    bool on = feed.on();
    if (ImGui::Checkbox("Eventual consistency##eventual", &on)) feed.set_on(on);
    HelpMarker("Off: every read model applies each new event the moment it is stored. On: the event "
               "store still takes the event at once (and the bank decides with its own events), but the "
               "read models apply it later, like consumers of a Kafka topic, each reading at its own "
               "offset. Until they do, what you read is behind what was written: lag > 0. "
               "Switching it off catches everything up at once.");
    if (!on) return;
    ImGui::Indent();
    using Release = sandbox::EventualFeed::Release;
    if (ImGui::RadioButton("After a delay##eventual", feed.release() == Release::AfterDelay))
        feed.set_release(Release::AfterDelay);
    ImGui::SameLine();
    if (ImGui::RadioButton("When I say so##eventual", feed.release() == Release::OnRequest))
        feed.set_release(Release::OnRequest);
    if (feed.release() == Release::AfterDelay) {
        float delay = static_cast<float>(feed.delay_seconds());
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10.0f);
        if (ImGui::SliderFloat("delay##eventual", &delay, 0.5f, 10.0f, "%.1f s")) feed.set_delay_seconds(delay);
    }
    const uint64_t lag = feed.lag();
    ImGui::BeginDisabled(lag == 0);
    if (ImGui::Button("Apply next event##eventual")) feed.apply_next();
    ImGui::SameLine();
    if (ImGui::Button("Catch up##eventual")) feed.catch_up();
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (lag == 0) {
        ImGui::TextDisabled("every read model is up to date");
    } else if (feed.release() == Release::AfterDelay && feed.waiting()) {
        ImGui::TextColored(Amber(state), "%llu behind; next batch in %.1f s", static_cast<unsigned long long>(lag),
                           feed.seconds_to_next(ImGui::GetTime()));
    } else {
        ImGui::TextColored(Amber(state), "%llu behind", static_cast<unsigned long long>(lag));
    }
    ImGui::Unindent();
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
               "synchronously, so the lag is 0 right after every append; with eventual consistency "
               "on (below) it is how far the read model is behind the log. Right after the page opens "
               "a long stored log, the account list and audit trail also lag for a moment: they catch "
               "up after the first frames, while you can already work.");
    ShowEventualControls(state, *sandbox);

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
    ShowReadModelTables(state);
    ImGui::End();
}

}  // namespace es::app
