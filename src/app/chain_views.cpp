// The view models of the Integrity and Upcasting views and of the Events window's tamper mark:
// the stored log's chain walk and one stored event read through the upcasters, both asked of the
// core (EventStore::walk_stored_chain, read_through_upcasters); the panels only draw them.
#include <imgui.h>

#include "app/app_state.h"
#include "bank/events.h"

namespace es::app {

void UpdateIntegrity(AppState& state, bool verify) {
    IntegrityView& v = state.integrity;
    const sandbox::Sandbox* sandbox = ActiveSandbox(state);
    if (!sandbox) {
        v = IntegrityView{};
        return;
    }
    const uint64_t head = sandbox->store().head_position();
    const uint64_t edits = sandbox->storage().edits();
    const bool changed = v.sandbox_seen != sandbox || v.head_seen != head || v.edits_seen != edits;
    if (!changed && !verify) return;
    v.sandbox_seen = sandbox;
    v.head_seen = head;
    v.edits_seen = edits;
    v.walking = false;
    v.verified = false;
    v.walk.reset();
    v.walk_error.clear();
    // Until a record is edited behind the store's back, what is stored is what was appended: the
    // stored log is read back only on "Verify" (a whole re-read of a long log is not free).
    if (!verify && edits == 0) return;
    auto walk = sandbox->store().walk_stored_chain();
    if (!walk.ok()) {
        v.walk_error = walk.error().message;
        return;
    }
    v.walk = std::move(walk).value();
    v.verified = verify;
    v.walk_position = 0;
    v.walking = verify;
    v.follow = verify;
    v.last_step_s = ImGui::GetTime();
}

std::string StoredChange::note() const {
    return "stored now: " + stored_now + (rehashed ? ", appended as " : ", hash vouches for ") + appended;
}

std::optional<StoredChange> StoredChangeAt(const AppState& state, uint64_t position) {
    const IntegrityView& v = state.integrity;
    if (!v.walk || position == 0 || position > v.walk->records.size()) return std::nullopt;
    const ChainRecord& r = v.walk->records[position - 1];
    if (r.changed.empty()) return std::nullopt;
    const FieldDifference& d = r.changed.front();
    return StoredChange{d.field, bank::format_field_value(d.field, d.before), bank::format_field_value(d.field, d.after),
                        r.status == ChainStatus::Vouched};
}

void UpdateUpcast(AppState& state) {
    UpcastView& v = state.upcast;
    const sandbox::Sandbox* sandbox = ActiveSandbox(state);
    const UpcasterRegistry* upcasters = sandbox ? sandbox->store().upcasters() : nullptr;
    if (!sandbox || !upcasters) {
        v.reading.reset();
        v.shown = 0;
        return;
    }
    const RecordedLog& log = sandbox->store().recorded_log();
    const uint64_t edits = sandbox->storage().edits();
    if (v.sandbox_seen == sandbox && v.head_seen == log.size() && v.edits_seen == edits && v.requested == v.position)
        return;
    v.sandbox_seen = sandbox;
    v.head_seen = log.size();
    v.edits_seen = edits;
    v.requested = v.position;
    uint64_t position = v.position <= log.size() ? v.position : 0;
    if (position == 0) {  // the latest event stored at an older schema than the code folds
        for (uint64_t p = log.size(); p >= 1 && position == 0; --p)
            if (upcasters->needs_upcast(log[p - 1])) position = p;
    }
    v.shown = position;
    v.reading.reset();
    v.error.clear();
    if (position == 0 || position > sandbox->storage().head_position()) return;
    auto reading = read_through_upcasters(sandbox->storage().stored_line(position), *upcasters);
    if (reading.ok()) v.reading = std::move(reading).value();
    else v.error = reading.error().message;
}

}  // namespace es::app
