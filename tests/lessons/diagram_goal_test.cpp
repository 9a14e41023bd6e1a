// The diagram_drawn goal and the arrange_diagram action: met only by a Check, in this step, that
// found every card in place for cards of the goal's trace; a near miss names the misplaced card.
#include <doctest/doctest.h>

#include "lessons/lesson_run.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::lessons;

namespace {

// A two-step lesson: a deposit's cards, then a replay's, each with its solution.
Lesson draw_lesson() {
    const Json j = Json::parse(R"({
      "id": "draw", "order": 1, "title": "t", "summary": "s", "explanation": ["e"], "reading": ["fowler"],
      "setup": [{"do": "command", "command": {"type": "OpenAccount", "accountId": "alice", "owner": "Alice",
                                              "currency": "USD", "actor": "learner"}}],
      "steps": [
        {"instruction": "i", "hints": ["h"], "goal": {"kind": "diagram_drawn", "trace": "command"},
         "solution": [{"do": "command", "command": {"type": "Deposit", "accountId": "alice", "amount": "5.00", "actor": "learner"}},
                      {"do": "arrange_diagram", "trace": "command"}]},
        {"instruction": "i", "hints": ["h"], "goal": {"kind": "diagram_drawn", "trace": "replay"},
         "solution": [{"do": "arrange_diagram", "trace": "replay", "account": "alice"}]}
      ],
      "questions": [{"id": "q", "prompt": "?", "choices": [{"text": "a", "correct": true, "explanation": "y"},
                                                           {"text": "b", "correct": false, "explanation": "n"}]}]
    })");
    auto parsed = parse_lesson(j, "01-draw.json");
    REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message));
    return std::move(parsed).value();
}

}  // namespace

TEST_CASE("diagram_drawn: a Check with every card in place, of the goal's trace, in this step") {
    const Lesson lesson = draw_lesson();
    LessonRun run(lesson);
    REQUIRE(run.start().ok());
    const Goal& command = lesson.steps[0].goal;
    const Goal& replay = lesson.steps[1].goal;
    GoalCheck c = run.check(command);
    CHECK_FALSE(c.met);
    CHECK(c.detail.find("open Draw it") != std::string::npos);

    // A near miss: one card out of place.
    sandbox::DiagramCards cards(sandbox::diagram_trace(run.sandbox(), sandbox::DiagramSource::Command, ""), 1);
    for (const auto& m : cards.moves_into_place()) cards.move(m.from, m.to);
    cards.move(cards.size() - 1, 0);
    run.note_diagram_check(sandbox::DiagramSource::Command, cards.title(), cards.check());
    c = run.check(command);
    CHECK_FALSE(c.met);
    CHECK(c.detail.find("OpenAccount, Check: 1 of ") == 0);
    CHECK(c.detail.find("misplaced: \"accepted: AccountCreated at position 1\" belongs after") != std::string::npos);
    // The other trace's goal is not met by it either.
    CHECK(run.check(replay).detail.find("the last Check was of your last command") == 0);

    cards.move(0, cards.size() - 1);
    run.note_diagram_check(sandbox::DiagramSource::Command, cards.title(), cards.check());
    c = run.check(command);
    CHECK(c.met);
    CHECK(c.detail == "OpenAccount, Check: all " + std::to_string(cards.size()) + " cards in place");
    // A command accepted since: its own cards need their own Check.
    REQUIRE(run.sandbox().execute(bank::Deposit{"alice", 100, {"learner", "", std::nullopt}}).ok());
    c = run.check(command);
    CHECK_FALSE(c.met);
    CHECK(c.detail.find("a command was accepted after that Check") == 0);
}

TEST_CASE("arrange_diagram: the cards moved into place and checked, a Check from an earlier step does not count") {
    const Lesson lesson = draw_lesson();
    LessonRun run(lesson);
    REQUIRE(run.start().ok());
    auto view = run.perform_solution();
    REQUIRE_MESSAGE(view.ok(), (view.ok() ? "" : view.error().message));
    CHECK(view->arrange_diagram == "command");
    CHECK(view->open_windows == std::vector<std::string>{"draw_diagram"});
    CHECK(run.check(lesson.steps[0].goal).met);
    CHECK(run.check(lesson.steps[0].goal).detail.find("Deposit, Check: all 11 cards in place") == 0);
    REQUIRE(run.update() == 1);
    REQUIRE(run.next_step());
    CHECK_FALSE(run.check(lesson.steps[1].goal).met);
    CHECK_FALSE(run.check(lesson.steps[0].goal).met);  // that Check was in the step before
    view = run.perform_solution();
    REQUIRE(view.ok());
    CHECK(view->arrange_account == "alice");
    CHECK(run.check(lesson.steps[1].goal).detail.find("Replay account-alice, Check: all") == 0);

    Action nothing;
    nothing.kind = Action::Kind::ArrangeDiagram;
    nothing.trace = "replay";
    nothing.account = "bob";
    CHECK(run.perform(nothing).error().message == "bob has no events to replay");
}

}  // namespace ES_TEST_FILE_ID
