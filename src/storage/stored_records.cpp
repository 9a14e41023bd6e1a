// The records a write stores in IndexedDB (see stored_records.h).
#include "storage/stored_records.h"

#include <algorithm>
#include <cstdint>

namespace es {

void records_to_store_in_parts(const std::vector<WriteBehindStorage::EventRecord>& events, size_t part_bytes,
                               const std::function<void(const RecordsToStore&)>& take) {
    size_t total = 0;
    for (const auto& e : events) total += e.line.size() + 1;
    RecordsToStore out;
    out.bytes.reserve(part_bytes >= total ? total : part_bytes + part_bytes / 4);
    const idb::RecordFormat format = events.size() == 1 ? idb::RecordFormat::Event : idb::RecordFormat::Segment;
    for (size_t i = 0; i < events.size();) {
        const size_t start_byte = out.bytes.size();
        size_t j = i;
        do {
            if (j > i) out.bytes += '\n';
            out.bytes += events[j].line;
            ++j;
        } while (j < events.size() && j - i < idb::kSegmentEvents && events[j].position == events[j - 1].position + 1);
        out.meta.insert(out.meta.end(), {static_cast<double>(format), static_cast<double>(events[i].position),
                                         static_cast<double>(events[j - 1].position),
                                         static_cast<double>(out.bytes.size() - start_byte)});
        i = j;
        if (out.bytes.size() >= part_bytes && i < events.size()) {
            take(out);
            out.bytes.clear();
            out.meta.clear();
        }
    }
    if (out.count() > 0) take(out);
}

RecordsToStore records_to_store(const std::vector<WriteBehindStorage::EventRecord>& events) {
    RecordsToStore whole;
    records_to_store_in_parts(events, SIZE_MAX, [&](const RecordsToStore& part) { whole = part; });
    return whole;
}

}  // namespace es
