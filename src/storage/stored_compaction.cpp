// Which stored records to merge into segments, and their bytes (see stored_compaction.h).
#include "storage/stored_compaction.h"

#include "storage/indexeddb_format.h"

namespace es {

std::vector<Compaction> plan_compactions(const std::vector<StoredRecordSpan>& records) {
    std::vector<Compaction> plan;
    Compaction group;
    uint64_t events = 0;
    auto close_group = [&] {
        if (group.keys.size() >= kCompactAtLeastRecords) plan.push_back(group);
        group = {};
        events = 0;
    };
    for (const StoredRecordSpan& r : records) {
        const bool continues = !group.keys.empty() && r.first == group.last() + 1;
        if (!continues || events + r.events() > idb::kSegmentEvents) close_group();
        if (r.events() >= idb::kSegmentEvents) continue;  // full already: left as it is
        if (group.keys.empty()) group.first = r.first;
        group.keys.push_back(static_cast<double>(r.last));
        events += r.events();
    }
    close_group();
    return plan;
}

std::string segment_bytes(const WriteBehindStorage& storage, uint64_t first, uint64_t last) {
    size_t total = 0;
    for (uint64_t p = first; p <= last; ++p) total += storage.stored_line(p).size() + 1;
    std::string bytes;
    bytes.reserve(total);
    for (uint64_t p = first; p <= last; ++p) {
        if (p > first) bytes += '\n';
        bytes += storage.stored_line(p);
    }
    return bytes;
}

}  // namespace es
