// Accounts as of a point in the log: what the time-travel views show. Each account is rebuilt by
// replaying its own stream up to a global position (es::all_states_at_position with the account
// fold), never read from a table of "current" rows: the past is just a shorter replay.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "bank/account.h"
#include "core/event_store.h"
#include "core/snapshots.h"
#include "core/storage.h"

namespace es::bank {

struct AccountAt {
    std::string account_id;
    AccountState state;           // as of the position (exists = false: not opened yet)
    AccountState now;             // as of the head, for "what changed since"
    uint64_t last_position = 0;   // the last event of its stream at or before the position; 0 none
    std::string last_type;        // that event's type
    int64_t last_recorded_at_ms = 0;
};

// Every account's state at any position, rebuilt from the nearest checkpoint at or before it:
// the states at every multiple of kEvery positions are folded once, lazily, and kept while the
// log only grows (each checkpoint remembers the hash of its last event; a log that changed
// underneath, e.g. a reset, clears them). So the time-travel scrubber folds at most kEvery
// events per move instead of the whole prefix. Same evolve(), same upcasting as the Bank.
class AccountStatesCache {
public:
    static constexpr uint64_t kEvery = 4096;
    using States = std::map<std::string, AccountState>;  // by stream id; streams with no event yet absent

    AccountStatesCache() = default;
    explicit AccountStatesCache(uint64_t every) : every_(every == 0 ? kEvery : every) {}
    Result<States> at(const EventStore& store, uint64_t position);
    // One account stream's state at `position` (initial_state() before its first event): the
    // nearest checkpoint's, then only that stream's events after it.
    Result<AccountState> stream_at(const EventStore& store, const std::string& stream, uint64_t position);
    size_t checkpoints() const { return checkpoints_.size(); }
    uint64_t every() const { return every_; }

private:
    struct Checkpoint {
        std::string hash;  // of the event at this position ("" for position 0)
        States states;
    };
    // Drops the checkpoints the log no longer has and folds the missing ones up to `position`
    // (clamped to the head); returns the clamped position. Unsupported for a store opened from a
    // checkpoint (the cache walks the events it holds in memory).
    Result<uint64_t> fill_to(const EventStore& store, uint64_t position);

    uint64_t every_ = kEvery;
    std::vector<Checkpoint> checkpoints_;  // [i] = states at position i * every_
};

// Every account stream that exists at the head, sorted by id, each as of `position` (clamped to
// the head) and as of now. An account opened after `position` is listed with state.exists false.
// `same_head`: rows from an earlier call while the log had the same head; their `now` states
// are reused instead of replaying the whole log a second time (the time-travel scrubber moves
// the position every frame while the head stays put).
// `cache`: when given, the states come from it (same result, much less folding).
Result<std::vector<AccountAt>> accounts_at(const EventStore& store, uint64_t position,
                                           const std::vector<AccountAt>* same_head = nullptr,
                                           AccountStatesCache* cache = nullptr);

struct BalancePoint {
    uint64_t position = 0;      // global position of the event
    uint64_t version = 0;       // stream version after it
    int64_t balance_cents = 0;  // balance after it
};

// One account's history and how its state at `position` is rebuilt.
struct AccountHistory {
    std::vector<BalancePoint> balances;  // one point per event of the stream, up to the head
    LoadResult load;  // the state at `position`: from the newest usable snapshot, then the tail
};

// NotFound when the account has no events. `storage` supplies the snapshots. `same_head`: the
// history of the same account from an earlier call while the log had the same head; its balances
// are moved into the result instead of reading and folding the whole stream again (the time-travel
// scrubber moves the position every frame: with 1,000,000 events an account of 10,000 took most
// of a frame). Its balances are left empty.
Result<AccountHistory> account_history(const EventStore& store, const Storage& storage,
                                       const std::string& account_id, uint64_t position,
                                       AccountHistory* same_head = nullptr);

// What the event at `position` did to its stream: the stream's state just before and just after
// it (one replay of that one stream, then the event; a transfer's other half is the next event).
struct EventEffect {
    std::string stream;
    AccountState before;  // exists = false when the event opened the account
    AccountState after;
};
// NotFound for position 0 or past the head; Unsupported when the stream is not an account.
// `cache`: when given, the state before comes from its nearest checkpoint and the stream's few
// events after it (the scrubber asks at every move, and a replay of an account of 10,000 events
// was a third of a frame with 1,000,000 events). Same result: when the cache cannot answer (another
// account's stream will not fold, or the store was opened from a checkpoint), the replay does.
Result<EventEffect> effect_of(const EventStore& store, uint64_t position, AccountStatesCache* cache = nullptr);

// What snapshots save when an account is loaded now: the events folded from the newest usable
// snapshot, and without any (a replay from version 1). Counted, never timed: one load.
struct ReplayCost {
    uint64_t stream_version = 0;
    bool used_snapshot = false;
    uint64_t snapshot_version = 0;
    uint64_t events_with = 0;     // folded after the snapshot
    uint64_t events_without = 0;  // folded from the start
    std::vector<uint64_t> snapshot_versions;  // the stream's snapshots, oldest first
};
Result<ReplayCost> replay_cost(const EventStore& store, const Storage& storage, const std::string& account_id);

// The last global position whose event was recorded at or before `ms`, scanning in log order
// and stopping at the first later event (0: none was). The point a date-time entry travels to.
uint64_t position_at_time(const EventStore& store, int64_t ms);

}  // namespace es::bank
