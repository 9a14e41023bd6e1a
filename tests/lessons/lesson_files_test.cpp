// Every lesson file in assets/lessons loads, and each of its steps is checked both ways: the goal
// is NOT met on the log the previous steps leave (the failing log), and IS met once the step's
// solution has run through the sandbox's command path (the passing log). A lesson whose solution
// does not meet its own goal, or whose goal is already met before the learner does anything,
// fails here, naming the file and the step.
#include <doctest/doctest.h>

#include "lessons/lesson_run.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::lessons;

namespace {

std::vector<Lesson> all_lessons() {
    auto lessons = load_lessons(ES_LESSONS_DIR);
    REQUIRE_MESSAGE(lessons.ok(), (lessons.ok() ? "" : lessons.error().message));
    return std::move(lessons).value();
}

}  // namespace

TEST_CASE("the lesson path: the warm-up and nineteen lessons, in order, each with further reading") {
    const auto lessons = all_lessons();
    REQUIRE(lessons.size() == 21);
    for (size_t i = 0; i < lessons.size(); ++i) {
        CHECK(lessons[i].order == static_cast<int>(i));
        CHECK_FALSE(lessons[i].reading.empty());
    }
    CHECK(lessons[0].id == "your-day");
    CHECK(lessons[6].id == "time-travel");
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
            REQUIRE(run.current_index() == i);
            // The failing log: what the previous steps left does not meet this goal.
            CHECK_MESSAGE(!run.check(step.goal).met, "already met: " << run.check(step.goal).detail);
            CHECK(run.update() == 0);
            auto view = run.perform_solution();
            REQUIRE_MESSAGE(view.ok(), (view.ok() ? "" : view.error().message));
            // The passing log.
            const GoalCheck after = run.check(step.goal);
            CHECK_MESSAGE(after.met, "solution does not meet the goal: " << after.detail);
            CHECK(run.update() == 1);
            CHECK(run.current_done());  // the learner stays on the step done, its outcome in view
            CHECK(run.next_step() == (i + 1 < lesson.steps.size()));
        }
        CHECK(run.steps_complete());
        for (const Question& q : lesson.questions) {
            if (!run.answer_of(q.id)) CHECK_FALSE(run.complete());
            run.answer(q.id, q.correct_choice());
        }
        CHECK_MESSAGE(run.complete(), lesson.file);
    }
}

TEST_CASE("progress survives a round trip after every step: the next goal, the read models, the settings") {
    for (const Lesson& lesson : all_lessons()) {
        LessonRun run(lesson);
        REQUIRE(run.start().ok());
        for (size_t i = 0; i < lesson.steps.size(); ++i) {
            INFO(lesson.file << " after steps[" << i << "]");
            REQUIRE(run.perform_solution().ok());
            run.update();
            if (i % 2 == 0) run.next_step();  // saved on the step just done, or on the next one
            run.show_hint();
            Json saved = run.progress_json();
            LessonRun again(lesson);
            Status restored = again.restore(Json::parse(saved.dump()));  // as IndexedDB hands it back
            REQUIRE_MESSAGE(restored.ok(), (restored.ok() ? "" : restored.error().message));
            CHECK(again.steps_done() == run.steps_done());
            CHECK(again.current_index() == run.current_index());
            CHECK(again.step_start_head() == run.step_start_head());
            CHECK(again.hints_shown() == run.hints_shown());
            CHECK(again.sandbox().store().recorded_log() == run.sandbox().store().recorded_log());
            CHECK(again.sandbox().balances().to_json() == run.sandbox().balances().to_json());
            CHECK(again.sandbox().snapshot_every() == run.sandbox().snapshot_every());
            const auto a = again.sandbox().projections(), b = run.sandbox().projections();
            REQUIRE(a.size() == b.size());
            for (size_t k = 0; k < a.size(); ++k) {
                CHECK(a[k].name == b[k].name);
                CHECK(a[k].version == b[k].version);
                CHECK(a[k].checkpoint == b[k].checkpoint);
            }
            if (const Step* current = run.current_step(); current && !run.current_done())
                CHECK(again.check(current->goal).met == run.check(current->goal).met);
            for (uint64_t p : run.facts().visited) CHECK(again.facts().visited.count(p) == 1);
            CHECK(again.facts().replay_seen == run.facts().replay_seen);
            Json a_json = again.progress_json(), b_json = saved;
            a_json.erase("visited");
            b_json.erase("visited");
            CHECK(a_json == b_json);
            if (i % 2 == 1) run.next_step();
        }
    }
}

TEST_CASE("a restarted lesson stays done on the path, a broken saved record is refused, not trusted") {
    const auto lessons = all_lessons();
    const Lesson& lesson = lessons[2];
    LessonRun run(lesson);
    REQUIRE(run.start().ok());
    for (size_t i = 0; i < lesson.steps.size(); ++i) {
        REQUIRE(run.perform_solution().ok());
        run.update();
        run.next_step();
    }
    for (const Question& q : lesson.questions) run.answer(q.id, q.correct_choice());
    run.update();
    REQUIRE(run.complete());
    REQUIRE(run.start().ok());  // Restart lesson
    CHECK(run.steps_done() == 0);
    CHECK(saved_complete(run.progress_json()));
    CHECK(saved_steps_done(run.progress_json()) == 0);

    Json broken = run.progress_json();
    broken["log"] = "not an event\n";
    LessonRun again(lesson);
    CHECK_FALSE(again.restore(broken).ok());
    broken = run.progress_json();
    broken["hintsShown"] = 99;
    broken["answers"] = Json{{lesson.questions[0].id, 42}};
    REQUIRE(again.restore(broken).ok());
    CHECK(again.hints_shown() <= lesson.steps[0].hints.size());
    CHECK_FALSE(again.answer_of(lesson.questions[0].id).has_value());
}

}  // namespace ES_TEST_FILE_ID
