// The bank's own field rules on top of the strict JSON object reader (core/json_object.h), for
// its event payloads, commands and account state: an account id, a currency code. Each reads the
// field, checks the rule and reports through the reader, so a learner who hand-edits JSON sees
// exactly which field to fix ("field 'Deposit.accountId': ..."). Internal to src/bank.
#pragma once

#include <string>
#include <string_view>

#include "core/json_object.h"

namespace es::bank::detail {

// An account id (is_valid_account_id); "" after a problem.
std::string read_account_id(JsonObjectReader& r, std::string_view field);
// A currency code (is_currency_code); "" after a problem.
std::string read_currency(JsonObjectReader& r, std::string_view field);

}  // namespace es::bank::detail
