// A snapshot as JSON: how the file storage and IndexedDB keep one (docs/LOG_FORMAT.md,
// "Snapshots"). Reading is strict, like the event reader's: exactly the known fields, each of
// the right type and range, or a Corrupt error naming the field. `eventHash` and `checksum` may
// be absent (a line written before they existed): it then reads with both empty, and
// check_snapshot (core/snapshots.h) refuses to trust it.
#pragma once

#include <string>

#include "core/result.h"
#include "core/storage.h"

namespace es {

Json snapshot_to_json(const Snapshot& s);
Result<Snapshot> snapshot_from_json(const Json& j);

// SHA-256 (64 lowercase hex) of the snapshot's JSON without its `checksum` field, keys sorted and
// compact: what `checksum` must be. It catches an edited or damaged snapshot; it is no secret,
// so it cannot stop someone who recomputes it (docs/EVENT_MODEL.md, "Snapshots").
std::string snapshot_checksum(const Snapshot& s);

}  // namespace es
