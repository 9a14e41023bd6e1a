// Upcasting: one stored event shown as it is stored (the raw line, at its old schema version)
// beside what the upcasters make of it when it is read (the current schema), with the fields they
// added highlighted, and the proof that reading changes nothing: the SHA-256 of the stored line
// before and after the read, equal. The reading itself is the core's (read_through_upcasters,
// with the store's own registry); this panel only draws it.
#include <imgui.h>

#include <string>

#include "app/layout.h"
#include "app/panels.h"
#include "app/widgets.h"

namespace es::app {

namespace {

// "field": value lines of an event's data; the fields in `marked` on a tinted background.
void DataFields(const AppState& state, const Json& data, const std::vector<FieldDifference>* marked) {
    for (auto it = data.begin(); it != data.end(); ++it) {
        const std::string line = "\"" + it.key() + "\": " + it.value().dump(-1, ' ', false, Json::error_handler_t::replace);
        const FieldDifference* diff = nullptr;
        if (marked)
            for (const FieldDifference& d : *marked)
                if (d.field == it.key()) diff = &d;
        if (diff) {
            const ImVec2 at = ImGui::GetCursorScreenPos();
            const ImVec2 size = ImGui::CalcTextSize(line.c_str());
            ImVec4 tint = Green(state);
            tint.w = 0.25f;
            ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(at.x - 2.0f, at.y), ImVec2(at.x + size.x + 2.0f, at.y + size.y),
                                                      ImGui::ColorConvertFloat4ToU32(tint), 3.0f);
        }
        ImGui::TextUnformatted(line.c_str());
        if (diff) {
            ImGui::SameLine();
            ImGui::TextColored(Green(state), diff->before.is_null() ? "+ added" : "changed");
        }
    }
}

}  // namespace

void ShowUpcastWindow(AppState& state, bool* p_open) {
    PlaceLowerMiddleWindow(state, WindowId::Upcast);
    if (!BeginSandboxPanel(state, WindowTitle(WindowId::Upcast), p_open)) return;
    UpcastView& v = state.upcast;
    const float em = ImGui::GetFontSize();
    ImGui::SetNextItemWidth(em * 7.0f);
    ImGui::InputScalar("Event position##upcast", ImGuiDataType_U64, &v.position);
    HelpMarker("Stored events are never rewritten when their schema changes: an upcaster translates an old one "
               "into the current shape each time it is read. Position 0 shows the latest event stored at an "
               "older schema than the code reads.");
    UpdateUpcast(state);  // at once, so the view never shows one frame of the old choice
    if (!v.error.empty()) {
        Paragraph(("This event cannot be read: " + v.error).c_str(), Red(state));
    } else if (!v.reading) {
        Paragraph(v.position == 0 ? "No stored event here is at an older schema than the code reads: every one was "
                                    "written in its current shape. The Versioning lesson writes a schema-1 "
                                    "MoneyDeposited with its legacy tool; open it to watch one being upcast."
                                  : "There is no event at that position.");
    }
    if (v.reading) {
        const UpcastReading& r = *v.reading;
        ImGui::Text("Event %llu: %s, stored at schema v%d, read as v%d", static_cast<unsigned long long>(v.shown),
                    r.stored.type.c_str(), r.stored.schema_version, r.current.schema_version);
        if (r.added.empty()) ImGui::TextDisabled("(already at its current schema: read as stored)");
        if (ImGui::BeginTable("upcast", 2, ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable)) {
            ImGui::TableSetupColumn("As stored");
            ImGui::TableSetupColumn("As read (upcast)");
            ImGui::TableHeadersRow();
            ImGui::TableNextColumn();
            ImGui::TextDisabled("schema v%d data", r.stored.schema_version);
            if (state.fonts.mono) ImGui::PushFont(state.fonts.mono);
            DataFields(state, r.stored.data, nullptr);
            if (state.fonts.mono) ImGui::PopFont();
            ImGui::TableNextColumn();
            ImGui::TextDisabled("schema v%d data", r.current.schema_version);
            if (state.fonts.mono) ImGui::PushFont(state.fonts.mono);
            DataFields(state, r.current.data, &r.added);
            if (state.fonts.mono) ImGui::PopFont();
            ImGui::EndTable();
        }
        Divider("The stored line, byte for byte");
        if (state.fonts.mono) ImGui::PushFont(state.fonts.mono);
        ImGui::PushTextWrapPos(0.0f);
        const std::string line(ActiveSandbox(state)->storage().stored_line(v.shown));
        ImGui::TextUnformatted(line.c_str());
        ImGui::PopTextWrapPos();
        ImGui::Text("SHA-256 before reading: %s", r.line_hash_before.substr(0, 32).c_str());
        ImGui::Text("SHA-256 after reading:  %s", r.line_hash_after.substr(0, 32).c_str());
        if (state.fonts.mono) ImGui::PopFont();
        if (r.line_hash_before == r.line_hash_after)
            Paragraph("Stored bytes unchanged: the upcast happened on the way out; the record, and the hash the chain "
                      "holds for it, stay as written.",
                      Green(state));
        else
            Paragraph("The stored bytes changed while the event was read.", Red(state));
    }
    ImGui::End();
}

}  // namespace es::app
