// AccountListProjection, AuditTrailProjection and DailyTotalsProjection (balances are in
// balances_projection.cpp). Every projection reads an event the same way: view_or_decode, the
// copy-free view with the strict decoder's rules (event_view.h).
#include "bank/projections.h"

#include <cstdio>
#include <limits>
#include <optional>

#include "bank/event_view.h"
#include "bank/events.h"
#include "bank/money.h"

namespace es::bank {

namespace {

// Business time when given, otherwise the time the store recorded the event.
int64_t event_time(const RecordedEvent& e) {
    return e.occurred_at_ms != 0 ? e.occurred_at_ms : e.recorded_at_ms;
}

// The event as the bank reads it; false for one it cannot (another type, a bad payload).
struct Viewed {
    EventView view;
    std::optional<BankEvent> holder;  // owns what `view` points into when the fast path declined
};
bool read(const RecordedEvent& event, Viewed& out) { return view_or_decode(event, out.view, out.holder); }

bool has_amount(EventKind kind) { return kind != EventKind::AccountCreated && kind != EventKind::AccountClosed; }

// Read models must keep going on arithmetic the decider would never allow: clamp, don't wrap.
int64_t saturating_add(int64_t a, int64_t b) {
    auto r = checked_add(a, b);
    if (r.ok()) return *r;
    return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
}

}  // namespace

std::string utc_day(int64_t ms) {
    // Floor division so times before 1970 land on the right day.
    int64_t days = ms / 86400000;
    if (ms % 86400000 < 0) --days;
    // Howard Hinnant's civil_from_days.
    days += 719468;
    const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const int64_t doe = days - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", static_cast<long long>(y),
                  static_cast<long long>(m), static_cast<long long>(d));
    return buf;
}

// ---- AccountListProjection ---------------------------------------------------------------------

void AccountListProjection::reset() { rows_.clear(); }

void AccountListProjection::apply(const RecordedEvent& event) {
    Viewed e;
    if (!read(event, e)) return;
    const EventView& v = e.view;
    if (v.kind == EventKind::AccountCreated) {
        const std::string id(v.account_id);
        rows_[id] = Row{id, std::string(v.text), std::string(v.currency), false, event_time(event), 0};
    } else if (v.kind == EventKind::AccountClosed) {
        auto it = rows_.find(std::string(v.account_id));
        if (it == rows_.end()) return;
        it->second.closed = true;
        it->second.closed_at_ms = event_time(event);
    }
}

Json AccountListProjection::to_json() const {
    Json rows = Json::array();
    for (const auto& [id, r] : rows_) {
        rows.push_back(Json{{"accountId", r.account_id},
                            {"owner", r.owner},
                            {"currency", r.currency},
                            {"status", r.closed ? "closed" : "open"},
                            {"openedAtMs", r.opened_at_ms},
                            {"closedAtMs", r.closed_at_ms}});
    }
    return Json{{"accounts", rows}};
}

// ---- AuditTrailProjection ----------------------------------------------------------------------

const std::string* AuditTrailProjection::text(const std::string& s) { return &*texts_.insert(s).first; }

void AuditTrailProjection::apply(const RecordedEvent& event) {
    Row row;
    row.position = event.global_position;
    row.time_ms = event_time(event);
    // Most events repeat the previous one's stream, type, actor or reason: compared before hashed.
    const Row* prev = rows_.empty() ? nullptr : &rows_.back();
    const auto kept = [this, prev](const std::string* Row::*field, const std::string& s) {
        return prev != nullptr && *(prev->*field) == s ? prev->*field : text(s);
    };
    row.stream_id_ = kept(&Row::stream_id_, event.stream_id);
    row.type_ = kept(&Row::type_, event.type);
    row.actor_ = kept(&Row::actor_, event.metadata.actor);
    row.reason_ = kept(&Row::reason_, event.metadata.reason);
    row.event_id = event.event_id;
    // The audit trail lists every event, even one the bank cannot read (a lesson's free-form
    // "WokeUp"): an auditor must see it. Amounts come from the events that have one.
    // One read of the payload: amount_of() would read it again (it also upcasts an event handed
    // over at an older schema, so that case still goes through it).
    Viewed e;
    const bool readable = read(event, e);
    if (readable && !bank_upcasters().needs_upcast(event)) {
        if (has_amount(e.view.kind)) row.amount_cents = e.view.amount_cents;
    } else {
        row.amount_cents = amount_of(event);
    }
    if (readable && e.view.kind == EventKind::DepositReversed) row.reverses = e.view.reversed_position;
    rows_.push_back(std::move(row));
}

Json AuditTrailProjection::to_json() const {
    Json rows = Json::array();
    for (const Row& r : rows_) {
        rows.push_back(Json{{"position", r.position},
                            {"timeMs", r.time_ms},
                            {"stream", r.stream_id()},
                            {"type", r.type()},
                            {"actor", r.actor()},
                            {"reason", r.reason()},
                            {"amountCents", r.amount_cents ? Json(*r.amount_cents) : Json(nullptr)},
                            {"eventId", r.event_id},
                            {"reverses", r.reverses ? Json(r.reverses) : Json(nullptr)}});
    }
    return Json{{"rows", rows}};
}

// ---- DailyTotalsProjection ---------------------------------------------------------------------

void DailyTotalsProjection::apply(const RecordedEvent& event) {
    Viewed e;
    if (!read(event, e) || !has_amount(e.view.kind)) return;
    const EventView& v = e.view;
    Totals& t = totals_[{std::string(v.account_id), utc_day(event_time(event))}];
    const int64_t a = v.amount_cents;
    bool in = false;
    switch (v.kind) {
        case EventKind::MoneyDeposited:
            ++t.deposits;
            t.deposited_cents = saturating_add(t.deposited_cents, a);
            in = true;
            break;
        case EventKind::MoneyWithdrawn:
            ++t.withdrawals;
            t.withdrawn_cents = saturating_add(t.withdrawn_cents, a);
            break;
        case EventKind::DepositReversed: t.reversed_cents = saturating_add(t.reversed_cents, a); break;
        case EventKind::TransferReceived:
            t.transferred_in_cents = saturating_add(t.transferred_in_cents, a);
            in = true;
            break;
        case EventKind::TransferSent: t.transferred_out_cents = saturating_add(t.transferred_out_cents, a); break;
        case EventKind::AccountCreated:
        case EventKind::AccountClosed: return;
    }
    t.net_cents = saturating_add(t.net_cents, in ? a : -a);
}

Json DailyTotalsProjection::to_json() const {
    Json rows = Json::array();
    for (const auto& [key, t] : totals_) {
        rows.push_back(Json{{"accountId", key.first},
                            {"day", key.second},
                            {"deposits", t.deposits},
                            {"withdrawals", t.withdrawals},
                            {"depositedCents", t.deposited_cents},
                            {"withdrawnCents", t.withdrawn_cents},
                            {"transferredInCents", t.transferred_in_cents},
                            {"transferredOutCents", t.transferred_out_cents},
                            {"reversedCents", t.reversed_cents},
                            {"netCents", t.net_cents}});
    }
    return Json{{"days", rows}};
}

std::optional<DailyTotalsProjection::Totals> DailyTotalsProjection::totals(
    const std::string& account_id, const std::string& day) const {
    auto it = totals_.find({account_id, day});
    if (it == totals_.end()) return std::nullopt;
    return it->second;
}

std::vector<std::pair<std::string, DailyTotalsProjection::Totals>> DailyTotalsProjection::days_of(
    const std::string& account_id) const {
    std::vector<std::pair<std::string, Totals>> out;
    for (auto it = totals_.lower_bound({account_id, std::string()}); it != totals_.end() && it->first.first == account_id; ++it)
        out.emplace_back(it->first.second, it->second);
    return out;
}

}  // namespace es::bank
