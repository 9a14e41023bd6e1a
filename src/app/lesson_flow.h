// The lesson path inside the app: opening a lesson on its own sandbox, going back to the free
// sandbox, keeping the lesson's goal facts in step with the views, saving progress. The panel
// (panel_lessons.cpp) and the main menu call these; the engine itself is src/lessons.
#pragma once

#include <string>

#include "app/app_state.h"

namespace es::app {

// Loads the lesson files once (from /lessons in the browser's packed files).
void LoadLessonPath(AppState& state, const std::string& dir);
// Opens a lesson: its saved progress when there is some, else a clean start (deferred until the
// saved progress has loaded). False (and state.lessons.message says why) for an unknown id.
bool OpenLesson(AppState& state, const std::string& id);
// Starts the open lesson again on a clean sandbox (the free sandbox is not touched).
void RestartLesson(AppState& state);
// Moves on from the step just done to the next one, with the fields that step starts from.
void NextStep(AppState& state);
// The current step again from where it began (the log, the read models, the fields).
void RestartStep(AppState& state);
// Where the learner stands with a lesson, from its saved progress and the path's order.
enum class LessonStatus { NotStarted, InProgress, Done, Skipped };
LessonStatus StatusOf(const AppState& state, const lessons::Lesson& lesson);
// "done", "step 2 of 3", "skipped" or "".
std::string StatusLabel(const AppState& state, const lessons::Lesson& lesson);
// The lesson the learner was last in, when it still exists; null otherwise.
const lessons::Lesson* LastLesson(const AppState& state);
// Opens the lesson the learner was last in, at the step where they left off.
void ContinueLessons(AppState& state);

// Says something about the open lesson under its current step (the panel scrolls to it).
void SayInLesson(AppState& state, std::string message, bool ok);
// Back to the free sandbox; the lesson's progress stays saved.
void CloseLesson(AppState& state);
// Carries out what a lesson action asks of the views (travel, a window, the diagram).
void ApplyViewRequest(AppState& state, const lessons::ViewRequest& request);
// Once per frame, after UpdateViews: facts for the goals, goal checks, progress to save, a
// #lesson=<id> waiting for the progress to load.
void UpdateLesson(AppState& state);

}  // namespace es::app
