// Time travel: the state of one stream, or of every stream, as it was at a global position or a
// point in time, and what changed between two such points. It is nothing but a replay of a
// prefix of the log, which is the point the sandbox wants to make.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/event_store.h"
#include "core/fold.h"
#include "core/snapshots.h"
#include "core/storage.h"

namespace es {

// Chooses the fold for a stream; nullptr leaves the stream out.
using FoldFor = std::function<const Fold*(const std::string& stream_id)>;
FoldFor same_fold_for_all(const Fold& fold);  // `fold` must outlive the returned function

// One stream, folding its events with position <= `position` (or recorded at <= `ms`).
Result<Json> stream_state_at_position(const EventStore& store, const std::string& stream, const Fold& fold,
                                      uint64_t position);
Result<Json> stream_state_at_time(const EventStore& store, const std::string& stream, const Fold& fold, int64_t ms);

// The same state as stream_state_at_position, started from the newest usable snapshot at or
// before `position` (see load_stream_state) so only the tail after it is folded.
Result<LoadResult> load_stream_state_at_position(const EventStore& store, const Storage& storage,
                                                 const std::string& stream, const Fold& fold, uint64_t position);

// Every stream that existed at that point (streams created later are absent).
Result<std::map<std::string, Json>> all_states_at_position(const EventStore& store, const FoldFor& fold_for,
                                                           uint64_t position);
Result<std::map<std::string, Json>> all_states_at_time(const EventStore& store, const FoldFor& fold_for, int64_t ms);

// A stream whose version differs between the two points. `before` is null (and version_before
// 0) when the stream did not exist yet; likewise `after` when comparing backwards.
struct StreamChange {
    std::string stream;
    uint64_t version_before = 0;
    uint64_t version_after = 0;
    Json before;
    Json after;
};

// Changed streams between two points, sorted by stream id. `from` may be after `to`.
Result<std::vector<StreamChange>> diff_positions(const EventStore& store, const FoldFor& fold_for, uint64_t from,
                                                 uint64_t to);
Result<std::vector<StreamChange>> diff_times(const EventStore& store, const FoldFor& fold_for, int64_t from_ms,
                                             int64_t to_ms);

}  // namespace es
