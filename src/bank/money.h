// Money for the bank domain: an int64_t count of cents (minor units), never a double. This file
// turns user-typed decimal text into cents and back, and adds/subtracts without overflow UB.
// Every currency here has two decimal places; the largest amount is 92233720368547758.07.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace es::bank {

// Parses a non-negative decimal amount such as "100", "100.5", "100.50" or "0.01" into cents.
// Rejected, with a message that quotes the input and says how to fix it: empty text, whitespace,
// signs ("-5", "+5"), thousands separators ("1,000"), ".5", "5.", more than two decimal places,
// exponents ("1e3"), any other character, and values above INT64_MAX cents.
Result<int64_t> parse_amount(std::string_view text);

// Same as parse_amount but allows one leading '-' (down to INT64_MIN cents). "-0" parses as 0.
Result<int64_t> parse_signed_amount(std::string_view text);

// "100.00", "-0.05", "0.00". Always two decimals; exact for every int64_t including INT64_MIN.
std::string format_amount(int64_t cents);

// "$100.00" (USD), "€100.00" (EUR, UTF-8), "£100.00" (GBP), otherwise "100.00 CHF".
// Negative amounts put the sign first: "-$5.00", "-5.00 CHF".
std::string format_money(int64_t cents, std::string_view currency);

// True for three uppercase ASCII letters ("USD"). Does not check the ISO 4217 list.
bool is_currency_code(std::string_view code);

// a + b and a - b, or ErrorCode::InvalidArgument saying the amount is too large.
Result<int64_t> checked_add(int64_t a, int64_t b);
Result<int64_t> checked_sub(int64_t a, int64_t b);

}  // namespace es::bank
