// How a learner moves through a lesson's steps: a met step stays until "Next step", the next goal
// is not checked before that, event goals count only the step's own events, "Restart this step"
// goes back to where the step began, and "Show solution" says which command was refused instead
// of claiming it ran. Also the lesson and step forms (the Commands window's clean desk).
#include <doctest/doctest.h>

#include "lessons/lesson_run.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::lessons;

namespace {

// Two steps: open alice, then deposit 100.00 into her account with a reason.
Result<Lesson> two_steps(Json extra = Json::object()) {
    Json lesson = Json::parse(R"({
      "id": "flow", "order": 1, "title": "t", "summary": "s", "explanation": ["e"], "reading": ["fowler"],
      "form": {"account": "carol", "amount": "5.00"},
      "steps": [
        {"instruction": "open", "goal": {"kind": "event", "type": "AccountCreated", "account": "alice"}, "hints": ["h"],
         "solution": [{"do": "command", "command": {"type": "OpenAccount", "accountId": "alice", "owner": "A", "currency": "USD", "actor": "l"}}]},
        {"instruction": "deposit", "goal": {"kind": "event", "type": "MoneyDeposited", "account": "alice", "reason_required": true},
         "hints": ["h"], "form": {"reason": ""},
         "solution": [{"do": "command", "command": {"type": "Deposit", "accountId": "alice", "amount": "100.00", "actor": "l", "reason": "pay"}}]}
      ]})");
    for (auto it = extra.begin(); it != extra.end(); ++it) lesson[it.key()] = it.value();
    return parse_lesson(lesson, "flow.json");
}

Status deposit(LessonRun& run, const std::string& reason) {
    Action a;
    a.kind = Action::Kind::Command;
    a.command = Json{{"type", "Deposit"}, {"accountId", "alice"}, {"amount", "100.00"}, {"actor", "l"}, {"reason", reason}};
    auto v = run.perform(a);
    return v.ok() ? ok_status() : Status(v.error());
}

}  // namespace

TEST_CASE("a met step stays on screen until next_step, and the next goal waits for it") {
    auto lesson = two_steps();
    REQUIRE(lesson.ok());
    LessonRun run(*lesson);
    REQUIRE(run.start().ok());
    REQUIRE(run.perform_solution().ok());
    CHECK(run.update() == 1);
    CHECK(run.current_index() == 0);
    CHECK(run.current_done());
    CHECK(deposit(run, "early").ok());  // step 2's work, done before its instruction was shown
    CHECK(run.update() == 0);           // step 2 is not checked while step 1 is on screen
    CHECK(run.steps_done() == 1);
    CHECK_FALSE(run.perform_solution().ok());  // nothing left to do in a done step
    REQUIRE(run.next_step());
    CHECK(run.current_index() == 1);
    CHECK(run.step_start_head() == 2);
    // The early deposit belongs to step 1's time: step 2 counts only its own events.
    const GoalCheck check = run.check(run.current_step()->goal);
    CHECK_FALSE(check.met);
    CHECK(check.detail.find("0 of 1") != std::string::npos);
    CHECK(deposit(run, "").ok());  // a near miss: no reason
    const GoalCheck near = run.check(run.current_step()->goal);
    CHECK_FALSE(near.met);
    CHECK(near.detail.find("it has no Reason") != std::string::npos);
    CHECK(deposit(run, "salary").ok());
    CHECK(run.update() == 1);
    CHECK_FALSE(run.next_step());  // the last step stays beside the questions
}

TEST_CASE("restart_step goes back to where the step began, and the solution then works") {
    auto lesson = two_steps();
    REQUIRE(lesson.ok());
    LessonRun run(*lesson);
    REQUIRE(run.start().ok());
    REQUIRE(run.perform_solution().ok());
    run.update();
    REQUIRE(run.next_step());
    CHECK(deposit(run, "").ok());
    CHECK(deposit(run, "").ok());
    REQUIRE(run.sandbox().store().head_position() == 3);
    REQUIRE(run.restart_step().ok());
    CHECK(run.sandbox().store().head_position() == 1);  // the step's own events are gone
    CHECK(run.current_index() == 1);
    CHECK(run.steps_done() == 1);
    REQUIRE(run.perform_solution().ok());
    CHECK(run.update() == 1);
}

TEST_CASE("perform_solution says which command was refused, unless the goal asks for a refusal") {
    auto lesson = two_steps();
    REQUIRE(lesson.ok());
    LessonRun run(*lesson);
    REQUIRE(run.start().ok());
    // The step's solution opens alice; opening her first makes the solution's command a refusal.
    Action open;
    open.kind = Action::Kind::Command;
    open.command = Json{{"type", "OpenAccount"}, {"accountId", "alice"}, {"owner", "A"}, {"currency", "USD"}, {"actor", "l"}};
    REQUIRE(run.perform(open).ok());
    run.update();  // met by the learner's own command
    REQUIRE(run.next_step());
    // Step 2's goal wants a deposit; make the account unable to take the solution's: close it.
    Action close;
    close.kind = Action::Kind::Command;
    close.command = Json{{"type", "CloseAccount"}, {"accountId", "alice"}, {"actor", "l"}};
    REQUIRE(run.perform(close).ok());
    auto solved = run.perform_solution();
    REQUIRE_FALSE(solved.ok());
    CHECK(solved.error().message.find("Deposit refused") != std::string::npos);
    CHECK(solved.error().message.find("closed") != std::string::npos);
    REQUIRE(run.restart_step().ok());
    CHECK(run.perform_solution().ok());
}

TEST_CASE("the lesson's form and a step's form are read, and a misspelt field is refused") {
    auto lesson = two_steps();
    REQUIRE(lesson.ok());
    CHECK(lesson->form.account == std::optional<std::string>("carol"));
    CHECK(lesson->form.amount == std::optional<std::string>("5.00"));
    CHECK_FALSE(lesson->form.reason.has_value());
    CHECK_FALSE(lesson->steps[0].form.has_value());
    REQUIRE(lesson->steps[1].form.has_value());
    CHECK(lesson->steps[1].form->reason == std::optional<std::string>(""));
    auto bad = two_steps(Json{{"form", Json{{"acount", "x"}}}});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("unknown field 'form.acount'") != std::string::npos);
}

}  // namespace ES_TEST_FILE_ID
