// The code the replay stepper shows is the fold: for every event type, folding an example with
// the real evolve() changes exactly the fields its block of pseudocode (fold_code.h) assigns,
// plus the lines run after every event.
#include <doctest/doctest.h>

#include <string>
#include <variant>

#include "bank/fold_code.h"
#include "given_when_then.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::bank;
using namespace es::bank::testing;

namespace {

const AccountCreated kOpened{"alice", "Alice", "USD", 5000};

// `given`'s last event folded onto the state of the ones before it.
struct Folded {
    AccountState before, after;
    std::string type;
};
Folded fold_last(const std::vector<BankEvent>& given, AccountState start = initial_state()) {
    History h(given);
    Folded out;
    out.before = std::move(start);
    for (size_t i = 0; i + 1 < h.log.size(); ++i) {
        auto next = evolve(out.before, h.log[i]);
        REQUIRE_MESSAGE(next.ok(), next.error().message);
        out.before = *next;
    }
    auto next = evolve(out.before, h.log.back());
    REQUIRE_MESSAGE(next.ok(), next.error().message);
    out.after = *next;
    out.type = h.log.back().type;
    return out;
}

std::string names(FieldSet set) {
    std::string out;
    for (int i = 0; i < kStateFieldCount; ++i)
        if (has_field(set, static_cast<StateField>(i))) out += std::string(out.empty() ? "" : ", ") + field_name(static_cast<StateField>(i));
    return out;
}

}  // namespace

TEST_CASE("fold code: one block per event type, each changing exactly the fields it assigns") {
    // A state left over in fields AccountCreated resets, so its "balance = 0" shows as a change.
    AccountState leftover = initial_state();
    leftover.balance_cents = 7;
    const Folded examples[] = {
        fold_last({kOpened}, leftover),
        fold_last({kOpened, MoneyDeposited{"alice", 5000, "USD", "Alice"}}),
        fold_last({kOpened, MoneyWithdrawn{"alice", 2500}}),
        fold_last({kOpened, TransferSent{"transfer-alice-2", "alice", "bob", 1000}}),
        fold_last({kOpened, TransferReceived{"transfer-bob-4", "alice", "bob", 1000}}),
        fold_last({kOpened, AccountClosed{"alice"}}),
        fold_last({kOpened, MoneyDeposited{"alice", 5000, "USD", "Alice"}, DepositReversed{"alice", 5000, 2, "ev-2"}}),
    };
    size_t count = 0;
    const FoldCode* table = fold_code_table(&count);
    REQUIRE(count == std::variant_size_v<BankEvent>);
    REQUIRE(count == std::size(examples));
    for (size_t i = 0; i < count; ++i) {
        const FoldCode& code = table[i];
        CAPTURE(code.type);
        CHECK(&fold_code_of(code.kind) == &code);
        CHECK(examples[i].type == code.type);
        CHECK(std::string(code.text).rfind(std::string("on ") + code.type + ":", 0) == 0);
        CHECK(has_field(code.assigns, code.narrated));
        CHECK(names(changed_fields(examples[i].before, examples[i].after)) == names(code.assigns | kFoldEveryEventAssigns));
    }
}

TEST_CASE("fold code: field values as the stepper shows them") {
    AccountState s = initial_state();
    CHECK(field_value(s, StateField::Balance) == "0.00");
    CHECK(field_value(s, StateField::OpenedAt) == "-");
    CHECK(field_value(s, StateField::Reversed) == "none");
    s.currency = "USD";
    s.balance_cents = -1250;
    s.owner = "Alice";
    s.opened_at_ms = 42;
    s.reversed_positions = {2, 5};
    CHECK(field_value(s, StateField::Balance) == "-$12.50");
    CHECK(field_value(s, StateField::Owner) == "\"Alice\"");
    CHECK(field_value(s, StateField::OpenedAt) == "42 ms");
    CHECK(field_value(s, StateField::OpenedAt, [](int64_t ms) { return "at " + std::to_string(ms); }) == "at 42");
    CHECK(field_value(s, StateField::Reversed) == "#2, #5");
    CHECK(changed_fields(s, s) == 0);
    AccountState t = s;
    t.reversed_positions.push_back(9);
    t.version = 3;
    CHECK(names(changed_fields(s, t)) == "version, reversed");
}

}  // namespace ES_TEST_FILE_ID
