// The records a write stores in IndexedDB (see stored_records.h).
#include "storage/stored_records.h"

namespace es {

RecordsToStore records_to_store(const std::vector<WriteBehindStorage::EventRecord>& events) {
    RecordsToStore out;
    size_t total = 0;
    for (const auto& e : events) total += e.line.size() + 1;
    out.bytes.reserve(total);
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
    }
    return out;
}

}  // namespace es
