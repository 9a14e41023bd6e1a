// The lessons' ties to the browser: the lesson files packed at /lessons, progress in IndexedDB's
// "progress" store (web/idb.js), the #lesson=<id> address, further reading in a new tab.
#pragma once

#include "app/app_state.h"

namespace es::platform {

// Loads the lesson path and reads the address; progress arrives from web/idb.js.
void StartLessons(app::AppState& app);
// After each frame, before PersistenceFrame: saves changed progress, opens links, updates the
// address.
void LessonsFrame(app::AppState& app);

}  // namespace es::platform
