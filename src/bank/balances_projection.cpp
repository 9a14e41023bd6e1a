// BalancesProjection: the balance of every account, with a deliberately buggy v1 (see
// projections.h) for the lesson on fixing a read model by replaying the log.
// Replay is the hot path (a million events at a time), so apply() reads events through the
// copy-free view_event and only falls back to the strict decode_event when that declines; a
// store's rebuild hands it the payloads the store decoded once instead (apply_typed).
#include <algorithm>
#include <optional>
#include <vector>

#include "bank/bank_log.h"
#include "bank/event_view.h"
#include "bank/events.h"
#include "bank/money.h"
#include "bank/projections.h"
#include "bank/typed_events.h"

namespace es::bank {

BalancesProjection::BalancesProjection(int version) : version_(version) {}

BalancesProjection::BalancesProjection(const BalancesProjection& other)
    : Projection(other), version_(other.version_), rows_(other.rows_), skipped_(other.skipped_) {
    for (Row& r : rows_) by_id_.emplace(std::string_view(r.account_id), &r);
}

BalancesProjection& BalancesProjection::operator=(const BalancesProjection& other) {
    if (this != &other) *this = BalancesProjection(other);
    return *this;
}

void BalancesProjection::reset() {
    by_id_.clear();
    by_stream_.clear();
    rows_.clear();
    skipped_ = 0;
}

BalancesProjection::Row& BalancesProjection::row(std::string_view account_id) {
    auto it = by_id_.find(account_id);
    if (it != by_id_.end()) return *it->second;
    rows_.push_back(Row{std::string(account_id), std::string(), 0});
    Row& added = rows_.back();
    by_id_.emplace(std::string_view(added.account_id), &added);
    return added;
}

// One event's effect, shared by apply() (events read from JSON), apply_typed() (the store's
// decoded payloads) and replay() (a BankLog's entries), so the three can never disagree.
// `row_of()` gives the row of the event's account.
template <typename RowOf>
void BalancesProjection::fold(EventKind kind, int64_t amount_cents, std::string_view currency, RowOf&& row_of) {
    int64_t delta = amount_cents;
    switch (kind) {
        case EventKind::AccountCreated: {
            Row& r = row_of();
            r.currency.assign(currency);
            r.balance_cents = 0;
            return;
        }
        case EventKind::AccountClosed:
            return;  // a closed account keeps its (zero) row: it still appears in history
        case EventKind::TransferReceived:
            // THE v1 BUG: the first version of this projection forgot this event type.
            if (version_ == 1) return;
            break;
        case EventKind::MoneyWithdrawn:
        case EventKind::TransferSent:
        case EventKind::DepositReversed: delta = -delta; break;
        case EventKind::MoneyDeposited: break;
    }
    Row& r = row_of();
    int64_t sum = 0;
    // (checked_add's rule without building a Result per event: this runs a million times a replay)
    if (__builtin_add_overflow(r.balance_cents, delta, &sum)) {
        ++skipped_;  // cannot happen for events the decider wrote
        return;
    }
    r.balance_cents = sum;
}

void BalancesProjection::apply(const RecordedEvent& event) {
    EventView v;
    std::optional<BankEvent> slow;  // owns what `v` views when the fast path declined
    if (!view_or_decode(event, v, slow)) {
        ++skipped_;
        return;
    }
    fold(v.kind, v.amount_cents, v.currency, [&]() -> Row& { return row(v.account_id); });
}

const PayloadCodec* BalancesProjection::typed_codec() const { return &bank_payload_codec(); }

void BalancesProjection::apply_typed(const TypedPayload* events, size_t count, const StreamNumbers& streams) {
    if (numbered_by_ != &streams || numbering_ != streams.generation()) {  // other numbers: forget the old
        by_stream_.clear();
        numbered_by_ = &streams;
        numbering_ = streams.generation();
    }
    if (by_stream_.size() < streams.size()) by_stream_.resize(streams.size(), nullptr);
    char code[3];
    for (size_t i = 0; i < count; ++i) {
        const TypedPayload& p = events[i];
        const EventKind kind = typed_kind(p);
        const bool created = kind == EventKind::AccountCreated;
        fold(kind, created ? 0 : p.value, created ? typed_currency(p, code) : std::string_view(), [&]() -> Row& {
            Row*& r = by_stream_[p.stream];
            if (r == nullptr) r = &row(*account_of_stream(streams.name(p.stream)));  // the codec checked it
            return *r;
        });
    }
}

void BalancesProjection::replay(const BankLog& log, size_t count) {
    reset();
    const std::vector<BankLog::Entry>& entries = log.entries();
    count = std::min(count, entries.size());
    std::vector<Row*> by_index(log.account_count(), nullptr);  // account index -> row, filled lazily
    for (size_t i = 0; i < count; ++i) {
        const BankLog::Entry& e = entries[i];
        if (!e.decoded) {
            ++skipped_;
            continue;
        }
        const std::string_view currency =
            e.kind == EventKind::AccountCreated ? std::string_view(log.currency(e.currency)) : std::string_view();
        fold(e.kind, e.amount_cents, currency, [&]() -> Row& {
            Row*& r = by_index[e.account];
            if (r == nullptr) r = &row(log.account_id(e.account));
            return *r;
        });
    }
    set_checkpoint(count == entries.size() ? std::max(log.checkpoint(), count ? entries[count - 1].position : 0)
                                           : entries[count].position - 1);
}

std::vector<const BalancesProjection::Row*> BalancesProjection::sorted_rows() const {
    std::vector<const Row*> sorted;
    sorted.reserve(rows_.size());
    for (const Row& r : rows_) sorted.push_back(&r);
    std::sort(sorted.begin(), sorted.end(),
              [](const Row* a, const Row* b) { return a->account_id < b->account_id; });
    return sorted;
}

Json BalancesProjection::to_json() const {
    Json rows = Json::array();
    for (const Row* r : sorted_rows()) {
        rows.push_back(Json{{"accountId", r->account_id},
                            {"currency", r->currency},
                            {"balanceCents", r->balance_cents},
                            {"balance", format_amount(r->balance_cents)}});
    }
    return Json{{"version", version_}, {"accounts", rows}, {"skippedEvents", skipped_}};
}

std::optional<int64_t> BalancesProjection::balance_of(const std::string& account_id) const {
    auto it = by_id_.find(std::string_view(account_id));
    if (it == by_id_.end()) return std::nullopt;
    return it->second->balance_cents;
}

}  // namespace es::bank
