// Snapshots: how often the Bank saves an account's folded state, which snapshots the selected
// account has, and what they save when it is loaded: events folded, with and without. The
// comparison comes from bank::replay_cost (cached in AccountsView).
#include <imgui.h>

#include <string>

#include "app/layout.h"
#include "app/panels.h"
#include "app/widgets.h"

namespace es::app {

void ShowSnapshotsWindow(AppState& state, bool* p_open) {
    PlaceLowerMiddleWindow(state, WindowId::Snapshots);
    const float em = ImGui::GetFontSize();
    if (!BeginSandboxPanel(state, WindowTitle(WindowId::Snapshots), p_open)) return;
    auto* sandbox = ActiveSandbox(state);
    uint64_t every = sandbox->snapshot_every();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Snapshot every");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 6.0f);
    if (ImGui::InputScalar("events##snapshot-every", ImGuiDataType_U64, &every, nullptr, nullptr, "%llu")) {
        sandbox->set_snapshot_every(every > 100000 ? 100000 : every);
    }
    HelpMarker("A snapshot is an account's state saved at a stream version. Loading starts from the "
               "newest one and folds only the events after it. 0 turns snapshots off (existing "
               "ones are still used). Snapshots are a cache: the events stay the truth.");

    const AccountsView& v = state.accounts;
    if (v.selected.empty() || !v.cost) {
        ImGui::TextDisabled("Select an account in Account state to compare.");
        ImGui::End();
        return;
    }
    const bank::ReplayCost& c = *v.cost;
    ImGui::Separator();
    ImGui::Text("account-%s: stream version %llu, %zu snapshot(s)", v.selected.c_str(),
                static_cast<unsigned long long>(c.stream_version), c.snapshot_versions.size());
    if (!c.snapshot_versions.empty()) {
        std::string list;
        for (uint64_t s : c.snapshot_versions) list += (list.empty() ? "at stream version " : ", ") + std::to_string(s);
        ImGui::TextDisabled("%s", list.c_str());
    }
    if (ImGui::BeginTable("cost", 2, ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("Load now");
        ImGui::TableSetupColumn("Events folded");
        ImGui::TableHeadersRow();
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        if (c.used_snapshot) ImGui::Text("from the snapshot at stream version %llu", static_cast<unsigned long long>(c.snapshot_version));
        else ImGui::TextUnformatted("with snapshots (none usable)");
        ImGui::TableNextColumn();
        ImGui::Text("%llu", static_cast<unsigned long long>(c.events_with));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted("full replay");
        ImGui::TableNextColumn();
        ImGui::Text("%llu", static_cast<unsigned long long>(c.events_without));
        ImGui::EndTable();
    }
    const unsigned long long n = c.stream_version;
    if (c.used_snapshot && c.events_with < c.events_without) {
        ImGui::Text("The snapshot saves folding %llu of %llu events.",
                    static_cast<unsigned long long>(c.events_without - c.events_with),
                    static_cast<unsigned long long>(c.events_without));
    } else if (every == 0) {
        Paragraph("Snapshots are off: every load folds all of the account's events.");
    } else if (n < every) {
        ImGui::TextDisabled("No snapshot yet: the account has %llu events, fewer than the interval (%llu).", n,
                            static_cast<unsigned long long>(every));
    } else {
        Paragraph(("No snapshot yet: the Bank saves one when a command takes the account to a multiple of " +
                   std::to_string(every) + " events (it does not go back over old ones). Send a command to it.")
                      .c_str());
    }
    ImGui::End();
}

}  // namespace es::app
