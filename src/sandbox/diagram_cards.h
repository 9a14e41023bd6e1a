// The "Draw it" exercise: the messages of a real trace (the learner's last accepted command, or a
// replay of an account) as shuffled cards the learner puts back in order, and the check of that
// order against the trace, each misplaced card explained by the causal rule its place breaks
// ("the event must be stored before any read model sees it"). Platform-free: the Draw it window
// moves cards with the mouse or the keyboard through move(), and so does a lesson's solution.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/trace.h"

namespace es::sandbox {

class Sandbox;

// Which trace the cards are dealt from.
enum class DiagramSource { Command, Replay };
// "command" / "replay", as lesson files name them; parse_diagram_source is false for anything else.
const char* diagram_source_name(DiagramSource source);
bool parse_diagram_source(const std::string& name, DiagramSource& out);

// The trace a variant deals its cards from: the sandbox's last accepted command, or a replay of
// `account` built afresh (its first kReplayCardEvents events one by one, any more summed up in one
// step) that leaves the sandbox's last_trace() alone. Empty when there is nothing to draw: no
// command accepted yet, or an account without events.
constexpr size_t kReplayCardEvents = 3;
Trace diagram_trace(const Sandbox& sandbox, DiagramSource source, const std::string& account);

struct DiagramCard {
    Lifeline from = Lifeline::User;
    Lifeline to = Lifeline::User;
    std::string label;   // the message as the Sequence diagram shows it, without its number
    bool reply = false;  // a return arrow (dashed)
    size_t place = 0;    // where it belongs: its index in the trace
};

// What Check says about the card in one slot.
struct CardVerdict {
    bool in_place = true;
    std::string why;  // for a misplaced card: which card it belongs before or after, and the rule
};

struct DiagramCheck {
    std::vector<CardVerdict> cards;  // by slot
    size_t misplaced = 0;
    bool all_in_place() const { return misplaced == 0 && !cards.empty(); }
    // "all 11 cards in place", or "1 of 11 cards misplaced: "<label>": <why>" (the first one).
    std::string summary;
};

class DiagramCards {
public:
    DiagramCards() = default;
    // The cards of `trace`, one per message, shuffled with `seed` (see shuffle()).
    DiagramCards(const Trace& trace, uint64_t seed);

    Trace::Kind kind() const { return kind_; }
    const std::string& title() const { return title_; }
    // In the learner's order, slot by slot.
    const std::vector<DiagramCard>& cards() const { return cards_; }
    size_t size() const { return cards_.size(); }
    bool empty() const { return cards_.empty(); }

    // Takes the card in slot `from` out and puts it into slot `to`: the cards between move one
    // slot up or down. False (nothing moves) when a slot is out of range or they are the same.
    bool move(size_t from, size_t to);
    // A new order from `seed` (the same seed, the same order), never already the trace's order.
    void shuffle(uint64_t seed);
    // Each card right or misplaced. The cards that stay green are the longest run already in
    // order, so one card dragged to the wrong end is one misplaced card, not every card it pushed.
    DiagramCheck check() const;

    // What a learner does to put every card in place: from the top, the card that belongs in
    // each slot moved there. Applied in order with move(), the cards end up in the trace's order.
    struct Move {
        size_t from = 0, to = 0;
    };
    std::vector<Move> moves_into_place() const;

private:
    // For each slot, the trace index its card stands for: cards with the same arrow and label
    // are interchangeable, so the first of them (top to bottom) takes the earliest place.
    std::vector<size_t> places() const;

    Trace::Kind kind_ = Trace::Kind::Command;
    std::string title_;
    std::vector<DiagramCard> cards_;
};

}  // namespace es::sandbox
