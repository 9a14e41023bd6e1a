// The learner's code in lessons: its undo history (typing grouped, Reset and Show solution each an
// undoable step), the code and code_run goals against real Runs and Checks (a near miss never
// counts: the wrong exercise, a Run that stops too early, a Check of an earlier step), and the code
// kept with the progress across a reload.
#include <doctest/doctest.h>

#include "learn/exercise_code.h"
#include "lessons/lesson_run.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::lessons;
using learn::Exercise;

namespace {

// A fold whose MoneyWithdrawn branch is `withdrawal` ("" for none: withdrawals leave it unchanged).
std::string fold(const std::string& withdrawal) {
    return R"lua(function apply(account, event)
  if event.type == "AccountCreated" then
    account.exists = true
    account.owner = event.owner
    account.balance = 0
  elseif event.type == "MoneyDeposited" then
    account.balance = account.balance + event.amount
)lua" + (withdrawal.empty() ? "" : "  elseif event.type == \"MoneyWithdrawn\" then\n    " + withdrawal + "\n") +
           "  end\n  return account\nend\n";
}
const std::string kDepositsOnly = fold("");
const std::string kWithdrawAdds = fold("account.balance = account.balance + event.amount");

// A one-step lesson with this goal, through the same parser as the files.
Result<Lesson> lesson_with_goal(const std::string& json) {
    Json lesson = {{"id", "g"}, {"order", 1}, {"title", "t"}, {"summary", "s"}, {"explanation", {"e"}}, {"reading", {"fowler"}},
                   {"steps", Json::array({Json{{"instruction", "i"}, {"goal", Json::parse(json)}, {"hints", {"h"}},
                                               {"solution", Json::array({Json{{"do", "back_to_now"}}})}}})}};
    return parse_lesson(lesson, "g.json");
}

Goal goal(const std::string& json) {
    auto parsed = lesson_with_goal(json);
    REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message));
    return parsed->steps[0].goal;
}

std::string goal_error(const std::string& json) {
    auto parsed = lesson_with_goal(json);
    return parsed.ok() ? "" : parsed.error().message;
}

Lesson two_step_lesson() {
    Lesson l;
    l.id = "code";
    l.file = "code.json";
    l.steps.resize(2);
    l.steps[0].goal = goal(R"({"kind":"code","exercise":"fold"})");
    l.steps[1].goal = goal(R"({"kind":"code","exercise":"fold"})");
    return l;
}

struct Fixture {
    Lesson lesson = two_step_lesson();
    LessonRun run{lesson};
    Fixture() {
        REQUIRE(run.start().ok());
        cmd(R"({"type":"OpenAccount","accountId":"alice","owner":"Alice","currency":"USD","actor":"learner"})");
        cmd(R"({"type":"Deposit","accountId":"alice","amount":"100.00","actor":"learner"})");
        cmd(R"({"type":"OpenAccount","accountId":"bob","owner":"Bob","currency":"USD","actor":"learner"})");
        cmd(R"({"type":"Withdraw","accountId":"alice","amount":"50.00","actor":"learner"})");
        cmd(R"({"type":"Deposit","accountId":"bob","amount":"20.00","actor":"learner"})");
    }
    void cmd(const std::string& json) {
        Action a;
        a.kind = Action::Kind::Command;
        a.command = Json::parse(json);
        REQUIRE(run.perform(a).ok());
    }
    void act(Action::Kind kind, const std::string* code = nullptr, const char* exercise = "fold") {
        Action a;
        a.kind = kind;
        a.exercise = exercise;
        if (code) a.code = *code;
        auto v = run.perform(a);
        REQUIRE_MESSAGE(v.ok(), (v.ok() ? "" : v.error().message));
        CHECK(v->open_windows == std::vector<std::string>{"code"});
    }
    GoalCheck check(const std::string& g) { return run.check(goal(g)); }
};

}  // namespace

TEST_CASE("CodeWork: the starting code until edited, typing is one undo step, Reset and a replacement one each") {
    CodeWork w;
    const std::string start(learn::starting_code(Exercise::AccountFold));
    CHECK(w.code(Exercise::AccountFold) == start);
    CHECK_FALSE(w.can_undo(Exercise::AccountFold));
    w.edit(Exercise::AccountFold, start + "-", true, 10.0);
    w.edit(Exercise::AccountFold, start + "--", true, 10.5);  // the same burst of typing
    CHECK(w.code(Exercise::AccountFold) == start + "--");
    w.edit(Exercise::AccountFold, start + "--x", true, 12.0);  // after a pause: a new step
    w.edit(Exercise::AccountFold, "print(1)");                // Show solution's type_code
    w.reset(Exercise::AccountFold);
    CHECK(w.code(Exercise::AccountFold) == start);
    REQUIRE(w.undo(Exercise::AccountFold));  // Reset undone
    CHECK(w.code(Exercise::AccountFold) == "print(1)");
    REQUIRE(w.undo(Exercise::AccountFold));
    CHECK(w.code(Exercise::AccountFold) == start + "--x");
    REQUIRE(w.undo(Exercise::AccountFold));
    CHECK(w.code(Exercise::AccountFold) == start + "--");
    REQUIRE(w.undo(Exercise::AccountFold));
    CHECK(w.code(Exercise::AccountFold) == start);
    CHECK_FALSE(w.undo(Exercise::AccountFold));
    // The other exercises are untouched; an edit to the same text is no step at all.
    CHECK(w.code(Exercise::ReadModel) == learn::starting_code(Exercise::ReadModel));
    const uint64_t revision = w.revision();
    w.edit(Exercise::ReadModel, std::string(learn::starting_code(Exercise::ReadModel)));
    CHECK(w.revision() == revision);
    CHECK_FALSE(w.can_undo(Exercise::ReadModel));
}

TEST_CASE("CodeWork: saved and restored (texts changed, the exercise, model and stream), a bad record ignored") {
    CodeWork w;
    w.set_exercise(Exercise::ReadModel);
    w.set_model("deposits-by-actor");
    w.set_stream("booking-1");
    w.edit(Exercise::AccountFold, "function apply(a, e) return a end");
    CodeWork back;
    back.restore(w.to_json());
    CHECK(back.exercise() == Exercise::ReadModel);
    CHECK(back.model() == "deposits-by-actor");
    CHECK(back.stream() == "booking-1");
    CHECK(back.code(Exercise::AccountFold) == "function apply(a, e) return a end");
    CHECK(back.code(Exercise::ReadModel) == learn::starting_code(Exercise::ReadModel, "deposits-by-actor"));
    CodeWork junk;
    junk.restore(Json::parse(R"({"exercise":"nope","code":{"fold":7}})"));
    CHECK(junk.exercise() == Exercise::AccountFold);
    CHECK(junk.code(Exercise::AccountFold) == learn::starting_code(Exercise::AccountFold));
}

TEST_CASE("code goal: met only by a Check in this step that matched the log and the generated one") {
    Fixture f;
    CHECK_FALSE(f.check(R"({"kind":"code","exercise":"fold"})").met);  // nothing checked yet
    f.act(Action::Kind::TypeCode, &kWithdrawAdds);
    f.act(Action::Kind::CheckCode);
    const GoalCheck wrong = f.check(R"({"kind":"code","exercise":"fold"})");
    CHECK_FALSE(wrong.met);
    CHECK(wrong.detail.find("#4 MoneyWithdrawn") != std::string::npos);
    f.act(Action::Kind::TypeCode);  // the reference solution
    CHECK_FALSE(f.check(R"({"kind":"code","exercise":"fold"})").met);  // typed, not checked again
    f.act(Action::Kind::CheckCode);
    CHECK(f.check(R"({"kind":"code","exercise":"fold"})").met);
    CHECK_FALSE(f.check(R"({"kind":"code","exercise":"read-model"})").met);  // another exercise's goal
    // The step is done; the next one needs a Check of its own.
    CHECK(f.run.update() == 1);
    REQUIRE(f.run.next_step());
    CHECK_FALSE(f.check(R"({"kind":"code","exercise":"fold"})").met);
    f.act(Action::Kind::CheckCode);
    CHECK(f.check(R"({"kind":"code","exercise":"fold"})").met);
}

TEST_CASE("code_run goal: until_type needs every event before that type matched, printed needs a line per event") {
    Fixture f;
    const char* until = R"({"kind":"code_run","exercise":"fold","until_type":"MoneyWithdrawn"})";
    const char* printed = R"({"kind":"code_run","exercise":"fold","printed":true})";
    CHECK_FALSE(f.check(until).met);  // not run yet
    f.act(Action::Kind::RunCode);      // the starting code: deposits are not counted yet
    const GoalCheck start = f.check(until);
    CHECK_FALSE(start.met);
    CHECK(start.detail.find("#2 MoneyDeposited") != std::string::npos);
    f.act(Action::Kind::TypeCode, &kDepositsOnly);
    f.act(Action::Kind::RunCode);
    CHECK(f.check(until).met);  // stops at #4, the first withdrawal
    CHECK(f.run.code().last_run()->stopped_at == 4);
    CHECK_FALSE(f.check(printed).met);
    f.act(Action::Kind::TypeCode);  // the solution prints a line per event
    f.act(Action::Kind::RunCode);
    CHECK(f.check(until).met);
    const GoalCheck each = f.check(printed);
    CHECK(each.met);
    CHECK(f.run.code().last_run()->printed_events == 5);
}

TEST_CASE("code goals and actions: the exercise, model and stream are checked when the file loads") {
    CHECK(goal_error(R"({"kind":"code","exercise":"folding"})").find("unknown exercise") != std::string::npos);
    CHECK(goal_error(R"({"kind":"code","exercise":"fold","model":"largest-withdrawal"})").find("only the read-model") != std::string::npos);
    CHECK(goal_error(R"({"kind":"code","exercise":"read-model","model":"biggest"})").find("unknown read model") != std::string::npos);
    CHECK(goal_error(R"({"kind":"code_run","exercise":"fold","stream":"x"})").find("only the domain") != std::string::npos);
    CHECK(goal(R"({"kind":"code","exercise":"read-model","model":"deposits-by-actor"})").model == "deposits-by-actor");
}

TEST_CASE("the learner's code is kept with the lesson's progress and comes back on a reload") {
    Fixture f;
    f.act(Action::Kind::TypeCode, &kDepositsOnly);
    const Json saved = f.run.progress_json();
    LessonRun again(f.lesson);
    REQUIRE(again.restore(saved).ok());
    CHECK(again.code().code(Exercise::AccountFold) == kDepositsOnly);
    CHECK_FALSE(again.code().last_run());  // a Run of before the reload does not count
}

}  // namespace ES_TEST_FILE_ID
