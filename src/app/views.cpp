// The view models behind the panels: which position the views show (time travel) and the
// accounts as of it. Everything here asks the core and the domain (bank::accounts_at,
// bank::account_history); the panels only draw what is cached.
#include <algorithm>

#include "app/app_state.h"
#include "app/panels.h"
#include "bank/events.h"

namespace es::app {

uint64_t ViewPosition(const AppState& state) {
    if (!ActiveSandbox(state)) return 0;
    const uint64_t head = ActiveSandbox(state)->store().head_position();
    return state.travel.at_now ? head : std::min(state.travel.position, head);
}

void TravelTo(AppState& state, uint64_t position) {
    const uint64_t head = ActiveSandbox(state) ? ActiveSandbox(state)->store().head_position() : 0;
    state.travel.at_now = position >= head;
    state.travel.position = std::min(position, head);
}

void ResetViews(AppState& state) {
    state.travel = TimeTravel{};
    state.accounts = AccountsView{};
    state.timeline = TimelineView{};
    state.sequence = SequenceView{};
    state.replay = ReplayView{};
    state.console = ConsoleView{};
    ForgetRun(state.code);
    state.integrity = IntegrityView{};
    state.upcast = UpcastView{};
    state.draw = DrawDiagramView{};
    // A command's result belongs to the sandbox that ran it.
    state.last_command_result.clear();
    state.last_command_ok = false;
}

namespace {

// The replay stepper follows the account selected in Account state and the log's head, and folds
// only while its window is open.
void UpdateReplayView(AppState& state) {
    ReplayView& r = state.replay;
    const sandbox::Sandbox* sandbox = ActiveSandbox(state);
    if (!state.windows[WindowId::Replay] || !sandbox || state.accounts.selected.empty()) return;
    const uint64_t head = sandbox->store().head_position();
    if (r.account_seen == state.accounts.selected && r.head_seen == head) return;
    const bool same_account = r.account_seen == state.accounts.selected;
    r.account_seen = state.accounts.selected;
    r.head_seen = head;
    Status loaded = r.stepper.load(sandbox->store(), r.account_seen);
    r.error = loaded.ok() ? "" : loaded.error().message;
    r.step = same_account ? std::min(r.step, r.stepper.steps()) : 0;
    if (!same_account) r.playing = false;
    r.moved_at_s = -1.0;
}

void UpdateAccountsView(AppState& state) {
    AccountsView& v = state.accounts;
    if (!ActiveSandbox(state)) {
        v = AccountsView{};
        return;
    }
    const EventStore& store = ActiveSandbox(state)->store();
    const uint64_t head = store.head_position();
    // The log got shorter under a past view (a reset, a rebuild after a lost race): back to now.
    if (!state.travel.at_now && state.travel.position > head) state.travel.at_now = true;
    const uint64_t position = ViewPosition(state);
    if (v.position != position || v.head != head) {
        const bool same_head = v.head == head && v.error.empty();
        v.position = position;
        v.head = head;
        auto rows = bank::accounts_at(store, position, same_head ? &v.rows : nullptr, &v.states);
        v.error = rows.ok() ? "" : rows.error().message;
        v.rows = rows.ok() ? std::move(rows).value() : std::vector<bank::AccountAt>{};
        if (v.selected.empty() && !v.rows.empty()) v.selected = v.rows.front().account_id;
        auto effect = bank::effect_of(store, position, &v.states);
        v.effect = effect.ok() ? std::optional<bank::EventEffect>(std::move(effect).value()) : std::nullopt;
    }
    if (v.selected.empty()) return;
    if (v.history_account != v.selected || v.history_position != position || v.history_head != head ||
        v.history_head_hash != store.head_hash()) {
        // Only the position moved (the scrubber): the account's balance curve is the one already drawn.
        const bool same_head = v.history_account == v.selected && v.history_head == head &&
                               v.history_head_hash == store.head_hash() && v.history_error.empty() &&
                               !v.history.balances.empty();
        v.history_account = v.selected;
        v.history_position = position;
        v.history_head = head;
        v.history_head_hash = store.head_hash();
        auto h = bank::account_history(store, ActiveSandbox(state)->storage(), v.selected, position,
                                       same_head ? &v.history : nullptr);
        v.history_error = h.ok() ? "" : h.error().message;
        v.history = h.ok() ? std::move(h).value() : bank::AccountHistory{};
    }
    // The CRUD window's last UPDATE: the account's newest event at the head, before and after.
    if (!state.windows[WindowId::Crud]) {
        v.crud_change.reset();
        v.crud_change_account.clear();
        v.crud_change_position = 0;
    } else if (v.crud_change_account != v.selected || v.crud_change_head != head) {
        v.crud_change_account = v.selected;
        v.crud_change_head = head;
        const std::vector<uint64_t>& positions = store.stream_positions(bank::account_stream_id(v.selected));
        const uint64_t last = positions.empty() ? 0 : positions.back();
        if (last != v.crud_change_position) v.crud_change_seen_s = -1.0;
        v.crud_change_position = last;
        v.crud_change.reset();
        if (last) {
            auto effect = bank::effect_of(store, last);
            if (effect.ok()) v.crud_change = std::move(effect).value();
        }
    }
    // The snapshot comparison times repeated loads: only while the Snapshots window shows it, and
    // for the log now (it does not follow the scrubber).
    if (!state.windows[WindowId::Snapshots]) {
        v.cost.reset();
        v.cost_account.clear();
        return;
    }
    if (v.cost_account != v.selected || v.cost_head != head) {
        v.cost_account = v.selected;
        v.cost_head = head;
        auto cost = bank::replay_cost(store, ActiveSandbox(state)->storage(), v.selected);
        v.cost = cost.ok() ? std::optional<bank::ReplayCost>(std::move(cost).value()) : std::nullopt;
    }
}

}  // namespace

void UpdateViews(AppState& state) {
    UpdateIntegrity(state);
    UpdateAccountsView(state);
    UpdateReplayView(state);
}

}  // namespace es::app
