// Recipe 10 for text/markdown: examples/markdown-basic.wasm, built from the same source (keep
// the qip-build line identical to the one there, so that both .wasm files are the same bytes).
// qip-build: -Wl,--stack-first -Wl,-z,stack-size=131072
#include "../../../markdown-basic.c"
