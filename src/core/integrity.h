// Verifying a log end to end: gap-free positions, gap-free stream versions, unique event ids and
// an unbroken hash chain. Used by EventStore::open()/verify(), by storages and by the CLI, so the
// rule "what makes a log valid" is written once.
#pragma once

#include <cstdint>
#include <string>

#include "core/event.h"

namespace es {

// prev_hash of the event at position 1.
extern const char* const kGenesisHash;  // 64 '0' characters

struct VerifyReport {
    bool ok = true;
    uint64_t first_bad_position = 0;  // 0 when ok
    std::string problem;              // empty when ok; otherwise what is wrong at that position
    uint64_t events_checked = 0;      // events that passed before the first problem
};

// Checks `log`, which must be the whole log from position 1, in order.
VerifyReport verify_log(const EventList& log);

}  // namespace es
