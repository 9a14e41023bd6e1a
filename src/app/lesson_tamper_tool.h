// The immutability lesson's tool under a step: change a stored event behind the store's back
// (optionally rehashing the whole chain after it), run the integrity check, and keep a digest of
// the log to compare the stored log with later (core/digest.h).
#pragma once

#include "app/app_state.h"

namespace es::app {

void ShowTamperTool(AppState& state, lessons::LessonRun& run);

}  // namespace es::app
