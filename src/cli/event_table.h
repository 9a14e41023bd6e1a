// Plain-text views shared by `demo`, `history` and `state`: an event history as an aligned table
// (position, time, stream and version, type, amount, actor, reason) and one account's state as
// one line. Money is shown in the account's currency when the events say which it is.
#pragma once

#include <iosfwd>
#include <map>
#include <string>
#include <string_view>

#include "bank/account.h"
#include "core/event.h"
#include "core/recorded_log.h"

namespace es::cli {

// Remembers each stream's currency (from AccountCreated and MoneyDeposited v2) so amounts of
// later events can print as "$100.00" rather than "100.00".
class CurrencyTracker {
public:
    void observe(const RecordedEvent& e);
    // The event's "amountCents" as money ("$100.00"), or "" when it has none.
    std::string amount_of(const RecordedEvent& e) const;

private:
    std::map<std::string, std::string> currency_by_stream_;
};

// `text` as it may reach a terminal: each C0 control character and DEL written as \xHH, so a
// stored owner, actor or reason can neither colour the output nor forge a line ("\x1b[31m").
// The bank refuses such text in commands; an imported or hand-edited log may still hold it.
std::string printable(std::string_view text);

// Header plus one row per event. Events should be upcast (read through the store).
void print_event_table(std::ostream& out, EventRange events);

// Header line for print_event_table, and one row, for callers that interleave other output.
void print_event_header(std::ostream& out);
void print_event_row(std::ostream& out, const RecordedEvent& e, CurrencyTracker& currencies);

// "alice (owner Alice, USD): balance $50.00, overdraft limit $0.00, version 3, open"
std::string describe_account(const bank::AccountState& s);

}  // namespace es::cli
