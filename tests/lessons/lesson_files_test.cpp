// Every lesson file in assets/lessons loads, and each of its steps is checked both ways: the goal
// is NOT met on the log the previous steps leave (the failing log), and IS met once the step's
// solution has run through the sandbox's command path (the passing log). A lesson whose solution
// does not meet its own goal, or whose goal is already met before the learner does anything,
// fails here, naming the file and the step.
#include <doctest/doctest.h>

#include "lessons/lesson_run.h"

using namespace es;
using namespace es::lessons;

namespace {

std::vector<Lesson> all_lessons() {
    auto lessons = load_lessons(ES_LESSONS_DIR);
    REQUIRE_MESSAGE(lessons.ok(), (lessons.ok() ? "" : lessons.error().message));
    return std::move(lessons).value();
}

}  // namespace

TEST_CASE("the lesson path: the warm-up and sixteen lessons, in order, each with further reading") {
    const auto lessons = all_lessons();
    REQUIRE(lessons.size() == 17);
    for (size_t i = 0; i < lessons.size(); ++i) {
        CHECK(lessons[i].order == static_cast<int>(i));
        CHECK_FALSE(lessons[i].reading.empty());
    }
    CHECK(lessons[0].id == "your-day");
    CHECK(lessons[5].id == "time-travel");
}

TEST_CASE("every step's goal fails before its solution and passes after it") {
    for (const Lesson& lesson : all_lessons()) {
        LessonRun run(lesson);
        Status started = run.start();
        REQUIRE_MESSAGE(started.ok(), lesson.file << ": " << (started.ok() ? "" : started.error().message));
        for (size_t i = 0; i < lesson.steps.size(); ++i) {
            const Step& step = lesson.steps[i];
            INFO(lesson.file << " steps[" << i << "]: " << step.instruction);
            REQUIRE(run.steps_done() == i);
            // The failing log: what the previous steps left does not meet this goal.
            CHECK_MESSAGE(!run.check(step.goal).met, "already met: " << run.check(step.goal).detail);
            CHECK(run.update() == 0);
            auto view = run.perform_solution();
            REQUIRE_MESSAGE(view.ok(), (view.ok() ? "" : view.error().message));
            // The passing log.
            const GoalCheck after = run.check(step.goal);
            CHECK_MESSAGE(after.met, "solution does not meet the goal: " << after.detail);
            CHECK(run.update() >= 1);
        }
        CHECK(run.steps_complete());
        for (const Question& q : lesson.questions) {
            if (!run.answer_of(q.id)) CHECK_FALSE(run.complete());
            run.answer(q.id, q.correct_choice());
        }
        CHECK_MESSAGE(run.complete(), lesson.file);
    }
}

TEST_CASE("progress survives a round trip through its JSON: steps, hints, answers and the lesson's own events") {
    for (const Lesson& lesson : all_lessons()) {
        if (lesson.steps.size() < 2) continue;
        LessonRun run(lesson);
        REQUIRE(run.start().ok());
        REQUIRE(run.perform_solution().ok());
        run.update();
        run.show_hint();
        const Json saved = run.progress_json();
        LessonRun again(lesson);
        Status restored = again.restore(Json::parse(saved.dump()));
        REQUIRE_MESSAGE(restored.ok(), lesson.file << ": " << (restored.ok() ? "" : restored.error().message));
        CHECK(again.steps_done() == run.steps_done());
        CHECK(again.hints_shown() == 1);
        CHECK(again.sandbox().store().recorded_log() == run.sandbox().store().recorded_log());
        CHECK(again.progress_json() == saved);
    }
}
