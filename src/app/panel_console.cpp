// Event history console: the log as plain text, one line per event, the classic output of the
// exercise ("#2 MoneyDeposited account-alice (stream version 2, schema 2) amountCents=10000 ... by
// learner: salary"), selectable and copyable, wrapped to the window's width. The newest kMaxLines
// events; the text is rebuilt when the log grows or the window's width changes. What the learner's
// own code printed (print() in the Code window's run) follows the event it ran for, marked so.
#include <imgui.h>

#include <string>

#include "app/layout.h"
#include "app/panels.h"
#include "app/widgets.h"

namespace es::app {

namespace {

constexpr size_t kMaxLines = 2000;

std::string Line(const RecordedEvent& e) {
    // Time of day only (the date is in the timeline's details); the account id is in the stream.
    std::string line = "#" + std::to_string(e.global_position) + "  " + LocalTime(e.recorded_at_ms).substr(11) + "  " +
                       e.type + "  " + e.stream_id + " (stream version " + std::to_string(e.stream_version) + ", schema " +
                       std::to_string(e.schema_version) + ") ";
    for (const auto& [key, value] : e.data.items()) {
        if (key == "accountId") continue;
        line += " " + key + "=" + (value.is_string() ? value.get<std::string>() : value.dump());
    }
    line += "  by " + e.metadata.actor;
    if (!e.metadata.reason.empty()) line += ": " + e.metadata.reason;
    return line;
}

}  // namespace

void ShowConsoleWindow(AppState& state, bool* p_open) {
    PlaceLowerMiddleWindow(state, WindowId::Console);
    if (!BeginSandboxPanel(state, WindowTitle(WindowId::Console), p_open)) return;
    const auto* sandbox = ActiveSandbox(state);
    ConsoleView& c = state.console;
    const RecordedLog& log = sandbox->store().recorded_log();
    if (state.fonts.mono) ImGui::PushFont(state.fonts.mono);
    // The width the lines wrap at: the box's, less its scrollbar and padding.
    const float width = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize - ImGui::GetStyle().FramePadding.x * 4;
    const std::vector<std::pair<uint64_t, std::string>> none;
    const auto& printed = state.code.runner ? state.code.runner->printed() : none;
    if (c.head != log.size() || c.width != width || c.printed_serial != state.code.printed_serial) {
        c.head = log.size();
        c.width = width;
        c.printed_serial = state.code.printed_serial;
        c.text.clear();
        c.wrapped.clear();
        const size_t first = log.size() > kMaxLines ? log.size() - kMaxLines : 0;
        auto add = [&](const std::string& line) {
            c.text += line + "\n";
            // A wrapped line goes on indented, so each event still starts at the margin.
            std::string wrapped = WrapAtSpaces(line.c_str(), width);
            for (size_t at = wrapped.find('\n'); at != std::string::npos; at = wrapped.find('\n', at + 5)) wrapped.insert(at + 1, "    ");
            c.wrapped += wrapped + "\n";
        };
        auto next_printed = printed.begin();
        for (size_t i = first; i < log.size(); ++i) {
            add(Line(log[i]));
            for (; next_printed != printed.end() && next_printed->first <= log[i].global_position; ++next_printed)
                if (next_printed->first == log[i].global_position) add("    [your code printed] " + next_printed->second);
        }
    }
    if (state.fonts.mono) ImGui::PopFont();
    if (log.size() > kMaxLines) {
        ImGui::TextDisabled("The newest %zu of %zu events (Storage > Export for all of them).", kMaxLines, log.size());
    } else {
        ImGui::Text("%zu events, oldest first", log.size());
    }
    HelpMarker("The history as text: select with the mouse and copy with Ctrl+C, or Copy all. This is "
               "the audit trail: each line says what happened, to which stream, when, who did it and why.");
    ImGui::SameLine();
    if (ImGui::SmallButton("Copy all")) ImGui::SetClipboardText(c.text.c_str());
    if (state.fonts.mono) ImGui::PushFont(state.fonts.mono);
    // Read-only, so the buffer is never written; ImGui only needs a char* for its API. "Copy all"
    // copies the lines as they are, without the wrapping.
    ImGui::InputTextMultiline("##console", c.wrapped.data(), c.wrapped.size() + 1, ImVec2(-FLT_MIN, -FLT_MIN),
                              ImGuiInputTextFlags_ReadOnly);
    if (state.fonts.mono) ImGui::PopFont();
    ImGui::End();
}

}  // namespace es::app
