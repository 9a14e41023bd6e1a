// One learner's go at one lesson: its own clean in-memory sandbox (the free sandbox's log is never
// touched), the steps met so far, hints shown, answers given, and the facts about the views that
// some goals look at. Platform-free: the app fills ViewFacts from its UI state every frame and
// carries out the ViewRequests that actions return; the tests do both on plain structs.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "core/digest.h"
#include "core/integrity.h"
#include "lessons/lesson.h"
#include "lessons/lesson_code.h"
#include "sandbox/diagram_cards.h"
#include "sandbox/sandbox.h"

namespace es::lessons {

// What the learner's views show: for time-travel, window and sequence-diagram goals.
struct ViewFacts {
    bool at_now = true;
    uint64_t position = 0;              // the position the views show (the head at "now")
    std::set<uint64_t> visited;         // every position the views have shown ("now" = the head)
    std::set<uint64_t> travelled;       // those shown in the past (time travel), not as "now"
    std::set<std::string> open_windows; // lesson names of the open windows (windows.h)
    // The diagram was stepped or played through to the last message of the last trace (not
    // merely shown whole with "Show all": a learner who sees everything at once follows nothing).
    bool sequence_played_to_end = false;
    std::set<uint64_t> replay_seen;     // positions the replay stepper has shown as its current step
    // The last Check of the Draw it exercise: of which trace ("command" or "replay"), in which
    // step, and what it found (a Check in an earlier step does not count for this one).
    struct DiagramChecked {
        std::string trace;
        size_t step = 0;
        bool all_in_place = false;
        std::string title;    // the trace's: "Deposit", "Replay account-alice"
        std::string summary;  // sandbox::DiagramCheck::summary
        uint64_t command_serial = 0;  // the last accepted command's trace then: a newer one needs its own Check
    };
    std::optional<DiagramChecked> diagram_checked;
};

// What an action asks of the views; the app applies it to its state (ApplyViewRequest), a test
// to ViewFacts (apply_to_facts).
struct ViewRequest {
    std::vector<uint64_t> travel;  // positions to show, in order; the last one stays
    bool back_to_now = false;
    std::vector<std::string> open_windows;  // lesson names, in the order the actions opened them
    bool play_sequence = false;  // step the diagram through to its last message
    std::string replay_account;           // the replay stepper shows this account...
    std::vector<uint64_t> replay_steps;   // ...stepped through these positions, in order
    bool run_code = false;  // the Code window runs the learner's code over the log, as its "Run" does
    // The Draw it window deals this trace's cards ("command", or "replay" of arrange_account),
    // moves each into place as a learner does, and checks them.
    std::string arrange_diagram, arrange_account;
};
void apply_to_facts(const ViewRequest& request, uint64_t head, ViewFacts& facts);

// The immutability lesson's tool: which stored event was changed and what the check found.
struct TamperState {
    uint64_t position = 0;          // the earliest changed position; 0: nothing tampered with yet
    bool rehashed = false;          // the last change recomputed every hash from it to the head
    bool verified = false;          // the integrity check ran after the change
    VerifyReport report;
};

// The digest the learner saved (core/digest.h) and what the last comparison with it found.
struct DigestState {
    std::optional<LogDigest> saved;
    bool checked = false;  // compared since the last save or change
    DigestCheck check;
};

// What a saved progress record (LessonRun::progress_json) says, read defensively: the record comes
// from the browser's storage and may be anything.
bool saved_complete(const Json& progress);
size_t saved_steps_done(const Json& progress);
// The lesson's own events a saved record holds, or an error naming the first that does not read.
Result<EventList> saved_events(const Json& progress);

class LessonRun {
public:
    explicit LessonRun(const Lesson& lesson);

    // A clean sandbox with the lesson's setup done.
    Status start();
    // Continues from saved progress (progress_json()): the lesson's own events are replayed into
    // a fresh sandbox. A progress record that does not fit the lesson is an error.
    Status restore(const Json& progress);
    // Steps met, hints, answers and the lesson's event log, for IndexedDB.
    Json progress_json() const;

    const Lesson& lesson() const { return *lesson_; }
    sandbox::Sandbox& sandbox() { return *sandbox_; }
    const sandbox::Sandbox& sandbox() const { return *sandbox_; }
    ViewFacts& facts() { return facts_; }
    const ViewFacts& facts() const { return facts_; }

    // Steps are met in order. The learner stays on a met step, its outcome on screen, until they
    // move on (next_step), so "done" is only ever shown under the step that was done, and the next
    // goal is not checked before its instruction is shown.
    size_t steps_done() const { return steps_done_; }
    size_t current_index() const { return current_; }  // the step the learner is on
    const Step* current_step() const;                  // null once past the last one
    bool current_done() const { return current_ < steps_done_; }
    // Moves on from a met step (does nothing on an unmet one, nor on the last step, whose outcome
    // stays beside the lesson's questions). True when it moved.
    bool next_step();
    bool steps_complete() const { return steps_done_ >= lesson_->steps.size(); }
    // The current step again from where it began: the log as it was, the read models and settings
    // as they were (a step that cannot be finished from here can always be finished from there).
    Status restart_step();
    bool questions_complete() const;
    bool complete() const { return steps_complete() && questions_complete(); }

    size_t hints_shown() const { return hints_shown_; }  // of the current step
    void show_hint();

    // Checks the current step's goal, while it is not met yet; when met the step is done (for
    // good). Returns how many steps were completed by this call (0 or 1).
    size_t update();
    GoalCheck check(const Goal& goal) const;

    void answer(const std::string& question, int choice);
    std::optional<int> answer_of(const std::string& question) const;

    // Performs an action of a setup or solution (docs/LESSONS.md).
    Result<ViewRequest> perform(const Action& action);
    // Every action of the current step's solution, in order, from the current state; stops at the
    // first failure. A command refused on the way is a failure unless the step's goal asks for a
    // refusal (a business rule's, a conflict's): the message says which command and why.
    Result<ViewRequest> perform_solution();

    // The tools, used by the panel and by actions alike.
    Status record(const std::string& stream, const std::string& type, const std::string& time,
                  const std::string& text, const std::string& actor = "learner");
    Status legacy_deposit(const std::string& account, const std::string& amount);
    // Changes the stored amount of the event at `position` behind the store's back; with `rehash`,
    // also recomputes its hash and every later one, so the chain links again (lesson_tamper.cpp).
    Status tamper(uint64_t position, const std::string& amount, bool rehash = false);
    const VerifyReport& verify();
    const TamperState& tamper_state() const { return tamper_; }
    // The digest of the log as storage holds it now; saving keeps it (across restart_step, unless
    // it vouched for events the restart undid) to compare the stored log with later.
    LogDigest current_digest() const;
    void save_digest();
    // Compares the stored log with the saved digest (without one: a failed check saying to save one).
    const DigestCheck& check_digest();
    const DigestState& digest_state() const { return digest_; }

    // The learner's code for the Code window's exercises, and what its last Run and Check found in
    // this step (lesson_code.h); kept with the progress.
    CodeWork& code() { return code_; }
    const CodeWork& code() const { return code_; }
    // Records a Check of the Draw it exercise's cards (the window's Check button, and
    // arrange_diagram), for diagram_drawn goals.
    void note_diagram_check(sandbox::DiagramSource source, const std::string& title, const sandbox::DiagramCheck& check);

    // What the last action or tool did, or why it failed.
    const std::string& last_message() const { return last_message_; }

    // The position the log had when the current step began: event goals count what came after it.
    uint64_t step_start_head() const { return step_start_.head; }

private:
    // What restart_step() goes back to.
    struct StepStart {
        uint64_t head = 0;
        int balances_version = 2;
        uint64_t snapshot_every = 0;
        bool daily_totals = false;
    };
    void mark_step_start();
    Status fresh_sandbox(const EventList& events, int balances_version, uint64_t snapshot_every);
    void reset_facts();  // at "now", the windows a lesson starts with
    Status run_command(const Json& command);
    Status refuse(const char* prefix, ErrorCode code, const std::string& why);  // sets last_message_
    // The code actions and goals (lesson_code_goals.cpp).
    Result<ViewRequest> perform_code(const Action& action);
    GoalCheck check_code(const Goal& goal) const;

    const Lesson* lesson_;
    std::unique_ptr<sandbox::Sandbox> sandbox_;
    ViewFacts facts_;
    size_t steps_done_ = 0;
    size_t current_ = 0;
    StepStart step_start_;
    size_t hints_shown_ = 0;
    std::map<std::string, int> answers_;
    TamperState tamper_;
    DigestState digest_;
    CodeWork code_;
    bool completed_once_ = false;  // kept through a restart: the path still shows it done
    std::string last_message_;
};

}  // namespace es::lessons
