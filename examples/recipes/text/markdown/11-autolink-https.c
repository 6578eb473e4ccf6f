// Recipe 11 for text/markdown: examples/autolink-https.wasm, built from the same source.
#include "../../../autolink-https.c"
