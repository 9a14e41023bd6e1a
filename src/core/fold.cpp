// Running a Fold over events, turning a throwing evolve function into an error value.
#include "core/fold.h"

#include <exception>

namespace es {

Result<Json> initial_state(const Fold& fold) {
    if (!fold.initial || !fold.evolve)
        return make_error(ErrorCode::InvalidArgument, "fold '" + fold.state_type + "' needs both initial and evolve");
    try {
        return fold.initial();
    } catch (const std::exception& ex) {
        return make_error(ErrorCode::InvalidArgument, "fold '" + fold.state_type + "': initial() threw: " + ex.what());
    }
}

Status fold_into(const Fold& fold, Json& state, const RecordedEvent& e) {
    if (!fold.evolve) return make_error(ErrorCode::InvalidArgument, "fold '" + fold.state_type + "' has no evolve function");
    Result<Json> next = make_error(ErrorCode::InvalidArgument, "");
    try {
        next = fold.evolve(state, e);
    } catch (const std::exception& ex) {
        next = make_error(ErrorCode::InvalidArgument, std::string("evolve threw: ") + ex.what());
    }
    if (!next.ok()) {
        Error err = next.error();
        err.message = "folding '" + fold.state_type + "' at position " + std::to_string(e.global_position) +
                      " (type '" + e.type + "'): " + err.message;
        return err;
    }
    state = std::move(next).value();
    return ok_status();
}

Status fold_run(const Fold& fold, Json& state, const std::vector<const RecordedEvent*>& events) {
    static const std::vector<const TypedPayload*> kNone;
    return fold_run(fold, state, events, kNone);
}

Status fold_run(const Fold& fold, Json& state, const std::vector<const RecordedEvent*>& events,
                const std::vector<const TypedPayload*>& typed) {
    if (!fold.evolve) return make_error(ErrorCode::InvalidArgument, "fold '" + fold.state_type + "' has no evolve function");
    if (!typed.empty() && typed.size() != events.size())
        return make_error(ErrorCode::InvalidArgument, "fold '" + fold.state_type + "': " + std::to_string(typed.size()) +
                                                          " typed payloads for " + std::to_string(events.size()) + " events");
    const bool use_typed = !typed.empty() && fold.evolve_typed_run;
    if (!use_typed && !fold.evolve_run) {
        Json next = state;  // all or nothing, like evolve_run
        for (const RecordedEvent* e : events) {
            Status s = fold_into(fold, next, *e);
            if (!s.ok()) return s;
        }
        state = std::move(next);
        return ok_status();
    }
    Status s = make_error(ErrorCode::InvalidArgument, "");
    try {
        s = use_typed ? fold.evolve_typed_run(state, events, typed) : fold.evolve_run(state, events);
    } catch (const std::exception& ex) {
        s = make_error(ErrorCode::InvalidArgument,
                       std::string(use_typed ? "evolve_typed_run" : "evolve_run") + " threw: " + ex.what());
    }
    if (!s.ok()) {
        Error err = s.error();
        err.message = "folding '" + fold.state_type + "' " + err.message;
        return err;
    }
    return ok_status();
}

Result<Json> fold_events(const Fold& fold, Json state, EventRange events) {
    if (!fold.evolve) return make_error(ErrorCode::InvalidArgument, "fold '" + fold.state_type + "' has no evolve function");
    std::vector<const RecordedEvent*> run;
    run.reserve(events.size());
    for (const RecordedEvent& e : events) run.push_back(&e);
    Status s = fold_run(fold, state, run);
    if (!s.ok()) return s.error();
    return state;
}

}  // namespace es
