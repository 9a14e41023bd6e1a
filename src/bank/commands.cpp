// Strict JSON for bank commands (see commands.h).
#include "bank/commands.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <type_traits>

#include "bank/json_fields.h"
#include "bank/money.h"

namespace es::bank {

using detail::read_account_id;
using detail::read_currency;

namespace {

template <class T>
struct TypeName;
template <> struct TypeName<OpenAccount> { static constexpr const char* kName = "OpenAccount"; };
template <> struct TypeName<Deposit> { static constexpr const char* kName = "Deposit"; };
template <> struct TypeName<Withdraw> { static constexpr const char* kName = "Withdraw"; };
template <> struct TypeName<Transfer> { static constexpr const char* kName = "Transfer"; };
template <> struct TypeName<CloseAccount> { static constexpr const char* kName = "CloseAccount"; };
template <> struct TypeName<ReverseDeposit> { static constexpr const char* kName = "ReverseDeposit"; };

CommandMeta read_meta(JsonObjectReader& r) {
    CommandMeta m;
    m.actor = r.string("actor");
    m.reason = r.optional_string("reason", JsonObjectReader::Text{4096, true}).value_or("");
    m.expected_version = r.optional_unsigned("expectedVersion");
    return m;
}

// A decimal string such as "100.00" -> cents (>= 0). Zero parses: "amount must be positive" is a
// business rule that decide() reports, so the learner sees it as a rejected command. Never a
// JSON number, so no rounding can creep in.
int64_t read_amount(JsonObjectReader& r, std::string_view field) {
    const Json* v = r.value(field, "a decimal string such as \"10.00\"");
    if (!v) return 0;
    if (!v->is_string()) {
        r.fail_expected(field, "a decimal string such as \"10.00\" (not a JSON number, so no rounding can creep in)", *v);
        return 0;
    }
    auto cents = parse_amount(v->get<std::string>());
    if (!cents.ok()) r.fail(field, cents.error().message);
    return cents.ok() ? *cents : 0;
}

// Optional "overdraftLimit": absent, "0.00" or a positive amount; parse_amount refuses signs.
std::optional<int64_t> read_overdraft_limit(JsonObjectReader& r) {
    if (!r.optional_value("overdraftLimit")) return std::nullopt;
    return read_amount(r, "overdraftLimit");
}

// Reads one command's fields with `read` (in order, "type" among them), then its metadata,
// refusing any other field.
template <typename Read>
Result<Command> read_command(const Json& j, const char* what, Read read) {
    std::optional<Error> error;
    JsonObjectReader r(j, what, ErrorCode::InvalidArgument, error);
    (void)r.optional_value("type");  // read by command_from_json
    Command command = read(r);
    CommandMeta meta = read_meta(r);
    r.no_other_fields();
    if (error) return *error;
    std::visit([&](auto& c) { c.meta = std::move(meta); }, command);
    return command;
}

template <class T>
Result<Command> parse_typed(const Json& j);

template <>
Result<Command> parse_typed<OpenAccount>(const Json& j) {
    return read_command(j, "OpenAccount", [](JsonObjectReader& r) -> Command {
        return OpenAccount{read_account_id(r, "accountId"), r.string("owner"), read_currency(r, "currency"),
                           read_overdraft_limit(r), {}};
    });
}

// Deposit and Withdraw share a shape.
template <class T>
Result<Command> parse_account_amount(const Json& j) {
    return read_command(j, TypeName<T>::kName,
                        [](JsonObjectReader& r) -> Command { return T{read_account_id(r, "accountId"), read_amount(r, "amount"), {}}; });
}

template <>
Result<Command> parse_typed<Deposit>(const Json& j) { return parse_account_amount<Deposit>(j); }
template <>
Result<Command> parse_typed<Withdraw>(const Json& j) { return parse_account_amount<Withdraw>(j); }

template <>
Result<Command> parse_typed<Transfer>(const Json& j) {
    return read_command(j, "Transfer", [](JsonObjectReader& r) -> Command {
        return Transfer{read_account_id(r, "fromAccountId"), read_account_id(r, "toAccountId"), read_amount(r, "amount"), {}};
    });
}

template <>
Result<Command> parse_typed<CloseAccount>(const Json& j) {
    return read_command(j, "CloseAccount",
                        [](JsonObjectReader& r) -> Command { return CloseAccount{read_account_id(r, "accountId"), {}}; });
}

template <>
Result<Command> parse_typed<ReverseDeposit>(const Json& j) {
    return read_command(j, "ReverseDeposit", [](JsonObjectReader& r) -> Command {
        return ReverseDeposit{read_account_id(r, "accountId"), r.unsigned_integer("depositPosition", 1), {}};
    });
}

void write_meta(Json& j, const CommandMeta& m) {
    j["actor"] = m.actor;
    if (!m.reason.empty()) j["reason"] = m.reason;
    if (m.expected_version) j["expectedVersion"] = *m.expected_version;
}

}  // namespace

namespace {
// The bytes an account id may hold: letters, digits, '_' and '-' (a table: every stored event's
// ids are checked as it is read).
struct AccountIdBytes {
    bool ok[256];
    constexpr AccountIdBytes() : ok() {
        for (int c = 0; c < 256; ++c)
            ok[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }
};
constexpr AccountIdBytes kAccountIdBytes;
}  // namespace

bool is_valid_account_id(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    bool ok = true;
    for (char c : id) ok &= kAccountIdBytes.ok[static_cast<unsigned char>(c)];
    return ok;
}

std::string text_fields_problem(std::initializer_list<std::pair<const char*, std::string_view>> fields) {
    for (const auto& [name, text] : fields)
        if (std::string problem = control_character_problem(text); !problem.empty()) return "the " + std::string(name) + " " + problem;
    return "";
}

namespace {

// True when `text` has a byte below 0x20 or a DEL, read eight bytes at a time: every open checks
// each stored event's actor, reason and text (HistoryRules). Bytes of UTF-8 (0x80 and up) are
// not control characters.
bool has_control_byte(std::string_view text) {
    constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
    const auto has = [](uint64_t x) {
        // A byte below 0x20 (that is not 0x80 or above) borrows its high bit into view; a DEL
        // XORed with 0x7f is a zero byte, below 1. Exact for whether any byte matches.
        const uint64_t below_space = (x - 0x20 * kOnes) & ~x & kHigh;
        const uint64_t y = x ^ (0x7f * kOnes);
        return ((below_space | ((y - kOnes) & ~y & kHigh)) != 0);
    };
    size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        uint64_t x;
        std::memcpy(&x, text.data() + i, 8);
        if (has(x)) return true;
    }
    if (i == text.size()) return false;
    uint64_t tail = 0x20 * kOnes;  // the last 1-7 bytes, padded with spaces
    std::memcpy(&tail, text.data() + i, text.size() - i);
    return has(tail);
}

}  // namespace

std::string control_character_problem(std::string_view text) {
    if (!has_control_byte(text)) return "";
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7f) {
            char code[8];
            std::snprintf(code, sizeof code, "U+%04X", c);
            return "holds a control character (" + std::string(code) + ") at byte " + std::to_string(i + 1) +
                   "; remove it";
        }
    }
    return "";
}

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
    std::optional<Error> error;
    JsonObjectReader r(j, "command", ErrorCode::InvalidArgument, error);
    const std::string type = r.string("type", JsonObjectReader::Text{64, false});
    if (error) return *error;
    if (type == "OpenAccount") return parse_typed<OpenAccount>(j);
    if (type == "Deposit") return parse_typed<Deposit>(j);
    if (type == "Withdraw") return parse_typed<Withdraw>(j);
    if (type == "Transfer") return parse_typed<Transfer>(j);
    if (type == "CloseAccount") return parse_typed<CloseAccount>(j);
    if (type == "ReverseDeposit") return parse_typed<ReverseDeposit>(j);
    r.fail("type", "\"" + type + "\" is not a command; use OpenAccount, Deposit, Withdraw, Transfer, CloseAccount or ReverseDeposit");
    return *error;
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
            } else if constexpr (std::is_same_v<T, ReverseDeposit>) {
                j["accountId"] = c.account_id;
                j["depositPosition"] = c.deposit_position;
            } else {
                j["accountId"] = c.account_id;
            }
            write_meta(j, c.meta);
        },
        command);
    return j;
}

}  // namespace es::bank
