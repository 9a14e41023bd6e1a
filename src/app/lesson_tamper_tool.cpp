// The tamper tool and the digest (lesson_tamper_tool.h).
#include "app/lesson_tamper_tool.h"

#include <imgui.h>

#include <cstdlib>
#include <string>

#include "app/lesson_flow.h"
#include "app/widgets.h"

namespace es::app {
namespace {

constexpr ImGuiInputTextFlags kFieldFlags = ImGuiInputTextFlags_AutoSelectAll;  // typing replaces

std::string ShortDigest(const LogDigest& d) {
    return "position " + std::to_string(d.position) + ", hash " + d.hash.substr(0, 12) + "...";
}

// What the integrity check found, beside the step as long as it is on screen.
void ShowCheckResult(AppState& state, const lessons::TamperState& t) {
    if (t.position == 0) return;
    Divider("The integrity check");
    Paragraph(("You changed the stored event at position " + std::to_string(t.position) +
               (t.rehashed ? " and rehashed the chain from there." : "."))
                  .c_str());
    if (!t.verified) {
        ImGui::TextDisabled("Not checked since: run the integrity check.");
    } else if (t.report.ok) {
        Paragraph(t.rehashed ? "The last check found every hash intact: rehashing the whole chain fools the chain check."
                             : "The last check found every hash intact.",
                  Red(state));
    } else {
        Paragraph(("It stopped at position " + std::to_string(t.report.first_bad_position) + ": " + t.report.problem + ". The " +
                   std::to_string(t.report.events_checked) + " events before it still verify.")
                      .c_str(),
                  Green(state));
    }
}

// The current digest (copyable), the saved one, and the comparison of the stored log with it.
void ShowDigest(AppState& state, lessons::LessonRun& run) {
    Divider("Your digest");
    const LogDigest now = run.current_digest();
    ImGui::Text("Current: %s", ShortDigest(now).c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("Copy##digest")) ImGui::SetClipboardText(format_digest(now).c_str());
    HelpMarker("A digest is the log's head position and the hash of the event there (POS:HASH; Copy gives the "
               "full hash). Each hash covers the one before it, so this one hash vouches for the whole history "
               "up to it. Keep it outside the log: whoever rewrites the log can rehash the chain, but cannot make "
               "the event at this position keep this hash. The CLI prints it with 'es-sandbox digest'.");
    if (ImGui::Button("Save the digest")) {
        run.save_digest();
        SayInLesson(state, run.last_message(), true);
    }
    ImGui::SameLine();
    if (ImGui::Button("Check the saved digest")) {
        run.check_digest();
        SayInLesson(state, run.last_message(), run.digest_state().saved.has_value());
    }
    const lessons::DigestState& d = run.digest_state();
    if (!d.saved) {
        ImGui::TextDisabled("No digest saved yet.");
        return;
    }
    ImGui::Text("Saved: %s", ShortDigest(*d.saved).c_str());
    if (!d.checked) {
        ImGui::TextDisabled("Not compared since: check the saved digest.");
    } else if (d.check.ok) {
        Paragraph("The log still holds the history your digest vouched for.", Green(state));
    } else if (d.check.log_too_short) {
        Paragraph(("The log is shorter than your digest: " + d.check.problem).c_str(), Green(state));
    } else if (d.check.first_bad_position == d.saved->position) {
        Paragraph(("Rewritten at or before position " + std::to_string(d.check.first_bad_position) +
                   ": the event there no longer has your digest's hash. Rehashing the whole chain fools the chain "
                   "check, not the digest you kept.")
                      .c_str(),
                  Green(state));
    } else {
        Paragraph(("Changed at position " + std::to_string(d.check.first_bad_position) + ": " + d.check.problem + ".").c_str(),
                  Green(state));
    }
}

}  // namespace

void ShowTamperTool(AppState& state, lessons::LessonRun& run) {
    LessonsView& l = state.lessons;
    ImGui::TextDisabled("Edit a stored record behind the store's back");
    ImGui::InputText("Position##tamper-position", l.tamper_position, sizeof l.tamper_position, kFieldFlags);
    ImGui::InputText("New amount##tamper-amount", l.tamper_amount, sizeof l.tamper_amount, kFieldFlags);
    ImGui::Checkbox("Rehash the whole chain##tamper-rehash", &l.tamper_rehash);
    HelpMarker("Recomputes the changed event's hash and every later one, so each event links to the one before it "
               "again: what an attacker who can write the stored log would do.");
    if (ImGui::Button("Change the stored event")) {
        char* end = nullptr;
        const unsigned long long p = std::strtoull(l.tamper_position, &end, 10);
        if (end == l.tamper_position || *end != '\0') {
            SayInLesson(state, "The position must be a whole number, like 2.", false);
        } else {
            const Status s = run.tamper(p, l.tamper_amount, l.tamper_rehash);
            SayInLesson(state, run.last_message(), s.ok());
        }
    }
    ImGui::SameLine();
    if (ImGui::Button("Run the integrity check")) {
        const VerifyReport& r = run.verify();
        // Finding the change is the lesson's success; after a rehash, passing is what it shows.
        SayInLesson(state, run.last_message(), !r.ok || run.tamper_state().rehashed);
    }
    ShowCheckResult(state, run.tamper_state());
    ShowDigest(state, run);
}

}  // namespace es::app
