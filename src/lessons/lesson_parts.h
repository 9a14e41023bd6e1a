// The parsers of a lesson's parts: goals, actions (setup and solutions) and tools
// (lesson_parts.cpp). lesson_parse.cpp builds a whole lesson from them. Each keeps the first
// problem in the shared `error` as "<path>.<field>: <what is wrong>".
#pragma once

#include <string>
#include <vector>

#include "lessons/lesson.h"
#include "lessons/lesson_object.h"

namespace es::lessons {

Goal parse_goal(const Json& j, const std::string& path, std::string& error);
// The array `field` of `o`, with min..max actions.
std::vector<Action> parse_actions(Obj& o, const std::string& field, size_t min, size_t max);
Tool parse_tool(const Json& j, const std::string& path, std::string& error);

}  // namespace es::lessons
