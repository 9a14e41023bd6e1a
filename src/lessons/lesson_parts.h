// The parsers of a lesson's parts: goals, actions (setup and solutions) and tools
// (lesson_parts.cpp). lesson_parse.cpp builds a whole lesson from them. Each reads through the
// strict JSON object reader (core/json_object.h), which keeps the first problem with the field's
// full path ("field 'steps[1].goal.account': ..."). Lesson-specific rules are here too.
#pragma once

#include <string>
#include <vector>

#include <string_view>

#include "core/json_object.h"
#include "lessons/lesson.h"

namespace es::lessons {

// A required string that is not blank (lesson texts are shown to learners); "" after a problem.
std::string text(JsonObjectReader& o, std::string_view field);
// The array `field` of `o` with min..max entries; empty after a problem.
const Json& list(JsonObjectReader& o, std::string_view field, size_t min, size_t max);

Goal parse_goal(JsonObjectReader o);
// The array `field` of `o`, with min..max actions.
std::vector<Action> parse_actions(JsonObjectReader& o, std::string_view field, size_t min, size_t max);
Tool parse_tool(JsonObjectReader o);
Form parse_form(JsonObjectReader o);

}  // namespace es::lessons
