// Drawing shared by the two sequence-diagram windows (the Sequence diagram and Draw it): the
// lifelines' heads and lines, and a message's arrow.
#pragma once

#include <imgui.h>

#include "core/trace.h"

namespace es::app {

// The height of the lifelines' heads: the first message goes below it.
float LifelineHeadHeight();
// The five lifelines side by side from `origin`, each in a column `column` wide: a box with its
// name (two-word names on two lines, so five fit in a narrow window) and its line down to `bottom`.
void DrawLifelines(ImDrawList* dl, ImVec2 origin, float column, float bottom);
// The x of a lifeline's line.
inline float LifelineX(float origin_x, float column, Lifeline l) { return origin_x + column * (static_cast<float>(l) + 0.5f); }
// An arrow from x0 to x1 at height y, its head at x1; a reply's is dashed.
void DrawArrow(ImDrawList* dl, float x0, float x1, float y, ImU32 colour, bool dashed);

}  // namespace es::app
