// The definition of a valid log (integrity.h; docs/EVENT_MODEL.md, "Hash chain").
#include "core/integrity.h"

#include "core/event_writer.h"

namespace es {

const char* const kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

uint64_t MemoryLogIndex::version_of(const std::string& stream) const {
    auto it = versions_.find(stream);
    if (it != versions_.end()) return it->second;
    return below_ ? below_->version_of(stream) : 0;
}

bool MemoryLogIndex::has_id(const std::string& event_id) const {
    return ids_.count(event_id) != 0 || (below_ && below_->has_id(event_id));
}

void MemoryLogIndex::add(const RecordedEvent& e) {
    versions_[e.stream_id] = e.stream_version;
    ids_.insert(e.event_id);
}

ChainChecker::ChainChecker(LogIndex& index, uint64_t head, std::string last_hash)
    : index_(index), head_(head), prev_(std::move(last_hash)) {}

std::string ChainChecker::check(const RecordedEvent& e, const Sha256Digest* content_hash) {
    const uint64_t position = head_ + 1;
    if (e.global_position != position)
        return "expected global position " + std::to_string(position) + " but found " +
               std::to_string(e.global_position) + " (a gap or a reordering)";
    const uint64_t version = index_.version_of(e.stream_id);
    if (e.stream_version != version + 1)
        return "stream '" + e.stream_id + "' should continue at version " + std::to_string(version + 1) +
               " but the event has version " + std::to_string(e.stream_version);
    if (index_.has_id(e.event_id)) return "event id " + e.event_id + " appears twice in the log";
    if (e.prev_hash != prev_)
        return "prev_hash does not match the hash of the event before it: the chain is broken (an event was "
               "removed, inserted or reordered)";
    if (content_hash) {
        if (std::string problem = check_event_hash(e, content_hash); !problem.empty()) return problem;
    }
    index_.add(e);
    prev_ = e.hash;
    head_ = position;
    return std::string();
}

std::string check_event_hash(const RecordedEvent& e, const Sha256Digest* content_hash) {
    const Sha256Digest content = content_hash ? *content_hash : sha256(canonical_bytes(e));
    if (hex_equals(e.hash, content)) return std::string();
    return "stored hash " + e.hash.substr(0, 12) + "... does not match the content (" + to_hex(content).substr(0, 12) +
           "...): the event was modified after it was recorded";
}

namespace {

VerifyReport verify_first(EventRange log, size_t count, const std::vector<Sha256Digest>* content_hashes) {
    VerifyReport report;
    MemoryLogIndex index;
    ChainChecker chain(index);
    const bool given = content_hashes && content_hashes->size() == log.size();
    for (size_t i = 0; i < count; ++i) {
        const Sha256Digest content = given ? (*content_hashes)[i] : sha256(canonical_bytes(log[i]));
        std::string problem = chain.check(log[i], &content);
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

}  // namespace

VerifyReport verify_log(EventRange log, const std::vector<Sha256Digest>* content_hashes) {
    return verify_first(log, log.size(), content_hashes);
}

VerifyReport verify_log_prefix(EventRange log, uint64_t count) {
    return verify_first(log, count < log.size() ? static_cast<size_t>(count) : log.size(), nullptr);
}

}  // namespace es
