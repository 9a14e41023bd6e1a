// memcmp eight bytes at a time (wasm_memcmp.cpp): the WASM build's memcmp, and a function of its
// own so that the native sanitizer build tests the same code.
#pragma once

#include <cstddef>

namespace es {

// memcmp's answer (the sign of the first differing byte, as unsigned) for n bytes at a and b,
// reading no byte outside them.
int compare_bytes(const void* a, const void* b, size_t n);

}  // namespace es
