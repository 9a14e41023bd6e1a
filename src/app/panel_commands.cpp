// Commands: the forms a learner uses to change the bank. Every button sends a command through
// the Bank (decide, then append); a rejected command shows its reason and writes nothing.
#include <imgui.h>

#include <string>

#include "app/layout.h"
#include "app/panels.h"
#include "app/widgets.h"
#include "bank/money.h"

namespace es::app {

namespace {

void Report(AppState& state, const std::string& what, const Result<bank::CommandOutcome>& outcome) {
    state.last_command_ok = outcome.ok();
    if (!outcome.ok()) {
        state.last_command_result = what + " rejected, nothing was written: " + outcome.error().message;
        return;
    }
    std::string events;
    for (const RecordedEvent& e : outcome->events) {
        if (!events.empty()) events += ", ";
        events += e.type + " at position " + std::to_string(e.global_position);
    }
    state.last_command_result = what + " accepted: " + events + ".";
    // A command appends at the end of the log, whatever moment the views show.
    if (!state.travel.at_now)
        state.last_command_result += " It was appended after the newest event, not at position " +
                                     std::to_string(state.travel.position) +
                                     ": the views still show that moment in the past.";
    // The expected version and the reason were about this command: the next one must not carry
    // them by accident (a stale version would be a false conflict, a reason a false "why").
    CommandForm& f = state.form;
    std::string cleared;
    if (f.expected_version[0] != '\0') cleared = "Expected version";
    if (f.reason[0] != '\0') cleared += cleared.empty() ? "Reason" : " and Reason";
    if (!cleared.empty()) {
        f.expected_version[0] = '\0';
        f.reason[0] = '\0';
        state.last_command_result += " " + cleared + (cleared.find(" and ") != std::string::npos ? " were" : " was") +
                                     " used by this command and cleared.";
    }
}

// The fields' width: the labels beside them ("Expected version") must fit the left column.
constexpr float kFieldEm = 9.5f;

// A click selects the whole field, so typing replaces it (as in a browser's address bar).
constexpr ImGuiInputTextFlags kFieldFlags = ImGuiInputTextFlags_AutoSelectAll;

void Section(const char* title) {
    ImGui::Spacing();
    ImGui::TextDisabled("%s", title);
    ImGui::Separator();
}

// Who, why, and the optional expected version; false (and nothing sent) when that version is not
// a whole number.
bool Meta(AppState& state, const std::string& what, bank::CommandMeta& meta) {
    const CommandForm& f = state.form;
    meta = bank::CommandMeta{f.actor, f.reason, std::nullopt};
    const std::string text = f.expected_version;
    if (text.empty()) return true;
    uint64_t version = 0;
    bool digits = text.size() <= 18;
    for (char c : text) {
        if (c < '0' || c > '9') digits = false;
        else version = version * 10 + static_cast<uint64_t>(c - '0');
    }
    if (!digits) {
        state.last_command_ok = false;
        state.last_command_result = what + " not sent: the expected version '" + text +
                                    "' is not a whole number (leave it empty to skip the check)";
        return false;
    }
    meta.expected_version = version;
    return true;
}

// Parses the amount field, or reports why not (then no command is sent at all).
bool Amount(AppState& state, const std::string& what, int64_t& cents) {
    auto parsed = bank::parse_amount(state.form.amount);
    if (!parsed.ok()) {
        state.last_command_ok = false;
        state.last_command_result = what + " not sent: the amount '" + std::string(state.form.amount) +
                                    "' is not valid: " + parsed.error().message;
        return false;
    }
    cents = *parsed;
    return true;
}

// Parses the deposit position field, or reports why not.
bool Position(AppState& state, const std::string& what, uint64_t& position) {
    const std::string text = state.form.reverse_position;
    position = 0;
    bool digits = !text.empty() && text.size() <= 18;
    for (char c : text) {
        if (c < '0' || c > '9') digits = false;
        else position = position * 10 + static_cast<uint64_t>(c - '0');
    }
    if (!digits || position == 0) {
        state.last_command_ok = false;
        state.last_command_result = what + " not sent: the deposit's position '" + text +
                                    "' is not a whole number from 1 (find it in the Events window, column Pos)";
        return false;
    }
    return true;
}

}  // namespace

void ShowCommandsWindow(AppState& state, bool* p_open) {
    PlaceNextWindow(state, Place::Left);
    const float em = ImGui::GetFontSize();
    if (!ImGui::Begin(WindowTitle(WindowId::Commands), p_open)) {
        ImGui::End();
        return;
    }
    auto* sandbox = ActiveSandbox(state);
    const bool can_write = sandbox != nullptr && sandbox->writable();
    if (!can_write) {
        ImGui::TextDisabled(sandbox ? "Commands are off: see the message at the top."
                                    : "Loading the stored events...");
    }
    if (can_write && !state.travel.at_now) {
        // Said before anything is sent, not after: a command never goes back in time.
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.95f, 0.7f, 0.3f, 1.0f));
        Paragraph(("You are viewing position " + std::to_string(state.travel.position) +
                   " in the past. A command you send now is appended at the end of the log, after the newest event.")
                      .c_str());
        ImGui::PopStyleColor();
        if (ImGui::SmallButton("Back to now##commands")) state.travel.at_now = true;
    }
    ImGui::BeginDisabled(!can_write);
    CommandForm& f = state.form;
    ImGui::PushItemWidth(em * kFieldEm);
    ImGui::InputText("Account", f.account, sizeof f.account, kFieldFlags);
    HelpMarker("The account id: letters, digits, '-' and '_'. Each account is one stream of events, "
               "\"account-<id>\".");
    ImGui::InputText("Amount", f.amount, sizeof f.amount, kFieldFlags);
    HelpMarker("A decimal amount with at most two places, e.g. 100 or 12.50. It is stored as an "
               "integer number of cents, never as a floating-point number.");
    ImGui::InputText("Actor", f.actor, sizeof f.actor, kFieldFlags);
    HelpMarker("Who gives the command. Recorded in each event's metadata: the audit trail's \"who\".");
    ImGui::InputText("Reason", f.reason, sizeof f.reason, kFieldFlags);
    HelpMarker("Why. Recorded in each event's metadata: the audit trail's \"why\".");
    ImGui::InputTextWithHint("Expected version", "optional", f.expected_version, sizeof f.expected_version, kFieldFlags);
    HelpMarker("Optimistic concurrency: the account's stream version you last saw (Account state, \"Stream ver\"). If "
               "someone changed the account since, the command is refused with a conflict instead of "
               "overwriting their change: look again, decide again, retry. Empty: no check.");
    ImGui::PopItemWidth();

    Section("Open or close an account");
    ImGui::PushItemWidth(em * kFieldEm);
    ImGui::InputText("Owner", f.owner, sizeof f.owner, kFieldFlags);
    ImGui::InputText("Currency", f.currency, sizeof f.currency, kFieldFlags);
    ImGui::PopItemWidth();
    bank::CommandMeta meta;
    if (ImGui::Button("Open account") && Meta(state, "Open account", meta)) {
        Report(state, "Open account", sandbox->execute(bank::OpenAccount{f.account, f.owner, f.currency, std::nullopt, meta}));
    }
    ImGui::SameLine();
    if (ImGui::Button("Close account") && Meta(state, "Close account", meta)) {
        Report(state, "Close account", sandbox->execute(bank::CloseAccount{f.account, meta}));
    }

    Section("Move money");
    int64_t cents = 0;
    if (ImGui::Button("Deposit") && Amount(state, "Deposit", cents) && Meta(state, "Deposit", meta)) {
        Report(state, "Deposit", sandbox->execute(bank::Deposit{f.account, cents, meta}));
    }
    ImGui::SameLine();
    if (ImGui::Button("Withdraw") && Amount(state, "Withdraw", cents) && Meta(state, "Withdraw", meta)) {
        Report(state, "Withdraw", sandbox->execute(bank::Withdraw{f.account, cents, meta}));
    }
    ImGui::PushItemWidth(em * kFieldEm);
    ImGui::InputText("To account", f.to_account, sizeof f.to_account, kFieldFlags);
    ImGui::PopItemWidth();
    if (ImGui::Button("Transfer") && Amount(state, "Transfer", cents) && Meta(state, "Transfer", meta)) {
        Report(state, "Transfer", sandbox->execute(bank::Transfer{f.account, f.to_account, cents, meta}));
    }

    Section("Correct a mistake");
    ImGui::PushItemWidth(em * kFieldEm);
    ImGui::InputTextWithHint("Deposit at position", "e.g. 3", f.reverse_position, sizeof f.reverse_position, kFieldFlags);
    ImGui::PopItemWidth();
    HelpMarker("A deposit made by mistake is never edited or deleted: \"Reverse deposit\" writes a "
               "DepositReversed event that takes the money back out and names the deposit, so the history "
               "shows both, linked. Give the deposit's position (Events window, \"Pos\") and say why in Reason.");
    uint64_t position = 0;
    if (ImGui::Button("Reverse deposit") && Position(state, "Reverse deposit", position) && Meta(state, "Reverse deposit", meta)) {
        Report(state, "Reverse deposit", sandbox->execute(bank::ReverseDeposit{f.account, position, meta}));
    }
    ImGui::EndDisabled();

    if (!state.last_command_result.empty()) {
        ImGui::Separator();
        const ImVec4 colour = state.last_command_ok ? ImVec4(0.35f, 0.75f, 0.45f, 1.0f) : ImVec4(0.95f, 0.45f, 0.40f, 1.0f);
        ImGui::PushStyleColor(ImGuiCol_Text, colour);
        Paragraph(state.last_command_result.c_str());
        ImGui::PopStyleColor();
        if (ImGui::SmallButton("What happened? (sequence diagram)")) state.windows[WindowId::Sequence] = true;
    }
    ImGui::End();
}

}  // namespace es::app
