// Strict field readers shared by the bank's event payloads and commands. Every reader names the
// object and the field in its error ("MoneyDeposited.amountCents must be ..."), so a learner who
// hand-edits JSON sees exactly what to fix. Internal to src/bank; nothing here throws.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/event.h"
#include "core/result.h"

namespace es::bank::detail {

// `j` must be an object whose keys are all in `allowed`; `what` names it in errors.
Status check_object(const Json& j, std::string_view what,
                    std::initializer_list<std::string_view> allowed);

// Required non-empty string of at most `max_len` bytes.
Result<std::string> get_string(const Json& j, std::string_view what, const char* field,
                               size_t max_len = 4096);

// Optional string: absent gives nullopt; present must be a string (may be empty).
Result<std::optional<std::string>> get_optional_string(const Json& j, std::string_view what,
                                                       const char* field, size_t max_len = 4096);

// Required JSON integer (never a float) that fits int64 and is >= `min`.
Result<int64_t> get_int(const Json& j, std::string_view what, const char* field, int64_t min);

// Optional JSON integer >= 0 that fits uint64 (e.g. expectedVersion).
Result<std::optional<uint64_t>> get_optional_uint(const Json& j, std::string_view what,
                                                  const char* field);

// Account ids: 1..64 characters from [A-Za-z0-9_-].
bool is_valid_account_id(std::string_view id);

// get_string plus the account id rule.
Result<std::string> get_account_id(const Json& j, std::string_view what, const char* field);

// Error with code InvalidArgument for "<what>.<field> <problem>".
Error field_error(std::string_view what, const char* field, std::string_view problem);

}  // namespace es::bank::detail
