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

#include "core/integrity.h"
#include "lessons/lesson.h"
#include "sandbox/sandbox.h"

namespace es::lessons {

// What the learner's views show: for time-travel, window and sequence-diagram goals.
struct ViewFacts {
    bool at_now = true;
    uint64_t position = 0;              // the position the views show (the head at "now")
    std::set<uint64_t> visited;         // every position the views have shown ("now" = the head)
    std::set<std::string> open_windows; // lesson names of the open windows (windows.h)
    bool sequence_all_shown = false;    // the diagram draws every message of the last trace
};

// What an action asks of the views; the app applies it to its state (ApplyViewRequest), a test
// to ViewFacts (apply_to_facts).
struct ViewRequest {
    std::vector<uint64_t> travel;  // positions to show, in order; the last one stays
    bool back_to_now = false;
    std::string open_window;
    bool show_all_sequence = false;
};
void apply_to_facts(const ViewRequest& request, uint64_t head, ViewFacts& facts);

struct GoalCheck {
    bool met = false;
    std::string detail;  // what is there now / what is still missing, for the learner
};

// The immutability lesson's tool: which stored event was changed and what the check found.
struct TamperState {
    uint64_t position = 0;          // the earliest changed position; 0: nothing tampered with yet
    bool verified = false;          // the integrity check ran after the change
    VerifyReport report;
};

// What a saved progress record (LessonRun::progress_json) says, read defensively: the record comes
// from the browser's storage and may be anything.
bool saved_complete(const Json& progress);
size_t saved_steps_done(const Json& progress);

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

    size_t steps_done() const { return steps_done_; }
    const Step* current_step() const;
    bool steps_complete() const { return steps_done_ >= lesson_->steps.size(); }
    bool questions_complete() const;
    bool complete() const { return steps_complete() && questions_complete(); }

    size_t hints_shown() const { return hints_shown_; }  // of the current step
    void show_hint();

    // Checks the current step's goal; when met the step is done (for good) and the next one is
    // checked too. Returns how many steps were completed by this call.
    size_t update();
    GoalCheck check(const Goal& goal) const;

    void answer(const std::string& question, int choice);
    std::optional<int> answer_of(const std::string& question) const;

    // Performs an action of a setup or solution (docs/LESSONS.md).
    Result<ViewRequest> perform(const Action& action);
    // Every action of the current step's solution, in order; stops at the first failure.
    Result<ViewRequest> perform_solution();

    // The tools, used by the panel and by actions alike.
    Status record(const std::string& stream, const std::string& type, const std::string& time,
                  const std::string& text, const std::string& actor = "learner");
    Status legacy_deposit(const std::string& account, const std::string& amount);
    Status tamper(uint64_t position, const std::string& amount);
    const VerifyReport& verify();
    const TamperState& tamper_state() const { return tamper_; }

    // What the last action or tool did, or why it failed.
    const std::string& last_message() const { return last_message_; }

private:
    Status fresh_sandbox(const EventList& events, int balances_version, uint64_t snapshot_every);
    void reset_facts();  // at "now", the windows a lesson starts with
    Status run_command(const Json& command);
    Status refuse(const char* prefix, ErrorCode code, const std::string& why);  // sets last_message_

    const Lesson* lesson_;
    std::unique_ptr<sandbox::Sandbox> sandbox_;
    ViewFacts facts_;
    size_t steps_done_ = 0;
    size_t hints_shown_ = 0;
    std::map<std::string, int> answers_;
    TamperState tamper_;
    bool completed_once_ = false;  // kept through a restart: the path still shows it done
    std::string last_message_;
};

}  // namespace es::lessons
