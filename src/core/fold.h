// A fold is the "evolve" half of a Decider written without templates: an initial state and a
// function from (state, event) to the next state, all as JSON. Snapshots and time travel take a
// Fold so they work for any aggregate or read model, including the ones in the tests.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/event_run.h"
#include "core/recorded_log.h"
#include "core/result.h"
#include "core/typed_payload.h"

namespace es {

struct Fold {
    std::string state_type;        // names the state in snapshots, e.g. "bank.account"
    int state_schema_version = 1;  // bump when the state's shape or meaning changes
    std::function<Json()> initial;
    // Gets events already upcast to their current schema.
    std::function<Result<Json>(const Json& state, const RecordedEvent& event)> evolve;
    // Optional: folds a run of events in one call, with the same result as `evolve` on each in
    // order. An aggregate whose JSON state is costly to convert sets it so a replay converts the
    // state once per run instead of twice per event. On error it names the event that failed and
    // leaves `state` unchanged.
    std::function<Status(Json& state, const std::vector<const RecordedEvent*>& events)> evolve_run;
    // Optional: evolve_run over a run of a store's events with the payloads its codec decoded
    // (core/event_run.h), for a fold that can read those and the events' stamps instead of
    // each event's JSON: run.typed[i] is event i's payload, or nullptr when there is none (the
    // event is then read as evolve_run reads it, through run.event(i)). An event the store
    // released from memory is decoded only if the fold asks run.event(i) for it. Same result as
    // evolve_run. Used only for a store whose payload codec is `typed_codec`, and before
    // evolve_run: a copy that clears evolve_run (to fold event by event) must clear this too.
    const PayloadCodec* typed_codec = nullptr;
    std::function<Status(Json& state, const EventRun& run)> evolve_typed_run;
    // Optional: whether `state` is one this fold could have produced (the shape its evolve reads).
    // A snapshot whose state it refuses is ignored, so a bad cache never fails a load.
    std::function<Status(const Json& state)> check_state;
};

// Folds `events` into `state` in order. Errors (and exceptions thrown by evolve) name the event.
Result<Json> fold_events(const Fold& fold, Json state, EventRange events);

// Folds one event into `state` in place: what fold_events does per event, for callers that walk
// stored events themselves instead of building an EventList. On error `state` is unchanged.
Status fold_into(const Fold& fold, Json& state, const RecordedEvent& event);

// Folds a run of events into `state` in place, through evolve_run when the fold has one and
// event by event otherwise. On error `state` is unchanged.
Status fold_run(const Fold& fold, Json& state, const std::vector<const RecordedEvent*>& events);
// The same for a store's run of events (EventStore::current_views): through evolve_typed_run
// when the run has typed payloads and the fold has one; otherwise every event of the run is
// decoded and folded as above.
Status fold_run(const Fold& fold, Json& state, const EventRun& run);

// fold.initial(), or an error when the Fold is incomplete.
Result<Json> initial_state(const Fold& fold);

}  // namespace es
