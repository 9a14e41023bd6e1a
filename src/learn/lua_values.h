// Values between Lua and JSON for the sandbox (internal to src/learn, used by lua_state.cpp):
// JSON integers become Lua integers (money stays integer cents), floats floats, objects and
// arrays tables; back again, a table with keys 1..n in order is an array, any other an object.
#pragma once

#include <string>

#include "core/event.h"

struct lua_State;

namespace es::learn {

// Pushes `value` onto the stack; may raise a Lua (memory) error, so call it in protected mode.
void push_json(lua_State* L, const Json& value);
// The value at `index` as JSON, never raising: nesting is cut at 16 levels and 10,000 entries
// per table ("<table>"), functions and the like become "<function>"...
Json value_json(lua_State* L, int index);
// A string, number or boolean at `index` as text ("<table>" for anything else), leaving the
// stack as it was (lua_tolstring would turn a number key into a string in place).
std::string value_text_at(lua_State* L, int index);

}  // namespace es::learn
