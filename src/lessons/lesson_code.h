// The learner's own code in the Code window: the text of each exercise (learn/fold_exercise.h)
// with its undo history, the read model and stream picked, and what the last Run and the last
// Check in this step found. A lesson keeps one (LessonRun::code) with its progress, the free
// sandbox another (the app saves it with the lesson progress under a fixed key). Platform-free:
// the Code window and the lessons' actions change it through the same functions.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/event.h"
#include "core/recorded_log.h"
#include "learn/fold_exercise.h"

namespace es::lessons {

// What a Run found once it ended (every event folded, or stopped at an error or a difference).
struct CodeRunRecord {
    learn::Exercise exercise = learn::Exercise::AccountFold;
    std::string model, stream;     // what the run was for (ReadModel / DomainFold)
    size_t folded = 0, total = 0;  // events folded, events in the run
    bool matched = false;          // every event folded, no error, no difference
    uint64_t stopped_at = 0;       // the position it stopped at (an error or a difference); 0: none
    size_t printed_events = 0;     // folded events for which the program printed at least one line
    std::string verdict;           // the run's sentence
};

// What the last Check found (the visible log and a generated one).
struct CodeCheckRecord {
    learn::Exercise exercise = learn::Exercise::AccountFold;
    std::string model, stream;
    learn::ExerciseCheck result;
};

class CodeWork {
public:
    learn::Exercise exercise() const { return exercise_; }  // the one the Code window shows
    void set_exercise(learn::Exercise e) { exercise_ = e; }
    const std::string& model() const { return model_; }     // the ReadModel exercise's read model ("" = the first)
    void set_model(std::string model);
    const std::string& stream() const { return stream_; }   // the DomainFold exercise's stream
    void set_stream(std::string stream) { stream_ = std::move(stream); }

    // The learner's text of an exercise; its starting code until it is first changed.
    std::string code(learn::Exercise e) const;
    // Every change of the text goes through here: typing in the editor (`typing`: grouped into
    // one undo step with the typing just before, within a second), Reset and Show solution (an
    // undo step of their own). `now_s` is the caller's clock in seconds.
    void edit(learn::Exercise e, std::string text, bool typing = false, double now_s = 0.0);
    // Back to the exercise's starting code (one undo step).
    void reset(learn::Exercise e);
    bool can_undo(learn::Exercise e) const { return !undo_[index(e)].empty(); }
    // The text before the last undo step; false when there is none.
    bool undo(learn::Exercise e);
    // Counts changes of any text, so the editor notices one made behind its back and the app
    // saves the code when it changed.
    uint64_t revision() const { return revision_; }

    // A Run that ended, and a Check of the current exercise's code against `log`.
    void record_run(CodeRunRecord run) { last_run_ = std::move(run); }
    const CodeCheckRecord& check(EventRange log);
    const std::optional<CodeRunRecord>& last_run() const { return last_run_; }
    const std::optional<CodeCheckRecord>& last_check() const { return last_check_; }
    // A new step begins: what was run and checked before does not count for it.
    void forget_results();

    // The texts the learner changed, the exercise, model and stream, for saving; restore reads
    // what it can of such a record (anything unreadable is left at its default).
    Json to_json() const;
    void restore(const Json& saved);

private:
    static size_t index(learn::Exercise e) { return static_cast<size_t>(e); }
    struct UndoStep {
        std::optional<std::string> text;  // nullopt: the starting code, untouched
        bool typing = false;
        double at_s = 0.0;
    };
    learn::Exercise exercise_ = learn::Exercise::AccountFold;
    std::string model_, stream_;
    std::array<std::optional<std::string>, 3> text_;
    std::array<std::vector<UndoStep>, 3> undo_;
    uint64_t revision_ = 0;
    std::optional<CodeRunRecord> last_run_;
    std::optional<CodeCheckRecord> last_check_;
};

// One Run of the learner's code over a log: stepped by the Code window (an event, or a slice per
// frame) or all at once by the run_code action, the printed lines kept by position (for the
// console), and what it found once it ended.
class CodeRunner {
public:
    CodeRunner(const CodeWork& work, EventRange log);
    bool done() const { return run_.done(); }
    // Folds the next event; null when done.
    const learn::ExerciseStep* step();
    // Folds up to `max_events` events (all with SIZE_MAX).
    void advance(size_t max_events);
    const learn::ExerciseRun& run() const { return run_; }
    const learn::ExerciseStep* last_step() const { return last_ ? &*last_ : nullptr; }
    // What print() wrote, with the position of the event it ran for (the newest kMaxPrinted).
    const std::vector<std::pair<uint64_t, std::string>>& printed() const { return printed_; }
    static constexpr size_t kMaxPrinted = 2000;
    CodeRunRecord record() const;

private:
    CodeRunRecord base_;
    learn::ExerciseRun run_;
    std::optional<learn::ExerciseStep> last_;
    std::vector<std::pair<uint64_t, std::string>> printed_;
    size_t printed_events_ = 0;
    uint64_t stopped_at_ = 0;
};

}  // namespace es::lessons
