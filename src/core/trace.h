// A trace of what really happened while a command ran or a state was replayed, message by
// message, between the parts of an event-sourced system: the user, the command handler, the
// aggregate (the decider), the event store and the projections. The sequence diagram draws it.
// The Bank and the EventStore write into a Trace only while one is set (set_trace), so code that
// does not ask for a trace pays nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace es {

enum class Lifeline { User, CommandHandler, Aggregate, EventStore, Projections };
constexpr int kLifelineCount = 5;
const char* lifeline_name(Lifeline lifeline);  // "User", "Command handler", ...

struct TraceMessage {
    Lifeline from = Lifeline::User;
    Lifeline to = Lifeline::User;
    std::string text;
    bool reply = false;  // a return arrow (dashed)
    bool error = false;  // a rejection or a failure (red)
};

class Trace {
public:
    // What was traced: a command on its way through, or a stream's events folded back into state.
    enum class Kind { Command, Replay };

    // Starts a new trace: forgets the previous messages.
    void begin(Kind kind, std::string title);
    // How the command ended: its events were stored, or it was refused.
    void end(bool accepted) { accepted_ = accepted; }
    void add(Lifeline from, Lifeline to, std::string text, bool reply = false, bool error = false);
    Kind kind() const { return kind_; }
    bool accepted() const { return accepted_; }
    // Counts begin() calls: a view can tell a new trace from the one it showed.
    uint64_t serial() const { return serial_; }
    const std::string& title() const { return title_; }
    const std::vector<TraceMessage>& messages() const { return messages_; }
    bool empty() const { return messages_.empty(); }

private:
    Kind kind_ = Kind::Command;
    bool accepted_ = false;
    uint64_t serial_ = 0;
    std::string title_;
    std::vector<TraceMessage> messages_;
};

}  // namespace es
