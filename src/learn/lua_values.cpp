// Lua <-> JSON values (lua_values.h).
#include "learn/lua_values.h"

#include <cstdio>

#include "lua.hpp"

namespace es::learn {

namespace {

constexpr int kMaxDepth = 16;           // nesting value_json() follows
constexpr size_t kMaxEntries = 10000;   // entries per table value_json() reads

Json value_at(lua_State* L, int index, int depth);

Json table_at(lua_State* L, int index, int depth) {
    if (depth >= kMaxDepth || !lua_checkstack(L, 3)) return "<table>";
    index = lua_absindex(L, index);
    Json object = Json::object();
    Json array = Json::array();
    bool is_array = true;
    size_t entries = 0;
    lua_pushnil(L);
    while (lua_next(L, index) != 0) {
        if (++entries > kMaxEntries) {
            lua_pop(L, 2);
            break;
        }
        Json v = value_at(L, -1, depth + 1);
        if (is_array && lua_isinteger(L, -2) && lua_tointeger(L, -2) == static_cast<lua_Integer>(array.size()) + 1) {
            array.push_back(v);
        } else {
            is_array = false;
        }
        object[value_text_at(L, -2)] = std::move(v);
        lua_pop(L, 1);
    }
    // lua_next's order is the table's own: a sequence met out of order stays an object of "1", "2"...
    return is_array && !array.empty() ? array : object;
}

Json value_at(lua_State* L, int index, int depth) {
    switch (lua_type(L, index)) {
        case LUA_TNIL: return nullptr;
        case LUA_TBOOLEAN: return static_cast<bool>(lua_toboolean(L, index));
        case LUA_TNUMBER:
            if (lua_isinteger(L, index)) return static_cast<int64_t>(lua_tointeger(L, index));
            return lua_tonumber(L, index);
        case LUA_TSTRING: return value_text_at(L, index);
        case LUA_TTABLE: return table_at(L, index, depth);
        default: return std::string("<") + lua_typename(L, lua_type(L, index)) + ">";
    }
}

}  // namespace

void push_json(lua_State* L, const Json& value) {
    if (value.is_object() || value.is_array()) {
        luaL_checkstack(L, 3, "event too deep");
        lua_createtable(L, value.is_array() ? static_cast<int>(value.size()) : 0,
                        value.is_object() ? static_cast<int>(value.size()) : 0);
        lua_Integer index = 1;
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (value.is_object()) {
                const std::string& key = it.key();
                lua_pushlstring(L, key.data(), key.size());
            } else {
                lua_pushinteger(L, index++);
            }
            push_json(L, *it);
            lua_rawset(L, -3);
        }
    } else if (value.is_boolean()) {
        lua_pushboolean(L, value.get<bool>());
    } else if (value.is_number_integer() || value.is_number_unsigned()) {
        lua_pushinteger(L, static_cast<lua_Integer>(value.get<int64_t>()));
    } else if (value.is_number_float()) {
        lua_pushnumber(L, value.get<double>());
    } else if (value.is_string()) {
        const std::string& s = value.get_ref<const std::string&>();
        lua_pushlstring(L, s.data(), s.size());
    } else {
        lua_pushnil(L);
    }
}

Json value_json(lua_State* L, int index) { return value_at(L, index, 0); }

std::string value_text_at(lua_State* L, int index) {
    switch (lua_type(L, index)) {
        case LUA_TSTRING: {
            size_t len = 0;
            const char* s = lua_tolstring(L, index, &len);
            return std::string(s, len);
        }
        case LUA_TNUMBER: {
            if (lua_isinteger(L, index)) return std::to_string(lua_tointeger(L, index));
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.14g", lua_tonumber(L, index));
            return buf;
        }
        case LUA_TBOOLEAN: return lua_toboolean(L, index) ? "true" : "false";
        default: return std::string("<") + lua_typename(L, lua_type(L, index)) + ">";
    }
}

}  // namespace es::learn
