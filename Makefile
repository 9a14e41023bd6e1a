# The two commands of the README:
#   make run    set up, build the web app (Release) and serve it on http://127.0.0.1:$(PORT)
#   make test   set up, build native, sanitized native and web trees, run every test: native,
#               under ASan/UBSan with bounded fuzzing, WASM under Node, browser end-to-end
# Setup (.ci/setup) installs what is missing and is a quick check when everything is there.
PORT ?= 8080
# Emscripten 3.1.6's tools need Debian's node modules (acorn); /usr/bin/node does not look there.
export NODE_PATH := /usr/share/nodejs

.PHONY: run test setup build-native build-asan build-web test-native test-web clean

run: setup build-web
	node web/serve.mjs build/web/site $(PORT)

test: setup build-native build-asan build-web
	bash .ci/test-all

setup:
	@bash .ci/setup

build-native:
	cmake --preset native >/dev/null
	cmake --build --preset native

# clang with AddressSanitizer + UndefinedBehaviorSanitizer, and the libFuzzer targets.
build-asan:
	cmake --preset native-asan >/dev/null
	cmake --build --preset native-asan

build-web:
	cmake --preset web >/dev/null
	cmake --build --preset web

test-native: setup build-native
	ctest --preset native

test-web: setup build-web
	ctest --preset web

clean:
	rm -rf build/native build/native-asan build/web build/logs
