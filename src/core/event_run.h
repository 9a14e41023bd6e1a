// A run of one store's events to fold (EventStore::current_views), each as its current view
// (upcast where it needs it), or only as its typed payload and stamp (core/typed_payload.h)
// where the store released the event from memory: a fold that reads those (Fold::evolve_typed_run)
// folds the run without decoding such an event, and asks for the event itself (event(i)) only
// when it needs more, e.g. to name it in an error. event() and all_events() are defined with
// current_views, in event_store_read.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

#include "core/event.h"
#include "core/typed_payload.h"

namespace es {

class EventStore;

struct EventRun {
    // In step, one per event of the run:
    std::vector<uint64_t> positions;
    // The events held decoded, each as its current view; nullptr where the run holds only its
    // payload and stamp (never when `typed` is empty). Read an event through event(i), which
    // decodes it when needed, not through this.
    std::vector<const RecordedEvent*> decoded;
    // Empty unless the run was asked for a store's typed payloads; then its payload (nullptr:
    // none, the event is read as evolve_run reads it) and its stamp (nullptr with no payload).
    std::vector<const TypedPayload*> typed;
    std::vector<const EventStamp*> stamps;
    // Events read from storage or upcast, which `decoded` points into (a deque keeps their addresses).
    std::deque<RecordedEvent> copies;
    const EventStore* store = nullptr;        // where an event held as its payload only is decoded from
    const StreamNumbers* streams = nullptr;   // the store's names for TypedPayload::stream

    size_t size() const { return decoded.size(); }
    bool has_typed() const { return !typed.empty(); }
    // The event at `i`, decoded now when the run holds only its payload (held and current: the
    // reference stays valid until the store releases events again).
    const RecordedEvent& event(size_t i) const;
    // Every event decoded, for a fold that reads events only.
    std::vector<const RecordedEvent*> all_events() const;
};

}  // namespace es
