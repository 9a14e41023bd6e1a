// AccountListProjection, AuditTrailProjection and DailyTotalsProjection (balances are in
// balances_projection.cpp).
#include "bank/projections.h"

#include <cstdio>
#include <limits>
#include <type_traits>

#include "bank/events.h"
#include "bank/money.h"

namespace es::bank {

namespace {

// Business time when given, otherwise the time the store recorded the event.
int64_t event_time(const RecordedEvent& e) {
    return e.occurred_at_ms != 0 ? e.occurred_at_ms : e.recorded_at_ms;
}

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
    auto decoded = decode_event(event);
    if (!decoded.ok()) return;
    if (const auto* c = std::get_if<AccountCreated>(&*decoded)) {
        rows_[c->account_id] = Row{c->account_id, c->owner, c->currency, false, event_time(event), 0};
    } else if (const auto* x = std::get_if<AccountClosed>(&*decoded)) {
        auto it = rows_.find(x->account_id);
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
    row.stream_id_ = text(event.stream_id);
    row.type_ = text(event.type);
    row.actor_ = text(event.metadata.actor);
    row.reason_ = text(event.metadata.reason);
    row.event_id = event.event_id;
    // The audit trail lists every event, even one it cannot decode: an auditor must see it.
    auto it = event.data.find("amountCents");
    if (it != event.data.end() && it->is_number_integer()) {
        row.amount_cents = it->get<int64_t>();
    }
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
                            {"eventId", r.event_id}});
    }
    return Json{{"rows", rows}};
}

// ---- DailyTotalsProjection ---------------------------------------------------------------------

void DailyTotalsProjection::apply(const RecordedEvent& event) {
    auto decoded = decode_event(event);
    if (!decoded.ok()) return;
    std::visit(
        [&](const auto& p) {
            using T = std::decay_t<decltype(p)>;
            if constexpr (std::is_same_v<T, AccountCreated> || std::is_same_v<T, AccountClosed>) {
                return;
            } else {
                Totals& t = totals_[{p.account_id, utc_day(event_time(event))}];
                const int64_t a = p.amount_cents;
                if constexpr (std::is_same_v<T, MoneyDeposited>) {
                    t.deposited_cents = saturating_add(t.deposited_cents, a);
                } else if constexpr (std::is_same_v<T, MoneyWithdrawn>) {
                    t.withdrawn_cents = saturating_add(t.withdrawn_cents, a);
                } else if constexpr (std::is_same_v<T, TransferReceived>) {
                    t.transferred_in_cents = saturating_add(t.transferred_in_cents, a);
                } else {
                    t.transferred_out_cents = saturating_add(t.transferred_out_cents, a);
                }
                const bool in = std::is_same_v<T, MoneyDeposited> ||
                                std::is_same_v<T, TransferReceived>;
                t.net_cents = saturating_add(t.net_cents, in ? a : -a);
            }
        },
        *decoded);
}

Json DailyTotalsProjection::to_json() const {
    Json rows = Json::array();
    for (const auto& [key, t] : totals_) {
        rows.push_back(Json{{"accountId", key.first},
                            {"day", key.second},
                            {"depositedCents", t.deposited_cents},
                            {"withdrawnCents", t.withdrawn_cents},
                            {"transferredInCents", t.transferred_in_cents},
                            {"transferredOutCents", t.transferred_out_cents},
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

}  // namespace es::bank
