// The strict JSON object reader (json_object.h).
#include "core/json_object.h"

#include <algorithm>

namespace es {

std::string preview_json(const Json& value) {
    if (value.is_object()) return "an object";
    if (value.is_array()) return "an array";
    std::string s = value.dump(-1, ' ', false, Json::error_handler_t::replace);
    if (s.size() > 40) s = s.substr(0, 37) + "...";
    return s;
}

namespace {

const Json& empty_object() {
    static const Json empty = Json::object();
    return empty;
}

}  // namespace

JsonObjectReader::JsonObjectReader(const Json& object, std::string_view path, ErrorCode code,
                                   std::optional<Error>& first_error)
    : object_(object.is_object() ? object : empty_object()), path_(path), code_(code), first_error_(first_error) {
    if (!object.is_object())
        report((path_.empty() ? std::string() : std::string(path_) + ": ") + "expected a JSON object, got " +
               preview_json(object));
}

JsonObjectReader::JsonObjectReader(const Json& object, std::string owned_path, JsonObjectReader& parent)
    : object_(object.is_object() ? object : empty_object()), owned_path_(std::move(owned_path)), path_(owned_path_),
      code_(parent.code_), first_error_(parent.first_error_) {
    if (!object.is_object())
        report(std::string(path_) + ": expected a JSON object, got " + preview_json(object));
}

std::string JsonObjectReader::field_path(std::string_view field) const {
    if (path_.empty()) return std::string(field);
    if (field.empty()) return std::string(path_);
    return std::string(path_) + "." + std::string(field);
}

void JsonObjectReader::report(std::string message) {
    if (!first_error_) first_error_ = make_error(code_, std::move(message));
}

bool JsonObjectReader::was_read(std::string_view field) const {
    return std::find(inline_read_, inline_read_ + inline_count_, field) != inline_read_ + inline_count_ ||
           std::find(more_read_.begin(), more_read_.end(), field) != more_read_.end();
}

void JsonObjectReader::mark_read(std::string_view field, bool present) {
    if (was_read(field)) return;
    if (inline_count_ < kInline) inline_read_[inline_count_++] = field;
    else more_read_.push_back(field);
    if (present) ++present_read_;
}

std::string JsonObjectReader::read_list() const {
    std::string list;
    for (size_t i = 0; i < inline_count_; ++i) list += (list.empty() ? "" : ", ") + std::string(inline_read_[i]);
    for (std::string_view k : more_read_) list += (list.empty() ? "" : ", ") + std::string(k);
    return list;
}

bool JsonObjectReader::has(std::string_view field) const { return object_.contains(field); }

void JsonObjectReader::fail(std::string_view field, const std::string& problem) {
    const std::string path = field_path(field);
    report(path.empty() ? problem : "field '" + path + "': " + problem);
}

void JsonObjectReader::fail_expected(std::string_view field, std::string_view expected, const Json& got) {
    fail(field, "expected " + std::string(expected) + ", got " + preview_json(got));
}

const Json* JsonObjectReader::optional_value(std::string_view field) {
    auto it = object_.find(field);
    const Json* v = it == object_.end() ? nullptr : &*it;
    mark_read(field, v != nullptr);
    return v;
}

void JsonObjectReader::report_missing(std::string_view field, std::string_view what) {
    report("field '" + field_path(field) + "' is missing; add it as " + std::string(what));
}

const Json* JsonObjectReader::value(std::string_view field, std::string_view what) {
    const Json* v = optional_value(field);
    if (!v) report_missing(field, what);
    return v;
}

std::optional<std::string> JsonObjectReader::optional_string(std::string_view field, Text rule) {
    const Json* v = optional_value(field);
    if (!v) return std::nullopt;
    return checked_string(field, *v, rule);
}

std::string JsonObjectReader::checked_string(std::string_view field, const Json& value, Text rule) {
    const Json* v = &value;
    if (!v->is_string()) {
        fail_expected(field, "a string", *v);
        return std::string();
    }
    const std::string& s = v->get_ref<const std::string&>();
    if (s.size() > rule.max_bytes) {
        fail(field, "string of " + std::to_string(s.size()) + " bytes exceeds the limit of " +
                        std::to_string(rule.max_bytes));
        return std::string();
    }
    if (s.empty() && !rule.allow_empty) {
        fail_expected(field, "a non-empty string", *v);
        return std::string();
    }
    return s;
}

std::string JsonObjectReader::string(std::string_view field, Text rule) {
    const Json* v = value(field, "a string");
    return v ? checked_string(field, *v, rule) : std::string();
}

std::string JsonObjectReader::integer_words(int64_t min, int64_t max) {
    constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
    if (max == kMax) {
        if (min == 0) return "a non-negative integer";
        if (min == 1) return "a positive integer";
        if (min == std::numeric_limits<int64_t>::min()) return "an integer";
        return "an integer of at least " + std::to_string(min);
    }
    return "an integer from " + std::to_string(min) + " to " + std::to_string(max);
}

std::string JsonObjectReader::unsigned_words(uint64_t min, uint64_t max) {
    if (max != std::numeric_limits<uint64_t>::max())
        return "an integer from " + std::to_string(min) + " to " + std::to_string(max);
    if (min == 0) return "a non-negative integer";
    if (min == 1) return "a positive integer";
    return "an integer of at least " + std::to_string(min);
}

namespace {

// `v` is an integer that fits int64 and lies in [min, max].
bool int64_in(const Json& v, int64_t min, int64_t max) {
    if (!v.is_number_integer()) return false;
    if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
        return false;
    const int64_t n = v.get<int64_t>();
    return n >= min && n <= max;
}

// `v` is a non-negative integer in [min, max]. A value built in C++ from a signed integer is
// signed even when it is not negative.
bool uint64_in(const Json& v, uint64_t min, uint64_t max) {
    const bool fits = v.is_number_unsigned() || (v.is_number_integer() && v.get<int64_t>() >= 0);
    return fits && v.get<uint64_t>() >= min && v.get<uint64_t>() <= max;
}

}  // namespace

std::optional<int64_t> JsonObjectReader::optional_integer(std::string_view field, int64_t min, int64_t max) {
    const Json* v = optional_value(field);
    if (!v) return std::nullopt;
    if (!int64_in(*v, min, max)) {
        fail_expected(field, integer_words(min, max), *v);
        return min;
    }
    return v->get<int64_t>();
}

int64_t JsonObjectReader::integer(std::string_view field, int64_t min, int64_t max, std::string_view what) {
    const Json* v = optional_value(field);
    if (!v || !int64_in(*v, min, max)) {
        const std::string words = what.empty() ? integer_words(min, max) : std::string(what);
        if (!v) report_missing(field, words);
        else fail_expected(field, words, *v);
        return min;
    }
    return v->get<int64_t>();
}

std::optional<uint64_t> JsonObjectReader::optional_unsigned(std::string_view field, uint64_t min) {
    if (!object_.contains(field)) {
        mark_read(field, false);
        return std::nullopt;
    }
    return unsigned_integer(field, min);
}

uint64_t JsonObjectReader::unsigned_integer(std::string_view field, uint64_t min, uint64_t max,
                                           std::string_view what) {
    const Json* v = optional_value(field);
    if (!v || !uint64_in(*v, min, max)) {
        const std::string words = what.empty() ? unsigned_words(min, max) : std::string(what);
        if (!v) report_missing(field, words);
        else fail_expected(field, words, *v);
        return min;
    }
    return v->get<uint64_t>();
}

bool JsonObjectReader::boolean(std::string_view field) {
    const Json* v = value(field, "true or false");
    if (!v) return false;
    if (!v->is_boolean()) {
        fail_expected(field, "true or false", *v);
        return false;
    }
    return v->get<bool>();
}

const Json* JsonObjectReader::object(std::string_view field) {
    const Json* v = value(field, "an object");
    if (v && !v->is_object()) {
        fail_expected(field, "an object", *v);
        return nullptr;
    }
    return v;
}

const Json* JsonObjectReader::array(std::string_view field, size_t min, size_t max) {
    const Json* v = value(field, "an array");
    if (!v) return nullptr;
    if (!v->is_array()) {
        fail_expected(field, "an array", *v);
        return nullptr;
    }
    if (v->size() < min || v->size() > max) {
        fail(field, "expected " + std::to_string(min) + " to " + std::to_string(max) + " entries, found " +
                        std::to_string(v->size()));
        return nullptr;
    }
    return v;
}

std::vector<std::string> JsonObjectReader::strings(std::string_view field, size_t min, size_t max) {
    std::vector<std::string> out;
    const Json* list = array(field, min, max);
    if (!list) return out;
    for (size_t i = 0; i < list->size(); ++i) {
        const Json& item = (*list)[i];
        const std::string entry = std::string(field) + "[" + std::to_string(i) + "]";
        if (!item.is_string() || item.get_ref<const std::string&>().empty()) fail_expected(entry, "a non-empty string", item);
        else out.push_back(item.get<std::string>());
    }
    return out;
}

JsonObjectReader JsonObjectReader::child(std::string_view field) {
    const Json* v = object(field);
    return JsonObjectReader(v ? *v : empty_object(), field_path(field), *this);
}

JsonObjectReader JsonObjectReader::child(std::string_view field, size_t index) {
    const Json* list = optional_value(field);
    const Json& item = list && list->is_array() && index < list->size() ? (*list)[index] : empty_object();
    return JsonObjectReader(item, field_path(field) + "[" + std::to_string(index) + "]", *this);
}

void JsonObjectReader::only(const std::string_view* known, size_t count) {
    if (failed()) return;
    for (auto it = object_.begin(); it != object_.end(); ++it) {
        if (std::find(known, known + count, it.key()) != known + count) continue;
        std::string list;
        for (size_t i = 0; i < count; ++i) list += (list.empty() ? "" : ", ") + std::string(known[i]);
        std::string key = it.key().size() > 40 ? it.key().substr(0, 37) + "..." : it.key();
        report("unknown field '" + field_path(key) + "'; remove it (known fields: " + list + ")");
        return;
    }
}

void JsonObjectReader::no_other_fields(std::initializer_list<std::string_view> known) {
    if (failed() || present_read_ == object_.size()) return;
    for (auto it = object_.begin(); it != object_.end(); ++it) {
        if (was_read(it.key()) || std::find(known.begin(), known.end(), it.key()) != known.end()) continue;
        std::string list = read_list();
        for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
        std::string key = it.key().size() > 40 ? it.key().substr(0, 37) + "..." : it.key();
        report("unknown field '" + field_path(key) + "'; remove it (known fields: " + list + ")");
        return;
    }
}

}  // namespace es
