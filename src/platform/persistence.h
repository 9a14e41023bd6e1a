// Persistence in the browser: the sandbox's events in IndexedDB (see persistence.cpp and
// web/idb.js). The app never calls IndexedDB; it reads AppState::persistence and sets
// AppState::requests, which PersistenceFrame() carries out after each frame.
#pragma once

#include "app/app_state.h"

namespace es::platform {

// Opens the database and starts loading the stored log; the sandbox exists once it is loaded
// (or at once, in memory, when IndexedDB is unavailable).
void StartPersistence(app::AppState& app);

// After each frame: the frame's appends as one write, the panels' requests, catching up with
// other tabs.
void PersistenceFrame(app::AppState& app);

// Asks the main loop to draw at least `frames` more frames (idle frames are otherwise skipped:
// web_main.cpp). Called when something the UI shows changed outside an input event.
void RequestRedraw(int frames = 2);

}  // namespace es::platform
