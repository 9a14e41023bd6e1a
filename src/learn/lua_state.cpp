// The sandboxed Lua state (lua_state.h). Lua is C: its errors longjmp, so the C functions given
// to Lua here hold no C++ object with a destructor across a call that may raise, and everything
// that may raise (building tables, calling the program) runs inside lua_pcall.
#include "learn/lua_state.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "learn/lua_values.h"
#include "lua.hpp"

namespace es::learn {

namespace {

constexpr const char* kChunkName = "=your code";   // "=": error messages say "your code:4:"
constexpr std::string_view kChunkPrefix = "your code:";
constexpr int kHookEvery = 1000;                    // instructions between count-hook calls
constexpr size_t kMaxPrintedLines = 10000;          // per take_printed()
constexpr size_t kMaxPrintedLine = 2000;            // characters kept of one printed line
constexpr size_t kMaxLinesKept = 256;               // distinct lines remembered per call

}  // namespace

const char* code_error_kind_name(CodeError::Kind kind) {
    switch (kind) {
        case CodeError::Kind::Syntax: return "syntax";
        case CodeError::Kind::Runtime: return "runtime";
        case CodeError::Kind::InstructionLimit: return "instruction-limit";
        case CodeError::Kind::MemoryLimit: return "memory-limit";
        case CodeError::Kind::MissingFunction: return "missing-function";
        case CodeError::Kind::BadValue: return "bad-value";
    }
    return "runtime";
}

struct LuaSandbox::Impl {
    LuaLimits limits;
    lua_State* L = nullptr;
    size_t used = 0;
    bool over_memory = false;
    uint64_t instructions = 0;
    bool over_instructions = false;
    int line = 0;
    std::vector<int> lines;       // run by the current call, each once, in the order first run
    std::string program;
    std::vector<std::string> printed;

    // What a protected call works on.
    const char* function = nullptr;
    int table = LUA_NOREF;
    const Json* event = nullptr;

    static Impl* of(lua_State* L) { return *static_cast<Impl**>(lua_getextraspace(L)); }
    bool stopped() const { return over_memory || over_instructions; }
    void start_call() {
        lines.clear();
        instructions = 0;
        over_instructions = false;
    }
    CodeError error_from(int status);
    std::optional<CodeError> protect(lua_CFunction body, int results);
};

namespace {

void* bounded_alloc(void* ud, void* ptr, size_t osize, size_t nsize) {
    auto* impl = static_cast<LuaSandbox::Impl*>(ud);
    const size_t old = ptr != nullptr ? osize : 0;  // without a block, osize names a type
    if (nsize == 0) {
        impl->used -= old;
        std::free(ptr);
        return nullptr;
    }
    if (nsize > old && impl->used - old + nsize > impl->limits.max_memory_bytes) {
        impl->over_memory = true;
        return nullptr;  // Lua collects garbage and tries again, or raises a memory error
    }
    void* block = std::realloc(ptr, nsize);
    if (block != nullptr) impl->used = impl->used - old + nsize;
    return block;
}

void limit_hook(lua_State* L, lua_Debug* ar) {
    auto* impl = LuaSandbox::Impl::of(L);
    if (ar->event == LUA_HOOKLINE) {
        impl->line = ar->currentline;
        auto& lines = impl->lines;
        if (lines.size() < kMaxLinesKept && std::find(lines.begin(), lines.end(), impl->line) == lines.end())
            lines.push_back(impl->line);
        return;
    }
    impl->instructions += kHookEvery;
    if (impl->instructions >= impl->limits.max_instructions) impl->over_instructions = true;
    if (impl->over_instructions) luaL_error(L, "instruction limit");
}

// print(...): the arguments as tostring() gives them, tab-separated, into the captured lines.
int captured_print(lua_State* L) {
    const int n = lua_gettop(L);
    for (int i = 1; i <= n; ++i) {
        luaL_tolstring(L, i, nullptr);
        if (i < n) lua_pushliteral(L, "\t");
    }
    if (n == 0) lua_pushliteral(L, "");
    lua_concat(L, n == 0 ? 1 : 2 * n - 1);
    size_t len = 0;
    const char* text = lua_tolstring(L, -1, &len);
    auto* impl = LuaSandbox::Impl::of(L);
    if (impl->printed.size() < kMaxPrintedLines) impl->printed.emplace_back(text, std::min(len, kMaxPrintedLine));
    return 0;
}

// pcall(f, ...) that cannot catch the sandbox's own limits: once a limit stopped the program,
// the error goes on up, so `while true do pcall(...) end` still ends.
int limited_pcall(lua_State* L) {
    luaL_checkany(L, 1);
    const int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
    if (status != LUA_OK && LuaSandbox::Impl::of(L)->stopped()) return lua_error(L);
    lua_pushboolean(L, status == LUA_OK);
    lua_insert(L, 1);
    return lua_gettop(L);
}

// load(chunk [, name [, mode [, env]]]) reading text only: the mode is always "t".
int text_load(lua_State* L) {
    if (lua_gettop(L) < 3) lua_settop(L, 3);
    lua_pushliteral(L, "t");
    lua_replace(L, 3);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

// string.match, gmatch and gsub are switched off, and string.find finds plain text only: Lua's
// pattern matcher runs inside C, where the instruction limit cannot reach, and a pattern such as
// ".-.-.-.-.-x" over a long string would freeze the page. A fold never needs one.
int no_patterns(lua_State* L) {
    return luaL_error(L, "%s is switched off in this sandbox: a pattern can run for ever where the "
                         "instruction limit cannot stop it; string.find(s, text, 1, true) finds plain text",
                      lua_tostring(L, lua_upvalueindex(1)));
}

// string.find(s, text [, init [, plain]]) with plain always true: text with a pattern's special
// characters (^$*+?.()[]%-) and plain not true is an error that says so, never a silent change.
int plain_find(lua_State* L) {
    size_t len = 0;
    const char* text = luaL_checklstring(L, 2, &len);
    const bool special = std::string_view(text, len).find_first_of("^$*+?.()[]%-") != std::string_view::npos;
    if (special && !lua_toboolean(L, 4))
        return luaL_error(L, "string.find finds plain text only in this sandbox (patterns are switched off): "
                             "pass true as its fourth argument, string.find(s, text, 1, true)");
    lua_settop(L, 3);
    lua_pushboolean(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, 4, LUA_MULTRET);
    return lua_gettop(L);
}

void restrict_patterns(lua_State* L) {
    lua_getglobal(L, LUA_STRLIBNAME);
    for (const char* name : {"match", "gmatch", "gsub"}) {
        lua_pushfstring(L, "string.%s", name);
        lua_pushcclosure(L, no_patterns, 1);
        lua_setfield(L, -2, name);
    }
    lua_getfield(L, -1, "find");
    lua_pushcclosure(L, plain_find, 1);
    lua_setfield(L, -2, "find");
    lua_pop(L, 1);
}

void open_sandbox(lua_State* L) {
    luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
    lua_pop(L, 4);
    for (const char* name : {"dofile", "loadfile", "require", "xpcall", "warn", "collectgarbage"}) {
        lua_pushnil(L);
        lua_setglobal(L, name);
    }
    lua_getglobal(L, LUA_STRLIBNAME);
    lua_pushnil(L);
    lua_setfield(L, -2, "dump");  // bytecode out: nothing may read it back in anyway
    lua_pop(L, 1);
    restrict_patterns(L);
    lua_pushcfunction(L, captured_print);
    lua_setglobal(L, "print");
    lua_pushcfunction(L, limited_pcall);
    lua_setglobal(L, "pcall");
    lua_getglobal(L, "load");
    lua_pushcclosure(L, text_load, 1);
    lua_setglobal(L, "load");
}

// "your code:4: message" -> 4 and "message"; 0 and the text unchanged otherwise.
int split_line(std::string& message) {
    if (message.compare(0, kChunkPrefix.size(), kChunkPrefix) != 0) return 0;
    size_t i = kChunkPrefix.size();
    int line = 0;
    while (i < message.size() && message[i] >= '0' && message[i] <= '9' && line < 100000000)
        line = line * 10 + (message[i++] - '0');
    if (i == kChunkPrefix.size() || i + 1 >= message.size() || message[i] != ':') return 0;
    message.erase(0, i + (message[i + 1] == ' ' ? 2 : 1));
    return line;
}

// Line `line` (1-based) of the program.
std::string_view source_line(std::string_view program, int line) {
    size_t start = 0;
    for (int n = 1; n < line; ++n) {
        const size_t nl = program.find('\n', start);
        if (nl == std::string_view::npos) return {};
        start = nl + 1;
    }
    const size_t end = program.find('\n', start);
    return program.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

// The column of the token a syntax error names ("... near 'x'", "near <eof>"), 0 if not found.
int token_column(std::string_view program, int line, const std::string& message) {
    const std::string_view text = source_line(program, line);
    if (message.size() >= 10 && message.compare(message.size() - 10, 10, "near <eof>") == 0)
        return static_cast<int>(text.size()) + 1;
    const size_t near = message.rfind("near '");
    if (near == std::string::npos || message.back() != '\'') return 0;
    const std::string token = message.substr(near + 6, message.size() - near - 7);
    const size_t at = token.empty() ? std::string_view::npos : text.find(token);
    return at == std::string_view::npos ? 0 : static_cast<int>(at) + 1;
}

// Whether a line of Lua assigns something: an `=` that is not part of ==, ~=, <= or >=, before
// any `--` comment.
bool assigns(std::string_view text) {
    text = text.substr(0, text.find("--"));
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '=') continue;
        const char before = i > 0 ? text[i - 1] : ' ';
        const char after = i + 1 < text.size() ? text[i + 1] : ' ';
        if (after == '=') {
            ++i;
            continue;
        }
        if (before != '~' && before != '<' && before != '>') return true;
    }
    return false;
}

// Protected bodies: what may raise a Lua error runs inside lua_pcall.
int new_table_body(lua_State* L) {
    lua_newtable(L);
    LuaSandbox::Impl::of(L)->table = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

int fold_body(lua_State* L) {
    auto* impl = LuaSandbox::Impl::of(L);
    lua_getglobal(L, impl->function);
    lua_rawgeti(L, LUA_REGISTRYINDEX, impl->table);
    push_json(L, *impl->event);
    lua_call(L, 2, 1);
    if (lua_istable(L, -1)) {
        luaL_unref(L, LUA_REGISTRYINDEX, impl->table);
        impl->table = luaL_ref(L, LUA_REGISTRYINDEX);
        lua_pushnil(L);
    }
    return 1;  // nil (kept or replaced), or the odd value the function returned
}

}  // namespace

std::optional<CodeError> LuaSandbox::Impl::protect(lua_CFunction body, int results) {
    start_call();
    lua_pushcfunction(L, body);
    const int status = lua_pcall(L, 0, results, 0);
    if (status == LUA_OK) return std::nullopt;
    return error_from(status);
}

CodeError LuaSandbox::Impl::error_from(int status) {
    CodeError e;
    std::string message = lua_type(L, -1) == LUA_TSTRING ? value_text_at(L, -1)
                                                          : std::string("your code raised an error that is not text (a ") +
                                                                luaL_typename(L, -1) + ")";
    lua_pop(L, 1);
    const int at = split_line(message);
    e.line = at != 0 ? at : line;
    if (over_instructions) {
        e.kind = CodeError::Kind::InstructionLimit;
        message = "stopped after " + std::to_string(limits.max_instructions) +
                  " instructions: is there a loop that never ends?";
    } else if (status == LUA_ERRMEM || over_memory) {
        e.kind = CodeError::Kind::MemoryLimit;
        e.line = line;
        message = "used more than " + std::to_string(limits.max_memory_bytes >> 20) +
                  " MB of memory: is something growing without end?";
    } else if (message.find("a nil value") != std::string::npos) {
        message += " (nothing was stored there yet)";
    }
    e.message = (e.line > 0 ? "line " + std::to_string(e.line) + ": " : std::string()) + message;
    return e;
}

LuaSandbox::LuaSandbox(LuaLimits limits) : impl_(std::make_unique<Impl>()) {
    impl_->limits = limits;
    impl_->L = lua_newstate(bounded_alloc, impl_.get());
    if (impl_->L == nullptr) return;  // below Lua's own minimum: load() reports it
    *static_cast<Impl**>(lua_getextraspace(impl_->L)) = impl_.get();
    lua_sethook(impl_->L, limit_hook, LUA_MASKCOUNT | LUA_MASKLINE,
                static_cast<int>(std::min<uint64_t>(kHookEvery, std::max<uint64_t>(limits.max_instructions, 1))));
    lua_pushcfunction(impl_->L, [](lua_State* L) { open_sandbox(L); return 0; });
    if (lua_pcall(impl_->L, 0, 0, 0) != LUA_OK) {
        lua_close(impl_->L);
        impl_->L = nullptr;
    }
}

LuaSandbox::~LuaSandbox() {
    if (impl_ && impl_->L != nullptr) lua_close(impl_->L);
}

std::optional<CodeError> LuaSandbox::load(std::string_view program) {
    if (impl_->L == nullptr) {
        return CodeError{CodeError::Kind::MemoryLimit, 0, 0,
                         "the memory limit is too small to start Lua at all"};
    }
    lua_State* L = impl_->L;
    impl_->program.assign(program);
    impl_->start_call();
    const int status = luaL_loadbufferx(L, program.data(), program.size(), kChunkName, "t");
    if (status != LUA_OK) {
        CodeError e = impl_->error_from(status);
        if (e.kind == CodeError::Kind::Runtime) {
            e.kind = CodeError::Kind::Syntax;
            std::string message = e.message.substr(e.message.find(": ") + 2);
            e.column = token_column(program, e.line, message);
            e.message = "line " + std::to_string(e.line) +
                        (e.column > 0 ? ", column " + std::to_string(e.column) : std::string()) + ": " + message;
        }
        return e;
    }
    impl_->line = 0;
    impl_->start_call();
    if (lua_pcall(L, 0, 0, 0) != LUA_OK) return impl_->error_from(LUA_ERRRUN);
    return std::nullopt;
}

bool LuaSandbox::has_function(const char* name) const {
    if (impl_->L == nullptr) return false;
    const bool is_function = lua_getglobal(impl_->L, name) == LUA_TFUNCTION;
    lua_pop(impl_->L, 1);
    return is_function;
}

int LuaSandbox::new_table() {
    if (impl_->L == nullptr || impl_->protect(new_table_body, 0)) return LUA_NOREF;
    return impl_->table;
}

std::optional<CodeError> LuaSandbox::fold(const char* function, int* table, const Json& event) {
    if (impl_->L == nullptr) return CodeError{CodeError::Kind::MemoryLimit, 0, 0, "Lua could not start"};
    impl_->function = function;
    impl_->table = *table;
    impl_->event = &event;
    auto error = impl_->protect(fold_body, 1);
    *table = impl_->table;
    if (error) return error;
    lua_State* L = impl_->L;
    const int type = lua_type(L, -1);
    lua_pop(L, 1);
    if (type == LUA_TNIL) return std::nullopt;
    const int line = impl_->line;
    return CodeError{CodeError::Kind::BadValue, line, 0,
                     (line > 0 ? "line " + std::to_string(line) + ": " : std::string()) + function +
                         "() returned a " + lua_typename(L, type) +
                         ": return the table (or nothing, after changing it in place)"};
}

Json LuaSandbox::table_json(int table) const {
    if (impl_->L == nullptr || table == LUA_NOREF) return Json::object();
    lua_State* L = impl_->L;
    lua_rawgeti(L, LUA_REGISTRYINDEX, table);
    Json j = value_json(L, -1);
    lua_pop(L, 1);
    return j.is_array() || j.is_object() ? j : Json::object();
}

int LuaSandbox::last_line() const { return impl_->line; }

int LuaSandbox::changing_line() const {
    for (auto it = impl_->lines.rbegin(); it != impl_->lines.rend(); ++it)
        if (assigns(source_line(impl_->program, *it))) return *it;
    return impl_->line;
}

std::vector<std::string> LuaSandbox::take_printed() {
    std::vector<std::string> out;
    out.swap(impl_->printed);
    return out;
}

}  // namespace es::learn
