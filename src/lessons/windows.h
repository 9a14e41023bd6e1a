// The sandbox's windows, in one table: the name a lesson file gives a window, the title it is
// shown (and found by the browser tests) under, whether it is open at start, its place in the
// View menu. Platform-free, so lesson validation checks names against it; the app pairs each row
// with its panel (src/app/app.cpp) and keeps one open flag per row (AppState::windows).
#pragma once

#include <array>
#include <cstddef>
#include <iterator>
#include <string_view>

namespace es::lessons {

// One per row of kWindows, in the same order.
enum class WindowId {
    TimeTravel, Accounts, Commands, Events, Storage, Flow, Sequence, Projections, Snapshots, Console, Crud,
    Replay, Integrity, Upcast, Code, DrawDiagram, Lessons, Welcome, About,
};

struct WindowInfo {
    WindowId id;
    const char* lesson_name;  // what `window` goals and `open_window` actions say; "": not theirs to name
    const char* title;        // unique: ImGui tells windows apart by it
    bool open_at_start;
    int view_menu;            // its place in the View menu, from 1; 0: opened elsewhere
};

// Rows are in drawing order: of two windows that appear in the same frame, the later one is on
// top (Welcome over the desk, About over everything).
inline constexpr WindowInfo kWindows[] = {
    //  id                       lesson_name    title                     open_at_start  view_menu
    {WindowId::TimeTravel,  "time_travel", "Time travel",            true,  4},
    {WindowId::Accounts,    "accounts",    "Account state",          true,  5},
    {WindowId::Commands,    "commands",    "Commands",               true,  1},
    {WindowId::Events,      "events",      "Events",                 true,  2},
    {WindowId::Storage,     "",            "Storage",                false, 3},  // the banner reports its problems
    // Before the Sequence diagram: opened in the same frame (a lesson's solution), the diagram is
    // the newer of the two in the lower middle and gets the most room.
    {WindowId::Flow,        "flow",        "Command flow",           false, 11},
    {WindowId::Sequence,    "sequence",    "Sequence diagram",       false, 6},
    {WindowId::Projections, "projections", "Projections",            false, 7},
    {WindowId::Snapshots,   "snapshots",   "Snapshots",              false, 8},
    {WindowId::Console,     "console",     "Event history console",  false, 9},
    {WindowId::Crud,        "crud",        "CRUD vs event sourcing", false, 10},
    {WindowId::Replay,      "replay",      "Replay stepper",         false, 12},
    {WindowId::Integrity,   "integrity",   "Integrity",              false, 13},
    {WindowId::Upcast,      "upcast",      "Upcasting",              false, 14},
    {WindowId::Code,        "code",        "Code",                   false, 15},  // the learner's own fold (panel_code.cpp)
    {WindowId::DrawDiagram, "draw_diagram", "Draw it",               false, 16},
    {WindowId::Lessons,     "",            "Lessons",                true,  0},  // the Lessons menu's "Lesson path"
    {WindowId::Welcome,     "",            "Welcome",                false, 0},  // first visit (lesson_flow.cpp), Help menu
    {WindowId::About,       "",            "About the sandbox",      false, 0},  // Help menu
};
inline constexpr size_t kWindowCount = std::size(kWindows);

constexpr const WindowInfo& window_info(WindowId id) { return kWindows[static_cast<size_t>(id)]; }

// The row a lesson file means by `name`, or nullptr: no window is called that in lesson files.
const WindowInfo* find_lesson_window(std::string_view name);

// The table is what every loop over windows trusts: rows in enum order, titles and lesson names
// used once each, View menu places 1..N each used once.
constexpr bool windows_table_is_consistent() {
    int in_menu = 0;
    for (size_t i = 0; i < kWindowCount; ++i) {
        if (kWindows[i].id != static_cast<WindowId>(i)) return false;
        if (kWindows[i].view_menu > 0) ++in_menu;
        for (size_t j = 0; j < i; ++j) {
            if (std::string_view(kWindows[i].title) == kWindows[j].title) return false;
            if (*kWindows[i].lesson_name && std::string_view(kWindows[i].lesson_name) == kWindows[j].lesson_name) return false;
        }
    }
    for (int place = 1; place <= in_menu; ++place) {
        int found = 0;
        for (const WindowInfo& w : kWindows) found += w.view_menu == place ? 1 : 0;
        if (found != 1) return false;
    }
    return true;
}
static_assert(windows_table_is_consistent(), "kWindows: a row out of enum order, a title or name used twice, or a View menu place not used once");

}  // namespace es::lessons
