// BankLog: the bank's events decoded once, kept compact and typed beside the recorded log.
//
// The recorded log keeps each payload as JSON (a tree of heap nodes), which is the right form
// for storage, hashing and display, but a poor one to replay a million times: every event costs
// a walk over scattered map nodes. BankLog is a projection (subscribe it to the store, and it
// catches up, then follows every append) that decodes each event once, through the same strict
// rules as decode_event, into a 32-byte entry: kind, account and counter-account as small
// integers (ids interned), amount, currency. Read models that must be rebuilt often (balances
// after a version switch, balances as of any position for the time-travel scrubber) replay these
// entries instead of the JSON: the same events, in the same order, with the same outcome, which a
// property test checks against a replay of the recorded log.
//
// Events that do not decode (unknown type, a payload the strict decoder refuses) are kept as
// entries with decoded = false, so every replay sees and counts them like the JSON replay does.
//
// Since it reads every event of the log once anyway, it can also hand each one, as read, to the
// bank's history rules (check_history): the load checks the rules in the same pass.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bank/events.h"
#include "bank/history_rules.h"
#include "core/projection.h"
#include "core/recorded_log.h"

namespace es::bank {

class BankLog : public Projection {
public:
    static constexpr uint32_t kNone = 0xffffffffu;

    struct Entry {
        uint64_t position = 0;
        int64_t amount_cents = 0;         // deposits, withdrawals, transfers; 0 otherwise
        uint32_t account = kNone;         // index into account_id(); kNone when undecodable
        uint32_t other_account = kNone;   // transfers: the counterpart; else kNone
        uint16_t currency = 0;            // AccountCreated, MoneyDeposited: index into currency()
        bool decoded = false;             // false: the event failed to decode (kind is meaningless)
        EventKind kind = EventKind::AccountClosed;
    };

    std::string name() const override { return "bank-log"; }
    int version() const override { return 1; }
    void reset() override;
    // Events arrive in position order (as the store delivers them); one at or before the last
    // position seen is ignored, so a redelivery cannot count an event twice.
    void apply(const RecordedEvent& event) override;
    // {"events", "accounts", "undecodable"}: sizes only; the entries are for code, not people.
    Json to_json() const override;

    const std::vector<Entry>& entries() const { return entries_; }  // position order
    // How many entries have a position <= `position` (binary search): replaying
    // entries()[0, n) gives the state as of that position.
    size_t count_until(uint64_t position) const;
    // The accounts the events after position `after`, up to `up_to`, are about (each once, sorted):
    // what a read model that has applied up to `after` has yet to change.
    std::vector<std::string> accounts_between(uint64_t after, uint64_t up_to) const;
    size_t account_count() const { return accounts_.size(); }
    const std::string& account_id(uint32_t index) const { return accounts_[index]; }
    // kNone when the id never appeared in a decoded event.
    uint32_t account_index(std::string_view account_id) const;
    const std::string& currency(uint16_t index) const { return currencies_[index]; }
    uint64_t undecodable() const { return undecodable_; }

    // From now on every event applied is also checked by `rules` (HistoryRules::take_viewed),
    // whose deposits are looked up in `log` (the store's recorded log); reset() restarts them.
    // Both must outlive this BankLog, or be detached with nullptr.
    void check_history(HistoryRules* rules, const RecordedLog* log);

private:
    uint32_t intern_account(std::string_view id);
    uint16_t intern_currency(std::string_view code);

    std::vector<Entry> entries_;
    std::vector<std::string> accounts_;
    std::unordered_map<std::string, uint32_t> account_index_;
    std::vector<std::string> currencies_;
    uint64_t undecodable_ = 0;
    HistoryRules* rules_ = nullptr;
    HistoryRules::EventAt earlier_;  // the event at a position of the store's log
};

}  // namespace es::bank
