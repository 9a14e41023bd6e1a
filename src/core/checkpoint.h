// A checkpoint: what a store needs to open without replaying its whole history, like a database's
// checkpoint beside its write-ahead log. It names a position P and the hash of the event at P
// (which binds it to one log), and carries the read models and the state the application needs
// to decide, as of P, by name. It is only ever a cache: it has its own checksum, and a store
// opened from it first checks that the log still holds that hash at P (EventStore::open_from).
// A checkpoint that is missing, damaged or does not match is rebuilt from the log and reported;
// `verify` still checks everything from position 1.
#pragma once

#include <cstdint>
#include <string>

#include "core/event.h"
#include "core/result.h"

namespace es {

struct Checkpoint {
    uint64_t position = 0;        // every event up to here is folded into `models`
    std::string event_hash;       // hash of the event at `position` ("" for position 0)
    Json models = Json::object(); // by name, e.g. {"accounts": {...}}: the application's to fill
    std::string checksum;         // checkpoint_checksum() of the fields above
};

// SHA-256 (hex) over the checkpoint's other fields, in a fixed order.
std::string checkpoint_checksum(const Checkpoint& c);

// {"position":..,"eventHash":..,"models":..,"checksum":..}
Json checkpoint_to_json(const Checkpoint& c);
// A Corrupt error naming what is wrong: a missing or mistyped field, or a checksum that does not
// match the contents (the file was changed or damaged).
Result<Checkpoint> checkpoint_from_json(const Json& j);

}  // namespace es
