/**
 * The Markdown modules of `examples/` and the `text/markdown` recipe chain built from them (spec:
 * examples.md §1, §6, §7.2, §7.3 and snapshot rows 22–24), run through the real `qip run`. The
 * expected outputs include the newline the host adds after UTF-8 output.
 *
 * @module
 */

import assert from "node:assert/strict";
import { assertFails, assertStdout, runExamples, TOO_LARGE } from "../support/run_examples.ts";
import { REPO_ROOT } from "../support/run_qip.ts";

const KIB = 1024;
const MIB = 1024 * KIB;
/** The recipe chain, under `examples/`. */
const RECIPES = "recipes/text/markdown";

// The stylesheet as the reference snapshot shows it (examples.md §9, row 24).
const SNAPSHOT_CSS = `:root {
  --text: #0f1115;
  --bg: #e6e6e6;
  --link: #0051dc;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1115;
    --text: #e6e6e6;
    --link: #8ab4ff;
  }
}

body {
  color: var(--text);
  background: var(--bg);
  font-family: system-ui, sans-serif;
  line-height: 1.5;
}
a {
  color: var(--link);
}
main {
  max-width: 44em;
  margin: 0 auto;
}
code,
pre {
  font-family: ui-monospace, monospace;
}
pre {
  overflow: auto;
}
img {
  max-width: 100%;
  height: auto;
}
hr {
  border: none;
  border-top: 1px solid currentColor;
}`;

/** What html-page-wrap.wasm prints for a fragment and a title (examples.md §7.3). */
function page(title: string, fragment: string, css = SNAPSHOT_CSS): string {
  return '<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" ' +
    `content="width=device-width, initial-scale=1"><title>${title}</title><style>${css}` +
    `</style></head><body><main>${fragment}</main></body></html>\n\n`;
}

// --- markdown-basic.wasm ------------------------------------------------------------------------

// examples.md §7.2, every row: [what it shows, input, module output].
const MARKDOWN_VECTORS: readonly [string, string, string][] = [
  [
    "a heading then a paragraph (# Title / Hello **World**)",
    "# Title\nHello **World**\n",
    "<h1>Title</h1>\n<p>Hello <strong>World</strong></p>\n",
  ],
  [
    "one paragraph over two lines (line one / line two)",
    "line one\nline two\n",
    "<p>line one\nline two</p>\n",
  ],
  [
    "a rule between paragraphs (before / --- / after)",
    "before\n\n---\n\nafter\n",
    "<p>before</p>\n<hr>\n<p>after</p>\n",
  ],
  ["a spaced rule (- - -)", "- - -\n", "<hr>\n"],
  [
    "a bullet list then an ordered list (- a / 1. One)",
    "- a\n- b\n1. One\n2. Two\n",
    "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<ol>\n<li>One</li>\n<li>Two</li>\n</ol>\n",
  ],
  [
    "a nested list (- parent / - child)",
    "- parent\n  - child\n- sibling\n",
    "<ul>\n<li>parent<ul>\n<li>child</li>\n</ul>\n</li>\n<li>sibling</li>\n</ul>\n",
  ],
  [
    "a quote then a fenced code block (> hi / ```js)",
    "> hi\n> there\n```js\nlet x = 1;\n```\n",
    "<blockquote>\n<p>hi</p>\n<p>there</p>\n</blockquote>\n" +
    '<pre><code class="language-js">let x = 1;\n</code></pre>\n',
  ],
  [
    "a code span and a link (`code`, [link](http://a))",
    "Use `code` and [link](http://a).\n",
    '<p>Use <code>code</code> and <a href="http://a">link</a>.</p>\n',
  ],
  [
    'inline HTML and & unescaped (<tag> & "quote")',
    '<tag> & "quote"\n',
    '<p><tag> & "quote"</p>\n',
  ],
  [
    "an HTML block up to the blank line (<div> / *hi* / </div>)",
    "<div>\n*hi*\n</div>\n\nafter\n",
    "<div>\n*hi*\n</div>\n<p>after</p>\n",
  ],
  [
    "a pipe table (| A | B |)",
    "| A | B |\n| --- | --- |\n| `x` | **y** |\n",
    "<table>\n<thead>\n<tr><th>A</th><th>B</th></tr>\n</thead>\n<tbody>\n" +
    "<tr><td><code>x</code></td><td><strong>y</strong></td></tr>\n</tbody>\n</table>\n",
  ],
  ["escaped HTML in a code span (`<b>`)", "`<b>`\n", "<p><code>&lt;b&gt;</code></p>\n"],
  [
    "front matter stripped (--- / title: Test / ---)",
    "---\ntitle: Test\n---\n# Hi\n",
    "<h1>Hi</h1>\n",
  ],
];

for (const [what, input, output] of MARKDOWN_VECTORS) {
  Deno.test(`markdown-basic.wasm renders ${what}`, async () => {
    assertStdout(await runExamples(["markdown-basic.wasm"], input), `${output}\n`);
  });
}

Deno.test("markdown-basic.wasm matches snapshot row 22 (# Title / Hello **World**)", async () => {
  assertStdout(
    await runExamples(["markdown-basic.wasm"], "# Title\nHello **World**\n"),
    "<h1>Title</h1>\n<p>Hello <strong>World</strong></p>\n\n",
  );
});

Deno.test("markdown-basic.wasm matches snapshot row 23 (table)", async () => {
  assertStdout(
    await runExamples(["markdown-basic.wasm"], "| A | B |\n| --- | --- |\n| `x` | **y** |\n"),
    "<table>\n<thead>\n<tr><th>A</th><th>B</th></tr>\n</thead>\n<tbody>\n" +
      "<tr><td><code>x</code></td><td><strong>y</strong></td></tr>\n</tbody>\n</table>\n\n",
  );
});

// Beyond the spec's vectors: the rest of the subset, one sample each.
const MARKDOWN_EXTRAS: readonly [string, string, string][] = [
  [
    "nested emphasis (*a **b** c*, ***x***)",
    "*a **b** c* ***x*** ~~gone~~\n",
    "<p><em>a <strong>b</strong> c</em> <strong><em>x</em></strong> <del>gone</del></p>\n",
  ],
  [
    "underscores inside words as text (snake_case)",
    "snake_case_name and _em_\n",
    "<p>snake_case_name and <em>em</em></p>\n",
  ],
  [
    "an image, a link title and an autolink",
    '![a "b"](i.png) [t](u "T") <https://x.y/?a&b>\n',
    '<p><img src="i.png" alt="a &quot;b&quot;"> <a href="u" title="T">t</a> ' +
    '<a href="https://x.y/?a&amp;b">https://x.y/?a&amp;b</a></p>\n',
  ],
  [
    "backslash escapes (\\*, \\<)",
    "\\*not em\\* \\<b\\>\n",
    "<p>*not em* &lt;b&gt;</p>\n",
  ],
  [
    "a closing # sequence and ####### as text",
    "## Title ##\n####### seven\n",
    "<h2>Title</h2>\n<p>####### seven</p>\n",
  ],
  [
    "an ordered list from 3 with a blank line between items",
    "3. a\n\n4. b\n",
    '<ol start="3">\n<li>a</li>\n<li>b</li>\n</ol>\n',
  ],
  [
    "a list item continued on the next line",
    "- a\n  more\n- b\n",
    "<ul>\n<li>a\nmore</li>\n<li>b</li>\n</ul>\n",
  ],
  [
    "escaped code in a fence without info",
    "```\n<p> & </p>\n```\n",
    "<pre><code>&lt;p&gt; &amp; &lt;/p&gt;\n</code></pre>\n",
  ],
  [
    "table alignment and short rows",
    "a | b\n:-|-:\n1\n",
    '<table>\n<thead>\n<tr><th align="left">a</th><th align="right">b</th></tr>\n</thead>\n' +
    '<tbody>\n<tr><td align="left">1</td><td align="right"></td></tr>\n</tbody>\n</table>\n',
  ],
  [
    "CRLF line endings",
    "# h\r\nline\r\nnext\r\n",
    "<h1>h</h1>\n<p>line\nnext</p>\n",
  ],
];

for (const [what, input, output] of MARKDOWN_EXTRAS) {
  Deno.test(`markdown-basic.wasm renders ${what}`, async () => {
    assertStdout(await runExamples(["markdown-basic.wasm"], input), `${output}\n`);
  });
}

Deno.test("markdown-basic.wasm prints a blank line for empty input", async () => {
  assertStdout(await runExamples(["markdown-basic.wasm"], ""), "\n");
});

Deno.test("markdown-basic.wasm renders an input at its cap (128 KiB)", async () => {
  const text = "a".repeat(128 * KIB);
  assertStdout(await runExamples(["markdown-basic.wasm"], text), `<p>${text}</p>\n\n`);
});

Deno.test("markdown-basic.wasm refuses an input over its cap (128 KiB + 1)", async () => {
  assertFails(await runExamples(["markdown-basic.wasm"], "a".repeat(128 * KIB + 1)), TOO_LARGE);
});

Deno.test("markdown-basic.wasm gives empty output when the HTML exceeds 256 KiB", async () => {
  // 32 768 items of 4 bytes each grow to 11 bytes: 352 KiB of HTML.
  assertStdout(await runExamples(["markdown-basic.wasm"], "- a\n".repeat(32 * KIB)), "\n");
});

Deno.test("markdown-basic.wasm renders 128 KiB of unclosed openers within the time limit (*a [b](x …)", async () => {
  // Every `*` and `[` opens something that never closes: a renderer that searched afresh from
  // each opener would take quadratic time and hit the 100 ms limit.
  const text = "*a [b](x ".repeat(Math.floor(128 * KIB / 9));
  assertStdout(
    await runExamples(["markdown-basic.wasm"], text, { timeoutMs: 100 }),
    `<p>${text.trimEnd()}</p>\n\n`,
  );
});

// --- html-page-wrap.wasm ------------------------------------------------------------------------

Deno.test("html-page-wrap.wasm titles a page with its first <h1> (Hello <em>World</em>)", async () => {
  const fragment = "<h1>Hello <em>World</em></h1><p>Hi</p>";
  assertStdout(
    await runExamples(["html-page-wrap.wasm"], fragment),
    page("Hello World", fragment),
  );
});

Deno.test("html-page-wrap.wasm falls back to the title Document (<p>No heading</p>)", async () => {
  const fragment = "<p>No heading</p>";
  assertStdout(
    await runExamples(["html-page-wrap.wasm"], fragment),
    page("Document", fragment),
  );
});

Deno.test('html-page-wrap.wasm trims and escapes the title (<h1 class> & "…")', async () => {
  const fragment = '<h10>no</h10><h1 class="t">\n  A & <b>B</b> "c" </h1><h1>second</h1>';
  assertStdout(
    await runExamples(["html-page-wrap.wasm"], fragment),
    page("A &amp; B &quot;c&quot;", fragment),
  );
});

Deno.test("html-page-wrap.wasm falls back to Document for an empty or unclosed <h1>", async () => {
  for (const fragment of ["<h1> <br> </h1>", "<h1>never closed"]) {
    assertStdout(
      await runExamples(["html-page-wrap.wasm"], fragment),
      page("Document", fragment),
    );
  }
});

Deno.test("html-page-wrap.wasm wraps empty input", async () => {
  assertStdout(await runExamples(["html-page-wrap.wasm"], ""), page("Document", ""));
});

Deno.test("html-page-wrap.wasm embeds styles.css without its final newline", async () => {
  const css = await Deno.readTextFile(`${REPO_ROOT}/examples/${RECIPES}/styles.css`);
  assert.equal(css, `${SNAPSHOT_CSS}\n`);
  const result = await runExamples(["html-page-wrap.wasm"], "x");
  assertStdout(result, page("Document", "x", css.replace(/[\r\n]+$/, "")));
});

Deno.test("html-page-wrap.wasm wraps an input at its cap (256 KiB)", async () => {
  const fragment = "x".repeat(256 * KIB);
  assertStdout(
    await runExamples(["html-page-wrap.wasm"], fragment),
    page("Document", fragment),
  );
});

Deno.test("html-page-wrap.wasm refuses an input over its cap (256 KiB + 1)", async () => {
  assertFails(await runExamples(["html-page-wrap.wasm"], "x".repeat(256 * KIB + 1)), TOO_LARGE);
});

Deno.test("markdown-basic.wasm | html-page-wrap.wasm matches snapshot row 24", async () => {
  const result = await runExamples(
    ["markdown-basic.wasm", "html-page-wrap.wasm"],
    "# Title\nHello **World**\n",
  );
  assertStdout(result, page("Title", "<h1>Title</h1>\n<p>Hello <strong>World</strong></p>\n"));
});

// --- autolink-https.wasm ------------------------------------------------------------------------

const AUTOLINK_SAMPLES: readonly [string, string, string][] = [
  [
    "a bare URL (See https://example.com/x now)",
    "See https://example.com/x now",
    'See <a href="https://example.com/x">https://example.com/x</a> now',
  ],
  [
    "a URL with its trailing punctuation (https://a.com/x,)",
    "go https://a.com/x, then",
    'go <a href="https://a.com/x,">https://a.com/x,</a> then',
  ],
  [
    "a URL inside <code>",
    "<code>https://a.b/c</code>",
    '<code><a href="https://a.b/c">https://a.b/c</a></code>',
  ],
  [
    "no http:// URL and no bare https://",
    "http://a.b and https:// alone",
    "http://a.b and https:// alone",
  ],
  [
    "no URL inside an existing <a>…</a>",
    '<a href="https://x.y">see https://x.y</a> <A HREF=z>https://q.r</A> https://s.t',
    '<a href="https://x.y">see https://x.y</a> <A HREF=z>https://q.r</A> ' +
    '<a href="https://s.t">https://s.t</a>',
  ],
  [
    "no URL inside attributes or comments",
    '<img alt="a > b" src="https://i.j/k.png"><!-- https://c.d -->',
    '<img alt="a > b" src="https://i.j/k.png"><!-- https://c.d -->',
  ],
  [
    "a URL ended by '<' or '\"'",
    '<p>"https://a.b/c"</p><p>https://d.e</p>',
    '<p>"<a href="https://a.b/c">https://a.b/c</a>"</p><p><a href="https://d.e">https://d.e</a></p>',
  ],
];

for (const [what, input, output] of AUTOLINK_SAMPLES) {
  Deno.test(`autolink-https.wasm links ${what}`, async () => {
    assertStdout(await runExamples(["autolink-https.wasm"], input), `${output}\n`);
  });
}

Deno.test("autolink-https.wasm prints a blank line for empty input", async () => {
  assertStdout(await runExamples(["autolink-https.wasm"], ""), "\n");
});

Deno.test("autolink-https.wasm links every URL of an input at its cap (1 MiB)", async () => {
  // "https://x" and a space, 104 857 times, then padding: the densest input, which still fits
  // the 4 MiB output.
  const count = Math.floor(MIB / 10);
  const input = "https://x ".repeat(count) + " ".repeat(MIB - 10 * count);
  const link = '<a href="https://x">https://x</a> ';
  const expected = link.repeat(count) + " ".repeat(MIB - 10 * count);
  assertStdout(await runExamples(["autolink-https.wasm"], input), `${expected}\n`);
});

Deno.test("autolink-https.wasm refuses an input over its cap (1 MiB + 1)", async () => {
  assertFails(await runExamples(["autolink-https.wasm"], "x".repeat(MIB + 1)), TOO_LARGE);
});

// --- recipes/text/markdown ----------------------------------------------------------------------

Deno.test("recipes/text/markdown holds the example modules byte for byte", async () => {
  for (
    const [recipe, example] of [
      ["10-markdown-basic.wasm", "markdown-basic.wasm"],
      ["11-autolink-https.wasm", "autolink-https.wasm"],
      ["20-html-page-wrap.wasm", "html-page-wrap.wasm"],
    ]
  ) {
    assert.deepEqual(
      await Deno.readFile(`${REPO_ROOT}/examples/${RECIPES}/${recipe}`),
      await Deno.readFile(`${REPO_ROOT}/examples/${example}`),
      recipe,
    );
  }
});

Deno.test("recipes/text/markdown chain 10 → 11 → 20 renders a page with a linked URL", async () => {
  const markdown = "# Notes & links\n\nSee https://example.com/x, or [docs](https://d.e).\n";
  const result = await runExamples(
    [
      `${RECIPES}/10-markdown-basic.wasm`,
      `${RECIPES}/11-autolink-https.wasm`,
      `${RECIPES}/20-html-page-wrap.wasm`,
    ],
    markdown,
  );
  assertStdout(
    result,
    page(
      "Notes &amp; links",
      "<h1>Notes & links</h1>\n" +
        '<p>See <a href="https://example.com/x,">https://example.com/x,</a> or ' +
        '<a href="https://d.e">docs</a>.</p>\n',
    ),
  );
});
