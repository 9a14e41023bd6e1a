// Plain-text event tables and account lines (see event_table.h).
#include "cli/event_table.h"

#include <iomanip>
#include <ostream>

#include "bank/money.h"
#include "cli/args.h"

namespace es::cli {

void CurrencyTracker::observe(const RecordedEvent& e) {
    auto c = e.data.find("currency");
    if (c != e.data.end() && c->is_string()) currency_by_stream_[e.stream_id] = c->get<std::string>();
}

std::string CurrencyTracker::amount_of(const RecordedEvent& e) const {
    auto a = e.data.find("amountCents");
    if (a == e.data.end() || !a->is_number_integer()) return "";
    int64_t cents = a->get<int64_t>();
    auto c = currency_by_stream_.find(e.stream_id);
    if (c == currency_by_stream_.end()) return bank::format_amount(cents);
    return bank::format_money(cents, c->second);
}

std::string printable(std::string_view text) {
    static const char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7f) {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 0xf];
        } else {
            out += ch;
        }
    }
    return out;
}

void print_event_header(std::ostream& out) {
    out << std::left << std::setw(6) << "pos" << std::setw(26) << "time (UTC)" << std::setw(24) << "stream@version"
        << std::setw(18) << "type" << std::setw(14) << "amount" << std::setw(14) << "actor"
        << "reason" << std::right << "\n";
}

void print_event_row(std::ostream& out, const RecordedEvent& e, CurrencyTracker& currencies) {
    currencies.observe(e);
    std::string amount = currencies.amount_of(e);
    std::string stream = printable(e.stream_id) + "@" + std::to_string(e.stream_version);
    // Columns are padded but never cut: a long value pushes the row out rather than lying.
    auto col = [&](const std::string& text, int width) {
        out << text << std::string(text.size() + 1 < static_cast<size_t>(width) ? width - text.size() : 1, ' ');
    };
    col("#" + std::to_string(e.global_position), 6);
    col(format_utc(e.recorded_at_ms), 26);
    col(stream, 24);
    col(printable(e.type), 18);
    col(amount.empty() ? "-" : amount, 14);
    col(e.metadata.actor.empty() ? "-" : printable(e.metadata.actor), 14);
    out << (e.metadata.reason.empty() ? "-" : printable(e.metadata.reason)) << "\n";
}

void print_event_table(std::ostream& out, EventRange events) {
    print_event_header(out);
    CurrencyTracker currencies;
    for (const RecordedEvent& e : events) print_event_row(out, e, currencies);
}

std::string describe_account(const bank::AccountState& s) {
    return printable(s.account_id) + " (owner " + printable(s.owner) + ", " + printable(s.currency) + "): balance " +
           bank::format_money(s.balance_cents, s.currency) + ", overdraft limit " +
           bank::format_money(s.overdraft_limit_cents, s.currency) + ", version " + std::to_string(s.version) +
           ", " + (s.closed ? "closed" : "open");
}

}  // namespace es::cli
