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

namespace {

// fold_run's body: through evolve_typed_run when `run` is given (and has payloads) and the fold
// has one, else through evolve_run or event by event.
Status fold_events_run(const Fold& fold, Json& state, const std::vector<const RecordedEvent*>& events,
                       const EventRun* run) {
    if (!fold.evolve) return make_error(ErrorCode::InvalidArgument, "fold '" + fold.state_type + "' has no evolve function");
    const bool use_typed = run != nullptr && fold.evolve_typed_run;
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
        s = use_typed ? fold.evolve_typed_run(state, *run) : fold.evolve_run(state, events);
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

}  // namespace

Status fold_run(const Fold& fold, Json& state, const std::vector<const RecordedEvent*>& events) {
    return fold_events_run(fold, state, events, nullptr);
}

Status fold_run(const Fold& fold, Json& state, const EventRun& run) {
    if (run.has_typed() && (run.typed.size() != run.size() || run.stamps.size() != run.size()))
        return make_error(ErrorCode::InvalidArgument,
                          "fold '" + fold.state_type + "': " + std::to_string(run.typed.size()) + " typed payloads and " +
                              std::to_string(run.stamps.size()) + " stamps for " + std::to_string(run.size()) + " events");
    if (run.has_typed() && fold.evolve_typed_run) return fold_events_run(fold, state, {}, &run);
    // Without a typed fold every event is read: those the run left undecoded are decoded now.
    return fold_events_run(fold, state, run.all_events(), nullptr);
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
