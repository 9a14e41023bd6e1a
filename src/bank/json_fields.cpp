// The bank's field rules (json_fields.h).
#include "bank/json_fields.h"

#include "bank/commands.h"
#include "bank/money.h"

namespace es::bank {

namespace detail {

std::string read_account_id(JsonObjectReader& r, std::string_view field) {
    std::string id = r.string(field, JsonObjectReader::Text{64, false});
    if (!r.failed() && !is_valid_account_id(id)) {
        r.fail(field, "\"" + id + "\" is not a valid account id; use 1 to 64 letters, digits, '_' or '-'");
        return std::string();
    }
    return id;
}

std::string read_currency(JsonObjectReader& r, std::string_view field) {
    std::string code = r.string(field, JsonObjectReader::Text{8, false});
    if (!r.failed() && !is_currency_code(code)) {
        r.fail(field, "\"" + code + "\" is not a currency code; use three capital letters such as \"USD\"");
        return std::string();
    }
    return code;
}

}  // namespace detail
}  // namespace es::bank
