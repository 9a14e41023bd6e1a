// The browser functions implemented in web/platform.js (--js-library). Only src/platform calls
// them; the app and the core never know they run in a browser.
#pragma once

extern "C" {
double es_canvas_css_width();
double es_canvas_css_height();
double es_device_pixel_ratio();
void es_notify_first_frame();
void es_report_startup_error(const char* kind, const char* detail);
void es_install_test_hook();
}
