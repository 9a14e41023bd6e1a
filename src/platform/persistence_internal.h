// What the persistence*.cpp files share, beyond persistence.h: the steps the load, the write and
// the import paths all take, over the bridge's state (PersistenceState) and the app.
#pragma once

#include <string>

#include "platform/platform_state.h"

namespace es::platform {

using Mode = app::PersistenceStatus::Mode;

double now_ms();

// Starts a load: the log read so far and its problem are dropped, the banner shows "loading".
void begin_load(PlatformState& p);
// Loads the whole stored log again (IndexedDB is the truth: after a conflict, a reset in another
// tab, or a catch-up that does not continue this tab's log).
void reload_stored_log(PlatformState& p);
// Opens a new sandbox over what was loaded (durable: over IndexedDB; else in memory only).
void open_sandbox(PlatformState& p, bool durable);
// Whatever the store appended and is not yet written goes out as one write (one transaction).
void send_outbox(PlatformState& p, sandbox::Sandbox& s);
// After a clean load: plans the merges of the records it read (persistence_compact.cpp).
void plan_compaction(PlatformState& p);
// The next planned merge goes out, when none is under way.
void compact_stored_records(PlatformState& p, sandbox::Sandbox& s);
// Asks the browser for persistent storage, unless it keeps the data already or the question is open.
void ask_persistent_storage(PlatformState& p);
// The panels' export and import requests (persistence_transfer.cpp).
void carry_out_transfer_requests(app::AppState& app);

}  // namespace es::platform
