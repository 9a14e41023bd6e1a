// Obj, the strict reader of one JSON object of a lesson file that lesson_parse.cpp and
// lesson_parts.cpp use: a field nobody asked for is reported, every message names the field's path.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/event.h"

namespace es::lessons {

// Reads one JSON object, remembering its path for messages and which fields were used. The first
// problem is kept in the shared `error` (no exceptions: the WASM build has them off); after one,
// accessors return empty values and parsing stops at the next check.
class Obj {
public:
    Obj(const Json& j, std::string path, std::string& error) : j_(j), path_(std::move(path)), error_(error) {
        if (!j_.is_object()) fail("", "expected an object");
    }

    void fail(const std::string& field, const std::string& what) const {
        if (error_.empty()) error_ = field_path(field) + ": " + what;
    }
    bool bad() const { return !error_.empty(); }
    std::string& error() const { return error_; }
    std::string field_path(const std::string& field) const {
        if (field.empty()) return path_.empty() ? "(the file)" : path_;
        return path_.empty() ? field : path_ + "." + field;
    }
    bool has(const std::string& f) const { return j_.is_object() && j_.contains(f); }
    const Json& raw(const std::string& f) {
        static const Json null_json;
        used_.insert(f);
        if (!has(f)) {
            fail(f, "missing");
            return null_json;
        }
        return j_.at(f);
    }
    std::string str(const std::string& f) {
        const Json& v = raw(f);
        if (!v.is_string()) {
            if (!v.is_null()) fail(f, "expected a string");
            return "";
        }
        std::string s = v.get<std::string>();
        if (s.find_first_not_of(" \t\n") == std::string::npos) fail(f, "must not be empty");
        return s;
    }
    int64_t integer(const std::string& f, int64_t min, int64_t max) {
        const Json& v = raw(f);
        if (!v.is_number_integer()) {
            if (!v.is_null()) fail(f, "expected an integer");
            return min;
        }
        const int64_t n = v.get<int64_t>();
        if (n < min || n > max) {
            fail(f, "must be between " + std::to_string(min) + " and " + std::to_string(max));
            return min;
        }
        return n;
    }
    bool boolean(const std::string& f) {
        const Json& v = raw(f);
        if (!v.is_boolean()) {
            if (!v.is_null()) fail(f, "expected true or false");
            return false;
        }
        return v.get<bool>();
    }
    const Json& array(const std::string& f, size_t min, size_t max) {
        static const Json empty = Json::array();
        const Json& v = raw(f);
        if (!v.is_array()) {
            if (!v.is_null()) fail(f, "expected an array");
            return empty;
        }
        if (v.size() < min || v.size() > max) {
            fail(f, "expected " + std::to_string(min) + " to " + std::to_string(max) + " entries, found " +
                        std::to_string(v.size()));
            return empty;
        }
        return v;
    }
    std::vector<std::string> strings(const std::string& f, size_t min, size_t max) {
        const Json& a = array(f, min, max);
        std::vector<std::string> out;
        for (size_t i = 0; i < a.size(); ++i) {
            const std::string p = f + "[" + std::to_string(i) + "]";
            if (!a[i].is_string() || a[i].get<std::string>().empty()) fail(p, "expected a non-empty string");
            else out.push_back(a[i].get<std::string>());
        }
        return out;
    }
    // Call last: any field nobody asked for is a mistake in the file.
    void no_other_fields() const {
        if (!j_.is_object()) return;
        for (auto it = j_.begin(); it != j_.end(); ++it)
            if (!used_.count(it.key())) fail(it.key(), "unknown field");
    }
    std::string child(const std::string& f, size_t i) const { return field_path(f) + "[" + std::to_string(i) + "]"; }
    std::string child(const std::string& f) const { return field_path(f); }

private:
    const Json& j_;
    std::string path_;
    std::string& error_;
    std::set<std::string> used_;
};

}  // namespace es::lessons
