// The bank's rules over a whole recorded history (docs/EVENT_MODEL.md, "History rules"): the
// hash chain proves that bytes were not changed, but anyone can recompute it, so a forged history
// is caught only by replaying it through the domain. HistoryRules folds the events one at a time
// with the account fold itself (evolve_viewed: opened once, nothing after close, currencies,
// overflow, reversals) and adds what one account's fold cannot see: a zero balance at close, the
// overdraft floor, transfers paired within their batch, deposits named by reversals, and time.
//
// It is incremental: a state is the log checked so far, so an import continues a copy of the
// store's state instead of replaying the store, and the browser's sandbox keeps one state that
// follows its store, fed by the BankLog pass that reads every event anyway (take_viewed). Used by
// bank::validate_import, `es-sandbox verify` and the sandbox's load: the same rules everywhere.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>

#include "bank/account.h"
#include "core/clock.h"
#include "core/event.h"
#include "core/recorded_log.h"
#include "core/result.h"

namespace es::bank {

// recordedAt may not be before 2000-01-01T00:00:00Z, nor more than a day after now.
constexpr int64_t kEarliestRecordedAtMs = 946684800000;
constexpr int64_t kRecordedAtSlackMs = 24 * 60 * 60 * 1000;

// "breaks the rule \"<name>\": <why>": how every refusal of these rules reads.
std::string describe_broken(HistoryRule rule, const std::string& why);

class HistoryRules {
public:
    // The event recorded at an earlier position, as stored (null when there is none): what a
    // DepositReversed is checked against.
    using EventAt = std::function<const RecordedEvent*(uint64_t position)>;

    // An empty log, checked at `now_ms` (the upper bound of recordedAt is now_ms + 1 day).
    explicit HistoryRules(int64_t now_ms) { set_now(now_ms); }

    // Checks the next event of the log (as stored, or already upcast) and folds it in. On a
    // refusal the error (Corrupt) says "breaks the rule \"<name>\": <why>"; broken() then names
    // the position and the rule, and the state must not be used any further.
    Status take(const RecordedEvent& event, const EventAt& earlier);
    // The same for an event already at its current schema and read by view_or_decode into
    // `view` (null when the bank could not read it): for a pass that reads each event anyway.
    Status take_viewed(const RecordedEvent& current, const EventView* view, const EventAt& earlier);
    // The log or a batch of it ends here (a commit marker, the end of an import or of the stored
    // log): a TransferSent still waiting for its TransferReceived breaks transfer-paired.
    Status end_batch();

    // Events of a type the bank does not know, on a stream that is not an account's, are checked
    // for time only: the free-form events a lesson records.
    void allow_free_form(bool allow) { free_form_ = allow; }
    // With a clock, the upper bound moves on (now + 1 day) before an event beyond it is judged:
    // for a state kept while a sandbox stays open.
    void set_clock(Clock* clock) { clock_ = clock; }
    // Forgets the log checked so far (the bound and the settings stay): a replay from position 1.
    void restart();
    // The state after a log of `position` events, the last recorded at `last_recorded_ms`, whose
    // accounts (by stream id) are `accounts`, with no transfer left open: a log checked when it
    // was written and summed up since (a checkpoint and the events after it), continued without
    // replaying it. The bound and the settings stay.
    void resume(uint64_t position, int64_t last_recorded_ms, std::unordered_map<std::string, AccountState> accounts);
    void set_now(int64_t now_ms) {
        constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
        latest_ms_ = now_ms > kMax - kRecordedAtSlackMs ? kMax : now_ms + kRecordedAtSlackMs;
    }
    int64_t latest_recorded_at_ms() const { return latest_ms_; }
    uint64_t position() const { return position_; }  // the last event taken

    struct Broken {
        uint64_t position = 0;
        HistoryRule rule = HistoryRule::BankEvent;
        std::string message;  // as take() returned it
    };
    const std::optional<Broken>& broken() const { return broken_; }

private:
    Status refuse(uint64_t position, HistoryRule rule, const std::string& why);
    Status check_time(const RecordedEvent& e);
    Status check_reversal(const RecordedEvent& e, const EventView& v, const EventAt& earlier);
    bool free_form(const RecordedEvent& e) const;
    Status take_free_form(const RecordedEvent& e);

    struct PendingTransfer {
        uint64_t position = 0;
        std::string transfer_id, from, to, currency;
        int64_t amount_cents = 0;
        std::string describe() const;  // "the TransferSent at position P (id, amount from A to B)"
    };
    std::unordered_map<std::string, AccountState> accounts_;  // by stream id
    std::optional<PendingTransfer> pending_;
    std::optional<Broken> broken_;
    uint64_t position_ = 0;
    int64_t last_recorded_ms_ = kEarliestRecordedAtMs;
    int64_t latest_ms_ = 0;
    bool free_form_ = false;
    Clock* clock_ = nullptr;
};

// Takes a whole log from position 1 into `rules` and ends it as a batch (a stored file ends with
// its commit marker): ok, or the first refusal, also in rules.broken(). `es-sandbox verify`.
Status check_log(HistoryRules& rules, EventRange log);

}  // namespace es::bank
