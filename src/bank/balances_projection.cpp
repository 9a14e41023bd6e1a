// BalancesProjection: the balance of every account, with a deliberately buggy v1 (see
// projections.h) for the lesson on fixing a read model by replaying the log.
#include <type_traits>

#include "bank/events.h"
#include "bank/money.h"
#include "bank/projections.h"

namespace es::bank {

BalancesProjection::BalancesProjection(int version) : version_(version) {}

void BalancesProjection::reset() {
    accounts_.clear();
    skipped_ = 0;
}

void BalancesProjection::apply(const RecordedEvent& event) {
    auto decoded = decode_event(event);
    if (!decoded.ok()) {
        ++skipped_;
        return;
    }
    std::visit(
        [&](const auto& p) {
            using T = std::decay_t<decltype(p)>;
            if constexpr (std::is_same_v<T, AccountCreated>) {
                accounts_[p.account_id] = Row{p.currency, 0};
                return;
            } else if constexpr (std::is_same_v<T, AccountClosed>) {
                return;  // a closed account keeps its (zero) row: it still appears in history
            } else {
                if constexpr (std::is_same_v<T, TransferReceived>) {
                    // THE v1 BUG: the first version of this projection forgot this event type.
                    if (version_ == 1) return;
                }
                int64_t delta = p.amount_cents;
                if constexpr (std::is_same_v<T, MoneyWithdrawn> || std::is_same_v<T, TransferSent>) {
                    delta = -delta;
                }
                Row& row = accounts_[p.account_id];
                auto sum = checked_add(row.balance_cents, delta);
                if (!sum.ok()) {
                    ++skipped_;  // cannot happen for events the decider wrote
                    return;
                }
                row.balance_cents = *sum;
            }
        },
        *decoded);
}

Json BalancesProjection::to_json() const {
    Json rows = Json::array();
    for (const auto& [id, row] : accounts_) {
        rows.push_back(Json{{"accountId", id},
                            {"currency", row.currency},
                            {"balanceCents", row.balance_cents},
                            {"balance", format_amount(row.balance_cents)}});
    }
    return Json{{"version", version_}, {"accounts", rows}, {"skippedEvents", skipped_}};
}

std::optional<int64_t> BalancesProjection::balance_of(const std::string& account_id) const {
    auto it = accounts_.find(account_id);
    if (it == accounts_.end()) return std::nullopt;
    return it->second.balance_cents;
}

}  // namespace es::bank
