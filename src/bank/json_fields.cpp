// Strict JSON field readers for the bank domain (see json_fields.h).
#include "bank/json_fields.h"

#include <limits>

namespace es::bank::detail {

namespace {

const char* type_name(const Json& v) {
    if (v.is_null()) return "null";
    if (v.is_boolean()) return "a boolean";
    if (v.is_number_float()) return "a floating-point number";
    if (v.is_number()) return "an integer";
    if (v.is_string()) return "a string";
    if (v.is_array()) return "an array";
    return "an object";
}

}  // namespace

Error field_error(std::string_view what, const char* field, std::string_view problem) {
    std::string msg;
    msg.append(what).append(".").append(field).append(" ").append(problem);
    return make_error(ErrorCode::InvalidArgument, std::move(msg));
}

Status check_object(const Json& j, std::string_view what,
                    std::initializer_list<std::string_view> allowed) {
    if (!j.is_object()) {
        return make_error(ErrorCode::InvalidArgument,
                          std::string(what) + " must be a JSON object, got " + type_name(j));
    }
    for (auto it = j.begin(); it != j.end(); ++it) {
        bool known = false;
        for (std::string_view a : allowed) known = known || (a == it.key());
        if (!known) {
            std::string list;
            for (std::string_view a : allowed) {
                if (!list.empty()) list += ", ";
                list.append(a);
            }
            return make_error(ErrorCode::InvalidArgument,
                              std::string(what) + " has an unknown field \"" + it.key() +
                                  "\"; remove it (allowed fields: " + list + ")");
        }
    }
    return ok_status();
}

Result<std::optional<std::string>> get_optional_string(const Json& j, std::string_view what,
                                                       const char* field, size_t max_len) {
    auto it = j.find(field);
    if (it == j.end()) return std::optional<std::string>{};
    if (!it->is_string()) {
        return field_error(what, field, std::string("must be a string, got ") + type_name(*it));
    }
    std::string s = it->get<std::string>();
    if (s.size() > max_len) {
        return field_error(what, field,
                           "is too long (" + std::to_string(s.size()) + " bytes); keep it under " +
                               std::to_string(max_len + 1) + " bytes");
    }
    return std::optional<std::string>(std::move(s));
}

Result<std::string> get_string(const Json& j, std::string_view what, const char* field,
                               size_t max_len) {
    auto r = get_optional_string(j, what, field, max_len);
    if (!r.ok()) return r.error();
    if (!r->has_value()) return field_error(what, field, "is missing; add it as a string");
    if ((*r)->empty()) return field_error(what, field, "must not be empty");
    return std::move(**r);
}

Result<int64_t> get_int(const Json& j, std::string_view what, const char* field, int64_t min) {
    auto it = j.find(field);
    if (it == j.end()) return field_error(what, field, "is missing; add it as an integer");
    if (!it->is_number_integer()) {
        return field_error(what, field, std::string("must be an integer, got ") + type_name(*it));
    }
    int64_t v = 0;
    if (it->is_number_unsigned()) {
        uint64_t u = it->get<uint64_t>();
        if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
            return field_error(what, field, "is too large for a 64-bit signed integer");
        }
        v = static_cast<int64_t>(u);
    } else {
        v = it->get<int64_t>();
    }
    if (v < min) {
        return field_error(what, field,
                           "must be at least " + std::to_string(min) + ", got " +
                               std::to_string(v));
    }
    return v;
}

Result<std::optional<uint64_t>> get_optional_uint(const Json& j, std::string_view what,
                                                  const char* field) {
    auto it = j.find(field);
    if (it == j.end()) return std::optional<uint64_t>{};
    if (!it->is_number_integer()) {
        return field_error(what, field,
                           std::string("must be a non-negative integer, got ") + type_name(*it));
    }
    // A JSON value built in C++ from an `int` is signed even when non-negative: check the value.
    if (!it->is_number_unsigned() && it->get<int64_t>() < 0) {
        return field_error(what, field,
                           "must be a non-negative integer, got " +
                               std::to_string(it->get<int64_t>()));
    }
    return std::optional<uint64_t>(it->get<uint64_t>());
}

bool is_valid_account_id(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

Result<std::string> get_account_id(const Json& j, std::string_view what, const char* field) {
    auto s = get_string(j, what, field, 64);
    if (!s.ok()) return s.error();
    if (!is_valid_account_id(*s)) {
        return field_error(what, field,
                           "\"" + *s +
                               "\" is not a valid account id; use 1 to 64 letters, digits, '_' "
                               "or '-'");
    }
    return s;
}

}  // namespace es::bank::detail
