// The Draw it exercise's cards and their check (diagram_cards.h).
#include "sandbox/diagram_cards.h"

#include <algorithm>

#include "bank/replay_trace.h"
#include "sandbox/sandbox.h"

namespace es::sandbox {

const char* diagram_source_name(DiagramSource source) { return source == DiagramSource::Replay ? "replay" : "command"; }

bool parse_diagram_source(const std::string& name, DiagramSource& out) {
    if (name != "command" && name != "replay") return false;
    out = name == "replay" ? DiagramSource::Replay : DiagramSource::Command;
    return true;
}

Trace diagram_trace(const Sandbox& sandbox, DiagramSource source, const std::string& account) {
    if (source == DiagramSource::Command) return sandbox.last_accepted_trace();
    Trace trace;
    if (account.empty() || !bank::trace_replay(sandbox.store(), account, trace, kReplayCardEvents).ok()) return Trace{};
    return trace;
}

namespace {

// What a message does in the command's (or the replay's) path, read from its arrow and its words
// as the Bank and the EventStore write them (bank.cpp, event_store.cpp, replay_trace.cpp).
enum class Role { Command, Read, Loaded, Fold, State, Decide, Decision, Append, Stored, Publish, Answer };

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

Role role_of(const DiagramCard& c) {
    using L = Lifeline;
    if (c.from == L::User) return Role::Command;
    if (c.to == L::User) return Role::Answer;
    if (c.to == L::Projections) return Role::Publish;
    if (c.from == L::CommandHandler && c.to == L::EventStore) return starts_with(c.label, "append") ? Role::Append : Role::Read;
    if (c.from == L::EventStore) return starts_with(c.label, "stored") ? Role::Stored : Role::Loaded;
    if (c.from == L::CommandHandler && c.to == L::Aggregate) return starts_with(c.label, "decide") ? Role::Decide : Role::Fold;
    return starts_with(c.label, "new event") ? Role::Decision : Role::State;  // the aggregate answers
}

bool is_loading(Role r) { return r == Role::Read || r == Role::Loaded || r == Role::Fold || r == Role::State; }

// Why `earlier` comes before `later` in what really happened: the rule an order breaks that has
// them the other way round.
std::string rule(const DiagramCard& earlier, const DiagramCard& later, bool replay) {
    const Role e = role_of(earlier), l = role_of(later);
    if (l == Role::Publish && e == Role::Publish) return "read models receive the events in the order they were stored";
    if (l == Role::Publish) return "the event must be stored before any read model sees it";
    if (l == Role::Answer) {
        if (replay) return "the current state is known only after the last event is folded";
        if (e == Role::Publish) return "the user hears \"accepted\" only after the store has stored the events and handed them on";
        return "the handler answers the user last, once the events are stored";
    }
    if (e == Role::Command)
        return replay ? "the request to rebuild comes first: nothing is read before it"
                      : "the command reaches the handler before the aggregate is loaded";
    if (later.place == earlier.place + 1 && later.reply && later.from == earlier.to && later.to == earlier.from)
        return "a reply comes back only after the call it answers";
    if ((l == Role::Append || l == Role::Stored) && (e == Role::Decide || e == Role::Decision))
        return "the aggregate decides before anything is stored";
    if (l == Role::Append || l == Role::Stored)
        return "the aggregate decides before anything is stored, and it decides on the state loaded first";
    if (l == Role::Decide || l == Role::Decision)
        return "the aggregate decides on the state folded from its events, so it is loaded first";
    if (replay && (l == Role::Fold || l == Role::State) && (e == Role::Fold || e == Role::State))
        return "replay folds events in stream order, one after the other";
    if ((l == Role::Fold || l == Role::State) && (e == Role::Read || e == Role::Loaded))
        return replay ? "events are folded only after the store has returned them"
                      : "the aggregate folds only the events the store returned";
    if (is_loading(l) && is_loading(e)) return "the handler loads one account completely before it reads the next";
    return "in what really happened, \"" + earlier.label + "\" comes first";
}

// A SplitMix64 step: the same sequence natively and in WASM (std::shuffle's is the library's own).
uint64_t next_random(uint64_t& state) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// The slots of a longest run of cards already in order (increasing places), marked true.
std::vector<bool> longest_ordered_run(const std::vector<size_t>& places) {
    const size_t n = places.size();
    std::vector<size_t> length(n, 1), before(n, n);
    size_t best = 0;
    for (size_t i = 0; i < n; ++i) {
        for (size_t j = 0; j < i; ++j) {
            if (places[j] < places[i] && length[j] + 1 > length[i]) {
                length[i] = length[j] + 1;
                before[i] = j;
            }
        }
        if (length[i] > length[best]) best = i;
    }
    std::vector<bool> kept(n, false);
    for (size_t i = best; n > 0 && i < n; i = before[i]) kept[i] = true;
    return kept;
}

}  // namespace

DiagramCards::DiagramCards(const Trace& trace, uint64_t seed) : kind_(trace.kind()), title_(trace.title()) {
    for (const TraceMessage& m : trace.messages())
        cards_.push_back(DiagramCard{m.from, m.to, m.text, m.reply, cards_.size()});
    shuffle(seed);
}

bool DiagramCards::move(size_t from, size_t to) {
    if (from >= cards_.size() || to >= cards_.size() || from == to) return false;
    DiagramCard card = std::move(cards_[from]);
    cards_.erase(cards_.begin() + static_cast<std::ptrdiff_t>(from));
    cards_.insert(cards_.begin() + static_cast<std::ptrdiff_t>(to), std::move(card));
    return true;
}

void DiagramCards::shuffle(uint64_t seed) {
    if (cards_.size() < 2) return;
    uint64_t state = seed;
    for (size_t i = cards_.size() - 1; i > 0; --i) std::swap(cards_[i], cards_[next_random(state) % (i + 1)]);
    // Never handed out solved: a shuffle that came out in order is turned by one slot.
    if (check().all_in_place()) std::rotate(cards_.begin(), cards_.begin() + 1, cards_.end());
}

std::vector<size_t> DiagramCards::places() const {
    const auto alike = [](const DiagramCard& a, const DiagramCard& b) {
        return a.from == b.from && a.to == b.to && a.reply == b.reply && a.label == b.label;
    };
    std::vector<size_t> out;
    for (size_t s = 0; s < cards_.size(); ++s) {
        // The k-th of its kind from the top takes the k-th earliest place of that kind.
        size_t rank = 0;
        std::vector<size_t> kind_places;
        for (size_t o = 0; o < cards_.size(); ++o) {
            if (!alike(cards_[o], cards_[s])) continue;
            kind_places.push_back(cards_[o].place);
            if (o < s) ++rank;
        }
        std::sort(kind_places.begin(), kind_places.end());
        out.push_back(kind_places[rank]);
    }
    return out;
}

DiagramCheck DiagramCards::check() const {
    DiagramCheck out;
    const std::vector<size_t> place = places();
    const std::vector<bool> kept = longest_ordered_run(place);
    const bool replay = kind_ == Trace::Kind::Replay;
    for (size_t s = 0; s < cards_.size(); ++s) {
        CardVerdict v;
        if (!kept[s]) {
            // The nearest card (in the trace) of those in order that this one is on the wrong side of.
            size_t partner = cards_.size();
            for (size_t o = 0; o < cards_.size(); ++o) {
                if (!kept[o] || (o < s) == (place[o] < place[s])) continue;
                const auto distance = [&](size_t k) { return place[k] > place[s] ? place[k] - place[s] : place[s] - place[k]; };
                if (partner == cards_.size() || distance(o) < distance(partner)) partner = o;
            }
            v.in_place = false;
            // A card out of the ordered run is always on the wrong side of one in it (else the run
            // would be longer); the partner is there.
            if (partner < cards_.size()) {
                const DiagramCard& me = cards_[s];
                const DiagramCard& other = cards_[partner];
                DiagramCard earlier = place[s] < place[partner] ? me : other, later = place[s] < place[partner] ? other : me;
                earlier.place = std::min(place[s], place[partner]);
                later.place = std::max(place[s], place[partner]);
                v.why = std::string(place[s] < place[partner] ? "belongs before" : "belongs after") + " \"" + other.label +
                        "\": " + rule(earlier, later, replay);
            }
            ++out.misplaced;
        }
        out.cards.push_back(std::move(v));
    }
    const std::string total = std::to_string(cards_.size()) + " card" + (cards_.size() == 1 ? "" : "s");
    if (out.misplaced == 0) {
        out.summary = cards_.empty() ? "no cards" : "all " + total + " in place";
    } else {
        for (size_t s = 0; s < cards_.size(); ++s) {
            if (out.cards[s].in_place) continue;
            out.summary = std::to_string(out.misplaced) + " of " + total + " misplaced: \"" + cards_[s].label + "\" " +
                          out.cards[s].why;
            break;
        }
    }
    return out;
}

std::vector<DiagramCards::Move> DiagramCards::moves_into_place() const {
    DiagramCards copy = *this;
    std::vector<Move> moves;
    for (size_t target = 0; target < copy.size(); ++target) {
        const std::vector<size_t> place = copy.places();
        const auto it = std::find(place.begin() + static_cast<std::ptrdiff_t>(target), place.end(), target);
        const size_t from = static_cast<size_t>(it - place.begin());
        if (it == place.end() || from == target) continue;
        copy.move(from, target);
        moves.push_back(Move{from, target});
    }
    return moves;
}

}  // namespace es::sandbox
