#include "core/trace.h"

#include <utility>

namespace es {

const char* lifeline_name(Lifeline lifeline) {
    switch (lifeline) {
        case Lifeline::User: return "User";
        case Lifeline::CommandHandler: return "Command handler";
        case Lifeline::Aggregate: return "Aggregate";
        case Lifeline::EventStore: return "Event store";
        case Lifeline::Projections: return "Projections";
    }
    return "?";
}

void Trace::begin(Kind kind, std::string title) {
    ++serial_;
    kind_ = kind;
    accepted_ = kind == Kind::Replay;  // a replay only reads
    title_ = std::move(title);
    messages_.clear();
}

void Trace::add(Lifeline from, Lifeline to, std::string text, bool reply, bool error) {
    messages_.push_back(TraceMessage{from, to, std::move(text), reply, error});
}

}  // namespace es
