// A client-side copy of the GL state Dear ImGui's OpenGL 3 backend reads back on every frame
// and WebGL cannot answer locally: the scissor box and the blend functions and equations.
//
// ImGui_ImplOpenGL3_RenderDrawData saves the GL state before drawing and restores it after.
// Chromium answers most glGetIntegerv queries from its own client-side cache, but these go to
// the GPU process and wait there until the previous frame has been drawn: on software GL
// (SwiftShader) that held the page's main thread for most of each frame, and every IndexedDB
// callback waited behind it (docs/PERFORMANCE.md). The backend is compiled with the getter and
// the setters below renamed (CMakeLists.txt), so each value is read from the GPU once and
// tracked from then on. The app's own code never sets these; anything that does must call the
// es_gl_* setters so the copy stays true.
#include <GLES3/gl3.h>

namespace {

// Each tracked query: its pname, its value count, the copy, and whether the copy is known.
struct Tracked {
  GLenum pname;
  int count;
  GLint value[4];
  bool known;
};

Tracked g_tracked[] = {
    {GL_SCISSOR_BOX, 4, {}, false},         {GL_BLEND_SRC_RGB, 1, {}, false},
    {GL_BLEND_DST_RGB, 1, {}, false},       {GL_BLEND_SRC_ALPHA, 1, {}, false},
    {GL_BLEND_DST_ALPHA, 1, {}, false},     {GL_BLEND_EQUATION_RGB, 1, {}, false},
    {GL_BLEND_EQUATION_ALPHA, 1, {}, false},
};

Tracked* find(GLenum pname) {
  for (Tracked& t : g_tracked) {
    if (t.pname == pname) return &t;
  }
  return nullptr;
}

void remember(GLenum pname, GLint v0, GLint v1 = 0, GLint v2 = 0, GLint v3 = 0) {
  Tracked* t = find(pname);
  t->value[0] = v0;
  t->value[1] = v1;
  t->value[2] = v2;
  t->value[3] = v3;
  t->known = true;
}

}  // namespace

extern "C" void es_gl_get_integerv(GLenum pname, GLint* data) {
  Tracked* t = find(pname);
  if (t == nullptr) {
    glGetIntegerv(pname, data);
    return;
  }
  if (!t->known) {
    glGetIntegerv(pname, t->value);
    t->known = true;
  }
  for (int i = 0; i < t->count; ++i) data[i] = t->value[i];
}

extern "C" void es_gl_scissor(GLint x, GLint y, GLsizei width, GLsizei height) {
  remember(GL_SCISSOR_BOX, x, y, width, height);
  glScissor(x, y, width, height);
}

extern "C" void es_gl_blend_equation(GLenum mode) {
  remember(GL_BLEND_EQUATION_RGB, static_cast<GLint>(mode));
  remember(GL_BLEND_EQUATION_ALPHA, static_cast<GLint>(mode));
  glBlendEquation(mode);
}

extern "C" void es_gl_blend_equation_separate(GLenum mode_rgb, GLenum mode_alpha) {
  remember(GL_BLEND_EQUATION_RGB, static_cast<GLint>(mode_rgb));
  remember(GL_BLEND_EQUATION_ALPHA, static_cast<GLint>(mode_alpha));
  glBlendEquationSeparate(mode_rgb, mode_alpha);
}

extern "C" void es_gl_blend_func_separate(GLenum src_rgb, GLenum dst_rgb, GLenum src_alpha,
                                          GLenum dst_alpha) {
  remember(GL_BLEND_SRC_RGB, static_cast<GLint>(src_rgb));
  remember(GL_BLEND_DST_RGB, static_cast<GLint>(dst_rgb));
  remember(GL_BLEND_SRC_ALPHA, static_cast<GLint>(src_alpha));
  remember(GL_BLEND_DST_ALPHA, static_cast<GLint>(dst_alpha));
  glBlendFuncSeparate(src_rgb, dst_rgb, src_alpha, dst_alpha);
}
