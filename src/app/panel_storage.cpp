// Storage: where the events live (IndexedDB or memory only), how much is saved, the browser's
// quota, and the tools that move a whole log: export, import, reset.
#include <imgui.h>

#include <cstdio>
#include <string>

#include "app/layout.h"
#include "app/panels.h"
#include "app/widgets.h"

namespace es::app {

namespace {

std::string Bytes(double bytes) {
    char buf[32];
    if (bytes < 0) return "unknown";
    if (bytes < 1024.0 * 1024.0) std::snprintf(buf, sizeof buf, "%.0f KiB", bytes / 1024.0);
    else if (bytes < 1024.0 * 1024.0 * 1024.0) std::snprintf(buf, sizeof buf, "%.1f MiB", bytes / (1024.0 * 1024.0));
    else std::snprintf(buf, sizeof buf, "%.1f GiB", bytes / (1024.0 * 1024.0 * 1024.0));
    return buf;
}

}  // namespace

void ShowResetConfirmation(AppState& state) {
    if (state.reset_confirm_open) {
        ImGui::OpenPopup("Reset the sandbox?");
        state.reset_confirm_open = false;
    }
    const ImVec2 center = ImGui::GetMainViewport()->GetCenter();
    ImGui::SetNextWindowPos(center, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 26.0f, 0.0f));
    if (!ImGui::BeginPopupModal("Reset the sandbox?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    const size_t n = state.sandbox ? state.sandbox->store().recorded_log().size() : 0;
    const std::string what = "This deletes all " + std::to_string(n) +
                             " events, their snapshots and your lesson progress from this browser, in every "
                             "tab. It cannot be undone. Export the log first if you want to keep it.";
    Paragraph(what.c_str());
    ImGui::Spacing();
    if (ImGui::Button("Delete everything")) {
        state.requests.reset_sandbox = true;
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void HashCheckStatus(const AppState& state, const sandbox::Sandbox& sandbox) {
    const sandbox::Sandbox::HashCheckProgress& h = sandbox.hash_check();
    if (h.total == 0) return;
    const auto n = [](uint64_t v) { return static_cast<unsigned long long>(v); };
    if (!h.problem.empty()) {
        Paragraph(("The background check found that event " + std::to_string(h.bad_position) +
                   " does not hash to its stored hash; the stored log is being read again to report it.")
                      .c_str(),
                  Red(state));
    } else if (h.checked < h.total) {
        char label[96];
        std::snprintf(label, sizeof label, "Checking hashes: %llu of %llu", n(h.checked), n(h.total));
        ImGui::ProgressBar(static_cast<float>(h.checked) / static_cast<float>(h.total),
                           ImVec2(ImGui::GetFontSize() * 20.0f, 0.0f), label);
    } else {
        ImGui::TextColored(Green(state), "All %llu stored hashes checked (%.0f ms, in the background)", n(h.total), h.ms);
    }
    HelpMarker("The page opens before every stored event's SHA-256 is computed again: it checks the links "
               "between events at once (positions, versions, each event naming the hash before it), and the "
               "hashes themselves a few milliseconds each frame, so you can work meanwhile. An event whose "
               "content no longer matches its hash stops every write, and the log is read again to show "
               "where it breaks.");
}

void ShowStorageWindow(AppState& state, bool* p_open) {
    PlaceLowerMiddleWindow(state, WindowId::Storage);
    if (!ImGui::Begin(WindowTitle(WindowId::Storage), p_open)) {
        ImGui::End();
        return;
    }
    const PersistenceStatus& p = state.persistence;
    sandbox::Sandbox* sandbox = state.sandbox.get();
    if (state.lessons.run) {
        ImGui::TextColored(ImVec4(0.85f, 0.70f, 0.35f, 1.0f), "A lesson is open.");
        Paragraph("Its events live in its own sandbox, in memory (its progress is saved). Everything below is "
                  "about your free sandbox's log, which the lesson does not touch.");
        ImGui::Separator();
    }
    switch (p.mode) {
        case PersistenceStatus::Mode::Loading: ImGui::TextUnformatted("Where: loading from IndexedDB..."); break;
        case PersistenceStatus::Mode::IndexedDb: ImGui::TextUnformatted("Where: this browser's IndexedDB"); break;
        case PersistenceStatus::Mode::MemoryOnly: ImGui::TextUnformatted("Where: memory only (lost on reload)"); break;
        case PersistenceStatus::Mode::Closed: ImGui::TextUnformatted("Where: closed (reload the page)"); break;
    }
    HelpMarker("The event log is kept in the browser's IndexedDB: one record per event you add, and "
               "records of up to 1,000 events for an import or a transfer, each keyed by the position "
               "of its last event. Each frame's new events are written in one transaction; they are "
               "\"pending\" until it commits.");
    if (sandbox) {
        const auto& st = sandbox->storage();
        const uint64_t shown = sandbox->store().head_position();
        if (!st.durable()) {
            ImGui::Text("Events: %llu (in memory only)", static_cast<unsigned long long>(shown));
        } else if (st.head_position() > shown) {
            ImGui::Text("Events: %llu readable of %llu stored", static_cast<unsigned long long>(shown),
                        static_cast<unsigned long long>(st.head_position()));
        } else {
            ImGui::Text("Events: %llu (%llu saved, %llu pending)", static_cast<unsigned long long>(shown),
                        static_cast<unsigned long long>(st.saved_position()),
                        static_cast<unsigned long long>(st.pending_count()));
        }
        const auto& h = sandbox->hash_check();
        if (h.total == 0) {
            if (p.load_ms > 0.0) ImGui::Text("Loaded and verified in %.0f ms", p.load_ms);
        } else {
            if (p.load_ms > 0.0) ImGui::Text("Loaded in %.0f ms", p.load_ms);
            HashCheckStatus(state, *sandbox);
        }
    }
    if (p.usage_bytes >= 0) {
        ImGui::Text("Browser storage used: %s of %s", Bytes(p.usage_bytes).c_str(), Bytes(p.quota_bytes).c_str());
        ImGui::TextWrapped("Persistent: %s", p.persisted ? "yes" : "no (the browser may clear it when space is short)");
    }
    if (p.mode == PersistenceStatus::Mode::IndexedDb && !p.persisted) {
        Paragraph(kPersistentStorageWhy);
        if (ImGui::Button("Ask for persistent storage")) state.requests.ask_persistent_storage = true;
    }

    ImGui::Spacing();
    ImGui::Separator();
    ImGui::BeginDisabled(sandbox == nullptr);
    if (ImGui::Button("Export JSON Lines")) state.requests.export_jsonl = true;
    HelpMarker("The whole log, one event per line, with ids, positions, times, metadata and hashes: "
               "lossless. Import reads it back.");
    if (ImGui::Button("Export for KurrentDB")) state.requests.export_kurrent = true;
    HelpMarker("The JSON array KurrentDB's (EventStoreDB's) HTTP API accepts for an append "
               "(eventId, eventType, data, metadata), to load your history into a real event store.");
    ImGui::BeginDisabled(p.importing);
    if (ImGui::Button("Import...")) state.requests.pick_import_file = true;
    ImGui::EndDisabled();
    HelpMarker("A JSON Lines export, chosen here or dropped on the page. It is checked in full first "
               "(every line, the positions, the hash chain, the business rules); then all of it is "
               "added, or none of it. A large file is read a few MiB at a time, with its progress here; "
               "an event you add meanwhile makes the import stop, since the file was checked against "
               "the log as it was.");
    // Right under the import button, so the progress and the verdict are seen where the learner clicked.
    if (p.importing) {
        const double mib = 1024.0 * 1024.0;
        const bool checked = p.import_done_bytes >= p.import_total_bytes;
        char label[128];
        std::snprintf(label, sizeof label, checked ? "%.1f MiB checked: adding the events..." : "%.1f of %.1f MiB checked",
                      p.import_done_bytes / mib, p.import_total_bytes / mib);
        Paragraph(("Importing " + p.import_name + ": every line is checked before anything is added.").c_str());
        ImGui::ProgressBar(p.import_total_bytes > 0 ? static_cast<float>(p.import_done_bytes / p.import_total_bytes) : 1.0f,
                           ImVec2(ImGui::GetFontSize() * 20.0f, 0.0f), label);
    } else if (!p.import_result.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, p.import_ok ? ImVec4(0.35f, 0.75f, 0.45f, 1.0f) : ImVec4(0.95f, 0.45f, 0.40f, 1.0f));
        Paragraph(p.import_result.c_str());
        ImGui::PopStyleColor();
    }
    if (!p.import_notice.empty()) Paragraph(p.import_notice.c_str(), Red(state));
    // An import begun, ended or refused: brought into view (the window is often scrolled short).
    std::string shown = p.importing ? "importing " + p.import_name : p.import_result;
    if (!p.import_notice.empty()) shown += "\n" + p.import_notice;
    if (shown != state.storage_import_shown) {
        if (!shown.empty()) ImGui::SetScrollHereY(1.0f);
        state.storage_import_shown = std::move(shown);
    }
    if (ImGui::Button("Reset sandbox...")) state.reset_confirm_open = true;
    ImGui::EndDisabled();

    ImGui::End();
}

}  // namespace es::app
