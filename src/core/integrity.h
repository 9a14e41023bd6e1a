// Verifying a log end to end: gap-free positions, gap-free stream versions, unique event ids and
// an unbroken hash chain. ChainChecker holds the rules; verify_log runs it over a whole log
// (EventStore::verify(), storages, the CLI) and EventStore::open runs it against the indexes it
// builds, so the rule "what makes a log valid" is written once.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/sha256.h"

namespace es {

// prev_hash of the event at position 1.
extern const char* const kGenesisHash;  // 64 '0' characters

struct VerifyReport {
    bool ok = true;
    uint64_t first_bad_position = 0;  // 0 when ok
    std::string problem;              // empty when ok; otherwise what is wrong at that position
    uint64_t events_checked = 0;      // events that passed before the first problem
};

// Checks `log`, which must be the whole log from position 1, in order. With `content_hashes`
// (one per event: the SHA-256 of its canonical bytes, as decode_event_line gives it), each
// event's hash is compared with its entry instead of being computed again (a list of another
// length is not used: each hash is then computed, which is never wrong, only slower).
VerifyReport verify_log(const EventList& log, const std::vector<Sha256Digest>* content_hashes = nullptr);

// The same rules one event at a time, for events that continue a log already checked (another
// writer's events, an import): verify_log() is a ChainChecker run from the empty log.
class ChainChecker {
public:
    using VersionOf = std::function<uint64_t(const std::string& stream)>;
    using IdKnown = std::function<bool(const std::string& event_id)>;

    ChainChecker() = default;  // from the empty log
    // After `head` events, the last with hash `last_hash`; `version_of` gives each stream's
    // version there and `id_known` tells whether an event id is already taken.
    ChainChecker(uint64_t head, std::string last_hash, VersionOf version_of, IdKnown id_known);

    // Empty when `e` continues the log (it is then taken in, unless index_kept_by_caller());
    // otherwise what is wrong with it.
    std::string check(const RecordedEvent& e);
    // The same, with canonical_bytes(e) already built by the caller (the hash is computed over
    // them instead of building them again).
    std::string check(const RecordedEvent& e, const std::string& canonical);
    // The same, with the SHA-256 of canonical_bytes(e) already computed by the caller.
    std::string check(const RecordedEvent& e, const Sha256Digest& content_hash);
    uint64_t head() const { return head_; }
    // From now on each event's own hash is not recomputed, only the links (positions, versions,
    // ids, prevHash = the previous event's hash): for a checker whose events are then appended
    // with EventStore::append_recorded, which recomputes every hash itself.
    void leave_hashes_to_store() { check_hashes_ = false; }
    // Call before the first check(): `version_of` and `id_known` are then the whole truth. The
    // caller must index every event check() accepts before it checks the next one (an event left
    // out would let its id be used again), and the checker keeps no copy of its own
    // (EventStore::open checks each stored event against the indexes it is building).
    void index_kept_by_caller() { keep_index_ = false; }

private:
    // `content_hash`: the SHA-256 of e's canonical bytes; nullptr = the hash is not checked.
    std::string check_event(const RecordedEvent& e, const Sha256Digest* content_hash);

    uint64_t head_ = 0;
    std::string prev_ = kGenesisHash;
    VersionOf version_of_;
    IdKnown id_known_;
    std::map<std::string, uint64_t> versions_;  // streams seen by check()
    std::set<std::string> ids_;                 // ids seen by check()
    bool check_hashes_ = true;
    bool keep_index_ = true;
};

}  // namespace es
