// The read models' eventual-consistency mode (see eventual.h).
#include "sandbox/eventual.h"

#include <algorithm>
#include <exception>

namespace es::sandbox {

Status EventualFeed::attach(Projection& model) {
    Model m{&model, 0};
    if (!on_) {
        auto sub = store_.subscribe(model);  // catch-up from its checkpoint, then live
        if (!sub.ok()) return sub.error();
        m.subscription = *sub;
    }
    models_.push_back(m);
    if (on_) observe();
    return ok_status();
}

void EventualFeed::attach_later(Projection& model) {
    Model m{&model, 0, true, true};
    models_.push_back(m);
    if (on_) observe();
}

bool EventualFeed::warming() const {
    for (const Model& m : models_)
        if (m.warming) return true;
    return false;
}

double EventualFeed::warm_progress() const {
    const uint64_t head = store_.head_position();
    double sum = 0.0;
    int count = 0;
    for (const Model& m : models_) {
        if (!m.later) continue;
        ++count;
        sum += !m.warming || head == 0 ? 1.0 : static_cast<double>(std::min(m.projection->checkpoint(), head)) / static_cast<double>(head);
    }
    return count == 0 ? 1.0 : sum / count;
}

Status EventualFeed::end_warming(Model& m) {
    m.warming = false;
    if (on_) return ok_status();  // held back like the others from here
    auto sub = store_.subscribe(*m.projection);  // nothing left to catch up, unless it stopped at an error
    if (!sub.ok()) return sub.error();
    m.subscription = *sub;
    return ok_status();
}

Status EventualFeed::warm(double budget_ms, const std::function<double()>& now_ms) {
    constexpr uint64_t kSlice = 512;  // events between two looks at the clock
    const double start = now_ms();
    for (Model& m : models_) {
        while (m.warming) {
            Projection& model = *m.projection;
            const uint64_t head = store_.head_position();
            const uint64_t from = model.checkpoint();
            if (from < head && !feed(model, std::min(head, from + kSlice))) {
                return end_warming(m);  // stopped at an event that does not read: subscribing reports it
            }
            if (model.checkpoint() >= head) {
                if (Status s = end_warming(m); !s.ok()) return s;
                break;
            }
            if (now_ms() - start >= budget_ms) return ok_status();
        }
    }
    return ok_status();
}

Status EventualFeed::finish_warming() {
    Status first = ok_status();
    for (Model& m : models_) {
        if (!m.warming) continue;
        (void)feed(*m.projection, store_.head_position());
        if (Status s = end_warming(m); !s.ok() && first.ok()) first = s;
    }
    return first;
}

void EventualFeed::set_on(bool on) {
    if (on == on_) return;
    (void)finish_warming();  // a read model still catching up from the open does so first
    if (on) {
        for (Model& m : models_) {
            store_.unsubscribe(m.subscription);
            m.subscription = 0;
        }
        arrivals_.clear();
        noted_ = store_.head_position();
        history_ = LagHistory{};
        on_ = true;
        observe();
        return;
    }
    observe();
    catch_up();
    for (Model& m : models_) {
        auto sub = store_.subscribe(*m.projection);  // nothing left to catch up: live from here
        m.subscription = sub.ok() ? *sub : 0;
    }
    arrivals_.clear();
    on_ = false;
}

void EventualFeed::pump(double now) {
    if (!on_) return;
    const uint64_t head = store_.head_position();
    if (head > noted_) {
        arrivals_.push_back(Arrival{head, now});
        noted_ = head;
    }
    observe();
    if (release_ != Release::AfterDelay) return;
    while (!arrivals_.empty() && arrivals_.front().at + delay_seconds_ <= now) feed_all(arrivals_.front().up_to);
    observe();
}

void EventualFeed::apply_next() {
    observe();
    uint64_t lowest = store_.head_position();
    for (const Model& m : models_) lowest = std::min(lowest, m.projection->checkpoint());
    if (lowest < store_.head_position()) feed_all(lowest + 1);
    observe();
}

void EventualFeed::catch_up() {
    observe();
    feed_all(store_.head_position());
    observe();
}

uint64_t EventualFeed::lag() const {
    const uint64_t head = store_.head_position();
    uint64_t lag = 0;
    for (const Model& m : models_)
        if (head > m.projection->checkpoint()) lag = std::max(lag, head - m.projection->checkpoint());
    return lag;
}

double EventualFeed::seconds_to_next(double now) const {
    if (arrivals_.empty()) return 0.0;
    return std::max(0.0, arrivals_.front().at + delay_seconds_ - now);
}

bool EventualFeed::feed(Projection& model, uint64_t position) {
    const RecordedLog& log = store_.recorded_log();
    RecordedEvent scratch;
    while (model.checkpoint() < position && model.checkpoint() < log.size()) {
        const RecordedEvent& raw = log[model.checkpoint()];
        auto e = store_.current_view(raw, scratch);  // upcast, as the store's own delivery does
        if (!e.ok()) return false;  // paused here, as a subscription would be; the store reports it when live again
        try {
            model.apply(**e);
        } catch (const std::exception&) {
            return false;  // likewise: the store's catch-up, subscribing it, says what threw
        }
        model.set_checkpoint(raw.global_position);
    }
    return true;
}

void EventualFeed::feed_all(uint64_t position) {
    for (Model& m : models_) feed(*m.projection, position);
    while (!arrivals_.empty() && arrivals_.front().up_to <= position) arrivals_.pop_front();
}

void EventualFeed::observe() {
    const uint64_t now = lag();
    history_.peak = std::max(history_.peak, now);
    if (now == 0 && history_.peak > 0) history_.caught_up_after_lag = true;
}

}  // namespace es::sandbox
