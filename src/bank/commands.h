// The bank's commands: what a user asks for, in the imperative. A command may be rejected; an
// event may not. Commands arrive as JSON from the UI, the CLI and lessons, with amounts as
// decimal strings ("100.00") that are parsed into integer cents here, so no double ever sees
// money. Every command carries who asks (actor), why (reason) and, optionally, the stream
// version the caller last saw (expectedVersion) to opt into optimistic concurrency.
//
// JSON shape: {"type": "Deposit", "accountId": "alice", "amount": "25.00",
//              "actor": "teller-1", "reason": "cash at the counter", "expectedVersion": 3}
//             {"type": "ReverseDeposit", "accountId": "alice", "depositPosition": 3,
//              "actor": "teller-1", "reason": "deposited 500.00 instead of 50.00"}
// "actor" is required; "reason" and "expectedVersion" are optional.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "core/event.h"
#include "core/result.h"

namespace es::bank {

struct CommandMeta {
    std::string actor;   // who asks: becomes the events' metadata.actor
    std::string reason;  // why: becomes the events' metadata.reason
    // The stream version the caller last saw. When set, a different current version is a
    // Conflict instead of silently deciding on newer state. For a Transfer it is the source
    // account's version.
    std::optional<uint64_t> expected_version;

    bool operator==(const CommandMeta& o) const {
        return actor == o.actor && reason == o.reason && expected_version == o.expected_version;
    }
};

struct OpenAccount {
    std::string account_id;
    std::string owner;
    std::string currency;                  // "USD", "EUR"...
    std::optional<int64_t> overdraft_limit_cents;  // absent = no overdraft allowed
    CommandMeta meta;
};

struct Deposit {
    std::string account_id;
    int64_t amount_cents = 0;
    CommandMeta meta;
};

struct Withdraw {
    std::string account_id;
    int64_t amount_cents = 0;
    CommandMeta meta;
};

struct Transfer {
    std::string from_account_id;
    std::string to_account_id;
    int64_t amount_cents = 0;
    CommandMeta meta;
};

struct CloseAccount {
    std::string account_id;
    CommandMeta meta;
};

// Compensates a deposit made by mistake: the money goes back out with a DepositReversed that
// names the deposit; nothing is deleted. The reason (why it was a mistake) is required.
struct ReverseDeposit {
    std::string account_id;
    uint64_t deposit_position = 0;  // the global position of the MoneyDeposited to reverse
    CommandMeta meta;
};

using Command = std::variant<OpenAccount, Deposit, Withdraw, Transfer, CloseAccount, ReverseDeposit>;

// Account ids: 1..64 characters from [A-Za-z0-9_-]. Stream id: account_stream_id() in events.h.
bool is_valid_account_id(std::string_view id);

// Text a person wrote (an owner, an actor, a reason) holds no control character (C0 or DEL): one
// could recolour a terminal or fake a line of output wherever the text is printed. Empty when
// `text` is clean, otherwise what is wrong: "holds a control character (U+001B) at byte 4".
std::string control_character_problem(std::string_view text);

// The same over named fields, the first that fails: "the actor holds a control character ...", or
// "" when every one is clean. Commands (actor, reason) and the history rules (also the owner or
// depositor) ask it alike.
std::string text_fields_problem(std::initializer_list<std::pair<const char*, std::string_view>> fields);

// "OpenAccount", "Deposit", ...
const char* command_type_name(const Command& command);

// The command's metadata (every alternative has one).
const CommandMeta& command_meta(const Command& command);

// The account the command is about: the source account of a Transfer.
const std::string& command_account_id(const Command& command);

// Strict: a JSON object with a known "type", exactly that type's camelCase fields, amounts as
// decimal strings with at most two decimal places. Errors (InvalidArgument) name the field.
Result<Command> command_from_json(const Json& j);

// The inverse of command_from_json (amounts printed as "100.00"); round-trips exactly.
Json command_to_json(const Command& command);

}  // namespace es::bank
