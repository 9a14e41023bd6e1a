// The bank's PayloadCodec (see typed_events.h): view_or_decode's reading of an event, kept in a
// TypedPayload.
#include "bank/typed_events.h"

#include <optional>

#include "bank/event_view.h"
#include "bank/money.h"

namespace es::bank {

namespace {

constexpr int kLetters = 26;

// Three capital letters (is_currency_code) as a number below 26^3, which fits the 16-bit detail.
uint16_t pack_currency(std::string_view code) {
    return static_cast<uint16_t>(((code[0] - 'A') * kLetters + (code[1] - 'A')) * kLetters + (code[2] - 'A'));
}

class BankPayloadCodec : public PayloadCodec {
public:
    bool decode(const RecordedEvent& event, TypedPayload& out) const override {
        EventView v;
        std::optional<BankEvent> holder;  // owns what `v` views when the fast path declined
        if (!view_or_decode(event, v, holder)) return false;
        if (account_of_stream(event.stream_id) != v.account_id) return false;
        if (!v.currency.empty()) {
            if (!is_currency_code(v.currency)) return false;
            out.detail = pack_currency(v.currency);
        }
        out.kind = static_cast<uint16_t>(v.kind);
        out.value = v.kind == EventKind::AccountCreated ? v.overdraft_limit_cents : v.amount_cents;
        return true;
    }
};

}  // namespace

const PayloadCodec& bank_payload_codec() {
    static const BankPayloadCodec codec;
    return codec;
}

std::string_view typed_currency(const TypedPayload& p, char (&buf)[3]) {
    unsigned n = p.detail;
    for (int i = 2; i >= 0; --i) {
        buf[i] = static_cast<char>('A' + n % kLetters);
        n /= kLetters;
    }
    return std::string_view(buf, 3);
}

}  // namespace es::bank
