// Decimal text <-> int64 cents. Parsing accumulates in uint64_t so the one extra cent of
// INT64_MIN's magnitude fits, and every overflow is detected before it happens.
#include "bank/money.h"

#include <limits>

namespace es::bank {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr size_t kMaxQuoted = 40;

// The input, quoted for an error message: at most 40 bytes (cut on a UTF-8 character boundary
// so the UI never shows a broken glyph) and control characters replaced so the message stays
// on one line.
std::string quote(std::string_view text) {
    std::string_view shown = text;
    bool truncated = false;
    if (shown.size() > kMaxQuoted) {
        size_t cut = kMaxQuoted;
        while (cut > 0 && (uint8_t(text[cut]) & 0xC0) == 0x80) --cut;  // continuation byte
        shown = text.substr(0, cut);
        truncated = true;
    }
    std::string out = "\"";
    for (char c : shown) out.push_back(uint8_t(c) < 0x20 || c == 0x7f ? '?' : c);
    if (truncated) out += "...";
    out += "\"";
    return out;
}

Error invalid(std::string_view text, const std::string& problem) {
    return make_error(ErrorCode::InvalidArgument, "amount " + quote(text) + " " + problem);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// Shared parser. `text` is the whole input (for messages); `allow_negative` picks the API.
Result<int64_t> parse(std::string_view text, bool allow_negative) {
    const char* kExample = "write digits with an optional '.' and up to two decimals, e.g. 1234.50";
    if (text.empty()) return make_error(ErrorCode::InvalidArgument, std::string("amount is empty: ") + kExample);
    for (char c : text) {
        if (is_space(c)) return invalid(text, "contains whitespace: remove the spaces");
    }

    std::string_view body = text;
    bool negative = false;
    if (body.front() == '+') return invalid(text, "starts with '+': amounts need no sign, remove it");
    if (body.front() == '-') {
        if (!allow_negative) {
            return invalid(text, "is negative: amounts are positive (or zero); enter it without the '-'");
        }
        negative = true;
        body.remove_prefix(1);
        if (body.empty()) return invalid(text, std::string("has no digits: ") + kExample);
    }

    size_t dot = std::string_view::npos;
    for (size_t i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (is_digit(c)) continue;
        if (c == '.') {
            if (dot != std::string_view::npos) return invalid(text, "has more than one decimal point: keep only one");
            dot = i;
            continue;
        }
        if (c == ',' || c == '\'' || c == '_') {
            return invalid(text, "contains a thousands separator: write it without separators, e.g. 1000.00");
        }
        if (c == '-' || c == '+') return invalid(text, "has a sign in the wrong place: only a leading '-' is allowed");
        if (c == 'e' || c == 'E') return invalid(text, "uses exponent notation: write the number out in full, e.g. 1000");
        // Quote only printable ASCII: a lone byte of a UTF-8 sequence would render as garbage.
        const std::string what = (c > 0x20 && c < 0x7f) ? std::string("unexpected '") + c + "'" : "unexpected character";
        return invalid(text, "is not a decimal number (" + what + "): " + kExample);
    }

    const std::string_view whole = body.substr(0, dot);
    const std::string_view fraction = dot == std::string_view::npos ? std::string_view() : body.substr(dot + 1);
    if (whole.empty()) {
        return invalid(text, "has no digit before the decimal point: write \"0" + std::string(body) + "\"");
    }
    if (dot != std::string_view::npos && fraction.empty()) {
        return invalid(text, "ends with a decimal point: add the cents (e.g. \"" + std::string(whole) +
                                 ".00\") or remove the '.'");
    }
    if (fraction.size() > 2) return invalid(text, "has more than two decimal places: round it to cents, e.g. 1.23");

    // Magnitude limit in cents: INT64_MAX, or one more for negative values (INT64_MIN).
    const uint64_t limit = negative ? uint64_t(kMax) + 1 : uint64_t(kMax);
    uint64_t cents = 0;
    auto push_digit = [&](char c) {
        const uint64_t d = uint64_t(c - '0');
        if (cents > (limit - d) / 10) return false;
        cents = cents * 10 + d;
        return true;
    };
    bool fits = true;
    for (char c : whole) fits = fits && push_digit(c);
    fits = fits && push_digit(fraction.size() > 0 ? fraction[0] : '0');
    fits = fits && push_digit(fraction.size() > 1 ? fraction[1] : '0');
    if (!fits) {
        return invalid(text, negative ? "is too large: the smallest amount is " + format_amount(kMin)
                                      : "is too large: the largest amount is " + format_amount(kMax));
    }
    if (!negative) return int64_t(cents);
    // 2^63 cents does not fit in int64_t before negation, so INT64_MIN is returned directly.
    return cents == uint64_t(kMax) + 1 ? kMin : -int64_t(cents);
}

Error too_large(int64_t a, const char* op, int64_t b) {
    return make_error(ErrorCode::InvalidArgument,
                      "amount is too large: " + format_amount(a) + " " + op + " " + format_amount(b) +
                          " is outside the representable range (" + format_amount(kMin) + " to " +
                          format_amount(kMax) + "); use smaller amounts");
}

}  // namespace

Result<int64_t> parse_amount(std::string_view text) { return parse(text, false); }

Result<int64_t> parse_signed_amount(std::string_view text) { return parse(text, true); }

std::string format_amount(int64_t cents) {
    // Magnitude via unsigned negation: well defined even for INT64_MIN.
    const uint64_t magnitude = cents < 0 ? uint64_t(0) - uint64_t(cents) : uint64_t(cents);
    const uint64_t fraction = magnitude % 100;
    std::string out = std::to_string(magnitude / 100);
    out.push_back('.');
    out.push_back(char('0' + fraction / 10));
    out.push_back(char('0' + fraction % 10));
    return cents < 0 ? "-" + out : out;
}

std::string format_money(int64_t cents, std::string_view currency) {
    const std::string sign = cents < 0 ? "-" : "";
    std::string digits = format_amount(cents);
    if (cents < 0) digits.erase(0, 1);  // the sign goes before the currency symbol

    if (currency == "USD") return sign + "$" + digits;
    if (currency == "EUR") return sign + "\xE2\x82\xAC" + digits;  // U+20AC EURO SIGN
    if (currency == "GBP") return sign + "\xC2\xA3" + digits;      // U+00A3 POUND SIGN
    if (currency.empty()) return sign + digits;
    return sign + digits + " " + std::string(currency);
}

bool is_currency_code(std::string_view code) {
    if (code.size() != 3) return false;
    for (char c : code) {
        if (c < 'A' || c > 'Z') return false;
    }
    return true;
}

Result<int64_t> checked_add(int64_t a, int64_t b) {
    if ((b > 0 && a > kMax - b) || (b < 0 && a < kMin - b)) return too_large(a, "+", b);
    return a + b;
}

Result<int64_t> checked_sub(int64_t a, int64_t b) {
    if ((b < 0 && a > kMax + b) || (b > 0 && a < kMin + b)) return too_large(a, "-", b);
    return a - b;
}

}  // namespace es::bank
