// The hash chain walked record by record (chain_walk.h).
#include "core/chain_walk.h"

#include "core/event_writer.h"
#include "core/integrity.h"
#include "core/sha256.h"

namespace es {

const char* chain_status_name(ChainStatus status) {
    switch (status) {
        case ChainStatus::Vouched: return "vouched";
        case ChainStatus::ContentChanged: return "content changed";
        case ChainStatus::LinkBroken: return "link broken";
        case ChainStatus::AfterBreak: return "not vouched";
    }
    return "?";
}

ChainWalk walk_chain(EventRange stored, EventRange appended) {
    ChainWalk walk;
    walk.records.reserve(stored.size());
    MemoryLogIndex index;
    ChainChecker chain(index);
    std::string previous_hash = kGenesisHash;
    for (size_t i = 0; i < stored.size(); ++i) {
        const RecordedEvent& e = stored[i];
        ChainRecord r;
        r.position = i + 1;
        r.type = e.type;
        r.hash = e.hash;
        r.prev_hash = e.prev_hash;
        if (i < appended.size()) {
            r.changed = differing_fields(e.data, appended[i].data);
            r.rehashed = e.hash != appended[i].hash;
        }
        if (walk.first_bad != 0) {
            r.status = ChainStatus::AfterBreak;
        } else {
            const Sha256Digest content = sha256(canonical_bytes(e));
            r.problem = chain.check(e, &content);
            if (!r.problem.empty()) {
                const bool links = e.global_position == r.position && e.prev_hash == previous_hash;
                r.status = links && !hex_equals(e.hash, content) ? ChainStatus::ContentChanged : ChainStatus::LinkBroken;
                walk.first_bad = r.position;
            } else if (!r.changed.empty() && walk.first_rewritten == 0) {
                walk.first_rewritten = r.position;
            }
        }
        previous_hash = e.hash;
        walk.records.push_back(std::move(r));
    }
    if (walk.first_bad != 0 && walk.first_bad < stored.size()) walk.not_vouched_from = walk.first_bad + 1;
    return walk;
}

std::string ChainWalk::summary() const {
    const std::string count = std::to_string(records.size());
    if (first_bad != 0) {
        const ChainRecord& bad = records[first_bad - 1];
        std::string s = "The chain breaks at position " + std::to_string(first_bad) + ": " +
                        (bad.status == ChainStatus::ContentChanged
                             ? std::string("its stored content no longer hashes to its hash (it was changed after it was recorded).")
                             : bad.problem + ".");
        if (not_vouched_from == records.size())
            s += " Record " + count + " after it is no longer vouched for.";
        else if (not_vouched_from != 0)
            s += " Records " + std::to_string(not_vouched_from) + " to " + count + " after it are no longer vouched for.";
        return s;
    }
    if (first_rewritten != 0)
        return "Every hash checks, yet event " + std::to_string(first_rewritten) +
               " differs from what was appended: the chain was rehashed after a change, and only a digest kept "
               "elsewhere catches this.";
    return "All " + count + " records verify: each hashes to its hash and links to the one before it.";
}

}  // namespace es
