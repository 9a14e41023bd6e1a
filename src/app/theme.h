// Fonts and colours. Sizes are given in CSS pixels and multiplied by the device pixel ratio, so
// text is crisp on HiDPI screens: ImGui works in canvas (device) pixels.
#pragma once

#include "app/app_state.h"

namespace es::app {

// (Re)builds the font atlas for `scale`. The fonts are packed into app.data at build time from
// Debian's fonts-inter and fonts-jetbrains-mono. Returns false (and keeps ImGui's built-in font)
// when a font file is missing, so the app still runs, if less prettily.
bool LoadFonts(AppState& state, float scale);

// Applies the colour theme and scales every style size by `scale`.
void ApplyTheme(Theme theme, float scale);

}  // namespace es::app
