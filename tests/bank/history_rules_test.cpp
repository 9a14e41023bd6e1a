// bank/history_rules: given a recorded history, then it keeps every rule of the bank, or the
// first event that breaks one is named with its position and the rule (docs/EVENT_MODEL.md,
// "History rules"). One case per rule, plus the state continued across a copy (an import).
#include <doctest/doctest.h>

#include <limits>
#include <string>
#include <vector>

#include "bank/bank.h"
#include "bank/events.h"
#include "bank/history_rules.h"
#include "core/clock.h"
#include "core/event_store.h"
#include "core/uuid.h"
#include "bank/given_when_then.h"
#include "storage/memory_storage.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::bank;
using namespace es::bank::testing;

namespace {

const EventMetadata kMeta{"teller", "", "", ""};

AccountCreated opened(const std::string& id, const std::string& currency = "USD", int64_t limit = 0) {
    return AccountCreated{id, id + " owner", currency, limit};
}
MoneyDeposited deposit(const std::string& id, int64_t cents, const std::string& currency = "USD") {
    return MoneyDeposited{id, cents, currency, "teller"};
}
TransferSent sent(const std::string& from, const std::string& to, int64_t cents, const std::string& id = "t-1") {
    return TransferSent{id, from, to, cents};
}
TransferReceived received(const std::string& from, const std::string& to, int64_t cents, const std::string& id = "t-1") {
    return TransferReceived{id, to, from, cents};
}

}  // namespace

TEST_CASE("a history the Bank wrote keeps every rule: transfers, a reversal, a close at zero, a v1 deposit") {
    MemoryStorage storage;
    ManualClock clock{1700000000000};
    UuidGenerator ids{3};
    EventStore store{storage, clock, ids};
    REQUIRE(store.open().ok());
    Bank bank(store);
    const CommandMeta meta{"teller", "fix", std::nullopt};
    const std::vector<Command> commands = {
        OpenAccount{"alice", "Alice", "USD", 5000, meta}, OpenAccount{"bob", "Bob", "USD", std::nullopt, meta},
        Deposit{"alice", 10000, meta},                     Transfer{"alice", "bob", 14000, meta},
        Deposit{"bob", 700, meta},                         ReverseDeposit{"bob", 6, meta},
        Transfer{"bob", "alice", 14000, meta},             Deposit{"alice", 1000, meta},
        Withdraw{"alice", 11000, meta},                    CloseAccount{"alice", meta}};
    for (const Command& c : commands) {
        clock.advance(1000);
        auto r = bank.execute(c);
        REQUIRE_MESSAGE(r.ok(), r.error().message);
    }
    REQUIRE(store.append("account-bob", ExpectedVersion::any(), {make_legacy_deposit_v1("bob", 500, kMeta)}).ok());
    History given({});
    given.log = store.recorded_log().to_list();
    then_keeps_every_rule(given);
}

TEST_CASE("bank-event: an event the bank cannot read") {
    History given({opened("alice")});
    SUBCASE("an unknown type") {
        given.log[0].type = "AccountRenamed";
        then_breaks(given, 1, HistoryRule::BankEvent, {"AccountRenamed"});
    }
    SUBCASE("a negative amount") {
        given = History({opened("alice"), deposit("alice", 100)});
        given.log[1].data["amountCents"] = -1;
        then_breaks(given, 2, HistoryRule::BankEvent, {"amountCents"});
    }
}

TEST_CASE("own-stream: an account's events sit in its own stream") {
    History given({opened("alice"), opened("bob"), deposit("alice", 100)});
    given.log[2].stream_id = "account-bob";
    given.log[2].stream_version = 2;
    then_breaks(given, 3, HistoryRule::OwnStream, {"another account's stream"});
}

TEST_CASE("opened-once: a stream starts with its one AccountCreated") {
    then_breaks(History({opened("alice"), opened("alice")}), 2, HistoryRule::OpenedOnce, {"already exists"});
    then_breaks(History({deposit("alice", 100)}), 1, HistoryRule::OpenedOnce, {"before AccountCreated"});
}

TEST_CASE("nothing-after-close: no event follows AccountClosed") {
    then_breaks(History({opened("alice"), AccountClosed{"alice"}, deposit("alice", 100)}), 3,
                HistoryRule::NothingAfterClose, {"after AccountClosed"});
}

TEST_CASE("closed-at-zero: an account holding money, or owing it, is never closed") {
    then_breaks(History({opened("alice"), deposit("alice", 6300), AccountClosed{"alice"}}), 3, HistoryRule::ClosedAtZero,
                {"account-alice", "$63.00"});
    then_breaks(History({opened("alice", "USD", 1000), MoneyWithdrawn{"alice", 500}, AccountClosed{"alice"}}), 3,
                HistoryRule::ClosedAtZero, {"-$5.00"});
    then_keeps_every_rule(History({opened("alice"), deposit("alice", 6300), MoneyWithdrawn{"alice", 6300}, AccountClosed{"alice"}}));
}

TEST_CASE("within-overdraft: the balance never goes below minus the overdraft limit") {
    then_keeps_every_rule(History({opened("alice", "USD", 5000), deposit("alice", 7300), MoneyWithdrawn{"alice", 12300}}));
    then_breaks(History({opened("alice", "USD", 5000), deposit("alice", 7300), MoneyWithdrawn{"alice", 1000000000}}), 3,
                HistoryRule::WithinOverdraft, {"-$9999927.00", "$50.00"});
    SUBCASE("a transfer or a reversal takes money out too") {
        then_breaks(History({opened("alice"), opened("bob"), sent("alice", "bob", 1), received("alice", "bob", 1)}), 3,
                    HistoryRule::WithinOverdraft);
        History reversed({opened("alice"), deposit("alice", 100), MoneyWithdrawn{"alice", 100}});
        reversed.add(to_new_event(DepositReversed{"alice", 100, 2, "ev-2"}, kMeta));
        then_breaks(reversed, 4, HistoryRule::WithinOverdraft, {"-$1.00"});
    }
}

TEST_CASE("transfer-paired: a TransferSent is followed at once by its TransferReceived, in its batch") {
    const std::vector<BankEvent> accounts = {opened("alice"), opened("bob"), deposit("alice", 1000)};
    auto with = [&](std::vector<BankEvent> more) {
        std::vector<BankEvent> all = accounts;
        all.insert(all.end(), more.begin(), more.end());
        return History(all);
    };
    then_keeps_every_rule(with({sent("alice", "bob", 300), received("alice", "bob", 300)}));
    SUBCASE("money that vanishes: no TransferReceived before the log ends") {
        then_breaks(with({sent("alice", "bob", 300)}), 4, HistoryRule::TransferPaired, {"t-1", "has no TransferReceived"});
    }
    SUBCASE("another event in between") {
        then_breaks(with({sent("alice", "bob", 300), deposit("alice", 1), received("alice", "bob", 300)}), 5,
                    HistoryRule::TransferPaired, {"position 4", "MoneyDeposited"});
    }
    SUBCASE("a different amount, transfer id or account") {
        then_breaks(with({sent("alice", "bob", 300), received("alice", "bob", 30000)}), 5, HistoryRule::TransferPaired);
        then_breaks(with({sent("alice", "bob", 300), received("alice", "bob", 300, "t-2")}), 5, HistoryRule::TransferPaired);
        then_breaks(with({opened("carol"), sent("alice", "bob", 300), received("alice", "carol", 300)}), 6,
                    HistoryRule::TransferPaired);
    }
    SUBCASE("money from nowhere: a TransferReceived alone") {
        then_breaks(with({received("alice", "bob", 300)}), 4, HistoryRule::TransferPaired, {"without its TransferSent"});
    }
    SUBCASE("to its own account") {
        then_breaks(with({sent("alice", "alice", 300)}), 4, HistoryRule::TransferPaired, {"to itself"});
    }
    SUBCASE("split across two batches (a commit marker between them)") {
        History given = with({sent("alice", "bob", 300), received("alice", "bob", 300)});
        HistoryRules rules(kHistoryNowMs);
        for (size_t i = 0; i < 4; ++i) REQUIRE(rules.take(given.log[i], nullptr).ok());
        REQUIRE_FALSE(rules.end_batch().ok());
        REQUIRE(rules.broken());
        CHECK(rules.broken()->rule == HistoryRule::TransferPaired);
        CHECK(rules.broken()->position == 4);
    }
}

TEST_CASE("same-currency: deposits and transfers in the account's own currency") {
    then_breaks(History({opened("alice"), deposit("alice", 100, "EUR")}), 2, HistoryRule::SameCurrency, {"EUR", "USD"});
    then_breaks(History({opened("alice"), opened("eve", "EUR"), deposit("alice", 1000), sent("alice", "eve", 300),
                         received("alice", "eve", 300)}),
                5, HistoryRule::SameCurrency, {"sent in USD", "a EUR account"});
}

TEST_CASE("no-overflow: no balance leaves the int64 range of cents") {
    const int64_t max = std::numeric_limits<int64_t>::max();
    then_breaks(History({opened("alice"), deposit("alice", max), deposit("alice", 1)}), 3, HistoryRule::NoOverflow,
                {"overflows"});
}

TEST_CASE("reversal-names-deposit: an earlier deposit of the same account, by position, id and amount, once") {
    auto reversal = [](std::vector<BankEvent> before, DepositReversed r) {
        History h(before);
        h.add(to_new_event(r, kMeta));
        return h;
    };
    const std::vector<BankEvent> before = {opened("alice"), deposit("alice", 500), opened("bob"), deposit("bob", 500),
                                           MoneyWithdrawn{"bob", 1}};
    then_keeps_every_rule(reversal(before, DepositReversed{"alice", 500, 2, "ev-2"}));
    then_breaks(reversal(before, DepositReversed{"alice", 500, 5, "ev-5"}), 6, HistoryRule::ReversalNamesDeposit,
                {"MoneyWithdrawn"});
    then_breaks(reversal(before, DepositReversed{"alice", 500, 4, "ev-4"}), 6, HistoryRule::ReversalNamesDeposit,
                {"account-bob"});
    then_breaks(reversal(before, DepositReversed{"alice", 500, 9, "ev-9"}), 6, HistoryRule::ReversalNamesDeposit,
                {"not before it"});
    then_breaks(reversal(before, DepositReversed{"alice", 500, 2, "ev-7"}), 6, HistoryRule::ReversalNamesDeposit, {"ev-7"});
    then_breaks(reversal(before, DepositReversed{"alice", 400, 2, "ev-2"}), 6, HistoryRule::ReversalNamesDeposit,
                {"4.00", "5.00"});
    History twice = reversal({opened("alice"), deposit("alice", 500), deposit("alice", 500)}, DepositReversed{"alice", 500, 2, "ev-2"});
    twice.add(to_new_event(DepositReversed{"alice", 500, 2, "ev-2"}, kMeta));
    then_breaks(twice, 5, HistoryRule::ReversalNamesDeposit, {"a second time"});
}

TEST_CASE("time-moves-forward: recordedAt never decreases along the log") {
    History given({opened("alice"), deposit("alice", 100), deposit("alice", 100)});
    given.log[2].recorded_at_ms = given.log[1].recorded_at_ms;  // the same millisecond is fine
    then_keeps_every_rule(given);
    given.log[2].recorded_at_ms = given.log[1].recorded_at_ms - 1;
    then_breaks(given, 3, HistoryRule::TimeMovesForward, {std::to_string(given.log[2].recorded_at_ms)});
}

TEST_CASE("time-in-range: recordedAt from 2000-01-01 to now + 1 day") {
    History given({opened("alice"), deposit("alice", 100)});
    const int64_t now = given.log[1].recorded_at_ms;
    given.log[0].recorded_at_ms = kEarliestRecordedAtMs;
    CHECK_FALSE(first_broken(given, now - kRecordedAtSlackMs));  // exactly a day ahead of "now" is fine
    then_breaks(given, 2, HistoryRule::TimeInRange, {"now + 1 day"}, now - kRecordedAtSlackMs - 1);
    given.log[0].recorded_at_ms = kEarliestRecordedAtMs - 1;
    then_breaks(given, 1, HistoryRule::TimeInRange, {"2000-01-01"});
    given.log[0].recorded_at_ms = now;
    given.log[1].recorded_at_ms = std::numeric_limits<int64_t>::max();
    then_breaks(given, 2, HistoryRule::TimeInRange, {"9223372036854775807"});
}

TEST_CASE("text-is-text: no control character in an owner, a depositor, an actor or a reason") {
    then_keeps_every_rule(History({opened("alice"), deposit("alice", 100)}));
    SUBCASE("the owner") {
        History given({AccountCreated{"alice", "Al\x1b[31mice", "USD", 0}});
        then_breaks(given, 1, HistoryRule::TextIsText, {"the owner", "U+001B"});
    }
    SUBCASE("the depositor") {
        History given({opened("alice"), MoneyDeposited{"alice", 100, "USD", "a\nFAKE LINE"}});
        then_breaks(given, 2, HistoryRule::TextIsText, {"the depositedBy", "U+000A"});
    }
    SUBCASE("the actor and the reason") {
        History given({opened("alice"), deposit("alice", 100)});
        given.log[1].metadata.actor = std::string("te\0ller", 7);
        then_breaks(given, 2, HistoryRule::TextIsText, {"the actor", "U+0000"});
        given.log[1].metadata.actor = "teller";
        given.log[1].metadata.reason = "why\x7f";
        then_breaks(given, 2, HistoryRule::TextIsText, {"the reason", "U+007F"});
    }
}

TEST_CASE("the rules continue from a state: a copy checks what follows, the original is left as it was") {
    History given({opened("alice", "USD", 100), deposit("alice", 500), MoneyWithdrawn{"alice", 550}});
    HistoryRules store(kHistoryNowMs);
    REQUIRE(store.take(given.log[0], nullptr).ok());
    REQUIRE(store.take(given.log[1], nullptr).ok());
    CHECK(store.position() == 2);

    HistoryRules import = store;  // continues the store's accounts: alice holds 5.00 with a 1.00 limit
    REQUIRE(import.take(given.log[2], nullptr).ok());
    given.log[2].data["amountCents"] = 700;
    HistoryRules forged = store;
    CHECK_FALSE(forged.take(given.log[2], nullptr).ok());
    CHECK(forged.broken()->rule == HistoryRule::WithinOverdraft);
    CHECK_FALSE(store.broken());
    CHECK(store.position() == 2);
    // Once broken, a state refuses everything after.
    CHECK_FALSE(forged.take(given.log[2], nullptr).ok());
}

TEST_CASE("free-form events, when allowed, are checked for time only") {
    History given({opened("alice")});
    RecordedEvent woke = given.log[0];
    woke.type = "WokeUp";
    woke.stream_id = "day";
    woke.global_position = 2;
    woke.recorded_at_ms += 1000;
    woke.data = Json{{"time", "07:00"}, {"text", "alarm"}};
    given.log.push_back(woke);
    then_breaks(given, 2, HistoryRule::BankEvent, {"WokeUp"});
    HistoryRules rules(kHistoryNowMs);
    rules.allow_free_form(true);
    REQUIRE(rules.take(given.log[0], nullptr).ok());
    CHECK(rules.take(given.log[1], nullptr).ok());
    woke.global_position = 3;
    woke.recorded_at_ms = 0;
    CHECK_FALSE(rules.take(woke, nullptr).ok());
    CHECK(rules.broken()->rule == HistoryRule::TimeInRange);
}

}  // namespace ES_TEST_FILE_ID
