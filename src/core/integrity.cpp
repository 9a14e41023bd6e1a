// The definition of a valid log (see docs/EVENT_MODEL.md, "Hash chain").
#include "core/integrity.h"

#include "core/codec.h"
#include "core/sha256.h"

namespace es {

const char* const kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

ChainChecker::ChainChecker(uint64_t head, std::string last_hash, VersionOf version_of, IdKnown id_known)
    : head_(head), prev_(std::move(last_hash)), version_of_(std::move(version_of)), id_known_(std::move(id_known)) {}

std::string ChainChecker::check(const RecordedEvent& e) {
    if (!check_hashes_) return check_event(e, nullptr);
    const std::string canonical = canonical_bytes(e);
    return check_event(e, &canonical);
}

std::string ChainChecker::check(const RecordedEvent& e, const std::string& canonical) {
    return check_event(e, check_hashes_ ? &canonical : nullptr);
}

std::string ChainChecker::check_event(const RecordedEvent& e, const std::string* canonical) {
    const uint64_t position = head_ + 1;
    if (e.global_position != position)
        return "expected global position " + std::to_string(position) + " but found " +
               std::to_string(e.global_position) + " (a gap or a reordering)";
    auto seen = versions_.find(e.stream_id);
    const uint64_t version = seen != versions_.end() ? seen->second : version_of_ ? version_of_(e.stream_id) : 0;
    if (e.stream_version != version + 1)
        return "stream '" + e.stream_id + "' should continue at version " + std::to_string(version + 1) +
               " but the event has version " + std::to_string(e.stream_version);
    if (ids_.count(e.event_id) != 0 || (id_known_ && id_known_(e.event_id)))
        return "event id " + e.event_id + " appears twice in the log";
    if (e.prev_hash != prev_)
        return "prev_hash does not match the hash of the event before it: the chain is broken (an event was "
               "removed, inserted or reordered)";
    if (canonical) {
        std::string actual = sha256_hex(*canonical);
        if (e.hash != actual)
            return "stored hash " + e.hash.substr(0, 12) + "... does not match the content (" + actual.substr(0, 12) +
                   "...): the event was modified after it was recorded";
    }
    versions_[e.stream_id] = e.stream_version;
    ids_.insert(e.event_id);
    prev_ = e.hash;
    head_ = position;
    return std::string();
}

VerifyReport verify_log(const EventList& log) {
    VerifyReport report;
    ChainChecker chain;
    for (const RecordedEvent& e : log) {
        std::string problem = chain.check(e);
        if (!problem.empty()) {
            report.ok = false;
            report.first_bad_position = chain.head() + 1;
            report.problem = std::move(problem);
            return report;
        }
        ++report.events_checked;
    }
    return report;
}

}  // namespace es
