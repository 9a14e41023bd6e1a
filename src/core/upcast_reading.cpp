// One stored event read through the upcasters (upcast_reading.h).
#include "core/upcast_reading.h"

#include "core/event_reader.h"
#include "core/sha256.h"

namespace es {

Result<UpcastReading> read_through_upcasters(std::string_view stored_line, const UpcasterRegistry& upcasters) {
    UpcastReading out;
    out.line_hash_before = sha256_hex(stored_line);
    auto stored = decode_event_line(stored_line);
    if (!stored.ok()) return stored.error();
    auto current = upcasters.upcast(*stored);
    if (!current.ok()) return current.error();
    out.stored = std::move(stored).value();
    out.current = std::move(current).value();
    out.added = differing_fields(out.stored.data, out.current.data);
    out.line_hash_after = sha256_hex(stored_line);
    return out;
}

}  // namespace es
