// EventStore subscriptions: projections and callbacks are caught up at once, then fed after every
// successful append, synchronously and in position order. Each subscriber remembers how far it
// got, so a failure (an upcast error) pauses that subscriber only, and the next delivery resumes
// from the same event instead of skipping it.
#include <algorithm>
#include <exception>

#include "core/event_store.h"

namespace es {

Status EventStore::catch_up(Subscription& sub) {
    // `sub` may be invalidated by a callback that subscribes (subs_ grows), so work on ids.
    uint64_t id = sub.id;
    auto find = [this, id]() -> Subscription* {
        for (Subscription& s : subs_)
            if (s.id == id) return &s;
        return nullptr;
    };
    // Subscriber code must not take the store down: a throw pauses this subscriber like an upcast
    // failure does (the event is retried on the next delivery).
    const auto threw = [this, id](uint64_t position, const std::exception& ex) {
        Error err = make_error(ErrorCode::InvalidArgument, "subscription " + std::to_string(id) +
                                                               " paused: its handler threw at position " +
                                                               std::to_string(position) + ": " + ex.what());
        last_delivery_error_ = err;
        return err;
    };
    RecordedEvent scratch, stored_scratch;  // reused: one of each per catch-up, not per event
    for (;;) {
        Subscription* s = find();
        if (!s || !s->active) return ok_status();
        uint64_t done = s->projection ? s->projection->checkpoint() : s->position;
        if (done >= head_position()) return ok_status();
        try {
            if (s->projection && fold_typed_run(*s->projection, done)) continue;
        } catch (const std::exception& ex) {
            return threw(done + 1, ex);  // the run from there is retried, as one event would be
        }
        auto raw = stored_event(done + 1, stored_scratch);  // from storage only before a checkpoint
        auto e = raw.ok() ? current_view(**raw, scratch) : Result<const RecordedEvent*>(raw.error());  // no copy for current events
        if (!e.ok()) {
            Error err = e.error();
            err.message = "subscription " + std::to_string(id) + " paused: " + err.message;
            last_delivery_error_ = err;
            return err;
        }
        try {
            if (s->projection) {
                Projection* projection = s->projection;
                projection->apply(**e);
                projection->set_checkpoint(done + 1);
            } else {
                auto callback = s->callback;  // stays alive even if the callback unsubscribes itself
                callback(**e);
                if (Subscription* again = find()) again->position = done + 1;
            }
        } catch (const std::exception& ex) {
            return threw(done + 1, ex);
        }
    }
}

bool EventStore::fold_typed_run(Projection& projection, uint64_t done) {
    // As rebuild() does: a projection that folds this store's typed payloads gets the held events
    // after its checkpoint in runs, one call each, instead of one apply() per event (an open hands
    // it the whole log). Stops before the first untyped event, which apply() then takes.
    if (codec_ == nullptr || projection.typed_codec() != codec_ || done < base_) return false;
    const size_t typed_count = std::min(typed_.size(), log_.size());
    const auto first = static_cast<size_t>(done - base_);
    size_t end = first;
    while (end < typed_count && typed_[end].typed()) ++end;
    if (end == first) return false;
    projection.apply_typed(&typed_[first], end - first, stream_numbers_);
    projection.set_checkpoint(log_[end - 1].global_position);
    return true;
}

void EventStore::deliver() {
    if (delivering_) return;
    delivering_ = true;
    // For a trace: where each projection was before, so we can say who received which event.
    std::vector<std::pair<uint64_t, uint64_t>> before;  // subscription id, checkpoint
    if (trace_) {
        for (const Subscription& s : subs_) {
            if (s.active && s.projection) before.emplace_back(s.id, s.projection->checkpoint());
        }
    }
    for (size_t i = 0; i < subs_.size(); ++i) {
        if (subs_[i].active) (void)catch_up(subs_[i]);
    }
    if (trace_ && !before.empty()) {
        uint64_t first = head_position() + 1;
        for (const auto& b : before) first = std::min(first, b.second + 1);
        for (uint64_t position = std::max(first, base_ + 1); position <= head_position(); ++position) {
            std::string to;
            for (const auto& [id, checkpoint] : before) {
                for (const Subscription& s : subs_) {
                    if (s.id != id || checkpoint >= position || s.projection->checkpoint() < position) continue;
                    to += (to.empty() ? "" : ", ") + s.projection->name() + " v" + std::to_string(s.projection->version());
                }
            }
            if (!to.empty()) {
                trace_->add(Lifeline::EventStore, Lifeline::Projections,
                            log_[position - 1 - base_].type + " #" + std::to_string(position) + " -> " + to);
            }
        }
    }
    subs_.erase(std::remove_if(subs_.begin(), subs_.end(), [](const Subscription& s) { return !s.active; }),
                subs_.end());
    delivering_ = false;
}

Result<uint64_t> EventStore::subscribe(Projection& projection) {
    Subscription sub;
    sub.id = next_sub_id_++;
    sub.projection = &projection;
    subs_.push_back(sub);
    bool outer = !delivering_;
    delivering_ = true;
    Status s = catch_up(subs_.back());
    if (outer) delivering_ = false;
    if (!s.ok()) {
        unsubscribe(sub.id);
        return s.error();
    }
    return sub.id;
}

uint64_t EventStore::subscribe(uint64_t after_position, std::function<void(const RecordedEvent&)> callback) {
    Subscription sub;
    sub.id = next_sub_id_++;
    sub.callback = std::move(callback);
    sub.position = after_position;
    subs_.push_back(std::move(sub));
    uint64_t id = subs_.back().id;
    bool outer = !delivering_;
    delivering_ = true;
    (void)catch_up(subs_.back());  // a failure pauses it; it is retried after the next append
    if (outer) delivering_ = false;
    return id;
}

void EventStore::unsubscribe(uint64_t subscription_id) {
    for (Subscription& s : subs_) {
        if (s.id == subscription_id) s.active = false;
    }
    if (!delivering_) {
        subs_.erase(std::remove_if(subs_.begin(), subs_.end(), [](const Subscription& s) { return !s.active; }),
                    subs_.end());
    }
}

}  // namespace es
