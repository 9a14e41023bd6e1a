// A random bank history for property tests over whole logs: commands through the Bank (some
// refused), transfers, closes, EUR and USD accounts, legacy v1 deposits that readers see upcast,
// and events on a known type whose payload the strict decoder refuses. Also the balances
// projection to compare a rebuild with: one that folds every event through apply().
#pragma once

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "bank/bank.h"
#include "bank/events.h"
#include "bank/projections.h"
#include "core/clock.h"
#include "core/event_store.h"
#include "core/uuid.h"
#include "storage/memory_storage.h"

namespace es::bank::testing {

// A store over memory with the bank's upcasters.
struct World {
    MemoryStorage storage;
    ManualClock clock{1700000000000};
    UuidGenerator ids{7};
    EventStore store{storage, clock, ids};
    World() {
        REQUIRE(store.open().ok());
        store.set_upcasters(&bank_upcasters());
    }
};

// `steps` random commands and events, seeded, through `bank` (over `store`, whose clock is `clock`).
inline void run_random_history(EventStore& store, ManualClock& clock, Bank& bank, uint64_t seed, int steps) {
    std::mt19937_64 rng(seed);
    const std::vector<std::string> ids = {"a1", "a2", "a3", "a4"};
    const CommandMeta meta{"property", "random", std::nullopt};
    for (int i = 0; i < steps; ++i) {
        clock.advance(60000);
        const std::string& a = ids[rng() % ids.size()];
        const std::string& b = ids[rng() % ids.size()];
        const int64_t amount = static_cast<int64_t>(rng() % 20000);
        switch (rng() % 10) {
            case 0: (void)bank.execute(OpenAccount{a, "Owner " + a, rng() % 3 ? "USD" : "EUR", std::nullopt, meta}); break;
            case 1:
            case 2: (void)bank.execute(Deposit{a, amount, meta}); break;
            case 3:
            case 4: (void)bank.execute(Withdraw{a, amount, meta}); break;
            case 5:
            case 6: (void)bank.execute(Transfer{a, b, amount, meta}); break;
            case 7: (void)bank.execute(CloseAccount{a, meta}); break;
            case 8: {  // a legacy v1 deposit: readers see it upcast to v2
                auto r = store.append(account_stream_id(a), ExpectedVersion::any(),
                                        {make_legacy_deposit_v1(a, 100 + amount, EventMetadata{"legacy", "", "", ""})});
                REQUIRE(r.ok());
                break;
            }
            default: {  // a known type with a payload the strict decoder refuses: counted, not guessed
                NewEvent odd;
                odd.type = MoneyWithdrawn::kType;
                odd.data = Json{{"accountId", "zz"}, {"amountCents", -5}};
                REQUIRE(store.append(account_stream_id("zz"), ExpectedVersion::any(), {odd}).ok());
                break;
            }
        }
    }
}


// The reference rebuild: BalancesProjection without the typed fast path, every event through apply().
struct ApplyOnlyBalances : BalancesProjection {
    using BalancesProjection::BalancesProjection;
    const PayloadCodec* typed_codec() const override { return nullptr; }
};

}  // namespace es::bank::testing
