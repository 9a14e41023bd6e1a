// Fonts, colours and the text size. Sizes are given in CSS pixels and multiplied by the device
// pixel ratio, so text is crisp on HiDPI screens (ImGui works in canvas, device, pixels), and by
// the learner's text size (View > Text size), so a projector shows it large.
#pragma once

#include "app/app_state.h"

namespace es::app {

// The text sizes View > Text size offers, as factors of the normal size (1 = 100 %).
inline constexpr float kTextSizes[] = {1.0f, 1.25f, 1.5f, 1.75f, 2.0f};
// One step up or down kTextSizes from `size`, staying at the ends (Ctrl+= and Ctrl+-).
float LargerTextSize(float size);
float SmallerTextSize(float size);
// The size of kTextSizes nearest to `size` (e.g. what the browser kept from an earlier visit).
float NearestTextSize(float size);

// (Re)builds the font atlas for `scale` (device pixel ratio x text size). The fonts are packed
// into app.data at build time from Debian's fonts-inter and fonts-jetbrains-mono. Returns false
// (and keeps ImGui's built-in font) when a font file is missing, so the app still runs, if less
// prettily.
bool LoadFonts(AppState& state, float scale);

// Applies the colour theme and scales every style size by `scale` (as the fonts: device pixel
// ratio x text size).
void ApplyTheme(Theme theme, float scale);

}  // namespace es::app
