// A projection (read model) folds events, in global-position order, into a shape made for
// reading. It is a subscriber with a checkpoint: the runner delivers every event after the
// checkpoint, and a rebuild resets it and replays from position 0. Projections carry a version
// so a buggy v1 and a fixed v2 of the same read model can be compared after a replay.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/event.h"
#include "core/typed_payload.h"

namespace es {

class Projection {
public:
    virtual ~Projection() = default;

    virtual std::string name() const = 0;  // stable id, e.g. "balances"
    virtual int version() const = 0;       // version of the projection's logic

    // Forgets everything folded so far (the runner then replays from position 0).
    virtual void reset() = 0;

    // Folds one event, already upcast to its current schema. Events of types the projection
    // does not care about are ignored.
    virtual void apply(const RecordedEvent& event) = 0;

    // The fast path, optional: a projection that can fold the payloads `typed_codec()` decodes
    // names that codec, and a store that decodes with the same one hands it, in a rebuild and in
    // a subscription's catch-up and deliveries, runs of such events through apply_typed() instead
    // of apply() each. apply_typed() must leave exactly what apply() would for the same events.
    // `streams` names each payload's stream (its numbers stay while its generation() does).
    virtual const PayloadCodec* typed_codec() const { return nullptr; }
    virtual void apply_typed(const TypedPayload* events, size_t count, const StreamNumbers& streams) {
        (void)events, (void)count, (void)streams;
    }

    // The read model as JSON, for the UI, the CLI and tests.
    virtual Json to_json() const = 0;

    // Position of the last event applied; managed by the runner.
    uint64_t checkpoint() const { return checkpoint_; }
    void set_checkpoint(uint64_t position) { checkpoint_ = position; }

private:
    uint64_t checkpoint_ = 0;
};

}  // namespace es
