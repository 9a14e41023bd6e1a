// Every business rule of the account decider as Given/When/Then: given these events, when this
// command, then these events or this error.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>

#include "given_when_then.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::bank;
using namespace es::bank::testing;

namespace {

const CommandMeta kMeta{"teller", "test", std::nullopt};
const AccountCreated kAlice{"alice", "Alice", "USD", 0};
const AccountCreated kBob{"bob", "Bob", "USD", 0};
const AccountCreated kEve{"eve", "Eve", "EUR", 0};

MoneyDeposited deposited(const std::string& id, int64_t cents) {
    return MoneyDeposited{id, cents, "USD", "teller"};
}

}  // namespace

TEST_CASE("OpenAccount") {
    SUBCASE("given nothing, opening creates the account") {
        then_events({}, OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta}, {kAlice});
        then_events({}, OpenAccount{"carol", "Carol", "GBP", 10000, kMeta},
                    {AccountCreated{"carol", "Carol", "GBP", 10000}});
    }
    SUBCASE("opening an existing account is AlreadyExists") {
        then_error({kAlice}, OpenAccount{"alice", "Someone", "USD", std::nullopt, kMeta},
                   ErrorCode::AlreadyExists, {"alice", "already exists", "choose another"});
    }
    SUBCASE("a closed account's id cannot be reused") {
        then_error({kAlice, AccountClosed{"alice"}},
                   OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta},
                   ErrorCode::AlreadyExists, {"closed"});
    }
    SUBCASE("malformed commands built in code are refused too") {
        then_error({}, OpenAccount{"bad id", "A", "USD", std::nullopt, kMeta},
                   ErrorCode::InvalidArgument, {"letters, digits"});
        then_error({}, OpenAccount{"a", "", "USD", std::nullopt, kMeta},
                   ErrorCode::InvalidArgument, {"owner"});
        then_error({}, OpenAccount{"a", "A", "usd", std::nullopt, kMeta},
                   ErrorCode::InvalidArgument, {"currency"});
        then_error({}, OpenAccount{"a", "A", "USD", -1, kMeta}, ErrorCode::InvalidArgument,
                   {"overdraft"});
        then_error({}, OpenAccount{"a", "A", "USD", std::nullopt, {"", "", std::nullopt}},
                   ErrorCode::InvalidArgument, {"actor"});
    }
}

TEST_CASE("Deposit") {
    SUBCASE("records the amount, the account's currency and who deposited") {
        then_events({kAlice}, Deposit{"alice", 2500, kMeta}, {deposited("alice", 2500)});
    }
    SUBCASE("the amount must be positive") {
        then_error({kAlice}, Deposit{"alice", 0, kMeta}, ErrorCode::InvalidArgument,
                   {"must be positive"});
        then_error({kAlice}, Deposit{"alice", -100, kMeta}, ErrorCode::InvalidArgument,
                   {"must be positive"});
    }
    SUBCASE("unknown account") {
        then_error({}, Deposit{"ghost", 100, kMeta}, ErrorCode::NotFound,
                   {"\"ghost\" does not exist", "OpenAccount"});
    }
    SUBCASE("closed account") {
        then_error({kAlice, AccountClosed{"alice"}}, Deposit{"alice", 100, kMeta},
                   ErrorCode::Rejected, {"closed"});
    }
    SUBCASE("int64 overflow of the balance") {
        const int64_t max = std::numeric_limits<int64_t>::max();
        then_error({kAlice, deposited("alice", max - 10)}, Deposit{"alice", 11, kMeta},
                   ErrorCode::Rejected, {"largest amount"});
        then_events({kAlice, deposited("alice", max - 10)}, Deposit{"alice", 10, kMeta},
                    {deposited("alice", 10)});
    }
}

TEST_CASE("Withdraw") {
    SUBCASE("within the balance") {
        then_events({kAlice, deposited("alice", 5000)}, Withdraw{"alice", 5000, kMeta},
                    {MoneyWithdrawn{"alice", 5000}});
    }
    SUBCASE("no overdraft beyond the limit: the message shows the numbers") {
        then_error({kAlice, deposited("alice", 5000)}, Withdraw{"alice", 8000, kMeta},
                   ErrorCode::Rejected,
                   {"cannot withdraw $80.00: balance is $50.00 and the overdraft limit is $0.00",
                    "at most $50.00"});
    }
    SUBCASE("an overdraft limit lets the balance go negative, down to the limit") {
        const AccountCreated with_limit{"alice", "Alice", "USD", 10000};
        then_events({with_limit, deposited("alice", 5000)}, Withdraw{"alice", 15000, kMeta},
                    {MoneyWithdrawn{"alice", 15000}});
        then_error({with_limit, deposited("alice", 5000)}, Withdraw{"alice", 15001, kMeta},
                   ErrorCode::Rejected, {"overdraft limit is $100.00"});
    }
    SUBCASE("amount, unknown and closed accounts") {
        then_error({kAlice}, Withdraw{"alice", 0, kMeta}, ErrorCode::InvalidArgument);
        then_error({}, Withdraw{"ghost", 1, kMeta}, ErrorCode::NotFound);
        then_error({kAlice, AccountClosed{"alice"}}, Withdraw{"alice", 1, kMeta},
                   ErrorCode::Rejected, {"closed"});
    }
    SUBCASE("int64 overflow below zero is refused, not wrapped") {
        const AccountCreated huge_limit{"alice", "Alice", "USD",
                                        std::numeric_limits<int64_t>::max()};
        then_error({huge_limit, MoneyWithdrawn{"alice", std::numeric_limits<int64_t>::max()}},
                   Withdraw{"alice", 2, kMeta}, ErrorCode::Rejected);
    }
}

TEST_CASE("Transfer") {
    const std::vector<BankEvent> both = {kAlice, kBob, deposited("alice", 10000)};

    SUBCASE("writes TransferSent and TransferReceived sharing a transfer id") {
        // alice's stream is at version 2 (created, deposited), so the id names version 3.
        then_events(both, Transfer{"alice", "bob", 2500, kMeta},
                    {TransferSent{"transfer-alice-3", "alice", "bob", 2500},
                     TransferReceived{"transfer-alice-3", "bob", "alice", 2500}});
        auto events = when(History(both), Transfer{"alice", "bob", 2500, kMeta});
        REQUIRE(events.ok());
        CHECK((*events)[0].metadata.correlation_id == "transfer-alice-3");
        CHECK((*events)[1].metadata.correlation_id == "transfer-alice-3");
        CHECK((*events)[0].metadata.actor == "teller");
    }
    SUBCASE("to the same account") {
        then_error(both, Transfer{"alice", "alice", 100, kMeta}, ErrorCode::InvalidArgument,
                   {"to itself"});
    }
    SUBCASE("currency mismatch") {
        then_error({kAlice, kEve, deposited("alice", 10000)}, Transfer{"alice", "eve", 100, kMeta},
                   ErrorCode::Rejected, {"USD", "EUR", "same currency"});
    }
    SUBCASE("not enough money") {
        then_error(both, Transfer{"alice", "bob", 10001, kMeta}, ErrorCode::Rejected,
                   {"cannot transfer $100.01: balance is $100.00"});
    }
    SUBCASE("unknown or closed accounts on either side") {
        then_error(both, Transfer{"alice", "ghost", 1, kMeta}, ErrorCode::NotFound, {"ghost"});
        then_error(both, Transfer{"ghost", "alice", 1, kMeta}, ErrorCode::NotFound, {"ghost"});
        then_error({kAlice, kBob, deposited("alice", 100), AccountClosed{"bob"}},
                   Transfer{"alice", "bob", 1, kMeta}, ErrorCode::Rejected, {"closed"});
    }
    SUBCASE("amount must be positive") {
        then_error(both, Transfer{"alice", "bob", 0, kMeta}, ErrorCode::InvalidArgument);
    }
    SUBCASE("overflow of the receiving balance") {
        then_error({kAlice, kBob, deposited("alice", 100),
                    deposited("bob", std::numeric_limits<int64_t>::max())},
                   Transfer{"alice", "bob", 100, kMeta}, ErrorCode::Rejected, {"largest amount"});
    }
    SUBCASE("plain decide() points to decide_transfer") {
        auto r = decide(Transfer{"alice", "bob", 1, kMeta}, History(both).state_of("alice"));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.find("decide_transfer") != std::string::npos);
    }
}

TEST_CASE("CloseAccount") {
    SUBCASE("at zero balance") {
        then_events({kAlice}, CloseAccount{"alice", kMeta}, {AccountClosed{"alice"}});
        then_events({kAlice, deposited("alice", 100), MoneyWithdrawn{"alice", 100}},
                    CloseAccount{"alice", kMeta}, {AccountClosed{"alice"}});
    }
    SUBCASE("with money left") {
        then_error({kAlice, deposited("alice", 1200)}, CloseAccount{"alice", kMeta},
                   ErrorCode::Rejected, {"balance is $12.00", "withdraw or transfer"});
    }
    SUBCASE("overdrawn") {
        then_error({AccountCreated{"alice", "Alice", "USD", 1000}, MoneyWithdrawn{"alice", 300}},
                   CloseAccount{"alice", kMeta}, ErrorCode::Rejected, {"deposit $3.00"});
    }
    SUBCASE("twice, or unknown") {
        then_error({kAlice, AccountClosed{"alice"}}, CloseAccount{"alice", kMeta},
                   ErrorCode::Rejected, {"closed"});
        then_error({}, CloseAccount{"ghost", kMeta}, ErrorCode::NotFound);
    }
}

}  // namespace ES_TEST_FILE_ID
