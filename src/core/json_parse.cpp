// The strict JSON parser (json_parse.h): nlohmann's SAX parser feeding a DOM builder of our own
// that also keeps, per open object, the keys seen so far.
#include "core/json_parse.h"

#include <algorithm>
#include <string>
#include <vector>

namespace es {

namespace {

class StrictDomBuilder {
public:
    using string_t = Json::string_t;

    explicit StrictDomBuilder(Json& root) : root_(root) {}

    bool null() { return value(nullptr); }
    bool boolean(bool v) { return value(v); }
    bool number_integer(Json::number_integer_t v) { return value(v); }
    bool number_unsigned(Json::number_unsigned_t v) { return value(v); }
    bool number_float(Json::number_float_t v, const string_t&) { return value(v); }
    bool string(string_t& v) { return value(std::move(v)); }
    bool binary(Json::binary_t& v) { return value(Json::binary(std::move(v))); }

    bool start_object(std::size_t) {
        Json* object = place(Json::object());
        stack_.push_back(object);
        keys_.emplace_back();
        return true;
    }
    bool key(string_t& k) {
        std::vector<string_t>& seen = keys_.back();
        if (std::find(seen.begin(), seen.end(), k) != seen.end()) {
            duplicate_ = k;
            return false;  // stops the parse; the caller names the key
        }
        seen.push_back(k);
        pending_key_ = &(*stack_.back())[k];
        return true;
    }
    bool end_object() {
        stack_.pop_back();
        keys_.pop_back();
        return true;
    }
    bool start_array(std::size_t) {
        stack_.push_back(place(Json::array()));
        keys_.emplace_back();  // arrays have no keys; keeps keys_ in step with stack_
        return true;
    }
    bool end_array() {
        stack_.pop_back();
        keys_.pop_back();
        return true;
    }
    bool parse_error(std::size_t position, const std::string& last_token, const nlohmann::detail::exception& ex) {
        error_position_ = position;
        last_token_ = last_token;
        error_id_ = ex.id;
        error_what_ = ex.what();
        return false;
    }

    const std::string& duplicate() const { return duplicate_; }
    std::size_t error_position() const { return error_position_; }
    const std::string& last_token() const { return last_token_; }
    int error_id() const { return error_id_; }
    const std::string& error_what() const { return error_what_; }

private:
    // Puts `v` where the next value goes (the root, an array's end, an object's pending key).
    Json* place(Json v) {
        if (stack_.empty()) {
            root_ = std::move(v);
            return &root_;
        }
        Json& parent = *stack_.back();
        if (parent.is_array()) {
            parent.push_back(std::move(v));
            return &parent.back();
        }
        *pending_key_ = std::move(v);
        return pending_key_;
    }
    template <typename T>
    bool value(T&& v) {
        place(Json(std::forward<T>(v)));
        return true;
    }

    Json& root_;
    std::vector<Json*> stack_;
    std::vector<std::vector<string_t>> keys_;
    Json* pending_key_ = nullptr;
    std::string duplicate_;
    std::size_t error_position_ = 0;
    std::string last_token_;
    int error_id_ = 0;
    std::string error_what_;
};

// nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error
// while parsing value - invalid literal; last read: 'tru'" without its prefix.
std::string cause(const std::string& what) {
    const size_t colon = what.find(": ");
    std::string s = colon == std::string::npos ? what : what.substr(colon + 2);
    if (s.size() > 200) s = s.substr(0, 197) + "...";
    return s;
}

}  // namespace

Result<Json> parse_json(std::string_view text, ErrorCode code) {
    Json root;
    StrictDomBuilder builder(root);
    const bool ok = Json::sax_parse(text.begin(), text.end(), &builder, nlohmann::detail::input_format_t::json, true, false);
    if (ok) return root;
    if (!builder.duplicate().empty()) {
        std::string key = builder.duplicate().size() > 40 ? builder.duplicate().substr(0, 37) + "..." : builder.duplicate();
        return make_error(code, "duplicate key '" + key + "' in a JSON object: each key may appear once");
    }
    // out_of_range.406: a number too large for any type ("1e400").
    if (builder.error_id() == 406)
        return make_error(code, "number out of range at byte " + std::to_string(builder.error_position()) + ": " +
                                    builder.last_token().substr(0, 40));
    return make_error(code, "not valid JSON at byte " + std::to_string(builder.error_position()) + ": " +
                                cause(builder.error_what()));
}

}  // namespace es
