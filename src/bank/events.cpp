// Strict JSON for the bank's event payloads, the event decoder and the MoneyDeposited upcaster.
#include "bank/events.h"

#include <optional>

#include "bank/json_fields.h"
#include "bank/money.h"

namespace es::bank {

using detail::read_account_id;
using detail::read_currency;

namespace {
constexpr std::string_view kAccountStreamPrefix = "account-";
}

std::string account_stream_id(std::string_view account_id) {
    return std::string(kAccountStreamPrefix).append(account_id);
}

std::optional<std::string_view> account_of_stream(std::string_view stream_id) {
    if (stream_id.compare(0, kAccountStreamPrefix.size(), kAccountStreamPrefix) != 0) return std::nullopt;
    return stream_id.substr(kAccountStreamPrefix.size());
}

namespace {

// Positive cents: a zero or negative amount in a stored event can only come from a bug or a
// hand edit, so it is refused rather than folded.
int64_t read_amount_cents(JsonObjectReader& r) { return r.integer("amountCents", 1); }

// Reads a payload with `read` (which takes the fields in order), refusing any other field.
template <typename T, typename Read>
Result<T> read_payload(const Json& j, const std::string& what, Read read) {
    std::optional<Error> error;
    JsonObjectReader r(j, what, ErrorCode::InvalidArgument, error);
    T payload = read(r);
    r.no_other_fields();
    if (error) return *error;
    return payload;
}

// Version-qualified name for error messages, e.g. "MoneyDeposited v2" (made once: every decode
// names its payload).
template <typename P>
const std::string& what_of() {
    static const std::string what = std::string(P::kType) + " v" + std::to_string(P::kSchemaVersion);
    return what;
}

// {accountId, amountCents}: MoneyDeposited v1 and MoneyWithdrawn share this shape.
template <typename T>
Result<T> account_amount_from_json(const Json& j) {
    return read_payload<T>(j, what_of<T>(), [](JsonObjectReader& r) {
        return T{read_account_id(r, "accountId"), read_amount_cents(r)};
    });
}

// {transferId, accountId, <other side>, amountCents}: both legs of a transfer.
template <typename T>
Result<T> transfer_leg_from_json(const Json& j, const char* other_field) {
    return read_payload<T>(j, what_of<T>(), [other_field](JsonObjectReader& r) {
        return T{r.string("transferId"), read_account_id(r, "accountId"), read_account_id(r, other_field),
                 read_amount_cents(r)};
    });
}

}  // namespace

// ---- AccountCreated ----------------------------------------------------------------------------

Json AccountCreated::to_json() const {
    return Json{{"accountId", account_id},
                {"owner", owner},
                {"currency", currency},
                {"overdraftLimitCents", overdraft_limit_cents}};
}

Result<AccountCreated> AccountCreated::from_json(const Json& j) {
    return read_payload<AccountCreated>(j, what_of<AccountCreated>(), [](JsonObjectReader& r) {
        return AccountCreated{read_account_id(r, "accountId"), r.string("owner"), read_currency(r, "currency"),
                              r.integer("overdraftLimitCents", 0)};
    });
}

bool AccountCreated::operator==(const AccountCreated& o) const {
    return account_id == o.account_id && owner == o.owner && currency == o.currency &&
           overdraft_limit_cents == o.overdraft_limit_cents;
}

// ---- MoneyDeposited (v2) and its v1 ancestor ---------------------------------------------------

Json MoneyDeposited::to_json() const {
    return Json{{"accountId", account_id},
                {"amountCents", amount_cents},
                {"currency", currency},
                {"depositedBy", deposited_by}};
}

Result<MoneyDeposited> MoneyDeposited::from_json(const Json& j) {
    return read_payload<MoneyDeposited>(j, what_of<MoneyDeposited>(), [](JsonObjectReader& r) {
        return MoneyDeposited{read_account_id(r, "accountId"), read_amount_cents(r), read_currency(r, "currency"),
                              r.string("depositedBy")};
    });
}

bool MoneyDeposited::operator==(const MoneyDeposited& o) const {
    return account_id == o.account_id && amount_cents == o.amount_cents &&
           currency == o.currency && deposited_by == o.deposited_by;
}

Json MoneyDepositedV1::to_json() const {
    return Json{{"accountId", account_id}, {"amountCents", amount_cents}};
}

Result<MoneyDepositedV1> MoneyDepositedV1::from_json(const Json& j) {
    return account_amount_from_json<MoneyDepositedV1>(j);
}

// ---- MoneyWithdrawn ----------------------------------------------------------------------------

Json MoneyWithdrawn::to_json() const {
    return Json{{"accountId", account_id}, {"amountCents", amount_cents}};
}

Result<MoneyWithdrawn> MoneyWithdrawn::from_json(const Json& j) {
    return account_amount_from_json<MoneyWithdrawn>(j);
}

bool MoneyWithdrawn::operator==(const MoneyWithdrawn& o) const {
    return account_id == o.account_id && amount_cents == o.amount_cents;
}

// ---- TransferSent / TransferReceived -----------------------------------------------------------

Json TransferSent::to_json() const {
    return Json{{"transferId", transfer_id},
                {"accountId", account_id},
                {"toAccountId", to_account_id},
                {"amountCents", amount_cents}};
}

Result<TransferSent> TransferSent::from_json(const Json& j) {
    return transfer_leg_from_json<TransferSent>(j, "toAccountId");
}

bool TransferSent::operator==(const TransferSent& o) const {
    return transfer_id == o.transfer_id && account_id == o.account_id &&
           to_account_id == o.to_account_id && amount_cents == o.amount_cents;
}

Json TransferReceived::to_json() const {
    return Json{{"transferId", transfer_id},
                {"accountId", account_id},
                {"fromAccountId", from_account_id},
                {"amountCents", amount_cents}};
}

Result<TransferReceived> TransferReceived::from_json(const Json& j) {
    return transfer_leg_from_json<TransferReceived>(j, "fromAccountId");
}

bool TransferReceived::operator==(const TransferReceived& o) const {
    return transfer_id == o.transfer_id && account_id == o.account_id &&
           from_account_id == o.from_account_id && amount_cents == o.amount_cents;
}

// ---- AccountClosed -----------------------------------------------------------------------------

Json AccountClosed::to_json() const { return Json{{"accountId", account_id}}; }

Result<AccountClosed> AccountClosed::from_json(const Json& j) {
    return read_payload<AccountClosed>(j, what_of<AccountClosed>(),
                                       [](JsonObjectReader& r) { return AccountClosed{read_account_id(r, "accountId")}; });
}

bool AccountClosed::operator==(const AccountClosed& o) const {
    return account_id == o.account_id;
}

// ---- DepositReversed ---------------------------------------------------------------------------

Json DepositReversed::to_json() const {
    return Json{{"accountId", account_id},
                {"amountCents", amount_cents},
                {"reversedPosition", reversed_position},
                {"reversedEventId", reversed_event_id}};
}

Result<DepositReversed> DepositReversed::from_json(const Json& j) {
    return read_payload<DepositReversed>(j, what_of<DepositReversed>(), [](JsonObjectReader& r) {
        return DepositReversed{read_account_id(r, "accountId"), read_amount_cents(r), r.unsigned_integer("reversedPosition", 1),
                               r.string("reversedEventId")};
    });
}

bool DepositReversed::operator==(const DepositReversed& o) const {
    return account_id == o.account_id && amount_cents == o.amount_cents && reversed_position == o.reversed_position &&
           reversed_event_id == o.reversed_event_id;
}

// ---- decoding, building, upcasting -------------------------------------------------------------

namespace {

template <typename P>
bool try_decode(const RecordedEvent& e, std::optional<Result<BankEvent>>& out) {
    if (e.type != P::kType) return false;
    if (e.schema_version != P::kSchemaVersion) {
        out = make_error(ErrorCode::Unsupported,
                         "event " + e.event_id + " is " + e.type + " v" +
                             std::to_string(e.schema_version) + " but the code folds v" +
                             std::to_string(P::kSchemaVersion) +
                             "; upcast it with the UpcasterRegistry before decoding");
        return true;
    }
    auto p = P::from_json(e.data);
    if (!p.ok()) {
        out = p.error();
    } else {
        out = BankEvent(std::move(*p));
    }
    return true;
}

}  // namespace

Result<BankEvent> decode_event(const RecordedEvent& event) {
    std::optional<Result<BankEvent>> out;
    bool matched = try_decode<AccountCreated>(event, out) ||
                   try_decode<MoneyDeposited>(event, out) ||
                   try_decode<MoneyWithdrawn>(event, out) ||
                   try_decode<TransferSent>(event, out) ||
                   try_decode<TransferReceived>(event, out) ||
                   try_decode<AccountClosed>(event, out) ||
                   try_decode<DepositReversed>(event, out);
    if (!matched) {
        return make_error(ErrorCode::Unsupported,
                          "\"" + event.type + "\" is not a bank event type; expected one of "
                                              "AccountCreated, MoneyDeposited, MoneyWithdrawn, "
                                              "TransferSent, TransferReceived, AccountClosed, DepositReversed");
    }
    return std::move(*out);
}

NewEvent to_new_event(const BankEvent& event, EventMetadata metadata) {
    return std::visit([&](const auto& p) { return make_event(p, std::move(metadata)); }, event);
}

NewEvent make_legacy_deposit_v1(const std::string& account_id, int64_t amount_cents,
                                EventMetadata metadata) {
    return make_event(MoneyDepositedV1{account_id, amount_cents}, std::move(metadata));
}

Result<Json> upcast_money_deposited_v1_to_v2(const RecordedEvent& v1_event) {
    auto v1 = MoneyDepositedV1::from_json(v1_event.data);
    if (!v1.ok()) return v1.error();
    MoneyDeposited v2;
    v2.account_id = v1->account_id;
    v2.amount_cents = v1->amount_cents;
    v2.currency = "USD";  // v1 era: every account was opened in US dollars
    v2.deposited_by = v1_event.metadata.actor.empty() ? "unknown" : v1_event.metadata.actor;
    return v2.to_json();
}

void register_bank_event_types(UpcasterRegistry& registry) {
    registry.register_type(AccountCreated::kType, AccountCreated::kSchemaVersion);
    registry.register_type(MoneyDeposited::kType, MoneyDeposited::kSchemaVersion);
    registry.register_type(MoneyWithdrawn::kType, MoneyWithdrawn::kSchemaVersion);
    registry.register_type(TransferSent::kType, TransferSent::kSchemaVersion);
    registry.register_type(TransferReceived::kType, TransferReceived::kSchemaVersion);
    registry.register_type(AccountClosed::kType, AccountClosed::kSchemaVersion);
    registry.register_type(DepositReversed::kType, DepositReversed::kSchemaVersion);
    registry.add(MoneyDeposited::kType, 1, upcast_money_deposited_v1_to_v2);
}

const UpcasterRegistry& bank_upcasters() {
    static const UpcasterRegistry registry = [] {
        UpcasterRegistry r;
        register_bank_event_types(r);
        return r;
    }();
    return registry;
}

std::string format_field_value(const std::string& field, const Json& value) {
    const bool cents = field.size() > 5 && field.compare(field.size() - 5, 5, "Cents") == 0;
    if (cents && value.is_number_integer()) return format_amount(value.get<int64_t>());
    if (value.is_string()) return value.get<std::string>();
    if (value.is_null()) return "(none)";
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace es::bank
