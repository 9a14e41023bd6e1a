// The learner's sandbox session (see sandbox.h).
#include "app/sandbox.h"

#include "bank/replay_trace.h"

namespace es::app {

namespace {
constexpr uint64_t kSnapshotEvery = 100;  // the default interval
}

Sandbox::Sandbox(bool durable) : storage_(durable), store_(storage_, clock_, ids_) {
    store_.set_upcasters(&bank::bank_upcasters());
}

Sandbox::~Sandbox() = default;

Status Sandbox::open(const EventList& saved, const std::vector<Snapshot>& snapshots) {
    if (Status s = storage_.load_saved(saved, snapshots); !s.ok()) return s;
    Status opened = store_.open();
    if (!opened.ok()) problem_ = opened.error().message;
    bank::BankOptions options;
    options.snapshot_storage = &storage_;
    options.snapshot_policy = SnapshotPolicy{kSnapshotEvery};
    options.clock = &clock_;
    bank_ = std::make_unique<bank::Bank>(store_, options);
    for (Projection* p : {static_cast<Projection*>(&bank_log_), static_cast<Projection*>(&balances_),
                          static_cast<Projection*>(&accounts_), static_cast<Projection*>(&audit_)}) {
        auto sub = store_.subscribe(*p);
        if (!sub.ok() && problem_.empty()) problem_ = sub.error().message;
    }
    return opened;
}

Result<bank::CommandOutcome> Sandbox::execute(const bank::Command& command) {
    if (!problem_.empty())
        return make_error(ErrorCode::Corrupt, "nothing can be written until this is resolved: " + problem_);
    trace_.begin(bank::command_type_name(command));
    bank_->set_trace(&trace_);
    store_.set_trace(&trace_);
    auto outcome = bank_->execute(command);
    bank_->set_trace(nullptr);
    store_.set_trace(nullptr);
    return outcome;
}

void Sandbox::trace_replay(const std::string& account_id) { (void)bank::trace_replay(store_, account_id, trace_); }

Result<uint64_t> Sandbox::adopt(const EventList& events) {
    if (!events.empty()) storage_.expect_saved_elsewhere(events.back().global_position);
    return store_.append_recorded(events);
}

Result<uint64_t> Sandbox::import_events(const EventList& events) {
    if (!problem_.empty())
        return make_error(ErrorCode::Corrupt, "nothing can be written until this is resolved: " + problem_);
    return store_.append_recorded(events);
}

}  // namespace es::app
