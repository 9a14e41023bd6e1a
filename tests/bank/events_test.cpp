// Bank event payloads: strict JSON both ways, decoding by type and version, and the
// MoneyDeposited v1 -> v2 upcaster on its own (the registry-level tests are in
// schema_evolution_test.cpp).
#include <doctest/doctest.h>

#include <string>

#include "bank/events.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::bank;

namespace {

RecordedEvent recorded(const NewEvent& e, const std::string& stream = "account-alice") {
    RecordedEvent r;
    r.event_id = "ev-1";
    r.stream_id = stream;
    r.stream_version = 1;
    r.global_position = 1;
    r.type = e.type;
    r.schema_version = e.schema_version;
    r.data = e.data;
    r.metadata = e.metadata;
    return r;
}

bool mentions(const Error& e, const std::string& text) {
    return e.message.find(text) != std::string::npos;
}

}  // namespace

TEST_CASE("every payload round-trips through its JSON") {
    AccountCreated c{"alice", "Alice", "USD", 5000};
    CHECK(AccountCreated::from_json(c.to_json()).value() == c);
    MoneyDeposited d{"alice", 1234, "EUR", "teller-1"};
    CHECK(MoneyDeposited::from_json(d.to_json()).value() == d);
    MoneyWithdrawn w{"alice", 99};
    CHECK(MoneyWithdrawn::from_json(w.to_json()).value() == w);
    TransferSent s{"t-1", "alice", "bob", 10};
    CHECK(TransferSent::from_json(s.to_json()).value() == s);
    TransferReceived r{"t-1", "bob", "alice", 10};
    CHECK(TransferReceived::from_json(r.to_json()).value() == r);
    AccountClosed x{"alice"};
    CHECK(AccountClosed::from_json(x.to_json()).value() == x);
}

TEST_CASE("amounts are stored as integer cents in amountCents and nothing else") {
    Json j = MoneyDeposited{"alice", 10050, "USD", "a"}.to_json();
    CHECK(j["amountCents"].is_number_integer());
    CHECK(j["amountCents"].get<int64_t>() == 10050);
    CHECK(j.size() == 4);
    CHECK(j.count("amount") == 0);
}

TEST_CASE("payload decoding is strict and names the field") {
    const Json good = MoneyDeposited{"alice", 100, "USD", "a"}.to_json();

    SUBCASE("missing field") {
        Json j = good;
        j.erase("currency");
        auto r = MoneyDeposited::from_json(j);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::InvalidArgument);
        CHECK(mentions(r.error(), "MoneyDeposited v2.currency"));
    }
    SUBCASE("unknown field") {
        Json j = good;
        j["note"] = "hi";
        auto r = MoneyDeposited::from_json(j);
        REQUIRE_FALSE(r.ok());
        CHECK(mentions(r.error(), "unknown field 'MoneyDeposited v2.note'"));
    }
    SUBCASE("wrong type") {
        Json j = good;
        j["amountCents"] = "100";
        auto r = MoneyDeposited::from_json(j);
        REQUIRE_FALSE(r.ok());
        CHECK(mentions(r.error(), "amountCents"));
    }
    SUBCASE("a double is not cents") {
        Json j = good;
        j["amountCents"] = 1.5;
        auto r = MoneyDeposited::from_json(j);
        REQUIRE_FALSE(r.ok());
        CHECK(mentions(r.error(), "amountCents"));
        CHECK(mentions(r.error(), "expected a positive integer, got 1.5"));
    }
    SUBCASE("negative amount") {
        Json j = good;
        j["amountCents"] = -5;
        auto r = MoneyDeposited::from_json(j);
        REQUIRE_FALSE(r.ok());
        CHECK(mentions(r.error(), "amountCents"));
    }
    SUBCASE("zero amount") {
        Json j = MoneyWithdrawn{"alice", 1}.to_json();
        j["amountCents"] = 0;
        CHECK_FALSE(MoneyWithdrawn::from_json(j).ok());
    }
    SUBCASE("amount beyond int64") {
        Json j = good;
        j["amountCents"] = uint64_t{18446744073709551615ull};
        auto r = MoneyDeposited::from_json(j);
        REQUIRE_FALSE(r.ok());
        CHECK(mentions(r.error(), "got 18446744073709551615"));
    }
    SUBCASE("bad currency and account id") {
        Json j = good;
        j["currency"] = "usd";
        CHECK(mentions(MoneyDeposited::from_json(j).error(), "currency"));
        j = good;
        j["accountId"] = "has space";
        CHECK(mentions(MoneyDeposited::from_json(j).error(), "accountId"));
    }
    SUBCASE("not an object") {
        CHECK_FALSE(MoneyDeposited::from_json(Json::array()).ok());
        CHECK_FALSE(AccountClosed::from_json(Json("alice")).ok());
    }
    SUBCASE("negative overdraft limit") {
        Json j = AccountCreated{"alice", "Alice", "USD", 0}.to_json();
        j["overdraftLimitCents"] = -1;
        CHECK(mentions(AccountCreated::from_json(j).error(), "overdraftLimitCents"));
    }
}

TEST_CASE("decode_event dispatches by type and insists on the current schema version") {
    auto ok = decode_event(recorded(make_event(AccountClosed{"alice"}, {})));
    REQUIRE(ok.ok());
    CHECK(std::holds_alternative<AccountClosed>(*ok));

    auto legacy = decode_event(recorded(make_legacy_deposit_v1("alice", 100, {})));
    REQUIRE_FALSE(legacy.ok());
    CHECK(legacy.error().code == ErrorCode::Unsupported);
    CHECK(mentions(legacy.error(), "upcast"));

    RecordedEvent unknown = recorded(make_event(AccountClosed{"alice"}, {}));
    unknown.type = "AccountFrozen";
    CHECK(decode_event(unknown).error().code == ErrorCode::Unsupported);

    RecordedEvent bad = recorded(make_event(MoneyWithdrawn{"alice", 5}, {}));
    bad.data["amountCents"] = -5;
    CHECK(decode_event(bad).error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("make_event and to_new_event fill type, version, data and metadata") {
    EventMetadata m{"teller-1", "cash", "", ""};
    NewEvent e = to_new_event(BankEvent(MoneyDeposited{"alice", 5, "USD", "bob"}), m);
    CHECK(e.type == "MoneyDeposited");
    CHECK(e.schema_version == 2);
    CHECK(e.metadata == m);
    CHECK(e.data == MoneyDeposited{"alice", 5, "USD", "bob"}.to_json());
}

TEST_CASE("the legacy v1 deposit is written at schema 1 with the v1 shape") {
    NewEvent e = make_legacy_deposit_v1("alice", 700, EventMetadata{"old-teller", "", "", ""});
    CHECK(e.type == "MoneyDeposited");
    CHECK(e.schema_version == 1);
    CHECK(e.data == Json{{"accountId", "alice"}, {"amountCents", 700}});
}

TEST_CASE("upcaster v1 -> v2 applies the v1-era rules") {
    SUBCASE("actor becomes depositedBy, currency is USD") {
        auto v2 = upcast_money_deposited_v1_to_v2(recorded(
            make_legacy_deposit_v1("alice", 700, EventMetadata{"old-teller", "", "", ""})));
        REQUIRE(v2.ok());
        CHECK(*v2 == MoneyDeposited{"alice", 700, "USD", "old-teller"}.to_json());
    }
    SUBCASE("no actor recorded: depositedBy is \"unknown\"") {
        auto v2 = upcast_money_deposited_v1_to_v2(recorded(make_legacy_deposit_v1("alice", 1, {})));
        REQUIRE(v2.ok());
        CHECK((*v2)["depositedBy"] == "unknown");
    }
    SUBCASE("malformed v1 data is an error, not a guess") {
        RecordedEvent e = recorded(make_legacy_deposit_v1("alice", 1, {}));
        e.data["currency"] = "USD";  // a v1 event never had this field
        auto v2 = upcast_money_deposited_v1_to_v2(e);
        REQUIRE_FALSE(v2.ok());
        CHECK(mentions(v2.error(), "MoneyDeposited v1"));
    }
}

TEST_CASE("a data field as a learner reads it: cents as an amount, text as it is") {
    CHECK(format_field_value("amountCents", 100000) == "1000.00");
    CHECK(format_field_value("overdraftLimitCents", 5) == "0.05");
    CHECK(format_field_value("currency", "USD") == "USD");
    CHECK(format_field_value("depositedBy", nullptr) == "(none)");
    CHECK(format_field_value("reversedPosition", 3) == "3");
    CHECK(format_field_value("amountCents", "x") == "x");
}

}  // namespace ES_TEST_FILE_ID
