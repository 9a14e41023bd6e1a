// The one doctest main shared by every test program (native and WASM), like nlohmann/json's
// test_main object library.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
