// Time travel: the state of one stream, or of every stream, as it was at a global position or a
// point in time. It is nothing but a replay of a
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

// One stream, folding its events with position <= `position`.
Result<Json> stream_state_at_position(const EventStore& store, const std::string& stream, const Fold& fold,
                                      uint64_t position);

// The same state as stream_state_at_position, started from the newest usable snapshot at or
// before `position` (see load_stream_state) so only the tail after it is folded.
Result<LoadResult> load_stream_state_at_position(const EventStore& store, const Storage& storage,
                                                 const std::string& stream, const Fold& fold, uint64_t position);

// Every stream that existed at that point (streams created later are absent).
Result<std::map<std::string, Json>> all_states_at_position(const EventStore& store, const FoldFor& fold_for,
                                                           uint64_t position);
Result<std::map<std::string, Json>> all_states_at_time(const EventStore& store, const FoldFor& fold_for, int64_t ms);

}  // namespace es
