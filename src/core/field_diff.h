// The fields in which two versions of an event's data differ: what a tamper changed (stored now
// against what was appended, core/chain_walk.h) and what an upcaster added (core/upcast_reading.h).
#pragma once

#include <string>
#include <vector>

#include "core/event.h"

namespace es {

// One field that differs between two versions of a JSON object (a missing field is null).
struct FieldDifference {
    std::string field;
    Json before;  // the first object's value
    Json after;   // the second object's value
};

// The fields of two JSON objects that differ, in field order: changed ones, and those only one
// of them has. Non-objects compare as empty objects.
std::vector<FieldDifference> differing_fields(const Json& before, const Json& after);

}  // namespace es
