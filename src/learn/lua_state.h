// A sandboxed Lua 5.4 state for learner-written code: only the base, string, math and table
// libraries (no io, os, require, dofile, loadfile, string.dump; `load` reads text only), an
// instruction-count limit per call, a memory limit through its own allocator, and `print`
// captured into lines instead of stdout. Values cross the boundary as JSON (nlohmann): Lua
// integers as JSON integers (money as integer cents), floats as JSON floats, tables as objects
// or arrays. Errors come back as CodeError with the line (and for syntax errors the column).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"

namespace es::learn {

struct LuaLimits {
    uint64_t max_instructions = 10'000'000;  // per call into the program (and for its top level)
    size_t max_memory_bytes = 16u << 20;     // everything the state allocates
};

struct CodeError {
    enum class Kind : uint8_t { Syntax, Runtime, InstructionLimit, MemoryLimit, MissingFunction, BadValue };
    Kind kind = Kind::Runtime;
    int line = 0;          // 1-based; 0 when unknown
    int column = 0;        // 1-based; 0 when unknown
    std::string message;   // learner-readable, already says the line: "line 4: attempt to ..."
};

// "syntax", "runtime", "instruction-limit", "memory-limit", "missing-function", "bad-value".
const char* code_error_kind_name(CodeError::Kind kind);

// One Lua state. Tables the program folds into are kept inside it, named by a handle.
class LuaSandbox {
public:
    explicit LuaSandbox(LuaLimits limits = {});
    ~LuaSandbox();
    LuaSandbox(const LuaSandbox&) = delete;
    LuaSandbox& operator=(const LuaSandbox&) = delete;

    // Compiles the program (text only) and runs its top level. A syntax error has kind Syntax,
    // its line and the column of the token Lua names.
    std::optional<CodeError> load(std::string_view program);
    // Whether the program defined a global function of this name.
    bool has_function(const char* name) const;

    // A new empty table kept in the state; its handle for fold() and table_json(), or a negative
    // number when the memory limit left no room for it.
    int new_table();
    // Calls `function(table, event)`: a returned table replaces `*table` (a new handle), nothing
    // returned keeps it (the function changed it in place); any other result is a BadValue.
    std::optional<CodeError> fold(const char* function, int* table, const Json& event);
    // The table as JSON: string keys as an object (other keys as text), 1..n as an array, {} as
    // an empty object; functions and other values Lua cannot hand out as "<function>" etc.
    Json table_json(int table) const;

    // The last line of the program that ran (0 before any); what print() wrote since the last take.
    int last_line() const;
    // The line to show for the last call: the last line it ran that assigns something (`x = ...`:
    // most likely the one that changed the state), else its last line.
    int changing_line() const;
    std::vector<std::string> take_printed();

    struct Impl;  // lua_state.cpp's, named here for its C callbacks

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace es::learn
