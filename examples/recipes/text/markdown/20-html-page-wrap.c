// Recipe 20 for text/markdown: examples/html-page-wrap.wasm, built from the same source, with
// the stylesheet next to this file.
#define STYLES_CSS_PATH "styles.css"
#include "../../../html-page-wrap.c"
