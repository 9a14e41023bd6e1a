// A snapshot as JSON: how the file storage and IndexedDB keep one (docs/LOG_FORMAT.md,
// "Snapshots"). Reading is strict, like the event reader's: exactly the known fields, each of
// the right type and range, or a Corrupt error naming the field.
#pragma once

#include "core/result.h"
#include "core/storage.h"

namespace es {

Json snapshot_to_json(const Snapshot& s);
Result<Snapshot> snapshot_from_json(const Json& j);

}  // namespace es
