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
// Back to the free sandbox; the lesson's progress stays saved.
void CloseLesson(AppState& state);
// Carries out what a lesson action asks of the views (travel, a window, the diagram).
void ApplyViewRequest(AppState& state, const lessons::ViewRequest& request);
// Once per frame, after UpdateViews: facts for the goals, goal checks, progress to save, a
// #lesson=<id> waiting for the progress to load.
void UpdateLesson(AppState& state);

}  // namespace es::app
