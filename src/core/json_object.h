// Reading one JSON object strictly: every field of the expected type, a missing field or one the
// reader never asked for refused, and the first problem kept as an error value (nothing throws:
// the WASM build has exceptions off). The event and snapshot codecs, the bank's payloads and
// commands, and the lesson files all read through it, so a field is refused in the same words
// wherever it is read:
//   field 'metadata.actor': expected a string, got 5
//   field 'Deposit.amount' is missing; add it as a string
//   unknown field 'steps[0].goal.balance_cent'; remove it (known fields: kind, account, cents)
// Readers of nested objects share the parent's error (child()), so a whole document stops at its
// first problem and names it by its full path. Reading a well-formed object allocates nothing
// but the strings it returns (the account fold reads a state per event).
// Field names are kept by view until no_other_fields(): pass string literals (or names that
// outlive the reader), as every caller does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/result.h"

namespace es {

// A short rendering of a JSON value for error messages: scalars as JSON, at most 40 characters;
// objects and arrays by their kind. Never throws (invalid UTF-8 is replaced).
std::string preview_json(const Json& value);

class JsonObjectReader {
public:
    // `path`: the object's own path, prefixed to its fields' names ("" for a top-level object
    // whose fields are named alone; "Deposit" gives "Deposit.amount"); kept by view, like the
    // field names. Problems are `code` errors; the first one goes to `first_error`, which must
    // outlive the reader.
    JsonObjectReader(const Json& object, std::string_view path, ErrorCode code, std::optional<Error>& first_error);
    // Readers stay where they were made (they hold views into themselves and their callers).
    JsonObjectReader(const JsonObjectReader&) = delete;
    JsonObjectReader& operator=(const JsonObjectReader&) = delete;

    // A reader for the object in `field` (or in entry `index` of the array in `field`), sharing
    // this reader's error; a field that is missing or not an object is reported, and the reader
    // then reads nothing. Either way `field` counts as read here.
    JsonObjectReader child(std::string_view field);
    JsonObjectReader child(std::string_view field, size_t index);

    bool failed() const { return first_error_.has_value(); }
    bool has(std::string_view field) const;
    std::string_view path() const { return path_; }
    std::string field_path(std::string_view field) const;

    // Required: null when missing (reported as "field 'x' is missing; add it as <what>").
    const Json* value(std::string_view field, std::string_view what = "a value");
    // Optional: null when absent.
    const Json* optional_value(std::string_view field);

    struct Text {
        size_t max_bytes = 4096;
        bool allow_empty = false;
    };
    // A string (empty unless allowed, at most max_bytes). "" after a problem.
    std::string string(std::string_view field, Text rule);
    std::string string(std::string_view field) { return string(field, Text{}); }
    std::optional<std::string> optional_string(std::string_view field, Text rule);
    // An integer (never a fraction) in [min, max]; `what` names it in messages ("a positive
    // integer" by default, worded from the range). `min` after a problem.
    int64_t integer(std::string_view field, int64_t min, int64_t max = std::numeric_limits<int64_t>::max(),
                    std::string_view what = {});
    std::optional<int64_t> optional_integer(std::string_view field, int64_t min,
                                            int64_t max = std::numeric_limits<int64_t>::max());
    // The same for an unsigned 64-bit field (positions, versions): every uint64 value is valid.
    uint64_t unsigned_integer(std::string_view field, uint64_t min = 0,
                              uint64_t max = std::numeric_limits<uint64_t>::max(), std::string_view what = {});
    std::optional<uint64_t> optional_unsigned(std::string_view field, uint64_t min = 0);
    bool boolean(std::string_view field);
    // An object or an array with [min, max] entries; null after a problem.
    const Json* object(std::string_view field);
    const Json* array(std::string_view field, size_t min = 0, size_t max = std::numeric_limits<size_t>::max());
    // Non-empty strings, [min, max] of them.
    std::vector<std::string> strings(std::string_view field, size_t min, size_t max);

    // A rule of the caller's about `field`: "field 'x': <problem>" ("" names the object itself).
    void fail(std::string_view field, const std::string& problem);
    // "field 'x': expected <expected>, got <preview of got>".
    void fail_expected(std::string_view field, std::string_view expected, const Json& got);
    // Refuses, before anything is read, a field outside `known`: the codecs name an unknown field
    // first, since it usually says the object is not what it claims to be.
    void only(const std::string_view* known, size_t count);
    // Refuses any field that nothing asked for (call last). `known` adds the fields the object
    // may hold that this reader did not read (an optional one that was absent is known anyway).
    void no_other_fields(std::initializer_list<std::string_view> known = {});

private:
    void mark_read(std::string_view field, bool present);
    void report_missing(std::string_view field, std::string_view what);
    std::string checked_string(std::string_view field, const Json& value, Text rule);
    void report(std::string message);
    static std::string integer_words(int64_t min, int64_t max);
    static std::string unsigned_words(uint64_t min, uint64_t max);

    // A child's reader, which owns its path ("steps[1].goal").
    JsonObjectReader(const Json& object, std::string owned_path, JsonObjectReader& parent);

    const Json& object_;
    std::string owned_path_;
    std::string_view path_;
    ErrorCode code_;
    std::optional<Error>& first_error_;
    // The fields asked for, present or not, by view (see the note on field names above), kept
    // without allocating for objects of up to kInline fields.
    static constexpr size_t kInline = 24;
    std::string_view inline_read_[kInline];
    size_t inline_count_ = 0;
    std::vector<std::string_view> more_read_;
    size_t present_read_ = 0;  // how many of them the object holds
    bool was_read(std::string_view field) const;
    std::string read_list() const;
};

}  // namespace es
