// Money parsing/formatting: canonical round trips, every rejection with its message, int64
// edges, overflow-checked arithmetic, and a seeded randomized round-trip property.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>

#include "bank/money.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using es::ErrorCode;
using es::bank::checked_add;
using es::bank::checked_sub;
using es::bank::format_amount;
using es::bank::format_money;
using es::bank::is_currency_code;
using es::bank::parse_amount;
using es::bank::parse_signed_amount;

namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

// The error message of a parse that must fail (empty string if it unexpectedly succeeded).
std::string rejection(const es::Result<int64_t>& result) {
    CHECK_FALSE(result.ok());
    if (result.ok()) return "";
    CHECK(result.error().code == ErrorCode::InvalidArgument);
    return result.error().message;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("money: parse_amount reads decimal text as cents") {
    CHECK(*parse_amount("100") == 10000);
    CHECK(*parse_amount("100.5") == 10050);
    CHECK(*parse_amount("100.50") == 10050);
    CHECK(*parse_amount("0.01") == 1);
    CHECK(*parse_amount("0") == 0);
    CHECK(*parse_amount("0.00") == 0);
    CHECK(*parse_amount("007.10") == 710);  // leading zeros are harmless
    CHECK(*parse_amount("92233720368547758.07") == kMax);
}

TEST_CASE("money: format(parse(x)) gives back the canonical text") {
    const char* canonical[] = {"0.00",     "0.01",    "0.10",       "0.99",       "1.00",
                               "9.99",     "10.00",   "100.50",     "1234.56",    "1000000.00",
                               "42.07",    "99999999.99", "92233720368547758.07"};
    for (const char* text : canonical) {
        INFO("text = " << text);
        const auto cents = parse_amount(text);
        REQUIRE(cents.ok());
        CHECK(format_amount(*cents) == text);
        REQUIRE(parse_signed_amount(text).ok());
        CHECK(format_amount(*parse_signed_amount(text)) == text);
    }
    const char* signed_canonical[] = {"-0.01", "-0.05", "-5.00", "-100.50", "-92233720368547758.08"};
    for (const char* text : signed_canonical) {
        INFO("text = " << text);
        const auto cents = parse_signed_amount(text);
        REQUIRE(cents.ok());
        CHECK(format_amount(*cents) == text);
    }
}

TEST_CASE("money: parse_amount rejects bad text with a message naming the problem") {
    SUBCASE("empty") { CHECK(contains(rejection(parse_amount("")), "empty")); }
    SUBCASE("whitespace") {
        for (const char* text : {" 5", "5 ", "1 000", "\t5", "5\n"}) {
            INFO("text = " << text);
            CHECK(contains(rejection(parse_amount(text)), "whitespace"));
        }
    }
    SUBCASE("negative") {
        const std::string msg = rejection(parse_amount("-5"));
        CHECK(contains(msg, "\"-5\""));
        CHECK(contains(msg, "amounts are positive"));
    }
    SUBCASE("plus sign") { CHECK(contains(rejection(parse_amount("+5")), "'+'")); }
    SUBCASE("thousands separator") {
        const std::string msg = rejection(parse_amount("1,000.00"));
        CHECK(contains(msg, "\"1,000.00\""));
        CHECK(contains(msg, "thousands separator"));
    }
    SUBCASE("missing leading zero") {
        const std::string msg = rejection(parse_amount(".5"));
        CHECK(contains(msg, "\".5\""));
        CHECK(contains(msg, "\"0.5\""));
    }
    SUBCASE("trailing decimal point") {
        const std::string msg = rejection(parse_amount("5."));
        CHECK(contains(msg, "\"5.\""));
        CHECK(contains(msg, "decimal point"));
    }
    SUBCASE("too many decimal places") {
        const std::string msg = rejection(parse_amount("1.234"));
        CHECK(contains(msg, "\"1.234\""));
        CHECK(contains(msg, "two decimal places"));
    }
    SUBCASE("two decimal points") { CHECK(contains(rejection(parse_amount("1.2.3")), "more than one decimal point")); }
    SUBCASE("letters") {
        const std::string msg = rejection(parse_amount("abc"));
        CHECK(contains(msg, "\"abc\""));
        CHECK(contains(msg, "not a decimal number"));
    }
    SUBCASE("exponent") {
        const std::string msg = rejection(parse_amount("1e3"));
        CHECK(contains(msg, "\"1e3\""));
        CHECK(contains(msg, "exponent"));
    }
    SUBCASE("non-ASCII") { CHECK(contains(rejection(parse_amount("5\xE2\x82\xAC")), "unexpected character")); }
    SUBCASE("sign in the middle") { CHECK(contains(rejection(parse_amount("5-3")), "sign")); }
    SUBCASE("overflow") {
        for (const char* text : {"92233720368547758.08", "92233720368547759", "99999999999999999999999"}) {
            INFO("text = " << text);
            const std::string msg = rejection(parse_amount(text));
            CHECK(contains(msg, "too large"));
            CHECK(contains(msg, "92233720368547758.07"));
        }
    }
}

TEST_CASE("money: quoted input in messages is cut to 40 characters") {
    const std::string long_text = std::string(50, '1') + "x";
    const std::string msg = rejection(parse_amount(long_text));
    CHECK(contains(msg, "\"" + std::string(40, '1') + "...\""));
    CHECK_FALSE(contains(msg, std::string(41, '1')));

    // A multi-byte character straddling the cut is dropped whole, never split.
    const std::string euro = "\xE2\x82\xAC";
    const std::string msg2 = rejection(parse_amount(std::string(39, '1') + euro));
    CHECK(contains(msg2, "\"" + std::string(39, '1') + "...\""));
}

TEST_CASE("money: parse_signed_amount accepts one leading '-'") {
    CHECK(*parse_signed_amount("-5") == -500);
    CHECK(*parse_signed_amount("-0.05") == -5);
    CHECK(*parse_signed_amount("-0") == 0);
    CHECK(*parse_signed_amount("12.3") == 1230);
    CHECK(*parse_signed_amount("-92233720368547758.08") == kMin);
    CHECK(*parse_signed_amount("92233720368547758.07") == kMax);

    CHECK(contains(rejection(parse_signed_amount("-")), "no digits"));
    CHECK(contains(rejection(parse_signed_amount("--5")), "sign"));
    CHECK(contains(rejection(parse_signed_amount("+5")), "'+'"));
    CHECK(contains(rejection(parse_signed_amount("-.5")), "\"0.5\""));
    CHECK(contains(rejection(parse_signed_amount("- 5")), "whitespace"));
    const std::string msg = rejection(parse_signed_amount("-92233720368547758.09"));
    CHECK(contains(msg, "too large"));
    CHECK(contains(msg, "-92233720368547758.08"));
    CHECK(contains(rejection(parse_signed_amount("92233720368547758.08")), "too large"));
}

TEST_CASE("money: format_amount covers zero, signs and the int64 edges") {
    CHECK(format_amount(0) == "0.00");
    CHECK(format_amount(1) == "0.01");
    CHECK(format_amount(-5) == "-0.05");
    CHECK(format_amount(-100) == "-1.00");
    CHECK(format_amount(10000) == "100.00");
    CHECK(format_amount(kMax) == "92233720368547758.07");
    CHECK(format_amount(kMin) == "-92233720368547758.08");
    CHECK(format_amount(kMin + 1) == "-92233720368547758.07");
}

TEST_CASE("money: format_money places symbol and sign") {
    CHECK(format_money(10000, "USD") == "$100.00");
    CHECK(format_money(-500, "USD") == "-$5.00");
    CHECK(format_money(10000, "EUR") == "\xE2\x82\xAC" "100.00");
    CHECK(format_money(-1, "EUR") == "-\xE2\x82\xAC" "0.01");
    CHECK(format_money(250, "GBP") == "\xC2\xA3" "2.50");
    CHECK(format_money(10000, "CHF") == "100.00 CHF");
    CHECK(format_money(-500, "CHF") == "-5.00 CHF");
    CHECK(format_money(0, "JPY") == "0.00 JPY");
    CHECK(format_money(kMin, "USD") == "-$92233720368547758.08");
}

TEST_CASE("money: is_currency_code wants three uppercase ASCII letters") {
    CHECK(is_currency_code("USD"));
    CHECK(is_currency_code("XYZ"));
    CHECK_FALSE(is_currency_code(""));
    CHECK_FALSE(is_currency_code("US"));
    CHECK_FALSE(is_currency_code("USDD"));
    CHECK_FALSE(is_currency_code("usd"));
    CHECK_FALSE(is_currency_code("U$D"));
    CHECK_FALSE(is_currency_code("US1"));
    CHECK_FALSE(is_currency_code("\xC3\x84UD"));  // non-ASCII letter
}

TEST_CASE("money: checked_add and checked_sub refuse to overflow") {
    CHECK(*checked_add(100, 250) == 350);
    CHECK(*checked_add(kMax - 1, 1) == kMax);
    CHECK(*checked_add(kMin, kMax) == -1);
    CHECK(*checked_add(kMin + 1, -1) == kMin);
    CHECK(*checked_sub(100, 250) == -150);
    CHECK(*checked_sub(kMin + 1, 1) == kMin);
    CHECK(*checked_sub(-1, kMax) == kMin);
    CHECK(*checked_sub(kMax, kMax) == 0);

    const std::string add_msg = rejection(checked_add(kMax, 1));
    CHECK(contains(add_msg, "too large"));
    CHECK(contains(add_msg, "92233720368547758.07 + 0.01"));
    CHECK(contains(rejection(checked_add(kMin, -1)), "too large"));
    CHECK(contains(rejection(checked_sub(kMin, 1)), "too large"));
    CHECK(contains(rejection(checked_sub(0, kMin)), "too large"));
    CHECK(contains(rejection(checked_sub(kMax, -1)), "too large"));
}

TEST_CASE("money: randomized round trip format -> parse -> same cents") {
    const uint64_t seed = 0x5eed2024;
    INFO("seed = " << seed);
    // Raw mt19937_64 output so the sequence is the same on libstdc++ (native) and libc++ (WASM).
    std::mt19937_64 rng(seed);
    for (int i = 0; i < 5000; ++i) {
        // Alternate full-range values with everyday amounts, where most real inputs live.
        int64_t cents = int64_t(rng());
        if (i % 2 == 0) cents = int64_t(rng() % 2000001) - 1000000;
        const std::string text = format_amount(cents);
        INFO("cents = " << cents << ", text = " << text);
        const auto back = parse_signed_amount(text);
        REQUIRE(back.ok());
        CHECK(*back == cents);
        if (cents >= 0) {
            CHECK(*parse_amount(text) == cents);
        } else {
            CHECK_FALSE(parse_amount(text).ok());
        }
    }
}

}  // namespace ES_TEST_FILE_ID
