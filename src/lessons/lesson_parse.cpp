// Parsing and validating one lesson file's JSON (lesson.h). Strict, like the event codec: an
// unknown field is an error too, because a misspelt "min_cuont" would otherwise silently check
// nothing. Every error names the file and the field's path ("steps[1].goal.account").
#include <algorithm>
#include <set>

#include "lessons/lesson.h"
#include "lessons/lesson_object.h"
#include "lessons/lesson_parts.h"

namespace es::lessons {

int Question::correct_choice() const {
    for (size_t i = 0; i < choices.size(); ++i)
        if (choices[i].correct) return static_cast<int>(i);
    return -1;
}

const Question* Lesson::find_question(const std::string& qid) const {
    for (const Question& q : questions)
        if (q.id == qid) return &q;
    return nullptr;
}

namespace {

bool is_slug(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

Question parse_question(const Json& j, const std::string& path, std::string& error) {
    Obj o(j, path, error);
    Question q;
    q.id = o.str("id");
    if (!is_slug(q.id)) o.fail("id", "use lower-case letters, digits and '-'");
    q.prompt = o.str("prompt");
    const Json& choices = o.array("choices", 2, 5);
    int correct = 0;
    for (size_t i = 0; i < choices.size(); ++i) {
        Obj c(choices[i], o.child("choices", i), error);
        Choice choice;
        choice.text = c.str("text");
        choice.correct = c.boolean("correct");
        choice.explanation = c.str("explanation");
        c.no_other_fields();
        correct += choice.correct ? 1 : 0;
        q.choices.push_back(std::move(choice));
    }
    if (correct != 1 && !o.bad()) o.fail("choices", "exactly one choice must be \"correct\": true (found " + std::to_string(correct) + ")");
    o.no_other_fields();
    return q;
}

// Goals and actions that name a question must name one of the lesson's.
void check_question_refs(const Lesson& lesson, const Goal& g, const std::string& path, std::string& error) {
    if (g.kind == Goal::Kind::Answered && !lesson.find_question(g.question) && error.empty())
        error = path + ".question: no question '" + g.question + "' in this lesson";
    for (size_t i = 0; i < g.goals.size(); ++i)
        check_question_refs(lesson, g.goals[i], path + ".goals[" + std::to_string(i) + "]", error);
}

void check_answer_refs(const Lesson& lesson, const std::vector<Action>& actions, const std::string& path, std::string& error) {
    for (size_t i = 0; i < actions.size() && error.empty(); ++i) {
        if (actions[i].kind != Action::Kind::Answer) continue;
        const std::string p = path + "[" + std::to_string(i) + "]";
        const Question* q = lesson.find_question(actions[i].question);
        if (!q) error = p + ".question: no question '" + actions[i].question + "' in this lesson";
        else if (actions[i].choice >= static_cast<int>(q->choices.size()))
            error = p + ".choice: question '" + q->id + "' has " + std::to_string(q->choices.size()) + " choices";
    }
}

}  // namespace

Result<Lesson> parse_lesson(const Json& j, const std::string& file_name) {
    std::string error;
    Obj o(j, "", error);
    Lesson lesson;
    lesson.file = file_name;
    lesson.id = o.str("id");
    if (!o.bad() && !is_slug(lesson.id)) o.fail("id", "use lower-case letters, digits and '-'");
    lesson.order = static_cast<int>(o.integer("order", 0, 99));
    lesson.title = o.str("title");
    lesson.summary = o.str("summary");
    lesson.explanation = o.strings("explanation", 1, 4);
    if (o.has("setup")) lesson.setup = parse_actions(o, "setup", 0, 40);
    for (size_t i = 0; i < lesson.setup.size(); ++i) {
        const Action::Kind k = lesson.setup[i].kind;
        if (k != Action::Kind::Command && k != Action::Kind::Record && k != Action::Kind::LegacyDeposit &&
            k != Action::Kind::SnapshotEvery)
            o.fail("setup[" + std::to_string(i) + "].do",
                   "only actions that write history belong in setup (command, record, legacy_deposit, snapshot_every)");
    }
    const Json& steps = o.array("steps", 1, 8);
    for (size_t i = 0; i < steps.size() && !o.bad(); ++i) {
        Obj s(steps[i], o.child("steps", i), error);
        Step step;
        step.instruction = s.str("instruction");
        if (s.has("goal")) step.goal = parse_goal(s.raw("goal"), s.child("goal"), error);
        else s.fail("goal", "missing");
        step.hints = s.strings("hints", 1, 4);
        step.solution = parse_actions(s, "solution", 1, 12);
        if (s.has("tool")) step.tool = parse_tool(s.raw("tool"), s.child("tool"), error);
        s.no_other_fields();
        lesson.steps.push_back(std::move(step));
    }
    if (o.has("questions")) {
        const Json& qs = o.array("questions", 0, 4);
        std::set<std::string> ids;
        for (size_t i = 0; i < qs.size() && !o.bad(); ++i) {
            Question q = parse_question(qs[i], o.child("questions", i), error);
            if (!ids.insert(q.id).second) o.fail(o.child("questions", i) + ".id", "'" + q.id + "' is used twice");
            lesson.questions.push_back(std::move(q));
        }
    }
    lesson.reading = o.strings("reading", 1, 5);
    for (size_t i = 0; i < lesson.reading.size(); ++i)
        if (!find_reading(lesson.reading[i]))
            o.fail("reading[" + std::to_string(i) + "]", "unknown reading '" + lesson.reading[i] +
                                                             "' (fowler, young-talk, kurrentdb, versioning, cqrs-journey)");
    o.no_other_fields();
    check_answer_refs(lesson, lesson.setup, "setup", error);
    for (size_t i = 0; i < lesson.steps.size(); ++i) {
        const std::string p = "steps[" + std::to_string(i) + "]";
        check_question_refs(lesson, lesson.steps[i].goal, p + ".goal", error);
        check_answer_refs(lesson, lesson.steps[i].solution, p + ".solution", error);
    }
    if (!error.empty()) return make_error(ErrorCode::InvalidArgument, file_name + ": " + error);
    return lesson;
}

}  // namespace es::lessons
