// The write path of persistence in the browser (persistence.cpp has the overview): the outbox cut
// into records and handed to web/idb_write.js, its answer, the reset, and what other tabs say
// (a new head, a reset) through web/idb.js.
#include <emscripten/emscripten.h>

#include <string>

#include "bank/event_view.h"
#include "platform/browser.h"
#include "platform/persistence_internal.h"
#include "storage/indexeddb_format.h"
#include "storage/stored_records.h"

namespace es::platform {
namespace {

constexpr size_t kWritePartBytes = size_t{4} << 20;

}  // namespace

void send_outbox(PlatformState& p, sandbox::Sandbox& s) {
    if (p.persistence.write_paused || !s.writable()) return;
    WriteBehindStorage::Outbox out = s.storage().take_unsent();
    if (out.empty()) return;
    // The free sandbox's first events are the first thing worth keeping: the moment to ask for
    // persistent storage (not at start-up, where Firefox's prompt would cover the Welcome window).
    if (!out.events.empty() && out.events.front().position == 1 && !p.persistence.persist_asked_for_first_events) {
        p.persistence.persist_asked_for_first_events = true;
        ask_persistent_storage(p);
    }
    // The records go over in parts of a few MiB, staged in JS, then the write stores them all: an
    // import of a million events never has its bytes twice in WASM memory.
    auto& spans = p.persistence.in_flight_records;
    spans.clear();
    records_to_store_in_parts(out.events, kWritePartBytes, [&](const RecordsToStore& part) {
        es_idb_stage_records(part.bytes.data(), part.meta.data(), part.count());
        for (size_t i = 0; i + idb::kWriteMetaPerRecord <= part.meta.size(); i += idb::kWriteMetaPerRecord)
            spans.push_back(StoredRecordSpan{static_cast<uint64_t>(part.meta[i + 1]), static_cast<uint64_t>(part.meta[i + 2])});
    });
    std::string snaps;
    for (const auto& snap : out.snapshots) {
        if (!snaps.empty()) snaps += '\n';
        snaps += snap.json;
    }
    es_idb_write(snaps.c_str(), static_cast<int>(snaps.size()));
}

}  // namespace es::platform

extern "C" {

using namespace es::platform;

// `persist_answer` 1: this follows es_idb_request_persist(), whose question is then closed and
// its notice gone (else it follows the start or a write).
EMSCRIPTEN_KEEPALIVE void es_idb_on_storage_info(int persisted, double usage, double quota, int persist_answer) {
    RequestRedraw();
    PlatformState& p = Platform();
    auto& status = p.app.persistence;
    if (persist_answer) {
        p.persistence.persist_question = PersistenceState::PersistQuestion::None;
        status.storage_notice.clear();
    }
    status.persisted = persisted != 0;
    status.usage_bytes = usage;
    status.quota_bytes = quota;
}

// How the last es_idb_write() ended: `status` is an es::idb::WriteStatus; after AnotherTab,
// `head` is the last stored position (0 when unknown).
EMSCRIPTEN_KEEPALIVE void es_idb_on_write_done(int status, double head, const char* message) {
    using es::idb::WriteStatus;
    RequestRedraw();
    PlatformState& p = Platform();
    es::sandbox::Sandbox* s = p.app.sandbox.get();
    if (!s) return;
    switch (static_cast<WriteStatus>(status)) {
        case WriteStatus::Saved: {
            s->storage().on_write_committed();
            p.app.persistence.write_error.clear();
            auto& written = p.persistence.written_records;
            written.insert(written.end(), p.persistence.in_flight_records.begin(), p.persistence.in_flight_records.end());
            p.persistence.in_flight_records.clear();
            return;
        }
        case WriteStatus::Failed:
            p.persistence.in_flight_records.clear();  // sent again on Retry, as new records
            s->storage().on_write_failed(message);
            p.app.persistence.write_error = message;
            p.persistence.write_paused = true;
            return;
        case WriteStatus::AnotherTab:
            break;
    }
    // Another tab saved first: our pending events were never stored. Say which, then rebuild
    // from IndexedDB, which holds the other tab's events.
    p.app.persistence.conflict_notice =
        "Another tab saved its events first (the stored log had moved on to position " +
        std::to_string(static_cast<uint64_t>(head)) + "), so these were NOT saved: " +
        es::bank::describe_events_after(s->store().recorded_log(), s->storage().saved_position()) +
        ". The sandbox now shows what is stored, including the other tab's events. Look at the new "
        "state and run your command again if it still makes sense.";
    p.app.last_command_ok = false;
    p.app.last_command_result = "Not saved: another tab wrote first (see the message at the top).";
    p.app.sandbox.reset();
    reload_stored_log(p);
}

EMSCRIPTEN_KEEPALIVE void es_idb_on_remote_head(double head) {
    RequestRedraw();
    Platform().persistence.remote_head = static_cast<uint64_t>(head);
}

EMSCRIPTEN_KEEPALIVE void es_idb_on_remote_reset() {
    RequestRedraw();
    PlatformState& p = Platform();
    if (p.persistence.loading) return;
    p.app.persistence.conflict_notice = "The sandbox was reset in another tab.";
    p.app.lessons.progress.clear();  // deleted with the events
    p.app.lessons.saved_key.clear();
    p.app.sandbox.reset();
    p.persistence.remote_head = 0;
    reload_stored_log(p);
}

EMSCRIPTEN_KEEPALIVE void es_idb_on_reset_done(const char* error) {
    RequestRedraw();
    PlatformState& p = Platform();
    p.persistence.remote_head = 0;
    if (error && *error) p.app.persistence.write_error = std::string("reset failed: ") + error;
    es_idb_load_all();
}

EMSCRIPTEN_KEEPALIVE void es_idb_on_closed() {
    RequestRedraw();
    Platform().app.persistence.mode = Mode::Closed;
}

}  // extern "C"
