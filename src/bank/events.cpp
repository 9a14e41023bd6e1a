// Strict JSON for the bank's event payloads, the event decoder and the MoneyDeposited upcaster.
#include "bank/events.h"

#include <optional>

#include "bank/json_fields.h"
#include "bank/money.h"

namespace es::bank {

using detail::check_object;
using detail::field_error;
using detail::get_account_id;
using detail::get_int;
using detail::get_string;

std::string account_stream_id(std::string_view account_id) {
    return "account-" + std::string(account_id);
}

namespace {

// Positive cents: a zero or negative amount in a stored event can only come from a bug or a
// hand edit, so it is refused rather than folded.
Result<int64_t> get_amount(const Json& j, std::string_view what, const char* field) {
    return get_int(j, what, field, 1);
}

Result<std::string> get_currency(const Json& j, std::string_view what, const char* field) {
    auto c = get_string(j, what, field, 8);
    if (!c.ok()) return c.error();
    if (!is_currency_code(*c)) {
        return field_error(what, field,
                           "\"" + *c + "\" is not a currency code; use three capital letters "
                                       "such as \"USD\"");
    }
    return c;
}

// Version-qualified name for error messages, e.g. "MoneyDeposited v2".
template <typename P>
std::string what_of() {
    return std::string(P::kType) + " v" + std::to_string(P::kSchemaVersion);
}


// {accountId, amountCents}: MoneyDeposited v1 and MoneyWithdrawn share this shape.
template <typename T>
Result<T> account_amount_from_json(const Json& j) {
    static const std::string what = what_of<T>();
    if (auto s = check_object(j, what, {"accountId", "amountCents"}); !s.ok()) return s.error();
    auto id = get_account_id(j, what, "accountId");
    if (!id.ok()) return id.error();
    auto amount = get_amount(j, what, "amountCents");
    if (!amount.ok()) return amount.error();
    return T{std::move(*id), *amount};
}

// {transferId, accountId, <other side>, amountCents}: both legs of a transfer.
template <typename T>
Result<T> transfer_leg_from_json(const Json& j, const char* other_field) {
    static const std::string what = what_of<T>();
    if (auto s = check_object(j, what, {"transferId", "accountId", other_field, "amountCents"}); !s.ok())
        return s.error();
    auto tid = get_string(j, what, "transferId");
    if (!tid.ok()) return tid.error();
    auto id = get_account_id(j, what, "accountId");
    if (!id.ok()) return id.error();
    auto other = get_account_id(j, what, other_field);
    if (!other.ok()) return other.error();
    auto amount = get_amount(j, what, "amountCents");
    if (!amount.ok()) return amount.error();
    return T{std::move(*tid), std::move(*id), std::move(*other), *amount};
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
    static const std::string what = what_of<AccountCreated>();
    if (auto s = check_object(j, what, {"accountId", "owner", "currency", "overdraftLimitCents"});
        !s.ok())
        return s.error();
    AccountCreated e;
    auto id = get_account_id(j, what, "accountId");
    if (!id.ok()) return id.error();
    auto owner = get_string(j, what, "owner");
    if (!owner.ok()) return owner.error();
    auto cur = get_currency(j, what, "currency");
    if (!cur.ok()) return cur.error();
    auto limit = get_int(j, what, "overdraftLimitCents", 0);
    if (!limit.ok()) return limit.error();
    e.account_id = std::move(*id);
    e.owner = std::move(*owner);
    e.currency = std::move(*cur);
    e.overdraft_limit_cents = *limit;
    return e;
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
    static const std::string what = what_of<MoneyDeposited>();
    if (auto s = check_object(j, what, {"accountId", "amountCents", "currency", "depositedBy"});
        !s.ok())
        return s.error();
    auto id = get_account_id(j, what, "accountId");
    if (!id.ok()) return id.error();
    auto amount = get_amount(j, what, "amountCents");
    if (!amount.ok()) return amount.error();
    auto cur = get_currency(j, what, "currency");
    if (!cur.ok()) return cur.error();
    auto by = get_string(j, what, "depositedBy");
    if (!by.ok()) return by.error();
    return MoneyDeposited{std::move(*id), *amount, std::move(*cur), std::move(*by)};
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
    static const std::string what = what_of<AccountClosed>();
    if (auto s = check_object(j, what, {"accountId"}); !s.ok()) return s.error();
    auto id = get_account_id(j, what, "accountId");
    if (!id.ok()) return id.error();
    return AccountClosed{std::move(*id)};
}

bool AccountClosed::operator==(const AccountClosed& o) const {
    return account_id == o.account_id;
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
                   try_decode<AccountClosed>(event, out);
    if (!matched) {
        return make_error(ErrorCode::Unsupported,
                          "\"" + event.type + "\" is not a bank event type; expected one of "
                                              "AccountCreated, MoneyDeposited, MoneyWithdrawn, "
                                              "TransferSent, TransferReceived, AccountClosed");
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

std::string describe_events_after(const EventList& log, uint64_t after_position) {
    std::string out;
    for (uint64_t p = after_position + 1; p <= log.size(); ++p) {
        const RecordedEvent& e = log[p - 1];
        if (!out.empty()) out += ", ";
        out += e.type + " on " + e.stream_id;
        auto amount = e.data.find("amountCents");
        if (amount != e.data.end() && amount->is_number_integer()) out += " (" + format_amount(amount->get<int64_t>()) + ")";
    }
    return out;
}

}  // namespace es::bank
