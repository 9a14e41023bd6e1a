// The bank's events: what has happened to an account, in the past tense. Each payload struct
// knows its type name, its current schema version and its strict JSON form. Money is always an
// integer count of cents in a field named "amountCents" (or "...Cents"): never a double, never a
// decimal string, so a stored event means the same thing on every machine.
//
// Schema history (stored events are never rewritten; old ones are upcast when read):
//   MoneyDeposited v1 {accountId, amountCents}
//   MoneyDeposited v2 {accountId, amountCents, currency, depositedBy}   <- current
// Every other type is still at v1 (DepositReversed v1: {accountId, amountCents,
// reversedPosition, reversedEventId}).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/event.h"
#include "core/result.h"
#include "core/upcasting.h"

namespace es::bank {

// Stream of one account: "account-" + account id.
std::string account_stream_id(std::string_view account_id);
// The account id of an account's stream (account_stream_id(id) gives back id); nullopt for a
// stream that is not an account's.
std::optional<std::string_view> account_of_stream(std::string_view stream_id);

struct AccountCreated {
    static constexpr const char* kType = "AccountCreated";
    static constexpr int kSchemaVersion = 1;
    std::string account_id;
    std::string owner;
    std::string currency;             // ISO-4217-style code, e.g. "USD"
    int64_t overdraft_limit_cents = 0;  // how far below zero the balance may go (>= 0)

    Json to_json() const;
    static Result<AccountCreated> from_json(const Json& j);
    bool operator==(const AccountCreated& o) const;
};

struct MoneyDeposited {
    static constexpr const char* kType = "MoneyDeposited";
    static constexpr int kSchemaVersion = 2;
    std::string account_id;
    int64_t amount_cents = 0;  // > 0
    std::string currency;      // new in v2
    std::string deposited_by;  // new in v2: who handed the money over

    Json to_json() const;
    static Result<MoneyDeposited> from_json(const Json& j);  // v2 data only
    bool operator==(const MoneyDeposited& o) const;
};

// The v1 shape, kept so the sandbox can write legacy events on purpose and the upcaster can
// validate what it reads.
struct MoneyDepositedV1 {
    static constexpr const char* kType = "MoneyDeposited";
    static constexpr int kSchemaVersion = 1;
    std::string account_id;
    int64_t amount_cents = 0;

    Json to_json() const;
    static Result<MoneyDepositedV1> from_json(const Json& j);
};

struct MoneyWithdrawn {
    static constexpr const char* kType = "MoneyWithdrawn";
    static constexpr int kSchemaVersion = 1;
    std::string account_id;
    int64_t amount_cents = 0;  // > 0

    Json to_json() const;
    static Result<MoneyWithdrawn> from_json(const Json& j);
    bool operator==(const MoneyWithdrawn& o) const;
};

// Written on the source account's stream. The matching TransferReceived on the target stream
// carries the same transfer_id, and both are appended in one atomic batch.
struct TransferSent {
    static constexpr const char* kType = "TransferSent";
    static constexpr int kSchemaVersion = 1;
    std::string transfer_id;
    std::string account_id;     // the source (this stream's account)
    std::string to_account_id;
    int64_t amount_cents = 0;

    Json to_json() const;
    static Result<TransferSent> from_json(const Json& j);
    bool operator==(const TransferSent& o) const;
};

struct TransferReceived {
    static constexpr const char* kType = "TransferReceived";
    static constexpr int kSchemaVersion = 1;
    std::string transfer_id;
    std::string account_id;     // the target (this stream's account)
    std::string from_account_id;
    int64_t amount_cents = 0;

    Json to_json() const;
    static Result<TransferReceived> from_json(const Json& j);
    bool operator==(const TransferReceived& o) const;
};

struct AccountClosed {
    static constexpr const char* kType = "AccountClosed";
    static constexpr int kSchemaVersion = 1;
    std::string account_id;

    Json to_json() const;
    static Result<AccountClosed> from_json(const Json& j);
    bool operator==(const AccountClosed& o) const;
};

// A compensating event: a deposit made by mistake is not deleted or edited (the log is
// append-only), it is reversed by a new event that names it. The money goes back out of the
// account; the deposit and its reversal both stay in the history, linked.
struct DepositReversed {
    static constexpr const char* kType = "DepositReversed";
    static constexpr int kSchemaVersion = 1;
    std::string account_id;
    int64_t amount_cents = 0;        // the reversed deposit's amount (> 0)
    uint64_t reversed_position = 0;  // the global position of the MoneyDeposited it reverses
    std::string reversed_event_id;   // and its event id

    Json to_json() const;
    static Result<DepositReversed> from_json(const Json& j);
    bool operator==(const DepositReversed& o) const;
};

// Which payload an event carries, for code that switches on it without the strings.
enum class EventKind : uint8_t {
    AccountCreated,
    MoneyDeposited,
    MoneyWithdrawn,
    TransferSent,
    TransferReceived,
    AccountClosed,
    DepositReversed,
};

using BankEvent = std::variant<AccountCreated, MoneyDeposited, MoneyWithdrawn, TransferSent,
                               TransferReceived, AccountClosed, DepositReversed>;

// Decodes an event that is already at its type's current schema version (upcast it first with
// the registry filled by register_bank_event_types). Unknown type or old version: Unsupported.
// Bad payload: InvalidArgument naming the field.
Result<BankEvent> decode_event(const RecordedEvent& event);

// The NewEvent for a payload, at the payload's schema version.
template <typename Payload>
NewEvent make_event(const Payload& payload, EventMetadata metadata) {
    NewEvent e;
    e.type = Payload::kType;
    e.schema_version = Payload::kSchemaVersion;
    e.data = payload.to_json();
    e.metadata = std::move(metadata);
    return e;
}

NewEvent to_new_event(const BankEvent& event, EventMetadata metadata);

// Writes a MoneyDeposited at the OLD schema v1 on purpose, for the schema-versioning lesson and
// tests: the store keeps it as v1 and readers see it upcast to v2.
NewEvent make_legacy_deposit_v1(const std::string& account_id, int64_t amount_cents,
                                EventMetadata metadata);

// MoneyDeposited v1 -> v2. The upcaster only sees the event, so it applies the v1-era rules:
// every account was in US dollars then, so currency = "USD"; depositedBy = the event's
// metadata.actor, or "unknown" when no actor was recorded.
Result<Json> upcast_money_deposited_v1_to_v2(const RecordedEvent& v1_event);

// Registers every bank event type at its current version, plus the upcaster above.
void register_bank_event_types(UpcasterRegistry& registry);

// A registry filled by register_bank_event_types, alive for the whole program (so a store can
// keep a pointer to it).
const UpcasterRegistry& bank_upcasters();

// One data field of a bank event as a learner reads it: an amount in cents ("amountCents":
// 100000) as "1000.00", text as it is, anything else as JSON, a missing field (null) as "(none)".
std::string format_field_value(const std::string& field, const Json& value);

}  // namespace es::bank
