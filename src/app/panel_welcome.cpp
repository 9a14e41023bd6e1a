// The welcome window: what event sourcing is, in a few lines, and what the sandbox teaches.
#include "app/panels.h"

#include <imgui.h>

#include "app/lesson_flow.h"
#include "app/widgets.h"

namespace es::app {
namespace {

struct Topic {
    const char* title;
    const char* explanation;  // shown in the (?) tooltip
};

// The path through the sandbox, in teaching order.
constexpr Topic kTopics[] = {
    {"Record events instead of overwriting state",
     "Open an account, deposit $100, withdraw $50: each change is stored as an event "
     "(AccountCreated, MoneyDeposited, MoneyWithdrawn) and never changed again."},
    {"Rebuild state by replaying events",
     "The balance is not stored anywhere: it is computed by folding the events in order."},
    {"Read the audit trail",
     "Every event records who did it, when and why, so the history explains itself."},
    {"Travel in time",
     "Replay only the events up to a moment to see the state as it was then."},
    {"Build read models (projections)",
     "Many views - balances, an account list, daily totals - come from the same events. "
     "A buggy projection is fixed by correcting its code and replaying."},
    {"See business rules reject commands",
     "A command that breaks a rule (like an overdraft) is refused and writes no event."},
    {"Use snapshots",
     "A snapshot stores folded state so a load replays only the events after it."},
    {"Evolve event schemas with upcasting",
     "Events stored with the old schema (version 1) are read as schema version 2 by an upcaster; "
     "stored events are never rewritten."},
    {"Resolve a concurrency conflict",
     "Two writers with the same expected version: one wins, the other gets a conflict and retries."},
    {"Watch it live",
     "A timeline of events, an account-state view and a sequence diagram: "
     "User -> Command -> Event Store -> Event -> Read Model."},
};

}  // namespace

void ShowWelcomeWindow(AppState& state, bool* p_open) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float em = ImGui::GetFontSize();
    const ImGuiCond cond = state.layout_reset_requested ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
    ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x * 0.5f,
                                   viewport->WorkPos.y + viewport->WorkSize.y * 0.5f),
                            cond, ImVec2(0.5f, 0.5f));
    // Height 0: fit the content once, then let the learner resize.
    ImGui::SetNextWindowSize(ImVec2(em * 40.0f, 0.0f), cond);
    if (!ImGui::Begin(WindowTitle(WindowId::Welcome), p_open, ImGuiWindowFlags_NoCollapse)) {
        ImGui::End();
        return;
    }

    ImGui::PushFont(state.fonts.heading);
    ImGui::TextUnformatted("Learn event sourcing by doing it");
    ImGui::PopFont();
    ImGui::Spacing();
    Paragraph("A traditional database keeps only the current state: each update overwrites the "
              "last. Event sourcing keeps the history of changes instead, as events, and derives "
              "the current state by replaying them.");
    ImGui::Spacing();
    Paragraph("In this sandbox you run a small bank. Here is what you will learn:");
    ImGui::Spacing();

    for (const Topic& topic : kTopics) {
        ImGui::Bullet();
        ImGui::TextUnformatted(topic.title);
        HelpMarker(topic.explanation);
    }

    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextDisabled("Everything runs in your browser. Nothing is sent to a server.");
    ImGui::Spacing();
    if (ImGui::Button("Begin the lessons")) {
        *p_open = false;
        if (!state.lessons.path.empty()) OpenLesson(state, state.lessons.path.front().id);
    }
    HelpMarker("A guided path: a warm-up and sixteen short lessons, each checked against what you really did.");
    ImGui::SameLine();
    if (ImGui::Button("Start")) *p_open = false;
    HelpMarker("The free sandbox: your own bank, your own events. The lessons stay one click away (Lessons menu).");
    ImGui::End();
}

}  // namespace es::app
