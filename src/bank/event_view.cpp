// The copy-free event reader (see event_view.h). One pass over the payload object: every key
// must be one of the kind's fields, every value must pass the strict decoder's rule for that
// field, and all of the kind's fields must be there. Keys are unique in a JSON object, so
// "every key known" plus "all required seen" is exactly the strict "no unknown field, none
// missing" check, without the per-key list scan or any string copy.
#include "bank/event_view.h"

#include <limits>
#include <type_traits>

#include "bank/commands.h"
#include "bank/money.h"

namespace es::bank {

namespace {

// One bit per payload field.
constexpr unsigned kAccountId = 1u << 0;
constexpr unsigned kAmount = 1u << 1;
constexpr unsigned kCurrency = 1u << 2;
constexpr unsigned kDepositedBy = 1u << 3;
constexpr unsigned kOwner = 1u << 4;
constexpr unsigned kOverdraft = 1u << 5;
constexpr unsigned kTransferId = 1u << 6;
constexpr unsigned kToAccount = 1u << 7;
constexpr unsigned kFromAccount = 1u << 8;
constexpr unsigned kReversedPosition = 1u << 9;
constexpr unsigned kReversedEventId = 1u << 10;

// Which field a key names (0 for none), dispatching on the length first so most keys are
// settled by one comparison.
unsigned field_of(std::string_view key) {
    switch (key.size()) {
        case 5: return key == "owner" ? kOwner : 0;
        case 8: return key == "currency" ? kCurrency : 0;
        case 9: return key == "accountId" ? kAccountId : 0;
        case 10: return key == "transferId" ? kTransferId : 0;
        case 11:
            if (key == "amountCents") return kAmount;
            if (key == "toAccountId") return kToAccount;
            return key == "depositedBy" ? kDepositedBy : 0;
        case 13: return key == "fromAccountId" ? kFromAccount : 0;
        case 15: return key == "reversedEventId" ? kReversedEventId : 0;
        case 16: return key == "reversedPosition" ? kReversedPosition : 0;
        case 19: return key == "overdraftLimitCents" ? kOverdraft : 0;
        default: return 0;
    }
}

// The kind named by an event type at its current schema version, with the fields it needs.
bool kind_of(const RecordedEvent& e, EventKind& kind, unsigned& fields) {
    const std::string& t = e.type;
    switch (t.size()) {
        case 12:  // TransferSent
            if (t != TransferSent::kType) return false;
            kind = EventKind::TransferSent;
            fields = kTransferId | kAccountId | kToAccount | kAmount;
            return e.schema_version == TransferSent::kSchemaVersion;
        case 13:  // AccountClosed
            if (t != AccountClosed::kType) return false;
            kind = EventKind::AccountClosed;
            fields = kAccountId;
            return e.schema_version == AccountClosed::kSchemaVersion;
        case 14:  // AccountCreated, MoneyDeposited, MoneyWithdrawn
            if (t == MoneyDeposited::kType) {
                kind = EventKind::MoneyDeposited;
                fields = kAccountId | kAmount | kCurrency | kDepositedBy;
                return e.schema_version == MoneyDeposited::kSchemaVersion;
            }
            if (t == MoneyWithdrawn::kType) {
                kind = EventKind::MoneyWithdrawn;
                fields = kAccountId | kAmount;
                return e.schema_version == MoneyWithdrawn::kSchemaVersion;
            }
            if (t != AccountCreated::kType) return false;
            kind = EventKind::AccountCreated;
            fields = kAccountId | kOwner | kCurrency | kOverdraft;
            return e.schema_version == AccountCreated::kSchemaVersion;
        case 15:  // DepositReversed
            if (t != DepositReversed::kType) return false;
            kind = EventKind::DepositReversed;
            fields = kAccountId | kAmount | kReversedPosition | kReversedEventId;
            return e.schema_version == DepositReversed::kSchemaVersion;
        case 16:  // TransferReceived
            if (t != TransferReceived::kType) return false;
            kind = EventKind::TransferReceived;
            fields = kTransferId | kAccountId | kFromAccount | kAmount;
            return e.schema_version == TransferReceived::kSchemaVersion;
        default: return false;
    }
}

// The strict reader's integer rule (JsonObjectReader::integer): a JSON integer (never a float)
// that fits int64 and is >= min.
bool read_int(const Json& v, int64_t min, int64_t& out) {
    if (const auto* u = v.get_ptr<const Json::number_unsigned_t*>()) {
        if (*u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return false;
        out = static_cast<int64_t>(*u);
    } else if (const auto* i = v.get_ptr<const Json::number_integer_t*>()) {
        out = *i;
    } else {
        return false;
    }
    return out >= min;
}

// The strict reader's string rule: a non-empty string of at most max_len bytes.
bool read_text(const Json& v, size_t max_len, std::string_view& out) {
    const auto* s = v.get_ptr<const Json::string_t*>();
    if (s == nullptr || s->empty() || s->size() > max_len) return false;
    out = *s;
    return true;
}

size_t count_bits(unsigned x) {
    size_t n = 0;
    for (; x != 0; x &= x - 1) ++n;
    return n;
}

bool read_account(const Json& v, std::string_view& out) {
    return read_text(v, 64, out) && is_valid_account_id(out);
}

}  // namespace

bool view_event(const RecordedEvent& event, EventView& out) {
    unsigned required = 0;
    if (!kind_of(event, out.kind, required)) return false;
    const auto* obj = event.data.get_ptr<const Json::object_t*>();
    if (obj == nullptr || obj->size() != count_bits(required)) {
        return false;
    }
    unsigned seen = 0;
    for (const auto& [key, value] : *obj) {
        const unsigned f = field_of(key);
        if ((f & required) == 0) return false;  // unknown to this kind
        bool ok = false;
        switch (f) {
            case kAccountId: ok = read_account(value, out.account_id); break;
            case kToAccount:
            case kFromAccount: ok = read_account(value, out.other_account_id); break;
            case kAmount: ok = read_int(value, 1, out.amount_cents); break;
            case kOverdraft: ok = read_int(value, 0, out.overdraft_limit_cents); break;
            case kCurrency:
                ok = read_text(value, 8, out.currency) && is_currency_code(out.currency);
                break;
            case kTransferId: ok = read_text(value, 4096, out.transfer_id); break;
            case kReversedEventId: ok = read_text(value, 4096, out.reversed_event_id); break;
            case kReversedPosition: {
                int64_t p = 0;
                ok = read_int(value, 1, p);
                out.reversed_position = static_cast<uint64_t>(p);
                break;
            }
            case kOwner:
            case kDepositedBy: ok = read_text(value, 4096, out.text); break;
            default: break;
        }
        if (!ok) return false;
        seen |= f;
    }
    return seen == required;
}

bool view_or_decode(const RecordedEvent& event, EventView& out, std::optional<BankEvent>& holder) {
    if (view_event(event, out)) return true;
    auto decoded = decode_event(event);
    if (!decoded.ok()) return false;
    holder = std::move(*decoded);
    out = view_of(*holder);
    return true;
}

EventView view_of(const BankEvent& event) {
    EventView v;
    std::visit(
        [&](const auto& p) {
            using T = std::decay_t<decltype(p)>;
            v.account_id = p.account_id;
            if constexpr (std::is_same_v<T, AccountCreated>) {
                v.kind = EventKind::AccountCreated;
                v.text = p.owner;
                v.currency = p.currency;
                v.overdraft_limit_cents = p.overdraft_limit_cents;
            } else if constexpr (std::is_same_v<T, MoneyDeposited>) {
                v.kind = EventKind::MoneyDeposited;
                v.amount_cents = p.amount_cents;
                v.currency = p.currency;
                v.text = p.deposited_by;
            } else if constexpr (std::is_same_v<T, MoneyWithdrawn>) {
                v.kind = EventKind::MoneyWithdrawn;
                v.amount_cents = p.amount_cents;
            } else if constexpr (std::is_same_v<T, TransferSent>) {
                v.kind = EventKind::TransferSent;
                v.transfer_id = p.transfer_id;
                v.other_account_id = p.to_account_id;
                v.amount_cents = p.amount_cents;
            } else if constexpr (std::is_same_v<T, TransferReceived>) {
                v.kind = EventKind::TransferReceived;
                v.transfer_id = p.transfer_id;
                v.other_account_id = p.from_account_id;
                v.amount_cents = p.amount_cents;
            } else if constexpr (std::is_same_v<T, DepositReversed>) {
                v.kind = EventKind::DepositReversed;
                v.amount_cents = p.amount_cents;
                v.reversed_position = p.reversed_position;
                v.reversed_event_id = p.reversed_event_id;
            } else {
                v.kind = EventKind::AccountClosed;
            }
        },
        event);
    return v;
}

std::optional<int64_t> amount_of(const RecordedEvent& event) {
    if (bank_upcasters().needs_upcast(event)) {  // a stored MoneyDeposited v1, say
        auto current = bank_upcasters().upcast(event);
        return current.ok() ? amount_of(*current) : std::nullopt;
    }
    EventView v;
    std::optional<BankEvent> holder;
    if (!view_or_decode(event, v, holder) || v.kind == EventKind::AccountCreated || v.kind == EventKind::AccountClosed)
        return std::nullopt;
    return v.amount_cents;
}

std::string describe_events_after(EventRange log, uint64_t after_position) {
    std::string out;
    for (uint64_t p = after_position + 1; p <= log.size(); ++p) {
        const RecordedEvent& e = log[p - 1];
        if (!out.empty()) out += ", ";
        out += e.type + " on " + e.stream_id;
        if (auto amount = amount_of(e)) out += " (" + format_amount(*amount) + ")";
    }
    return out;
}

}  // namespace es::bank
