// The lessons' code actions and goals (docs/LESSONS.md): type_code, run_code and check_code do
// what the Code window's editor, Run and Check do, through the same CodeWork and CodeRunner; the
// code and code_run goals read what the last Check and Run of this step found, never a flag.
#include <cstdint>

#include "learn/exercise_code.h"
#include "lessons/lesson_run.h"

namespace es::lessons {

namespace {

GoalCheck met(std::string detail) { return GoalCheck{true, std::move(detail)}; }
GoalCheck not_met(std::string detail) { return GoalCheck{false, std::move(detail)}; }

// "the fold exercise": how a detail names an exercise.
std::string exercise_words(learn::Exercise e) { return std::string("the \"") + learn::exercise_name(e) + "\" exercise"; }

// The model a record or goal means: "" is the first reference model.
std::string model_or_first(const std::string& model) {
    const auto& names = learn::read_model_names();
    return model.empty() && !names.empty() ? names.front() : model;
}

// Whether a record (of a Run or a Check) is about what the goal names; else why not.
template <typename Record>
std::string record_mismatch(const Goal& g, learn::Exercise e, const Record& r, const char* what) {
    if (r.exercise != e) return std::string("the last ") + what + " was of " + exercise_words(r.exercise) + ", not " + exercise_words(e);
    if (e == learn::Exercise::ReadModel && !g.model.empty() && model_or_first(r.model) != g.model)
        return std::string("the last ") + what + " was of the read model " + model_or_first(r.model) + "; pick " + g.model;
    if (e == learn::Exercise::DomainFold && !g.stream.empty() && r.stream != g.stream)
        return std::string("the last ") + what + " was over the stream \"" + r.stream + "\"; pick " + g.stream;
    return "";
}

}  // namespace

Result<ViewRequest> LessonRun::perform_code(const Action& a) {
    ViewRequest view;
    view.open_windows.push_back("code");
    auto exercise = learn::exercise_from_name(a.exercise);
    if (!exercise) return make_error(ErrorCode::InvalidArgument, "no exercise '" + a.exercise + "'");
    code_.set_exercise(*exercise);
    if (!a.model.empty()) code_.set_model(a.model);
    if (!a.stream.empty()) code_.set_stream(a.stream);
    const RecordedLog& log = sandbox_->store().recorded_log();
    switch (a.kind) {
    case Action::Kind::TypeCode: {
        const std::string text = a.code ? *a.code : std::string(learn::solution_code(*exercise, code_.model()));
        code_.edit(*exercise, text);
        last_message_ = "The code is in the Code window: press Check (or Run) there.";
        break;
    }
    case Action::Kind::RunCode: {
        CodeRunner runner(code_, log);
        runner.advance(SIZE_MAX);
        code_.record_run(runner.record());
        last_message_ = "Run: " + code_.last_run()->verdict;
        view.run_code = true;  // the Code window shows the same run, step by step, and its printed lines
        break;
    }
    default: {
        const CodeCheckRecord& check = code_.check(log);
        last_message_ = "Check: " + check.result.message;
        break;
    }
    }
    return view;
}

GoalCheck LessonRun::check_code(const Goal& g) const {
    const auto exercise = learn::exercise_from_name(g.exercise);
    if (!exercise) return not_met("no exercise '" + g.exercise + "'");
    if (g.kind == Goal::Kind::Code) {
        const auto& check = code_.last_check();
        if (!check) return not_met("press Check in the Code window (" + exercise_words(*exercise) + ")");
        if (std::string why = record_mismatch(g, *exercise, *check, "Check"); !why.empty()) return not_met(why);
        const learn::ExerciseCheck& r = check->result;
        return r.visible_ok && r.hidden_ok ? met(r.message) : not_met(r.message);
    }
    const auto& run = code_.last_run();
    if (!run) return not_met("press Run in the Code window (" + exercise_words(*exercise) + ")");
    if (std::string why = record_mismatch(g, *exercise, *run, "Run"); !why.empty()) return not_met(why);
    if (!g.until_type.empty()) {
        // The first event of that type in the log: everything before it must have matched.
        uint64_t first = 0;
        for (const RecordedEvent& e : sandbox_->store().recorded_log())
            if (e.type == g.until_type) {
                first = e.global_position;
                break;
            }
        const bool reached = run->matched || (first > 0 && run->stopped_at >= first);
        if (!reached) return not_met(run->verdict);
        if (!g.printed) {
            return met(first > 0 ? "every event before #" + std::to_string(first) + " " + g.until_type + " matched (" + run->verdict + ")"
                                 : run->verdict);
        }
    }
    if (!run->matched) return not_met(run->verdict);
    if (g.printed && run->printed_events < run->folded)
        return not_met("your code printed a line for " + std::to_string(run->printed_events) + " of " + std::to_string(run->folded) +
                       " events: print one in apply, for every event");
    return met(g.printed ? run->verdict + ", with a line printed for each" : run->verdict);
}

}  // namespace es::lessons
