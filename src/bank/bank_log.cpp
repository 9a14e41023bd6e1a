// BankLog: decode each bank event once (see bank_log.h). Decoding goes through view_event, the
// copy-free reader with the strict decoder's rules, and falls back to decode_event when that
// declines, exactly like BalancesProjection::apply, so both paths accept the same events.
#include "bank/bank_log.h"

#include <algorithm>
#include <optional>

#include "bank/event_view.h"

namespace es::bank {

void BankLog::reset() {
    entries_.clear();
    accounts_.clear();
    account_index_.clear();
    currencies_.clear();
    undecodable_ = 0;
    if (rules_ != nullptr) rules_->restart();
}

void BankLog::check_history(HistoryRules* rules, const RecordedLog* log) {
    rules_ = rules;
    earlier_ = nullptr;
    if (log != nullptr)
        earlier_ = [log](uint64_t p) { return p >= 1 && p <= log->size() ? &(*log)[p - 1] : nullptr; };
}

uint32_t BankLog::intern_account(std::string_view id) {
    auto it = account_index_.find(std::string(id));
    if (it != account_index_.end()) return it->second;
    const auto index = static_cast<uint32_t>(accounts_.size());
    accounts_.emplace_back(id);
    account_index_.emplace(accounts_.back(), index);
    return index;
}

uint16_t BankLog::intern_currency(std::string_view code) {
    for (size_t i = 0; i < currencies_.size(); ++i) {
        if (currencies_[i] == code) return static_cast<uint16_t>(i);
    }
    // Codes are three capital letters (is_currency_code), so there are at most 26^3 of them.
    currencies_.emplace_back(code);
    return static_cast<uint16_t>(currencies_.size() - 1);
}

uint32_t BankLog::account_index(std::string_view account_id) const {
    auto it = account_index_.find(std::string(account_id));
    return it == account_index_.end() ? kNone : it->second;
}

size_t BankLog::count_until(uint64_t position) const {
    auto it = std::upper_bound(entries_.begin(), entries_.end(), position,
                               [](uint64_t p, const Entry& e) { return p < e.position; });
    return static_cast<size_t>(it - entries_.begin());
}

std::vector<std::string> BankLog::accounts_between(uint64_t after, uint64_t up_to) const {
    std::vector<std::string> out;
    for (size_t i = count_until(after), end = count_until(up_to); i < end; ++i)
        if (entries_[i].decoded) out.push_back(accounts_[entries_[i].account]);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

void BankLog::apply(const RecordedEvent& event) {
    if (!entries_.empty() && event.global_position <= entries_.back().position) return;
    Entry entry;
    entry.position = event.global_position;
    EventView v;
    std::optional<BankEvent> slow;  // owns what `v` views when the fast path declined
    const bool read = view_or_decode(event, v, slow);
    if (rules_ != nullptr) (void)rules_->take_viewed(event, read ? &v : nullptr, earlier_);  // broken() keeps a refusal
    if (!read) {
        ++undecodable_;
        entries_.push_back(entry);
        return;
    }
    entry.decoded = true;
    entry.kind = v.kind;
    entry.amount_cents = v.amount_cents;
    entry.account = intern_account(v.account_id);
    if (!v.other_account_id.empty()) entry.other_account = intern_account(v.other_account_id);
    if (!v.currency.empty()) entry.currency = intern_currency(v.currency);
    entries_.push_back(entry);
}

Json BankLog::to_json() const {
    return Json{{"events", entries_.size()}, {"accounts", accounts_.size()}, {"undecodable", undecodable_}};
}

}  // namespace es::bank
