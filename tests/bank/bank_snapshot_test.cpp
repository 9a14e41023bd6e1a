// Given/When/Then for the Bank over snapshots that cannot be trusted: given alice's history and
// a snapshot of it, when the snapshot was tampered with (a cached balance raised, a malformed
// state, a rebound position), then the Bank decides exactly as from the events alone. A snapshot
// never changes a decision or fails a command.
#include <doctest/doctest.h>

#include <functional>

#include "bank/bank.h"
#include "core/clock.h"
#include "core/event_store.h"
#include "core/snapshot_codec.h"
#include "core/snapshots.h"
#include "core/uuid.h"
#include "storage/memory_storage.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::bank;

namespace {

const CommandMeta kMeta{"teller", "test", std::nullopt};

// Given: alice opened and 99.00 deposited, a snapshot at stream version 2 (balance 99.00).
struct GivenAliceWithSnapshot {
    MemoryStorage storage;
    ManualClock clock{1700000000000};
    UuidGenerator ids{11};
    EventStore store{storage, clock, ids};
    std::unique_ptr<Bank> bank;

    GivenAliceWithSnapshot() {
        REQUIRE(store.open().ok());
        BankOptions opts;
        opts.snapshot_storage = &storage;
        opts.snapshot_policy.every_n_events = 2;
        opts.clock = &clock;
        bank = std::make_unique<Bank>(store, opts);
        REQUIRE(bank->execute(OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta}).ok());
        REQUIRE(bank->execute(Deposit{"alice", 9900, kMeta}).ok());
        REQUIRE(storage.list_snapshots().size() == 1);
    }

    // When: someone edits the snapshot (and, with `reseal`, recomputes its checksum).
    void tamper(const std::function<void(Snapshot&)>& edit, bool reseal) {
        Snapshot& s = storage.snapshots_for_testing()[0];
        edit(s);
        if (reseal) s.checksum = snapshot_checksum(s);
    }

    // Then: a withdrawal of 500,000.00 is refused and writes nothing...
    void then_big_withdrawal_refused() {
        const uint64_t head = store.head_position();
        auto r = bank->execute(Withdraw{"alice", 50000000, kMeta});
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::Rejected);
        CHECK(r.error().message.find("99.00") != std::string::npos);
        CHECK(store.head_position() == head);
    }
    // ...and a small one works, from the true balance.
    void then_small_withdrawal_works() {
        auto r = bank->execute(Withdraw{"alice", 900, kMeta});
        REQUIRE_MESSAGE(r.ok(), r.error().message);
        CHECK_FALSE(r->used_snapshot);
        auto a = bank->load_account("alice");
        REQUIRE(a.ok());
        CHECK(a->balance_cents == 9000);
    }
};

}  // namespace

TEST_CASE("given a snapshot whose cached balance was raised, a withdrawal beyond the true balance is refused") {
    GivenAliceWithSnapshot g;
    g.tamper([](Snapshot& s) { s.state["balanceCents"] = 100000000; }, /*reseal=*/false);
    CHECK(audit_snapshots(g.store, g.storage).size() == 1);
    g.then_big_withdrawal_refused();
    g.then_small_withdrawal_works();
}

TEST_CASE("given a snapshot with a malformed state, commands on the account still work") {
    GivenAliceWithSnapshot g;
    SUBCASE("edited by hand: the checksum catches it") {
        g.tamper([](Snapshot& s) { s.state = Json{{"balanceCents", "lots"}}; }, false);
    }
    SUBCASE("checksum recomputed: the fold refuses the state") {
        g.tamper([](Snapshot& s) { s.state = Json{{"balanceCents", "lots"}}; }, true);
        CHECK(audit_snapshots(g.store, g.storage).empty());  // bound to the log, but unreadable
    }
    g.then_big_withdrawal_refused();
    g.then_small_withdrawal_works();
}

TEST_CASE("given a snapshot that does not match the log, it is ignored and the state rebuilt from events") {
    GivenAliceWithSnapshot g;
    SUBCASE("a position beyond the head") {
        g.tamper([](Snapshot& s) { s.global_position = 40; }, true);
    }
    SUBCASE("another event hash at its position") {
        g.tamper([](Snapshot& s) { s.event_hash = std::string(64, '0'); }, true);
    }
    SUBCASE("an old snapshot line without eventHash and checksum") {
        g.tamper([](Snapshot& s) { s.event_hash.clear(); s.checksum.clear(); }, false);
    }
    REQUIRE(audit_snapshots(g.store, g.storage).size() == 1);
    g.then_big_withdrawal_refused();
    g.then_small_withdrawal_works();
}

}  // namespace ES_TEST_FILE_ID
