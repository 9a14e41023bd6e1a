// Strict JSON for bank commands (see commands.h).
#include "bank/commands.h"

#include <type_traits>

#include "bank/json_fields.h"
#include "bank/money.h"

namespace es::bank {

using detail::check_object;
using detail::field_error;
using detail::get_account_id;
using detail::get_optional_string;
using detail::get_optional_uint;
using detail::get_string;

namespace {

template <class T>
struct TypeName;
template <> struct TypeName<OpenAccount> { static constexpr const char* kName = "OpenAccount"; };
template <> struct TypeName<Deposit> { static constexpr const char* kName = "Deposit"; };
template <> struct TypeName<Withdraw> { static constexpr const char* kName = "Withdraw"; };
template <> struct TypeName<Transfer> { static constexpr const char* kName = "Transfer"; };
template <> struct TypeName<CloseAccount> { static constexpr const char* kName = "CloseAccount"; };

Result<CommandMeta> read_meta(const Json& j, const std::string& what) {
    CommandMeta m;
    auto actor = get_string(j, what, "actor");
    if (!actor.ok()) return actor.error();
    auto reason = get_optional_string(j, what, "reason");
    if (!reason.ok()) return reason.error();
    auto expected = get_optional_uint(j, what, "expectedVersion");
    if (!expected.ok()) return expected.error();
    m.actor = std::move(*actor);
    m.reason = reason->value_or("");
    m.expected_version = *expected;
    return m;
}

// A decimal string such as "100.00" -> cents (>= 0). Zero parses: "amount must be positive" is a
// business rule that decide() reports, so the learner sees it as a rejected command.
Result<int64_t> read_amount(const Json& j, const std::string& what, const char* field) {
    auto it = j.find(field);
    if (it == j.end()) {
        return field_error(what, field, "is missing; add it as a decimal string such as \"10.00\"");
    }
    if (!it->is_string()) {
        return field_error(what, field,
                           "must be a decimal string such as \"10.00\" (not a JSON number, so no "
                           "rounding can creep in)");
    }
    auto cents = parse_amount(it->get<std::string>());
    if (!cents.ok()) return field_error(what, field, "is invalid: " + cents.error().message);
    return *cents;
}

Result<std::string> read_currency(const Json& j, const std::string& what) {
    auto c = get_string(j, what, "currency", 8);
    if (!c.ok()) return c.error();
    if (!is_currency_code(*c)) {
        return field_error(what, "currency",
                           "\"" + *c + "\" is not a currency code; use three capital letters "
                                       "such as \"USD\"");
    }
    return c;
}

// Optional "overdraftLimit": absent, "0.00" or a positive amount; parse_amount refuses signs.
Result<std::optional<int64_t>> read_overdraft_limit(const Json& j, const std::string& what) {
    auto it = j.find("overdraftLimit");
    if (it == j.end()) return std::optional<int64_t>{};
    if (!it->is_string()) {
        return field_error(what, "overdraftLimit",
                           "must be a decimal string such as \"100.00\"; use \"0.00\" (or leave "
                           "it out) for no overdraft");
    }
    auto cents = parse_amount(it->get<std::string>());
    if (!cents.ok()) {
        return field_error(what, "overdraftLimit", "is invalid: " + cents.error().message);
    }
    return std::optional<int64_t>(*cents);
}

template <class T>
Result<Command> parse_typed(const Json& j);

template <>
Result<Command> parse_typed<OpenAccount>(const Json& j) {
    const std::string what = "OpenAccount";
    if (auto s = check_object(j, what, {"type", "accountId", "owner", "currency", "overdraftLimit",
                                        "actor", "reason", "expectedVersion"});
        !s.ok())
        return s.error();
    auto id = get_account_id(j, what, "accountId");
    if (!id.ok()) return id.error();
    auto owner = get_string(j, what, "owner");
    if (!owner.ok()) return owner.error();
    auto cur = read_currency(j, what);
    if (!cur.ok()) return cur.error();
    auto limit = read_overdraft_limit(j, what);
    if (!limit.ok()) return limit.error();
    auto meta = read_meta(j, what);
    if (!meta.ok()) return meta.error();
    return Command(OpenAccount{std::move(*id), std::move(*owner), std::move(*cur), *limit,
                               std::move(*meta)});
}

// Deposit and Withdraw share a shape.
template <class T>
Result<Command> parse_account_amount(const Json& j) {
    const std::string what = TypeName<T>::kName;
    if (auto s = check_object(j, what,
                              {"type", "accountId", "amount", "actor", "reason", "expectedVersion"});
        !s.ok())
        return s.error();
    auto id = get_account_id(j, what, "accountId");
    if (!id.ok()) return id.error();
    auto amount = read_amount(j, what, "amount");
    if (!amount.ok()) return amount.error();
    auto meta = read_meta(j, what);
    if (!meta.ok()) return meta.error();
    return Command(T{std::move(*id), *amount, std::move(*meta)});
}

template <>
Result<Command> parse_typed<Deposit>(const Json& j) { return parse_account_amount<Deposit>(j); }
template <>
Result<Command> parse_typed<Withdraw>(const Json& j) { return parse_account_amount<Withdraw>(j); }

template <>
Result<Command> parse_typed<Transfer>(const Json& j) {
    const std::string what = "Transfer";
    if (auto s = check_object(j, what, {"type", "fromAccountId", "toAccountId", "amount", "actor",
                                        "reason", "expectedVersion"});
        !s.ok())
        return s.error();
    auto from = get_account_id(j, what, "fromAccountId");
    if (!from.ok()) return from.error();
    auto to = get_account_id(j, what, "toAccountId");
    if (!to.ok()) return to.error();
    auto amount = read_amount(j, what, "amount");
    if (!amount.ok()) return amount.error();
    auto meta = read_meta(j, what);
    if (!meta.ok()) return meta.error();
    return Command(Transfer{std::move(*from), std::move(*to), *amount, std::move(*meta)});
}

template <>
Result<Command> parse_typed<CloseAccount>(const Json& j) {
    const std::string what = "CloseAccount";
    if (auto s = check_object(j, what, {"type", "accountId", "actor", "reason", "expectedVersion"});
        !s.ok())
        return s.error();
    auto id = get_account_id(j, what, "accountId");
    if (!id.ok()) return id.error();
    auto meta = read_meta(j, what);
    if (!meta.ok()) return meta.error();
    return Command(CloseAccount{std::move(*id), std::move(*meta)});
}

void write_meta(Json& j, const CommandMeta& m) {
    j["actor"] = m.actor;
    if (!m.reason.empty()) j["reason"] = m.reason;
    if (m.expected_version) j["expectedVersion"] = *m.expected_version;
}

}  // namespace

bool is_valid_account_id(std::string_view id) { return detail::is_valid_account_id(id); }

const char* command_type_name(const Command& command) {
    return std::visit([](const auto& c) { return TypeName<std::decay_t<decltype(c)>>::kName; },
                      command);
}

const CommandMeta& command_meta(const Command& command) {
    return std::visit([](const auto& c) -> const CommandMeta& { return c.meta; }, command);
}

const std::string& command_account_id(const Command& command) {
    return std::visit(
        [](const auto& c) -> const std::string& {
            if constexpr (std::is_same_v<std::decay_t<decltype(c)>, Transfer>) {
                return c.from_account_id;
            } else {
                return c.account_id;
            }
        },
        command);
}

Result<Command> command_from_json(const Json& j) {
    if (!j.is_object()) {
        return make_error(ErrorCode::InvalidArgument,
                          "a command must be a JSON object with a \"type\" field");
    }
    auto type = get_string(j, "command", "type", 64);
    if (!type.ok()) return type.error();
    if (*type == "OpenAccount") return parse_typed<OpenAccount>(j);
    if (*type == "Deposit") return parse_typed<Deposit>(j);
    if (*type == "Withdraw") return parse_typed<Withdraw>(j);
    if (*type == "Transfer") return parse_typed<Transfer>(j);
    if (*type == "CloseAccount") return parse_typed<CloseAccount>(j);
    return field_error("command", "type",
                       "\"" + *type + "\" is not a command; use OpenAccount, Deposit, Withdraw, "
                                      "Transfer or CloseAccount");
}

Json command_to_json(const Command& command) {
    Json j = Json::object();
    j["type"] = command_type_name(command);
    std::visit(
        [&](const auto& c) {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, OpenAccount>) {
                j["accountId"] = c.account_id;
                j["owner"] = c.owner;
                j["currency"] = c.currency;
                if (c.overdraft_limit_cents) {
                    j["overdraftLimit"] = format_amount(*c.overdraft_limit_cents);
                }
            } else if constexpr (std::is_same_v<T, Deposit> || std::is_same_v<T, Withdraw>) {
                j["accountId"] = c.account_id;
                j["amount"] = format_amount(c.amount_cents);
            } else if constexpr (std::is_same_v<T, Transfer>) {
                j["fromAccountId"] = c.from_account_id;
                j["toAccountId"] = c.to_account_id;
                j["amount"] = format_amount(c.amount_cents);
            } else {
                j["accountId"] = c.account_id;
            }
            write_meta(j, c.meta);
        },
        command);
    return j;
}

}  // namespace es::bank
