// UpcasterRegistry: walks an event's data from its stored schema version to the current one,
// one registered step at a time.
#include "core/upcasting.h"

#include <exception>

namespace es {

void UpcasterRegistry::register_type(const std::string& type, int current_version) {
    current_[type] = current_version;
}

void UpcasterRegistry::add(const std::string& type, int from_version, Upcaster step) {
    steps_[{type, from_version}] = std::move(step);
}

int UpcasterRegistry::current_version(const std::string& type) const {
    auto it = current_.find(type);
    return it == current_.end() ? 0 : it->second;
}

bool UpcasterRegistry::needs_upcast(const RecordedEvent& event) const {
    auto cur = current_.find(event.type);
    return cur == current_.end() || event.schema_version != cur->second;
}

Result<RecordedEvent> UpcasterRegistry::upcast(const RecordedEvent& event) const {
    auto cur = current_.find(event.type);
    if (cur == current_.end())
        return make_error(ErrorCode::Unsupported, "unknown event type '" + event.type +
                                                      "'; register it (and its upcasters) before reading this log");
    int target = cur->second;
    if (event.schema_version > target)
        return make_error(ErrorCode::Unsupported,
                          "schema v" + std::to_string(event.schema_version) + " of '" + event.type +
                              "' is newer than the v" + std::to_string(target) +
                              " this code understands; upgrade the application");
    RecordedEvent e = event;
    while (e.schema_version < target) {
        auto step = steps_.find({e.type, e.schema_version});
        if (step == steps_.end() || !step->second)
            return make_error(ErrorCode::Unsupported, "no upcaster from v" + std::to_string(e.schema_version) + " to v" +
                                                          std::to_string(e.schema_version + 1) + " for '" + e.type +
                                                          "'; add one to the registry");
        // Upcasters are application code that pokes at old JSON; a throw must not escape.
        Result<Json> next = make_error(ErrorCode::Corrupt, "");
        try {
            next = step->second(e);
        } catch (const std::exception& ex) {
            next = make_error(ErrorCode::Corrupt, std::string("the upcaster threw: ") + ex.what());
        }
        if (!next.ok()) {
            Error err = next.error();
            err.message = "upcasting '" + e.type + "' from v" + std::to_string(e.schema_version) + ": " + err.message;
            return err;
        }
        if (!next->is_object())
            return make_error(ErrorCode::InvalidArgument, "the upcaster of '" + e.type + "' from v" +
                                                              std::to_string(e.schema_version) +
                                                              " returned non-object data; it must return an object");
        e.data = std::move(next).value();
        ++e.schema_version;
    }
    return e;
}

}  // namespace es
