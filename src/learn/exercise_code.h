// The Lua the learner starts from and the reference solution of each exercise: what the code
// pane's Reset and a lesson's "Show solution" put into the pane, and what the tests fold.
#pragma once

#include <string_view>

#include "learn/fold_exercise.h"

namespace es::learn {

// `model` picks the ReadModel exercise's read model (read_model_names(); empty = the first).
std::string_view starting_code(Exercise exercise, std::string_view model = {});
std::string_view solution_code(Exercise exercise, std::string_view model = {});

}  // namespace es::learn
