// Event schema evolution. Stored events are never rewritten: an upcaster turns the data of an
// old schema version into the next one when the event is read, and chains run v1 -> v2 -> v3.
// Every event type the application understands is registered with its current version, so an
// unknown type or a version from the future is a clear error instead of a crash or a skip.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>

#include "core/event.h"
#include "core/result.h"

namespace es {

// Turns `data` of schema version N into version N+1. May read the rest of the event (e.g. the
// stream or metadata) to fill in new fields.
using Upcaster = std::function<Result<Json>(const RecordedEvent& event_at_version_n)>;

class UpcasterRegistry {
public:
    // Declares that `type` exists and that `current_version` is what the code folds.
    void register_type(const std::string& type, int current_version);

    // Adds the step from `from_version` to `from_version + 1` for `type`.
    void add(const std::string& type, int from_version, Upcaster step);

    bool knows(const std::string& type) const { return current_.count(type) != 0; }
    int current_version(const std::string& type) const;  // 0 when unknown

    // The event at its type's current schema version. Errors (Unsupported) for an unknown type,
    // a version newer than the current one, or a missing step; propagates a step's own error.
    Result<RecordedEvent> upcast(const RecordedEvent& event) const;

    // False when upcast(event) would return an identical copy (a known type already at its
    // current version), so readers can use the stored event without copying it. True also for
    // the error cases, which upcast() then reports.
    bool needs_upcast(const RecordedEvent& event) const;

private:
    std::unordered_map<std::string, int> current_;  // looked up for every event read: hashed
    std::map<std::pair<std::string, int>, Upcaster> steps_;
};

}  // namespace es
