// One stored event read through the upcasters, for the Upcasting view: the stored line as it is
// kept, the event it decodes to, what the upcasters make of it, the fields they added or changed,
// and the SHA-256 of the stored bytes before and after the read, which are equal: an upcast
// happens on the way out and never writes the stored record.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/field_diff.h"
#include "core/result.h"
#include "core/upcasting.h"

namespace es {

struct UpcastReading {
    RecordedEvent stored;  // the line decoded, at its stored schema version
    RecordedEvent current; // the same event upcast to its type's current version
    // Data fields the upcast added (before: null) or changed, stored value against upcast value.
    std::vector<FieldDifference> added;
    std::string line_hash_before;  // SHA-256 of the stored line before it was read
    std::string line_hash_after;   // ...and after it was decoded and upcast
};

// Reads `stored_line` (a view of the stored record itself, encode_event_line() format) through
// `upcasters`. Errors when the line does not decode or the upcast fails.
Result<UpcastReading> read_through_upcasters(std::string_view stored_line, const UpcasterRegistry& upcasters);

}  // namespace es
