// The fields in which two versions of an event's data differ (field_diff.h).
#include "core/field_diff.h"

namespace es {

std::vector<FieldDifference> differing_fields(const Json& before, const Json& after) {
    static const Json kEmpty = Json::object();
    const Json& a = before.is_object() ? before : kEmpty;
    const Json& b = after.is_object() ? after : kEmpty;
    std::vector<FieldDifference> out;
    for (auto it = a.begin(); it != a.end(); ++it) {
        auto other = b.find(it.key());
        if (other == b.end()) out.push_back({it.key(), it.value(), nullptr});
        else if (*other != it.value()) out.push_back({it.key(), it.value(), *other});
    }
    for (auto it = b.begin(); it != b.end(); ++it)
        if (!a.contains(it.key())) out.push_back({it.key(), nullptr, it.value()});
    return out;
}

}  // namespace es
