// The definition of a valid log (see docs/EVENT_MODEL.md, "Hash chain").
#include "core/integrity.h"

#include <map>
#include <set>

#include "core/codec.h"

namespace es {

const char* const kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

VerifyReport verify_log(const EventList& log) {
    VerifyReport report;
    std::map<std::string, uint64_t> stream_versions;
    std::set<std::string> ids;
    std::string prev = kGenesisHash;
    auto fail = [&](uint64_t position, std::string problem) {
        report.ok = false;
        report.first_bad_position = position;
        report.problem = std::move(problem);
        return report;
    };
    for (size_t i = 0; i < log.size(); ++i) {
        const RecordedEvent& e = log[i];
        uint64_t position = i + 1;
        if (e.global_position != position)
            return fail(position, "expected global position " + std::to_string(position) + " but found " +
                                      std::to_string(e.global_position) + " (a gap or a reordering)");
        uint64_t& version = stream_versions[e.stream_id];
        if (e.stream_version != version + 1)
            return fail(position, "stream '" + e.stream_id + "' should continue at version " +
                                      std::to_string(version + 1) + " but the event has version " +
                                      std::to_string(e.stream_version));
        version = e.stream_version;
        if (!ids.insert(e.event_id).second)
            return fail(position, "event id " + e.event_id + " appears twice in the log");
        if (e.prev_hash != prev)
            return fail(position, "prev_hash does not match the hash of the event before it: the chain is "
                                  "broken (an event was removed, inserted or reordered)");
        std::string actual = compute_hash(e);
        if (e.hash != actual)
            return fail(position, "stored hash " + e.hash.substr(0, 12) + "... does not match the content (" +
                                      actual.substr(0, 12) + "...): the event was modified after it was recorded");
        prev = e.hash;
        ++report.events_checked;
    }
    return report;
}

}  // namespace es
