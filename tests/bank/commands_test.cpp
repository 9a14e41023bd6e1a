// Bank commands from and to JSON: strict parsing with field-naming errors, and exact round trips.
#include <doctest/doctest.h>

#include <string>

#include "bank/commands.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::bank;

namespace {

Error parse_error(const Json& j) {
    auto r = command_from_json(j);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::InvalidArgument);
    return r.error();
}

bool mentions(const Error& e, const std::string& text) {
    return e.message.find(text) != std::string::npos;
}

const Json kDeposit = {{"type", "Deposit"},   {"accountId", "alice"}, {"amount", "100.50"},
                       {"actor", "teller-1"}, {"reason", "cash"},     {"expectedVersion", 3}};

}  // namespace

TEST_CASE("each command type parses from camelCase JSON") {
    SUBCASE("Deposit") {
        auto c = command_from_json(kDeposit);
        REQUIRE(c.ok());
        const auto& d = std::get<Deposit>(*c);
        CHECK(d.account_id == "alice");
        CHECK(d.amount_cents == 10050);
        CHECK(d.meta.actor == "teller-1");
        CHECK(d.meta.reason == "cash");
        CHECK(d.meta.expected_version == 3u);
    }
    SUBCASE("OpenAccount with and without an overdraft limit") {
        Json j = {{"type", "OpenAccount"}, {"accountId", "bob_2"}, {"owner", "Bob"},
                  {"currency", "EUR"},     {"actor", "clerk"}};
        auto c = command_from_json(j);
        REQUIRE(c.ok());
        CHECK_FALSE(std::get<OpenAccount>(*c).overdraft_limit_cents.has_value());
        CHECK(std::get<OpenAccount>(*c).meta.reason.empty());
        CHECK_FALSE(std::get<OpenAccount>(*c).meta.expected_version.has_value());
        j["overdraftLimit"] = "250";
        c = command_from_json(j);
        REQUIRE(c.ok());
        CHECK(std::get<OpenAccount>(*c).overdraft_limit_cents == 25000);
    }
    SUBCASE("Transfer, Withdraw, CloseAccount") {
        auto t = command_from_json({{"type", "Transfer"}, {"fromAccountId", "a"},
                                    {"toAccountId", "b"}, {"amount", "0.01"}, {"actor", "x"}});
        REQUIRE(t.ok());
        CHECK(std::get<Transfer>(*t).amount_cents == 1);
        auto w = command_from_json(
            {{"type", "Withdraw"}, {"accountId", "a"}, {"amount", "7"}, {"actor", "x"}});
        REQUIRE(w.ok());
        CHECK(std::get<Withdraw>(*w).amount_cents == 700);
        auto c = command_from_json({{"type", "CloseAccount"}, {"accountId", "a"}, {"actor", "x"}});
        REQUIRE(c.ok());
        CHECK(command_type_name(*c) == std::string("CloseAccount"));
    }
}

TEST_CASE("command_from_json is strict and names the field") {
    CHECK(mentions(parse_error(Json::array()), "JSON object"));
    CHECK(mentions(parse_error({{"accountId", "a"}}), "type"));
    CHECK(mentions(parse_error({{"type", "Borrow"}, {"actor", "x"}}), "Borrow"));

    Json j = kDeposit;
    j["amount"] = 100.5;  // a JSON number could already be rounded: refused
    CHECK(mentions(parse_error(j), "Deposit.amount"));
    j["amount"] = "1.005";
    CHECK(mentions(parse_error(j), "Deposit.amount"));
    j["amount"] = "-5.00";
    CHECK(mentions(parse_error(j), "Deposit.amount"));

    j = kDeposit;
    j.erase("amount");
    CHECK(mentions(parse_error(j), "'Deposit.amount' is missing"));

    j = kDeposit;
    j["memo"] = "x";
    CHECK(mentions(parse_error(j), "unknown field 'Deposit.memo'"));

    j = kDeposit;
    j.erase("actor");
    CHECK(mentions(parse_error(j), "Deposit.actor"));

    j = kDeposit;
    j["expectedVersion"] = -1;
    CHECK(mentions(parse_error(j), "expectedVersion"));
    j["expectedVersion"] = "3";
    CHECK(mentions(parse_error(j), "expectedVersion"));

    j = kDeposit;
    j["accountId"] = std::string(65, 'a');
    CHECK(mentions(parse_error(j), "accountId"));
    j["accountId"] = "al ice";
    CHECK(mentions(parse_error(j), "accountId"));
    j["accountId"] = "";
    CHECK(mentions(parse_error(j), "accountId"));

    Json open = {{"type", "OpenAccount"}, {"accountId", "a"}, {"owner", "A"},
                 {"currency", "dollars"}, {"actor", "x"}};
    CHECK(mentions(parse_error(open), "OpenAccount.currency"));
    open["currency"] = "USD";
    open["overdraftLimit"] = "-10.00";
    CHECK(mentions(parse_error(open), "OpenAccount.overdraftLimit"));
    open["overdraftLimit"] = 10;
    CHECK(mentions(parse_error(open), "OpenAccount.overdraftLimit"));

    Json transfer = {{"type", "Transfer"}, {"fromAccountId", "a"}, {"amount", "1"}, {"actor", "x"}};
    CHECK(mentions(parse_error(transfer), "Transfer.toAccountId"));
}

TEST_CASE("a zero amount parses, decide() rejects it as a business rule") {
    Json j = kDeposit;
    j["amount"] = "0.00";
    auto c = command_from_json(j);
    REQUIRE(c.ok());
    CHECK(std::get<Deposit>(*c).amount_cents == 0);
}

TEST_CASE("command_to_json round-trips every command exactly") {
    const Command commands[] = {
        OpenAccount{"alice", "Alice", "USD", std::nullopt, {"clerk", "", std::nullopt}},
        OpenAccount{"bob", "Bob", "GBP", 10000, {"clerk", "vip", 0}},
        Deposit{"alice", 10050, {"teller", "cash", 2}},
        Withdraw{"alice", 1, {"atm", "", std::nullopt}},
        Transfer{"alice", "bob", 123456789, {"alice", "rent", 7}},
        CloseAccount{"alice", {"clerk", "moving away", std::nullopt}},
    };
    for (const Command& c : commands) {
        Json j = command_to_json(c);
        CAPTURE(j.dump());
        auto back = command_from_json(j);
        REQUIRE(back.ok());
        CHECK(command_to_json(*back) == j);
        CHECK(command_meta(*back) == command_meta(c));
    }
    CHECK(command_to_json(commands[2])["amount"] == "100.50");
}

TEST_CASE("control_character_problem finds a control byte anywhere, in texts of every length") {
    // The check reads eight bytes at a time: a control byte must be found at every place of a
    // word and in the tail after the last whole word, and UTF-8 (bytes 0x80 and up), a space and
    // '~' are text.
    for (size_t length = 1; length <= 24; ++length) {
        const std::string clean = std::string(length, 'a');
        CHECK(es::bank::control_character_problem(clean).empty());
        for (size_t at = 0; at < length; ++at) {
            for (int byte = 0; byte < 256; ++byte) {
                std::string text = clean;
                text[at] = static_cast<char>(byte);
                const bool control = byte < 0x20 || byte == 0x7f;
                const std::string problem = es::bank::control_character_problem(text);
                INFO("byte " << byte << " at " << at << " of " << length);
                REQUIRE(problem.empty() == !control);
                if (control) CHECK(problem.find("at byte " + std::to_string(at + 1) + ";") != std::string::npos);
            }
        }
    }
    CHECK(es::bank::control_character_problem("Zoë paid £5 ~ ok").empty());
    CHECK(es::bank::control_character_problem("").empty());
}

}  // namespace ES_TEST_FILE_ID
