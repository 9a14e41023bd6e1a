// The Bank command handler end to end over an EventStore on MemoryStorage: load, decide, append
// with optimistic concurrency, atomic transfers, snapshots, legacy events and projections.
#include <doctest/doctest.h>

#include "bank/bank.h"
#include "bank/events.h"
#include "bank/projections.h"
#include "core/clock.h"
#include "core/event_store.h"
#include "core/uuid.h"
#include "storage/memory_storage.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::bank;

namespace {

const CommandMeta kMeta{"teller", "test", std::nullopt};

struct BankFixture {
    MemoryStorage storage;
    ManualClock clock{1700000000000};
    UuidGenerator ids{7};
    EventStore store{storage, clock, ids};

    BankFixture() { REQUIRE(store.open().ok()); }

    // Runs a command that must succeed.
    CommandOutcome run(Bank& bank, const Command& c) {
        auto r = bank.execute(c);
        REQUIRE_MESSAGE(r.ok(), r.error().message);
        return std::move(r).value();
    }

    void open_two(Bank& bank) {
        run(bank, OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta});
        run(bank, OpenAccount{"bob", "Bob", "USD", std::nullopt, kMeta});
        run(bank, Deposit{"alice", 10000, kMeta});
    }
};

}  // namespace

TEST_CASE("commands become events in the account's stream") {
    BankFixture f;
    Bank bank(f.store);
    CHECK(f.store.upcasters() == &bank_upcasters());

    auto opened = f.run(bank, OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta});
    REQUIRE(opened.events.size() == 1);
    CHECK(opened.events[0].type == "AccountCreated");
    CHECK(opened.events[0].stream_id == "account-alice");
    CHECK(opened.events[0].metadata.actor == "teller");
    CHECK(opened.stream_versions.at("account-alice") == 1);
    CHECK(opened.events_applied == 0);

    auto dep = f.run(bank, Deposit{"alice", 2500, kMeta});
    CHECK(dep.events_applied == 1);
    CHECK(dep.stream_versions.at("account-alice") == 2);
    f.run(bank, Withdraw{"alice", 500, kMeta});

    auto state = bank.load_account("alice");
    REQUIRE(state.ok());
    CHECK(state->balance_cents == 2000);
    CHECK(state->version == 3);
    CHECK(f.store.head_position() == 3);
}

TEST_CASE("a mistaken deposit is reversed by an event that names it, through the store's positions") {
    BankFixture f;
    Bank bank(f.store);
    f.run(bank, OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta});
    f.run(bank, Deposit{"alice", 5000, kMeta});
    auto mistake = f.run(bank, Deposit{"alice", 50000, kMeta});
    const uint64_t position = mistake.events[0].global_position;
    auto reversed = f.run(bank, ReverseDeposit{"alice", position, {"teller", "500.00 instead of 50.00", std::nullopt}});
    REQUIRE(reversed.events.size() == 1);
    CHECK(reversed.events[0].type == "DepositReversed");
    CHECK(reversed.events[0].data["reversedPosition"] == position);
    CHECK(reversed.events[0].data["reversedEventId"] == mistake.events[0].event_id);
    CHECK(bank.load_account("alice")->balance_cents == 5000);
    auto twice = bank.execute(ReverseDeposit{"alice", position, {"teller", "again", std::nullopt}});
    REQUIRE_FALSE(twice.ok());
    CHECK(twice.error().code == ErrorCode::Rejected);
    CHECK(f.store.head_position() == 4);  // the refusal wrote nothing
    auto json = command_from_json(command_to_json(ReverseDeposit{"alice", position, {"teller", "why", std::nullopt}}));
    REQUIRE(json.ok());
    CHECK(std::get<ReverseDeposit>(*json).deposit_position == position);
}

TEST_CASE("a rejected command writes nothing") {
    BankFixture f;
    Bank bank(f.store);
    f.open_two(bank);
    const uint64_t head = f.store.head_position();

    auto over = bank.execute(Withdraw{"alice", 10001, kMeta});
    REQUIRE_FALSE(over.ok());
    CHECK(over.error().code == ErrorCode::Rejected);
    CHECK(bank.execute(Deposit{"ghost", 1, kMeta}).error().code == ErrorCode::NotFound);
    CHECK(bank.execute(OpenAccount{"bob", "B", "USD", std::nullopt, kMeta}).error().code ==
          ErrorCode::AlreadyExists);
    CHECK(bank.execute(Deposit{"bad id!", 1, kMeta}).error().code == ErrorCode::InvalidArgument);
    CHECK(f.store.head_position() == head);
}

TEST_CASE("a stale expectedVersion is a Conflict and writes nothing") {
    BankFixture f;
    Bank bank(f.store);
    f.open_two(bank);  // alice is at version 2

    CommandMeta saw_v1{"teller", "", 1};
    const uint64_t head = f.store.head_position();
    auto stale = bank.execute(Withdraw{"alice", 100, saw_v1});
    REQUIRE_FALSE(stale.ok());
    CHECK(stale.error().code == ErrorCode::Conflict);
    CHECK(stale.error().message.find("version 2") != std::string::npos);
    CHECK(stale.error().message.find("reload") != std::string::npos);
    // Conflict wins over business rules: the caller must look again before anything else.
    CHECK(bank.execute(Withdraw{"alice", 999999, saw_v1}).error().code == ErrorCode::Conflict);
    CHECK(bank.execute(Transfer{"alice", "bob", 1, saw_v1}).error().code == ErrorCode::Conflict);
    CHECK(f.store.head_position() == head);

    CommandMeta saw_v2{"teller", "", 2};
    auto fresh = bank.execute(Withdraw{"alice", 100, saw_v2});
    REQUIRE(fresh.ok());
    CHECK(fresh->stream_versions.at("account-alice") == 3);
}

TEST_CASE("a transfer writes both streams in one atomic append") {
    BankFixture f;
    Bank bank(f.store);
    f.open_two(bank);

    auto t = f.run(bank, Transfer{"alice", "bob", 2500, kMeta});
    REQUIRE(t.events.size() == 2);
    CHECK(t.transfer_id == "transfer-alice-3");
    CHECK(t.events[0].type == "TransferSent");
    CHECK(t.events[0].stream_id == "account-alice");
    CHECK(t.events[1].type == "TransferReceived");
    CHECK(t.events[1].stream_id == "account-bob");
    CHECK(t.events[1].global_position == t.events[0].global_position + 1);
    CHECK(t.events[0].data["transferId"] == t.events[1].data["transferId"]);
    CHECK(t.stream_versions.at("account-alice") == 3);
    CHECK(t.stream_versions.at("account-bob") == 2);
    CHECK(t.events_applied == 2 + 1);
    CHECK(bank.load_account("alice")->balance_cents == 7500);
    CHECK(bank.load_account("bob")->balance_cents == 2500);

    SUBCASE("when the medium fails, neither side is written") {
        const uint64_t head = f.store.head_position();
        f.storage.fail_next_append(make_error(ErrorCode::Io, "disk full"));
        auto failed = bank.execute(Transfer{"alice", "bob", 100, kMeta});
        REQUIRE_FALSE(failed.ok());
        CHECK(failed.error().code == ErrorCode::Io);
        CHECK(f.store.head_position() == head);
        CHECK(f.storage.head_position() == head);
        CHECK(bank.load_account("alice")->balance_cents == 7500);
        CHECK(bank.load_account("bob")->balance_cents == 2500);
    }
    SUBCASE("a rejected transfer writes neither side") {
        const uint64_t head = f.store.head_position();
        CHECK(bank.execute(Transfer{"alice", "bob", 7501, kMeta}).error().code ==
              ErrorCode::Rejected);
        CHECK(f.store.head_position() == head);
    }
}

TEST_CASE("execute_json parses, then executes") {
    BankFixture f;
    Bank bank(f.store);
    auto r = bank.execute_json({{"type", "OpenAccount"}, {"accountId", "carol"}, {"owner", "Carol"},
                                {"currency", "EUR"}, {"actor", "clerk"}});
    REQUIRE(r.ok());
    auto bad = bank.execute_json({{"type", "Deposit"}, {"accountId", "carol"}, {"amount", 5}});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("Deposit.amount") != std::string::npos);
}

TEST_CASE("legacy v1 deposits in the log are upcast when the Bank loads an account") {
    BankFixture f;
    Bank bank(f.store);
    f.run(bank, OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta});
    auto legacy = f.store.append("account-alice", ExpectedVersion::exactly(1),
                                 {make_legacy_deposit_v1("alice", 4200, {"old-teller", "", "", ""})});
    REQUIRE(legacy.ok());
    CHECK(f.store.recorded_log().back().schema_version == 1);  // stored as written

    f.run(bank, Withdraw{"alice", 200, kMeta});
    CHECK(bank.load_account("alice")->balance_cents == 4000);
    auto read = f.store.read_stream("account-alice");
    REQUIRE(read.ok());
    CHECK((*read)[1].schema_version == 2);
    CHECK((*read)[1].data["depositedBy"] == "old-teller");
}

TEST_CASE("with snapshots the Bank folds only the tail and reaches the same state") {
    BankFixture f;
    BankOptions opts;
    opts.snapshot_storage = &f.storage;
    opts.snapshot_policy.every_n_events = 5;
    opts.clock = &f.clock;
    Bank with_snapshots(f.store, opts);
    Bank without(f.store);

    f.run(with_snapshots, OpenAccount{"alice", "Alice", "USD", 50000, kMeta});
    for (int i = 0; i < 11; ++i) {
        f.run(with_snapshots, i % 3 == 0 ? Command(Withdraw{"alice", 700, kMeta})
                                         : Command(Deposit{"alice", 300, kMeta}));
    }
    // Versions 1..12; snapshots at 5 and 10.
    CHECK(f.storage.list_snapshots().size() == 2);
    auto next = f.run(with_snapshots, Deposit{"alice", 1, kMeta});
    CHECK(next.used_snapshot);
    CHECK(next.events_applied == 2);  // versions 11 and 12 after the snapshot at 10

    auto a = with_snapshots.load_account("alice");
    auto b = without.load_account("alice");
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(*a == *b);
    CHECK(a->version == 13);
    CHECK(a->balance_cents == 7 * 300 - 4 * 700 + 1);
}

TEST_CASE("projections follow the store, the buggy balances v1 is fixed by a rebuild") {
    BankFixture f;
    Bank bank(f.store);
    BalancesProjection buggy(1);
    AuditTrailProjection audit;
    auto buggy_sub = f.store.subscribe(buggy);
    auto audit_sub = f.store.subscribe(audit);
    REQUIRE(buggy_sub.ok());
    REQUIRE(audit_sub.ok());

    f.open_two(bank);
    f.run(bank, Transfer{"alice", "bob", 4000, kMeta});
    CHECK(buggy.balance_of("bob") == 0);  // the v1 bug: TransferReceived ignored
    CHECK(bank.load_account("bob")->balance_cents == 4000);
    CHECK(audit.rows().size() == f.store.head_position());

    buggy.set_version(2);
    REQUIRE(f.store.rebuild(buggy).ok());
    CHECK(buggy.balance_of("bob") == 4000);
    CHECK(buggy.balance_of("alice") == 6000);
    f.store.unsubscribe(*buggy_sub);  // the projections die before the store
    f.store.unsubscribe(*audit_sub);
}

}  // namespace ES_TEST_FILE_ID
