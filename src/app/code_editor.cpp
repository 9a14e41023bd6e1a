// The Code window's editor (code_editor.h). The text field is as tall as its text, inside a child
// window that scrolls, so the gutter drawn beside it scrolls with it; the marks are drawn behind
// the text (the field's own background is made transparent).
#include "app/code_editor.h"

#include <imgui_internal.h>  // ClearActiveID: Escape leaves the editor and keeps the text
#include <misc/cpp/imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

namespace es::app {

int CodeEditor::Callback(ImGuiInputTextCallbackData* d) {
    auto* self = static_cast<CodeEditor*>(d->UserData);
    if (self->pending_) {  // replaced while the learner types: through the field's own buffer
        const int cursor = d->CursorPos;
        d->DeleteChars(0, d->BufTextLen);
        d->InsertChars(0, self->pending_->data(), self->pending_->data() + self->pending_->size());
        d->CursorPos = d->SelectionStart = d->SelectionEnd = std::min(cursor, d->BufTextLen);
        self->pending_.reset();
    }
    if (d->CursorPos != self->cursor_) {
        self->cursor_ = d->CursorPos;
        self->follow_cursor_ = true;
    }
    int line = 1, column = 1;
    for (int i = 0; i < d->CursorPos && i < d->BufTextLen; ++i) {
        if (d->Buf[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(d->Buf[i]) & 0xC0) != 0x80) {  // a character, not a UTF-8 continuation
            ++column;
        }
    }
    self->cursor_line_ = line;
    self->cursor_column_ = column;
    return 0;
}

// Dear ImGui times a held key's repeat by frame time: a key held across one slow frame (300 ms on
// a busy machine) repeats as if held that long, and one Enter makes several lines. While typing
// here, the editing keys repeat by how long they were really held.
void CodeEditor::KeepKeyRepeatToRealTime() {
    ImGuiIO& io = ImGui::GetIO();
    const auto now = std::chrono::steady_clock::now();
    const ImGuiKey keys[] = {ImGuiKey_Enter, ImGuiKey_Backspace, ImGuiKey_Delete, ImGuiKey_Tab};
    for (size_t i = 0; i < key_down_since_.size(); ++i) {
        const int index = io.KeyMap[keys[i]];
        if (index < 0) continue;
        float& held = io.KeysDownDuration[index];
        if (held < 0.0f) continue;
        if (held == 0.0f) {  // pressed this frame
            key_down_since_[i] = now;
            continue;
        }
        const float real = std::chrono::duration<float>(now - key_down_since_[i]).count();
        held = std::max(1e-4f, std::min(held, real));  // never 0, which means "pressed this frame"
    }
}

bool CodeEditor::Draw(const char* label, std::string& text, const CodeEditorMarks& marks, ImVec2 size, ImFont* mono) {
    if (pending_ && !active_) {
        text = std::move(*pending_);
        pending_.reset();
    }
    const ImGuiIO& io = ImGui::GetIO();
    undo_pressed_ = io.KeyCtrl && !io.KeyShift && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Z), false) &&
                    (active_ || ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows));
    if (mono) ImGui::PushFont(mono);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float line_h = ImGui::GetTextLineHeight();
    const int lines = 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    char widest[16];
    std::snprintf(widest, sizeof widest, "%d", std::max(lines, 99));
    const float gutter = ImGui::CalcTextSize(widest).x + style.FramePadding.x * 3.0f;

    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0.0f, 0.0f));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, style.Colors[ImGuiCol_FrameBg]);
    ImGui::BeginChild("##code-scroll", size, true);
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    const ImVec2 shown_min = ImGui::GetWindowPos(), shown_size = ImGui::GetWindowSize();
    rect_ = ImVec4(shown_min.x, shown_min.y, shown_min.x + shown_size.x, shown_min.y + shown_size.y);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float scroll = ImGui::GetScrollY();
    // One spare line: room for the field's own horizontal scrollbar under a long line.
    const float text_h = std::max(avail.y, static_cast<float>(lines + 1) * line_h + style.FramePadding.y * 2.0f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float top = origin.y + style.FramePadding.y;
    auto line_y = [&](int line) { return top + static_cast<float>(line - 1) * line_h; };
    dl->AddRectFilled(origin, ImVec2(origin.x + gutter, origin.y + text_h), ImGui::GetColorU32(ImGuiCol_TitleBg));
    if (marks.ran_line > 0 && marks.ran_line <= lines)
        dl->AddRectFilled(ImVec2(origin.x, line_y(marks.ran_line)), ImVec2(origin.x + avail.x, line_y(marks.ran_line) + line_h), marks.ran_colour);
    if (marks.error_line > 0 && marks.error_line <= lines) {
        ImVec4 band = ImGui::ColorConvertU32ToFloat4(marks.error_colour);
        band.w = 0.25f;
        const float y = line_y(marks.error_line);
        dl->AddRectFilled(ImVec2(origin.x, y), ImVec2(origin.x + avail.x, y + line_h), ImGui::ColorConvertFloat4ToU32(band));
        dl->AddRectFilled(ImVec2(origin.x, y), ImVec2(origin.x + gutter, y + line_h), marks.error_colour);
    }
    // The numbers of the lines in view only: a long program costs nothing off screen.
    const int first = std::max(1, static_cast<int>((scroll - style.FramePadding.y) / line_h));
    const int last = std::min(lines, first + static_cast<int>(avail.y / line_h) + 2);
    for (int line = first; line <= last; ++line) {
        char number[16];
        std::snprintf(number, sizeof number, "%d", line);
        const float w = ImGui::CalcTextSize(number).x;
        const bool error = line == marks.error_line;
        dl->AddText(ImVec2(origin.x + gutter - w - style.FramePadding.x * 1.5f, line_y(line)),
                    error ? IM_COL32(255, 255, 255, 255) : ImGui::GetColorU32(ImGuiCol_TextDisabled), number);
    }

    // Escape would put back the text the field had when it was clicked: leave it, keeping the text.
    if (active_ && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) ImGui::ClearActiveID();
    if (active_) KeepKeyRepeatToRealTime();
    ImGui::SetCursorScreenPos(ImVec2(origin.x + gutter, origin.y));
    ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
    const ImGuiInputTextFlags flags =
        ImGuiInputTextFlags_AllowTabInput | ImGuiInputTextFlags_NoUndoRedo | ImGuiInputTextFlags_CallbackAlways;
    const bool changed = ImGui::InputTextMultiline(label, &text, ImVec2(avail.x - gutter, text_h), flags, Callback, this);
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    active_ = ImGui::IsItemActive();
    if (!active_) cursor_ = -1;
    // The cursor moved (typing, arrows): keep its line in view; a wheel scroll elsewhere is left alone.
    if (active_ && follow_cursor_) {
        const float y = static_cast<float>(cursor_line_ - 1) * line_h + style.FramePadding.y;
        if (y < scroll) ImGui::SetScrollY(y);
        else if (y + line_h * 2.0f > scroll + avail.y) ImGui::SetScrollY(y + line_h * 2.0f - avail.y);
    }
    follow_cursor_ = false;
    ImGui::EndChild();
    if (mono) ImGui::PopFont();
    return changed;
}

}  // namespace es::app
