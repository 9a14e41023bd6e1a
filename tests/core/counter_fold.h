// A tiny fold for the core tests: "Added" events {"n": k} sum into {"count": c, "sum": s}; any
// other type is counted but adds nothing. Small enough that a bug in it cannot hide a bug in
// the store.
#pragma once

#include "core/fold.h"

namespace es::testing {

inline Fold counter_fold(int schema_version = 1) {
    Fold f;
    f.state_type = "test.counter";
    f.state_schema_version = schema_version;
    f.initial = [] { return Json{{"count", 0}, {"sum", 0}}; };
    f.evolve = [](const Json& s, const RecordedEvent& e) -> Result<Json> {
        Json next = s;
        next["count"] = s["count"].get<int64_t>() + 1;
        if (e.type == "Added") {
            if (!e.data.contains("n") || !e.data["n"].is_number_integer())
                return make_error(ErrorCode::Corrupt, "Added without an integer n");
            next["sum"] = s["sum"].get<int64_t>() + e.data["n"].get<int64_t>();
        }
        return next;
    };
    return f;
}

}  // namespace es::testing
