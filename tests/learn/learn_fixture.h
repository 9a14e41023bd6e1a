// A real bank log for the exercise tests: commands run by the Bank over an EventStore on
// MemoryStorage, and a free-form stream like the record_event tool's, built by hand.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "bank/bank.h"
#include "core/clock.h"
#include "core/event_store.h"
#include "core/uuid.h"
#include "storage/memory_storage.h"

namespace es::testing {

struct BankLog {
    MemoryStorage storage;
    ManualClock clock{1764000000000};
    UuidGenerator ids{19};
    EventStore store{storage, clock, ids};
    bank::Bank bank{store};

    BankLog() { REQUIRE(store.open().ok()); }
    BankLog& run(const bank::Command& command) {
        clock.advance(1000);
        auto r = bank.execute(command);
        REQUIRE_MESSAGE(r.ok(), r.error().message);
        return *this;
    }
    const RecordedLog& log() const { return store.recorded_log(); }
};

inline const bank::CommandMeta kTeller{"teller", "test", std::nullopt};

// #1 AccountCreated alice, #2 MoneyDeposited $200.00, #3 MoneyWithdrawn $50.00,
// #4 AccountCreated bob, #5 MoneyDeposited $30.00 (bob, by atm), #6 MoneyWithdrawn $20.00 (alice).
inline void fill_example(BankLog& b) {
    b.run(bank::OpenAccount{"alice", "Alice", "USD", std::nullopt, kTeller})
        .run(bank::Deposit{"alice", 20000, kTeller})
        .run(bank::Withdraw{"alice", 5000, kTeller})
        .run(bank::OpenAccount{"bob", "Bob", "USD", std::nullopt, kTeller})
        .run(bank::Deposit{"bob", 3000, bank::CommandMeta{"atm", "test", std::nullopt}})
        .run(bank::Withdraw{"alice", 2000, kTeller});
}

// A free-form stream "booking-1" of the given types, each with text "t<n>".
inline EventList free_form_log(std::initializer_list<const char*> types) {
    EventList log;
    for (const char* type : types) {
        RecordedEvent e;
        e.global_position = log.size() + 1;
        e.stream_id = "booking-1";
        e.stream_version = e.global_position;
        e.type = type;
        e.data = Json{{"time", "2026-12-0" + std::to_string(e.global_position % 10)}, {"text", "t" + std::to_string(e.global_position)}};
        log.push_back(e);
    }
    return log;
}

}  // namespace es::testing
