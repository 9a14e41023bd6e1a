// The bank's read models. Each folds events (in global-position order, already upcast) into a
// shape made for one screen: balances, the account list, the audit trail, daily totals. They are
// disposable: the event store can rebuild any of them from position 0, which is exactly how a
// bug in one is fixed (see BalancesProjection's deliberately buggy v1).
// Implementations: balances_projection.cpp, projections.cpp (list, audit, daily totals).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "bank/events.h"
#include "core/projection.h"

namespace es::bank {

class BankLog;

// Balance per account.
//   version 2 (default): correct.
//   version 1: DELIBERATELY BUGGY, for the lesson "fix a projection and replay". It ignores
//     TransferReceived, so money sent between accounts leaves the sender and never arrives: the
//     receiver's balance is too low and the bank's total shrinks with every transfer. The
//     events are right; only this read model is wrong. Switch to version 2 and rebuild from
//     position 0 to fix every balance without touching a single event.
class BalancesProjection : public Projection {
public:
    struct Row {
        std::string account_id;
        std::string currency;
        int64_t balance_cents = 0;
    };

    explicit BalancesProjection(int version = 2);
    // The index points into rows_, so a copy rebuilds it; a move keeps it (deque moves keep
    // their elements where they are).
    BalancesProjection(const BalancesProjection& other);
    BalancesProjection& operator=(const BalancesProjection& other);
    BalancesProjection(BalancesProjection&&) = default;
    BalancesProjection& operator=(BalancesProjection&&) = default;

    std::string name() const override { return "balances"; }
    int version() const override { return version_; }
    void reset() override;
    void apply(const RecordedEvent& event) override;
    // The store's rebuild, and its catch-up and deliveries once subscribed, hand it the events
    // bank_payload_codec() decoded (bank/typed_events.h).
    const PayloadCodec* typed_codec() const override;
    void apply_typed(const TypedPayload* events, size_t count, const StreamNumbers& streams) override;
    // {"version", "accounts": [{"accountId", "currency", "balanceCents", "balance"}],
    //  "skippedEvents"}
    Json to_json() const override;

    // Forgets everything and folds the first `count` entries of `log` (all by default): the
    // fast rebuild, with exactly apply()'s outcome for the same events. The checkpoint becomes
    // the position the replay reached (the log's checkpoint when it replayed everything).
    void replay(const BankLog& log, size_t count = static_cast<size_t>(-1));

    std::optional<int64_t> balance_of(const std::string& account_id) const;
    // Every account's row, sorted by account id (for a table; to_json is the same in JSON).
    std::vector<const Row*> sorted_rows() const;
    // Switching version does not change what is already folded: rebuild afterwards.
    void set_version(int version) { version_ = version; }

private:
    Row& row(std::string_view account_id);
    template <typename RowOf>
    void fold(EventKind kind, int64_t amount_cents, std::string_view currency, RowOf&& row_of);

    int version_;
    // Replay speed: rows live in a deque (never moved), indexed by a hash map whose keys view
    // the rows' own ids, so a lookup by a string_view into an event allocates nothing.
    // to_json sorts by id.
    std::deque<Row> rows_;
    std::unordered_map<std::string_view, Row*> by_id_;
    std::vector<Row*> by_stream_;  // apply_typed's rows by stream number, filled as met; reset() clears
    const StreamNumbers* numbered_by_ = nullptr;  // ...numbered by this, at this generation()
    uint64_t numbering_ = 0;
    uint64_t skipped_ = 0;  // events that failed to decode (already reported by the store)
};

// Every account with its owner, currency and status.
class AccountListProjection : public Projection {
public:
    struct Row {
        std::string account_id;
        std::string owner;
        std::string currency;
        bool closed = false;
        int64_t opened_at_ms = 0;
        int64_t closed_at_ms = 0;
    };

    std::string name() const override { return "account-list"; }
    int version() const override { return 1; }
    void reset() override;
    void apply(const RecordedEvent& event) override;
    // {"accounts": [{"accountId", "owner", "currency", "status": "open"|"closed",
    //  "openedAtMs", "closedAtMs"}]} sorted by account id.
    Json to_json() const override;

    const std::map<std::string, Row>& rows() const { return rows_; }

private:
    std::map<std::string, Row> rows_;
};

// One row per event, for "who did what, when and why".
class AuditTrailProjection : public Projection {
public:
    // One per event. The texts most events share (stream, type, who, why) are kept once by the
    // projection and each row points at them, so a long log does not hold a copy per row. A row
    // is valid while its projection is (reset() keeps the texts, so rows copied before stay valid).
    struct Row {
        uint64_t position = 0;
        int64_t time_ms = 0;
        std::optional<int64_t> amount_cents;  // for money-moving events
        std::string event_id;
        uint64_t reverses = 0;  // a DepositReversed: the position of the deposit it reverses

        const std::string& stream_id() const { return *stream_id_; }
        const std::string& type() const { return *type_; }
        const std::string& actor() const { return *actor_; }
        const std::string& reason() const { return *reason_; }

    private:
        friend class AuditTrailProjection;
        static const std::string& none() {
            static const std::string empty;
            return empty;
        }
        const std::string* stream_id_ = &none();  // a default Row reads as empty texts
        const std::string* type_ = &none();
        const std::string* actor_ = &none();
        const std::string* reason_ = &none();
    };

    AuditTrailProjection() = default;
    AuditTrailProjection(const AuditTrailProjection&) = delete;  // rows point into this one's texts
    AuditTrailProjection& operator=(const AuditTrailProjection&) = delete;

    std::string name() const override { return "audit-trail"; }
    int version() const override { return 1; }
    void reset() override { rows_.clear(); }
    void apply(const RecordedEvent& event) override;
    // {"rows": [{"position", "timeMs", "stream", "type", "actor", "reason", "amountCents"
    //  (null when none), "eventId", "reverses" (a reversal: the deposit's position; else null)}]}
    // in position order.
    Json to_json() const override;

    const std::vector<Row>& rows() const { return rows_; }

private:
    const std::string* text(const std::string& s);

    std::vector<Row> rows_;
    std::unordered_set<std::string> texts_;  // node-based: a text's address never changes
};

// Money in and out per account per UTC day, and how many deposits and withdrawals made it.
// Transfers count separately from cash so the two can be told apart; a reversed deposit counts
// as money going back out; net = deposited + transferredIn - withdrawn - transferredOut - reversed.
class DailyTotalsProjection : public Projection {
public:
    struct Totals {
        uint64_t deposits = 0;     // MoneyDeposited events
        uint64_t withdrawals = 0;  // MoneyWithdrawn events
        int64_t deposited_cents = 0;
        int64_t withdrawn_cents = 0;
        int64_t transferred_in_cents = 0;
        int64_t transferred_out_cents = 0;
        int64_t reversed_cents = 0;
        int64_t net_cents = 0;
    };

    std::string name() const override { return "daily-totals"; }
    int version() const override { return 1; }
    void reset() override { totals_.clear(); }
    void apply(const RecordedEvent& event) override;
    // {"days": [{"accountId", "day": "YYYY-MM-DD", "deposits", "withdrawals", "depositedCents",
    //  "withdrawnCents", "transferredInCents", "transferredOutCents", "reversedCents", "netCents"}]}
    // by account, then day.
    Json to_json() const override;

    // nullopt when nothing happened on that account that day.
    std::optional<Totals> totals(const std::string& account_id, const std::string& day) const;
    // Every day something happened on that account, oldest first.
    std::vector<std::pair<std::string, Totals>> days_of(const std::string& account_id) const;

private:
    std::map<std::pair<std::string, std::string>, Totals> totals_;  // (account, day)
};

// "YYYY-MM-DD" of a UTC millisecond timestamp (proleptic Gregorian; negative times work too).
std::string utc_day(int64_t ms_since_epoch);

}  // namespace es::bank
