// Verifying a log end to end: gap-free positions, gap-free stream versions, unique event ids and
// an unbroken hash chain (docs/EVENT_MODEL.md, "Hash chain"). ChainChecker holds the rules, one
// event at a time; verify_log runs it over a whole log (EventStore::verify(), the CLI), the
// store runs it over what it opens and over another writer's events, the import validation over
// an import. So the rule "what makes a log valid" is written once.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/recorded_log.h"
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

// What a ChainChecker asks of the log it continues: each stream's version and the ids taken so
// far, and to take in each event it accepts.
class LogIndex {
public:
    virtual ~LogIndex() = default;
    virtual uint64_t version_of(const std::string& stream) const = 0;  // 0: no such stream
    virtual bool has_id(const std::string& event_id) const = 0;
    virtual void add(const RecordedEvent& e) = 0;
};

// An index kept in memory, on top of `below` (when given) which it reads but never changes: the
// events of a batch checked against a log before any of them joins it.
class MemoryLogIndex : public LogIndex {
public:
    explicit MemoryLogIndex(const LogIndex* below = nullptr) : below_(below) {}
    uint64_t version_of(const std::string& stream) const override;
    bool has_id(const std::string& event_id) const override;
    void add(const RecordedEvent& e) override;

private:
    const LogIndex* below_;
    std::map<std::string, uint64_t> versions_;
    std::set<std::string> ids_;
};

class ChainChecker {
public:
    // After `head` events, the last with hash `last_hash`, indexed by `index` (which must outlive
    // the checker).
    explicit ChainChecker(LogIndex& index, uint64_t head = 0, std::string last_hash = kGenesisHash);

    // Empty when `e` continues the log (it is then added to the index and becomes the head);
    // otherwise what is wrong with it. `content_hash` is the SHA-256 of e's canonical bytes,
    // which its hash must equal; null checks the links only (position, version, id, prevHash),
    // for a caller whose events are hashed again where they are stored.
    std::string check(const RecordedEvent& e, const Sha256Digest* content_hash);
    uint64_t head() const { return head_; }

private:
    LogIndex& index_;
    uint64_t head_ = 0;
    std::string prev_;
};

// Empty when e's hash is the SHA-256 of its canonical bytes (`content_hash` when given, else
// computed); otherwise what ChainChecker::check says of such an event.
std::string check_event_hash(const RecordedEvent& e, const Sha256Digest* content_hash = nullptr);

// Checks `log`, which must be the whole log from position 1, in order. With `content_hashes`
// (one per event: the SHA-256 of its canonical bytes, as decode_event_line gives it), each
// event's hash is compared with its entry instead of being computed again (a list of another
// length is not used: each hash is then computed, which is never wrong, only slower).
VerifyReport verify_log(EventRange log, const std::vector<Sha256Digest>* content_hashes = nullptr);

// The same over the first `count` events of `log` only (all of them when it has fewer): the
// history a digest (core/digest.h) vouches for.
VerifyReport verify_log_prefix(EventRange log, uint64_t count);

}  // namespace es
