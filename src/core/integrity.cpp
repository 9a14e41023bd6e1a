// The definition of a valid log (see docs/EVENT_MODEL.md, "Hash chain").
#include "core/integrity.h"

#include "core/codec.h"
#include "core/sha256.h"

namespace es {

const char* const kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

ChainChecker::ChainChecker(uint64_t head, std::string last_hash, VersionOf version_of, IdKnown id_known)
    : head_(head), prev_(std::move(last_hash)), version_of_(std::move(version_of)), id_known_(std::move(id_known)) {}

// Each form comes down to the hex hash of the canonical bytes, computed only when hashes are checked.
std::string ChainChecker::check(const RecordedEvent& e) {
    return check_hashes_ ? check(e, canonical_bytes(e)) : check_event(e, nullptr);
}

std::string ChainChecker::check(const RecordedEvent& e, const std::string& canonical) {
    return check_hashes_ ? check(e, sha256(canonical)) : check_event(e, nullptr);
}

std::string ChainChecker::check(const RecordedEvent& e, const Sha256Digest& content_hash) {
    return check_event(e, check_hashes_ ? &content_hash : nullptr);
}

std::string ChainChecker::check_event(const RecordedEvent& e, const Sha256Digest* content_hash) {
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
    if (content_hash && !hex_equals(e.hash, *content_hash))
        return "stored hash " + e.hash.substr(0, 12) + "... does not match the content (" +
               to_hex(*content_hash).substr(0, 12) + "...): the event was modified after it was recorded";
    if (keep_index_) {
        versions_[e.stream_id] = e.stream_version;
        ids_.insert(e.event_id);
    }
    prev_ = e.hash;
    head_ = position;
    return std::string();
}

VerifyReport verify_log(const EventList& log, const std::vector<Sha256Digest>* content_hashes) {
    VerifyReport report;
    ChainChecker chain;
    const bool given = content_hashes && content_hashes->size() == log.size();
    for (size_t i = 0; i < log.size(); ++i) {
        const RecordedEvent& e = log[i];
        std::string problem = given ? chain.check(e, (*content_hashes)[i]) : chain.check(e);
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
