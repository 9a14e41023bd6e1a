// Generated bank histories for the hidden half of the goal check (exercise_logs.h). Built from
// the bank's own payload types, with a small seeded generator of its own (splitmix64) so the same
// seed gives the same log natively and in WASM, whatever the standard library.
#include "learn/exercise_logs.h"

#include <algorithm>
#include <string>
#include <vector>

#include "bank/events.h"

namespace es::learn {

namespace {

class Random {
public:
    explicit Random(uint64_t seed) : state_(seed) {}
    uint64_t next() {
        uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    uint64_t below(uint64_t n) { return n == 0 ? 0 : next() % n; }
    template <size_t N>
    const char* pick(const char* const (&items)[N]) { return items[below(N)]; }

private:
    uint64_t state_;
};

constexpr const char* kOwners[] = {"Ada", "Grace", "Linus", "Margaret", "Alan", "Barbara", "Dennis", "Frances"};
constexpr const char* kActors[] = {"teller", "atm", "mobile-app", "payroll", "branch-7"};
constexpr const char* kCurrencies[] = {"USD", "EUR", "GBP"};
constexpr int64_t kStartMs = 1767225600000;  // 2026-01-01T00:00:00Z

struct Account {
    std::string id;
    std::string currency;
    uint64_t version = 0;
    int64_t balance = 0;
};

}  // namespace

EventList generated_bank_log(uint64_t seed, int accounts, int events) {
    Random random(seed);
    std::vector<Account> open;
    EventList log;
    auto append = [&](Account& a, NewEvent e) {
        RecordedEvent r;
        r.global_position = log.size() + 1;
        r.event_id = "generated-" + std::to_string(r.global_position);
        r.stream_id = bank::account_stream_id(a.id);
        r.stream_version = ++a.version;
        r.type = e.type;
        r.schema_version = e.schema_version;
        r.recorded_at_ms = kStartMs + static_cast<int64_t>(r.global_position) * 60000;
        r.occurred_at_ms = r.recorded_at_ms;
        r.data = std::move(e.data);
        r.metadata = std::move(e.metadata);
        log.push_back(std::move(r));
    };
    for (int n = 0; n < events; ++n) {
        const bool opens = static_cast<int>(open.size()) < accounts && (open.empty() || random.below(4) == 0);
        if (opens) {
            Account a;
            do {  // "grace-417": unique, so each account has its own stream
                a.id = std::string(random.pick(kOwners)) + "-" + std::to_string(100 + random.below(900));
                for (char& c : a.id) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            } while (std::any_of(open.begin(), open.end(), [&](const Account& o) { return o.id == a.id; }));
            a.currency = random.pick(kCurrencies);
            bank::AccountCreated created{a.id, random.pick(kOwners), a.currency, 0};
            open.push_back(a);
            append(open.back(), bank::make_event(created, EventMetadata{random.pick(kActors), "account opened", "", ""}));
            continue;
        }
        Account& a = open[random.below(open.size())];
        const int64_t amount = 1 + static_cast<int64_t>(random.below(250000));
        const EventMetadata meta{random.pick(kActors), "generated", "", ""};
        if (a.balance > 0 && random.below(5) < 2) {
            const int64_t out = 1 + static_cast<int64_t>(random.below(static_cast<uint64_t>(a.balance)));
            a.balance -= out;
            append(a, bank::make_event(bank::MoneyWithdrawn{a.id, out}, meta));
        } else {
            a.balance += amount;
            append(a, bank::make_event(bank::MoneyDeposited{a.id, amount, a.currency, random.pick(kOwners)}, meta));
        }
    }
    return log;
}

}  // namespace es::learn
