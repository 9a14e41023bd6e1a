// Parsing and validating one lesson file's JSON (lesson.h). Strict, like the event codec: an
// unknown field is an error too, because a misspelt "min_cuont" would otherwise silently check
// nothing. Every error names the file and the field's path ("steps[1].goal.account").
#include <algorithm>
#include <set>

#include "lessons/lesson.h"
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

Question parse_question(JsonObjectReader o) {
    Question q;
    q.id = text(o, "id");
    if (!o.failed() && !is_slug(q.id)) o.fail("id", "use lower-case letters, digits and '-'");
    q.prompt = text(o, "prompt");
    const size_t n = list(o, "choices", 2, 5).size();
    int correct = 0;
    for (size_t i = 0; i < n; ++i) {
        JsonObjectReader c = o.child("choices", i);
        Choice choice;
        choice.text = text(c, "text");
        choice.correct = c.boolean("correct");
        choice.explanation = text(c, "explanation");
        c.no_other_fields();
        correct += choice.correct ? 1 : 0;
        q.choices.push_back(std::move(choice));
    }
    if (correct != 1 && !o.failed()) o.fail("choices", "exactly one choice must be \"correct\": true (found " + std::to_string(correct) + ")");
    o.no_other_fields();
    return q;
}

// Goals and actions that name a question must name one of the lesson's. `o` reads the whole
// lesson: `path` is the goal's or the actions' path in it.
void check_question_refs(JsonObjectReader& o, const Lesson& lesson, const Goal& g, const std::string& path) {
    if (g.kind == Goal::Kind::Answered && !lesson.find_question(g.question))
        o.fail(path + ".question", "no question '" + g.question + "' in this lesson");
    for (size_t i = 0; i < g.goals.size(); ++i)
        check_question_refs(o, lesson, g.goals[i], path + ".goals[" + std::to_string(i) + "]");
}

void check_answer_refs(JsonObjectReader& o, const Lesson& lesson, const std::vector<Action>& actions, const std::string& path) {
    for (size_t i = 0; i < actions.size(); ++i) {
        if (actions[i].kind != Action::Kind::Answer) continue;
        const std::string p = path + "[" + std::to_string(i) + "]";
        const Question* q = lesson.find_question(actions[i].question);
        if (!q) o.fail(p + ".question", "no question '" + actions[i].question + "' in this lesson");
        else if (actions[i].choice >= static_cast<int>(q->choices.size()))
            o.fail(p + ".choice", "question '" + q->id + "' has " + std::to_string(q->choices.size()) + " choices");
    }
}

}  // namespace

Result<Lesson> parse_lesson(const Json& j, const std::string& file_name) {
    std::optional<Error> error;
    JsonObjectReader o(j, "", ErrorCode::InvalidArgument, error);
    Lesson lesson;
    lesson.file = file_name;
    lesson.id = text(o, "id");
    if (!o.failed() && !is_slug(lesson.id)) o.fail("id", "use lower-case letters, digits and '-'");
    lesson.order = static_cast<int>(o.integer("order", 0, 99));
    lesson.title = text(o, "title");
    lesson.summary = text(o, "summary");
    lesson.explanation = o.strings("explanation", 1, 4);
    if (o.has("form")) lesson.form = parse_form(o.child("form"));
    if (o.has("setup")) lesson.setup = parse_actions(o, "setup", 0, 40);
    for (size_t i = 0; i < lesson.setup.size(); ++i) {
        const Action::Kind k = lesson.setup[i].kind;
        if (k != Action::Kind::Command && k != Action::Kind::Record && k != Action::Kind::LegacyDeposit &&
            k != Action::Kind::SnapshotEvery)
            o.fail("setup[" + std::to_string(i) + "].do",
                   "only actions that write history belong in setup (command, record, legacy_deposit, snapshot_every)");
    }
    const size_t steps = list(o, "steps", 1, 8).size();
    for (size_t i = 0; i < steps && !o.failed(); ++i) {
        JsonObjectReader s = o.child("steps", i);
        Step step;
        step.instruction = text(s, "instruction");
        step.goal = parse_goal(s.child("goal"));
        step.hints = s.strings("hints", 1, 4);
        step.solution = parse_actions(s, "solution", 1, 12);
        if (s.has("tool")) step.tool = parse_tool(s.child("tool"));
        if (s.has("form")) step.form = parse_form(s.child("form"));
        s.no_other_fields();
        lesson.steps.push_back(std::move(step));
    }
    if (o.has("questions")) {
        const size_t n = list(o, "questions", 0, 4).size();
        std::set<std::string> ids;
        for (size_t i = 0; i < n && !o.failed(); ++i) {
            Question q = parse_question(o.child("questions", i));
            if (!ids.insert(q.id).second) o.fail("questions[" + std::to_string(i) + "].id", "'" + q.id + "' is used twice");
            lesson.questions.push_back(std::move(q));
        }
    }
    lesson.reading = o.strings("reading", 1, 5);
    for (size_t i = 0; i < lesson.reading.size(); ++i)
        if (!find_reading(lesson.reading[i]))
            o.fail("reading[" + std::to_string(i) + "]", "unknown reading '" + lesson.reading[i] +
                                                             "' (fowler, young-talk, kurrentdb, versioning, cqrs-journey)");
    o.no_other_fields();
    check_answer_refs(o, lesson, lesson.setup, "setup");
    for (size_t i = 0; i < lesson.steps.size(); ++i) {
        const std::string p = "steps[" + std::to_string(i) + "]";
        check_question_refs(o, lesson, lesson.steps[i].goal, p + ".goal");
        check_answer_refs(o, lesson, lesson.steps[i].solution, p + ".solution");
    }
    if (error) return make_error(ErrorCode::InvalidArgument, file_name + ": " + error->message);
    return lesson;
}

}  // namespace es::lessons
