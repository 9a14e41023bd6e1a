// Forging a history the way an attacker would: edit recorded events, then recompute the whole
// hash chain with the store's own writer (write_event), so the chain verifies and only the bank's
// history rules can tell. Shared by the bank, sandbox and CLI tests.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "core/commit_marker.h"
#include "core/event.h"
#include "core/event_writer.h"
#include "core/integrity.h"

namespace es::testing {

// `events` with every prevHash and hash recomputed in order, the first linking to `prev_hash`.
inline EventList rehashed(EventList events, std::string prev_hash = kGenesisHash) {
    for (RecordedEvent& e : events) {
        e.prev_hash = prev_hash;
        auto written = write_event(e);
        REQUIRE_MESSAGE(written.ok(), written.error().message);
        e.hash = written->hash;
        prev_hash = e.hash;
    }
    return events;
}

// The JSON Lines of `events` as an export has them (no commit marker).
inline std::string jsonl(const EventList& events) {
    std::string out;
    for (const RecordedEvent& e : events) out += encode_event_line(e) + "\n";
    return out;
}

// The same as a store file: the events as one committed batch.
inline std::string store_file(const EventList& events) {
    return events.empty() ? std::string()
                          : jsonl(events) + encode_commit_marker(events.front().global_position,
                                                                 events.back().global_position);
}

}  // namespace es::testing
