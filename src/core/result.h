// Errors as values. Every fallible operation in the core and the domain returns Result<T>: the
// value, or an Error whose message says what was wrong and what to do about it. Nothing in the
// core throws across its public API and nothing aborts on bad input.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace es {

enum class ErrorCode {
    InvalidArgument,     // the caller passed something malformed (bad amount, bad JSON field...)
    NotFound,            // a stream, account or event that does not exist
    AlreadyExists,       // e.g. opening an account twice
    Conflict,            // optimistic concurrency: expected version did not match
    Rejected,            // a business rule said no (overdraft, closed account...)
    Corrupt,             // stored bytes that fail to decode or break the hash chain
    Unsupported,         // unknown event type or a schema version from the future
    Io,                  // the storage medium failed (disk full, permission, quota)
    Busy,                // the store is held by another program (a lock): nothing is wrong with it
};

const char* to_string(ErrorCode code);

struct Error {
    ErrorCode code;
    std::string message;
};

inline Error make_error(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

// Minimal expected<T, Error>. Check ok() before value(); value() on an error is a programming
// error and asserts in debug builds.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : data_(std::move(value)) {}            // NOLINT: implicit by design
    Result(Error error) : data_(std::move(error)) {}        // NOLINT: implicit by design

    bool ok() const { return data_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(data_); }
    const T& value() const& { return std::get<0>(data_); }
    T&& value() && { return std::get<0>(std::move(data_)); }
    const Error& error() const { return std::get<1>(data_); }

    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

private:
    std::variant<T, Error> data_;
};

// Result<void>: success carries nothing.
struct Ok {};
using Status = Result<Ok>;
inline Status ok_status() { return Ok{}; }

inline const char* to_string(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidArgument: return "invalid argument";
        case ErrorCode::NotFound: return "not found";
        case ErrorCode::AlreadyExists: return "already exists";
        case ErrorCode::Conflict: return "concurrency conflict";
        case ErrorCode::Rejected: return "rejected";
        case ErrorCode::Corrupt: return "corrupt";
        case ErrorCode::Unsupported: return "unsupported";
        case ErrorCode::Io: return "i/o error";
        case ErrorCode::Busy: return "in use";
    }
    return "unknown error";
}

}  // namespace es
