// The hash chain walked record by record, for the Integrity view: each stored record's position,
// type, hash and the previous hash it names, and whether the chain still vouches for it. The rule
// of what is valid stays in ChainChecker (integrity.h); this walk adds what a learner needs to
// see: which record broke the chain and how, the value stored now beside the one its hash vouches
// for (what the store appended), and the records after the break that nothing vouches for any
// more. A rewrite that was rehashed passes every hash; comparing the stored records with what
// was appended finds it anyway, and the walk says so.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/recorded_log.h"
#include "core/field_diff.h"

namespace es {

enum class ChainStatus {
    Vouched,         // its content hashes to its hash and it links to the record before it
    ContentChanged,  // its stored content no longer hashes to its stored hash
    LinkBroken,      // it does not continue the chain (prev_hash, position, version or id)
    AfterBreak,      // after the first break: the chain no longer vouches for it
};
const char* chain_status_name(ChainStatus status);  // "vouched", "content changed", ...

struct ChainRecord {
    uint64_t position = 0;
    std::string type;
    std::string hash;       // as stored
    std::string prev_hash;  // as stored: the previous record's hash it names
    ChainStatus status = ChainStatus::Vouched;
    std::string problem;    // what is wrong, for ContentChanged and LinkBroken
    // Stored now (FieldDifference::before) against what the store appended, which the original
    // hash vouches for (after); empty when the data is as appended.
    std::vector<FieldDifference> changed;
    bool rehashed = false;  // its stored hash is not the one it was appended with
};

struct ChainWalk {
    std::vector<ChainRecord> records;
    uint64_t first_bad = 0;         // the record where the chain breaks; 0: every hash checks
    uint64_t not_vouched_from = 0;  // the first record after the break; 0: none
    // The first record whose data differs from what was appended although every hash checks up
    // to it (a rewrite that recomputed the hashes); 0: none.
    uint64_t first_rewritten = 0;
    // What the walk found, in a sentence.
    std::string summary() const;
};

// Walks `stored` (the whole log as storage holds it now, from position 1) and compares each
// record with `appended` (the store's events as appended, the same positions; may be shorter).
ChainWalk walk_chain(EventRange stored, EventRange appended);

}  // namespace es
