// Events: the log in global order, with whether each event is saved in the browser yet.
// (The full timeline with filters and details comes with the visual sandbox; this is the plain,
// always-correct list.) ImGuiListClipper keeps it smooth with 100,000 events.
#include <imgui.h>

#include <algorithm>
#include <string>

#include "app/panels.h"
#include "app/widgets.h"
#include "bank/money.h"

namespace es::app {

void ShowEventsWindow(AppState& state, bool* p_open) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float em = ImGui::GetFontSize();
    const ImGuiCond cond = state.layout_reset_requested ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
    ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + em * 22.0f, PanelTop(state)), cond);
    ImGui::SetNextWindowSize(ImVec2(viewport->WorkSize.x - em * 47.0f, viewport->WorkPos.y + viewport->WorkSize.y - PanelTop(state) - em * 0.5f),
                             cond);
    if (!ImGui::Begin("Events", p_open)) {
        ImGui::End();
        return;
    }
    const Sandbox* sandbox = state.sandbox.get();
    if (!sandbox) {
        ImGui::TextDisabled("Loading the stored events...");
        ImGui::End();
        return;
    }
    const EventList& log = sandbox->store().recorded_log();
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
               "browser's database has committed them.");

    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX | ImGuiTableFlags_Resizable;
    if (ImGui::BeginTable("event-log", 5, flags)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Pos", ImGuiTableColumnFlags_WidthFixed, em * 3.5f);
        ImGui::TableSetupColumn("Stream", ImGuiTableColumnFlags_WidthFixed, em * 8.0f);
        ImGui::TableSetupColumn("Type", ImGuiTableColumnFlags_WidthFixed, em * 9.0f);
        ImGui::TableSetupColumn("Amount", ImGuiTableColumnFlags_WidthFixed, em * 5.0f);
        ImGui::TableSetupColumn("Saved", ImGuiTableColumnFlags_WidthFixed, em * 5.5f);
        ImGui::TableHeadersRow();
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(log.size()));
        while (clipper.Step()) {
            for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
                const RecordedEvent& e = log[static_cast<size_t>(row)];
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::Text("%llu", static_cast<unsigned long long>(e.global_position));
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(e.stream_id.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(e.type.c_str());
                ImGui::TableNextColumn();
                auto amount = e.data.find("amountCents");
                if (amount != e.data.end() && amount->is_number_integer())
                    ImGui::TextUnformatted(bank::format_amount(amount->get<int64_t>()).c_str());
                ImGui::TableNextColumn();
                if (!durable) ImGui::TextDisabled("memory only");
                else if (e.global_position <= saved) ImGui::TextUnformatted("saved");
                else ImGui::TextColored(ImVec4(0.95f, 0.7f, 0.3f, 1.0f), "pending");
            }
        }
        ImGui::EndTable();
    }
    ImGui::End();
}

}  // namespace es::app
