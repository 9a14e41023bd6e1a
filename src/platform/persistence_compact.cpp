// Compaction of the stored log in the browser (persistence.cpp has the overview): after a clean
// load, and during a session once this tab has written kCompactAtLeastRecords records, runs of
// small records (one per click) are merged into segments, one readwrite transaction
// per segment, in the background: one at a time, between frames, never holding up a write (the
// two are separate transactions, which IndexedDB runs one after the other). Which records and
// which bytes: storage/stored_compaction.h; the transaction: web/idb_write.js (es_idb_compact).
// Nothing here is ever needed to read the log correctly, so a merge that is refused or fails is
// dropped with the rest of the plan, silently; the next load plans again.
#include <emscripten/emscripten.h>

#include <algorithm>
#include <string>

#include "platform/browser.h"
#include "platform/persistence_internal.h"
#include "storage/indexeddb_format.h"

namespace es::platform {

void plan_compaction(PlatformState& p) {
    PersistenceState& b = p.persistence;
    const sandbox::Sandbox* s = p.app.sandbox.get();
    if (s && s->writable() && b.load_problem.empty()) {
        const std::vector<Compaction> plan = plan_compactions(b.loaded_records);
        b.compactions.assign(plan.begin(), plan.end());
    }
    b.loaded_records.clear();
    b.loaded_records.shrink_to_fit();
    if (!b.compactions.empty()) RequestRedraw();  // the first merge goes out after the next frame
}

void compact_stored_records(PlatformState& p, sandbox::Sandbox& s) {
    PersistenceState& b = p.persistence;
    if (b.compacting) return;
    // The records this session wrote, once enough are stored to be worth a merge: planned as the
    // load's are, and forgotten up to the last one planned.
    if (b.compactions.empty() && b.written_records.size() >= kCompactAtLeastRecords && s.writable() &&
        b.load_problem.empty()) {
        const std::vector<Compaction> plan = plan_compactions(b.written_records);
        if (!plan.empty()) {
            const uint64_t planned_to = plan.back().last();
            b.compactions.assign(plan.begin(), plan.end());
            auto kept = std::find_if(b.written_records.begin(), b.written_records.end(),
                                     [&](const StoredRecordSpan& r) { return r.first > planned_to; });
            b.written_records.erase(b.written_records.begin(), kept);
        } else {
            // Full segments (an import's) end every run: only the newest records may still join one.
            b.written_records.erase(b.written_records.begin(), b.written_records.end() - (kCompactAtLeastRecords - 1));
        }
    }
    if (b.compactions.empty()) return;
    // The stored lines must still be the bytes the load read: a lesson that edits a stored event
    // (WriteBehindStorage::edit_stored_event) changes them here only.
    if (!s.writable() || s.storage().edits() > 0 || b.compactions.front().last() > s.store().head_position()) {
        b.compactions.clear();
        return;
    }
    const Compaction next = std::move(b.compactions.front());
    b.compactions.pop_front();
    const std::string bytes = segment_bytes(s.storage(), next.first, next.last());
    b.compacting = true;
    es_idb_compact(bytes.data(), static_cast<int>(bytes.size()), static_cast<double>(next.first), next.keys.data(),
                   static_cast<int>(next.keys.size()));
}

}  // namespace es::platform

extern "C" {

using namespace es::platform;

// How the last es_idb_compact() ended, an es::idb::WriteStatus: Saved (the records were
// replaced), AnotherTab (they no longer hold what the load read: another tab compacted them, or
// a reset), Failed (the transaction did not commit). Only Saved goes on with the plan.
EMSCRIPTEN_KEEPALIVE void es_idb_on_compact_done(int status) {
    PersistenceState& b = Platform().persistence;
    b.compacting = false;
    if (static_cast<es::idb::WriteStatus>(status) != es::idb::WriteStatus::Saved) b.compactions.clear();
    if (!b.compactions.empty()) RequestRedraw(1);
}

}  // extern "C"
