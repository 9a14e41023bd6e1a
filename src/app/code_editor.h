// A small code editor for the Code window: Dear ImGui's multi-line text field in the monospace
// font, with a line-number gutter that scrolls with the text, a marked error line (red gutter
// and band) and the line that ran for the event on screen (an accent band). Undo is the
// caller's (lessons::CodeWork keeps the history, so Reset and a lesson's "Show solution" are
// undoable too): the field's own undo is off, and Ctrl+Z is reported instead.
#pragma once

#include <imgui.h>

#include <array>
#include <chrono>
#include <optional>
#include <string>

namespace es::app {

struct CodeEditorMarks {
    int error_line = 0;  // 1-based; 0: none
    int ran_line = 0;
    ImU32 error_colour = 0, ran_colour = 0;  // the theme's failure red, the highlight accent
};

class CodeEditor {
public:
    // Draws the editor, `size` as for a child window. True when the learner changed `text` this
    // frame. The label is the field's, so a browser test finds it ("##code-editor").
    bool Draw(const char* label, std::string& text, const CodeEditorMarks& marks, ImVec2 size, ImFont* mono);
    // A change made outside the editor (undo, Reset, a lesson's action): shown from the next frame,
    // also while the learner is typing in it.
    void Replace(std::string text) { pending_ = std::move(text); }
    bool active() const { return active_; }      // the learner is typing in it
    bool undo_pressed() const { return undo_pressed_; }  // Ctrl+Z this frame, in the editor or its window
    int cursor_line() const { return cursor_line_; }
    int cursor_column() const { return cursor_column_; }
    // The editor's visible rectangle as last drawn (screen pixels: left, top, right, bottom), for
    // the test hook (the text field itself may reach beyond it, scrolled).
    ImVec4 rect() const { return rect_; }

private:
    static int Callback(ImGuiInputTextCallbackData* data);
    void KeepKeyRepeatToRealTime();
    std::array<std::chrono::steady_clock::time_point, 4> key_down_since_{};
    std::optional<std::string> pending_;
    bool active_ = false;
    bool undo_pressed_ = false;
    int cursor_ = -1;         // the cursor's byte offset last frame (-1: not typing)
    bool follow_cursor_ = false;  // it moved: scroll it into view
    int cursor_line_ = 1, cursor_column_ = 1;
    ImVec4 rect_{};
};

}  // namespace es::app
