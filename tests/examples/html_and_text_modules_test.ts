/**
 * The HTML extractors, the calendar and the shortcode module of `examples/` (spec: examples.md
 * §1, §7.1 and snapshot row 19 of §9), run through the real `qip run`: every sample byte for byte
 * (including the newline the host adds after UTF-8 output), then each module's own rules and
 * edges: empty input, input at its cap and one byte over, invalid input, output overflow.
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  assertFails,
  assertStdout,
  padTo,
  runExamples,
  TOO_LARGE,
} from "../support/run_examples.ts";
import { QIP_LAUNCHER, REPO_ROOT } from "../support/run_qip.ts";

const KIB = 1024;

const CALENDAR = "calendar-gregorian.wasm";
const SHORTCODES = "shortcode-to-emoji.wasm";
const LINKS = "html-link-extractor.wasm";
const ARIA = "html-aria-extractor.wasm";

// --- calendar-gregorian.wasm -------------------------------------------------------------------

const BORDER = "+----+----+----+----+----+----+----+";
const JANUARY_2024 = [
  BORDER,
  "| Mo | Tu | We | Th | Fr | Sa | Su |",
  BORDER,
  "|  1 |  2 |  3 |  4 |  5 |  6 |  7 |",
  BORDER,
  "|  8 |  9 | 10 | 11 | 12 | 13 | 14 |",
  BORDER,
  "| 15 | 16 | 17 | 18 | 19 | 20 | 21 |",
  BORDER,
  "| 22 | 23 | 24 | 25 | 26 | 27 | 28 |",
  BORDER,
  "| 29 | 30 | 31 |    |    |    |    |",
  BORDER,
].map((line) => `${line}\n`).join("");

/** The week rows of a printed month. */
function weekRows(stdout: string): string[] {
  return stdout.split("\n").filter((line) => /^\|\s+(\d|\|)/.test(line));
}

Deno.test("calendar-gregorian.wasm prints January 2024 (2024-01)", async () => {
  assertStdout(await runExamples([CALENDAR], "2024-01"), `${JANUARY_2024}\n`);
});

Deno.test("calendar-gregorian.wasm prints a leap February (2024-02\\n)", async () => {
  const result = await runExamples([CALENDAR], "2024-02\n");
  assertStdout(result, result.stdoutText);
  assert.ok(result.stdoutText.includes("|    |    |    |  1 |  2 |  3 |  4 |\n"));
  assert.ok(result.stdoutText.includes("| 26 | 27 | 28 | 29 |    |    |    |\n"));
  assert.ok(!result.stdoutText.includes("| 30 |"));
});

Deno.test("calendar-gregorian.wasm accepts a CRLF line end (2024-01\\r\\n)", async () => {
  assertStdout(await runExamples([CALENDAR], "2024-01\r\n"), `${JANUARY_2024}\n`);
});

Deno.test("calendar-gregorian.wasm gives empty output for invalid months (2024-13, 2024-00, 24-01, 0000-01)", async () => {
  for (const input of ["2024-13", "2024-00", "24-01", "0000-01"]) {
    assertStdout(await runExamples([CALENDAR], input), "\n");
  }
});

Deno.test("calendar-gregorian.wasm gives empty output for anything after the month (2024-01x, 2024-01\\n\\n, 2024-1)", async () => {
  for (const input of ["2024-01x", "2024-01\n\n", " 2024-01", "2024-1", "2024/01"]) {
    assertStdout(await runExamples([CALENDAR], input), "\n");
  }
});

Deno.test("calendar-gregorian.wasm uses four to six week rows (2021-02, 2026-03)", async () => {
  const february = await runExamples([CALENDAR], "2021-02");
  assert.deepEqual(weekRows(february.stdoutText), [
    "|  1 |  2 |  3 |  4 |  5 |  6 |  7 |",
    "|  8 |  9 | 10 | 11 | 12 | 13 | 14 |",
    "| 15 | 16 | 17 | 18 | 19 | 20 | 21 |",
    "| 22 | 23 | 24 | 25 | 26 | 27 | 28 |",
  ]);
  const march = await runExamples([CALENDAR], "2026-03");
  assert.equal(weekRows(march.stdoutText).length, 6);
  assert.equal(weekRows(march.stdoutText)[0], "|    |    |    |    |    |    |  1 |");
  assert.equal(weekRows(march.stdoutText)[5], "| 30 | 31 |    |    |    |    |    |");
});

Deno.test("calendar-gregorian.wasm covers years 0001 to 9999 (0001-01, 9999-12, 1900-02)", async () => {
  // 0001-01-01 was a Monday and 9999-12-31 a Friday in the proleptic Gregorian calendar;
  // 1900 was not a leap year.
  assert.equal(
    weekRows((await runExamples([CALENDAR], "0001-01")).stdoutText)[0]?.slice(0, 5),
    "|  1 ",
  );
  const december = weekRows((await runExamples([CALENDAR], "9999-12")).stdoutText);
  assert.equal(december.at(-1), "| 27 | 28 | 29 | 30 | 31 |    |    |");
  assert.ok(!(await runExamples([CALENDAR], "1900-02")).stdoutText.includes("| 29 |"));
});

Deno.test("calendar-gregorian.wasm gives empty output for empty input", async () => {
  assertStdout(await runExamples([CALENDAR], ""), "\n");
});

Deno.test("calendar-gregorian.wasm accepts input at its cap (64 KiB)", async () => {
  assertStdout(await runExamples([CALENDAR], padTo("2024-01", 64 * KIB)), "\n");
});

Deno.test("calendar-gregorian.wasm refuses input over its cap (64 KiB + 1)", async () => {
  assertFails(await runExamples([CALENDAR], padTo("2024-01", 64 * KIB + 1)), TOO_LARGE);
});

// --- shortcode-to-emoji.wasm -------------------------------------------------------------------

Deno.test("shortcode-to-emoji.wasm replaces the README sample (:rocket: … :sparkles:\\n)", async () => {
  const line = "Run :rocket: WebAssembly pipelines identically on any computer :sparkles:";
  assertStdout(
    await runExamples([SHORTCODES], `${line}\n`),
    "Run 🚀 WebAssembly pipelines identically on any computer ✨\n\n",
  );
});

Deno.test("shortcode-to-emoji.wasm replaces a shortcode (Hello :smile: world)", async () => {
  assertStdout(await runExamples([SHORTCODES], "Hello :smile: world"), "Hello 😄 world\n");
});

Deno.test("shortcode-to-emoji.wasm leaves an unknown name unchanged (Hi :notreal: there)", async () => {
  assertStdout(await runExamples([SHORTCODES], "Hi :notreal: there"), "Hi :notreal: there\n");
});

Deno.test("shortcode-to-emoji.wasm leaves GitHub's custom images unchanged (Ship :octocat:)", async () => {
  assertStdout(await runExamples([SHORTCODES], "Ship :octocat:"), "Ship :octocat:\n");
});

Deno.test("shortcode-to-emoji.wasm knows aliases, signs and joined sequences (:+1: :-1: :100: :family_man_woman_girl_boy: :uk:)", async () => {
  assertStdout(
    await runExamples([SHORTCODES], ":+1: :-1: :100: :family_man_woman_girl_boy: :uk: :thumbsup:"),
    "👍 👎 💯 👨‍👩‍👧‍👦 🇬🇧 👍\n",
  );
});

Deno.test("shortcode-to-emoji.wasm treats stray colons as text (a:b :smile::smile: ::tada:: :Smile: :smile)", async () => {
  assertStdout(
    await runExamples([SHORTCODES], "a:b :smile::smile: ::tada:: :Smile: :smile 12:30 :"),
    "a:b 😄😄 :🎉: :Smile: :smile 12:30 :\n",
  );
});

Deno.test("shortcode-to-emoji.wasm copies other UTF-8 text (Grüße :wave: 日本)", async () => {
  assertStdout(await runExamples([SHORTCODES], "Grüße :wave: 日本\n"), "Grüße 👋 日本\n\n");
});

Deno.test("shortcode-to-emoji.wasm gives empty output for empty input", async () => {
  assertStdout(await runExamples([SHORTCODES], ""), "\n");
});

Deno.test("shortcode-to-emoji.wasm accepts input at its cap (128 KiB of :smile:)", async () => {
  const count = Math.floor(128 * KIB / 7);
  const result = await runExamples([SHORTCODES], padTo(":smile:".repeat(count), 128 * KIB));
  assertStdout(result, `${"😄".repeat(count)}${" ".repeat(128 * KIB - 7 * count)}\n`);
});

Deno.test("shortcode-to-emoji.wasm refuses input over its cap (128 KiB + 1)", async () => {
  assertFails(await runExamples([SHORTCODES], padTo("", 128 * KIB + 1)), TOO_LARGE);
});

Deno.test("shortcode-to-emoji.wasm gives empty output when the emoji overflow its cap (128 KiB of :a:)", async () => {
  // ":a:" (3 bytes) becomes 🅰️ (7 bytes): 43 690 of them need 305 830 bytes, over 256 KiB.
  assertStdout(await runExamples([SHORTCODES], padTo(":a:".repeat(43_690), 128 * KIB)), "\n");
});

// --- html-link-extractor.wasm ------------------------------------------------------------------

Deno.test("html-link-extractor.wasm lists links with their text (<a href=…>Hi <b>there</b></a> …)", async () => {
  const html = '<a href="https://x.com/a">Hi <b>there</b></a> <a href="/rel">R</a>';
  assertStdout(await runExamples([LINKS], html), "https://x.com/a Hi there\n/rel R\n\n");
});

Deno.test("html-link-extractor.wasm collapses whitespace and decodes entities (Tom &amp; Jerry)", async () => {
  const html =
    '<a href=" /q?a=1&amp;b=2&copy=3\n ">\n  Tom &amp;\tJerry&nbsp;&#x1F600; &#169;\n</a>';
  assertStdout(await runExamples([LINKS], html), "/q?a=1&b=2&copy=3 Tom & Jerry 😀 ©\n\n");
});

Deno.test("html-link-extractor.wasm prefers aria-labelledby, then aria-label, then text, then title", async () => {
  const html = [
    '<a href="/1" aria-labelledby="a b" aria-label="no">no</a>',
    '<span id="a">First</span><span id="b" aria-label="Second">x</span>',
    '<a href="/2" aria-label=" Label ">no</a>',
    '<a href="/3" title="Tip"><img src="i.png" alt="Logo"></a>',
    '<a href="/4" title="Tip"></a>',
    '<a href="/5" aria-labelledby="missing">Text</a>',
  ].join("\n");
  assertStdout(
    await runExamples([LINKS], html),
    "/1 First Second\n/2 Label\n/3 Logo\n/4 Tip\n/5 Text\n\n",
  );
});

Deno.test("html-link-extractor.wasm skips hidden text and separates blocks (<span hidden>, <br>, <div>)", async () => {
  const html = '<a href="/h">one<span hidden>x</span><span aria-hidden="true">y</span>' +
    "<br>two<div>three</div>four</a>";
  assertStdout(await runExamples([LINKS], html), "/h one two three four\n\n");
});

Deno.test("html-link-extractor.wasm ignores anchors without href, scripts and comments", async () => {
  const html = [
    '<a name="top">no</a><a id="x">no</a>',
    '<script>document.write("<a href=/s>s</a>")</script>',
    "<!-- <a href=/c>c</a> -->",
    "<style>a[href] { color: red }</style>",
    '<A HREF=/upper>Upper</A><a href=/u/>unquoted</a><a href="">empty</a>',
  ].join("");
  assertStdout(await runExamples([LINKS], html), "/upper Upper\n/u/ unquoted\n empty\n\n");
});

Deno.test("html-link-extractor.wasm closes an open link at the next one (<a href=/1>one<a href=/2>two)", async () => {
  assertStdout(
    await runExamples([LINKS], "<p><a href=/1>one<a href=/2>two</p><a href=/3>three"),
    "/1 one\n/2 two\n/3 three\n\n",
  );
});

Deno.test("html-link-extractor.wasm prints an unnamed link as its href alone (<a href=/x></a>)", async () => {
  assertStdout(
    await runExamples([LINKS], '<a href="/x"> </a><a href="/y" title=""></a>'),
    "/x\n/y\n\n",
  );
});

Deno.test('html-link-extractor.wasm drops a tag cut off by the end of input (<a href="/x)', async () => {
  assertStdout(await runExamples([LINKS], '<a href="/ok">ok</a><a href="/x'), "/ok ok\n\n");
});

Deno.test("html-link-extractor.wasm gives empty output for empty input and for no links", async () => {
  assertStdout(await runExamples([LINKS], ""), "\n");
  assertStdout(await runExamples([LINKS], "<p>No links here &amp; none there</p>"), "\n");
});

Deno.test("html-link-extractor.wasm accepts input at its cap (64 KiB of links)", async () => {
  const link = '<a href="/p">P</a>\n';
  const count = Math.floor(64 * KIB / link.length);
  const result = await runExamples([LINKS], padTo(link.repeat(count), 64 * KIB));
  assertStdout(result, `${"/p P\n".repeat(count)}\n`);
});

Deno.test("html-link-extractor.wasm refuses input over its cap (64 KiB + 1)", async () => {
  assertFails(await runExamples([LINKS], padTo("<a href=/x>x</a>", 64 * KIB + 1)), TOO_LARGE);
});

Deno.test("html-link-extractor.wasm ends an overflowing output after the last whole line (3 × 30 000-byte names)", async () => {
  const html = `<p id="t">${"n".repeat(30_000)}</p>` +
    '<a href="/1" aria-labelledby="t"></a>'.repeat(3);
  const line = `/1 ${"n".repeat(30_000)}\n`;
  assertStdout(await runExamples([LINKS], html), `${line}${line}\n`);
});

// --- html-aria-extractor.wasm ------------------------------------------------------------------

const SNAPSHOT_HTML = '<a href="/a">Go</a><button>Push</button><h2>Title</h2>' +
  '<input type="radio" aria-label="Yes"><div role="checkbox" aria-label="Ok"></div>';

Deno.test("html-aria-extractor.wasm matches the reference snapshot (row 19)", async () => {
  assertStdout(
    await runExamples([ARIA], SNAPSHOT_HTML),
    "link: Go\nbutton: Push\nheading: Title\nradio: Yes\ncheckbox: Ok\n\n",
  );
});

Deno.test('html-aria-extractor.wasm waits for stdin to end (<a href="/x">X</a> written 500 ms late)', async () => {
  const child = new Deno.Command(QIP_LAUNCHER, {
    args: ["run", "examples/html-aria-extractor.wasm"],
    cwd: REPO_ROOT,
    env: { QIP_DENO: Deno.execPath(), NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode('<a href="/x">X</a>'));
  await writer.close();
  const output = await child.output();
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
  assert.ok(new TextDecoder().decode(output.stdout).includes("link: X"));
});

Deno.test("html-aria-extractor.wasm finds roles by tag and input type", async () => {
  const html = [
    '<a href="/l">Link</a><a>not a link</a>',
    "<h1>One</h1><h6>Six</h6><h3>Open<h4>Next</h4>",
    '<input type="submit"><input type="reset"><input type="button" value="Go">',
    '<input type="image" alt="Search"><input type="text" value="no"><input type="hidden">',
    '<input type="CHECKBOX" title="Terms"><input type=radio aria-label="A">',
  ].join("");
  assertStdout(
    await runExamples([ARIA], html),
    [
      "link: Link",
      "heading: One",
      "heading: Six",
      "heading: Open",
      "heading: Next",
      "button: Submit",
      "button: Reset",
      "button: Go",
      "button: Search",
      "checkbox: Terms",
      "radio: A",
      "",
      "",
    ].join("\n"),
  );
});

Deno.test('html-aria-extractor.wasm lets the role attribute decide (role=button, role=presentation, role="tab link")', async () => {
  const html = [
    '<a href="/b" role="button">Acts</a>',
    '<h2 role="presentation">Not a heading</h2>',
    '<span role="tab link">Second token</span>',
    '<div role="heading" aria-level="2">Div heading</div>',
    '<li role="radio">Choice</li><div role="tab">Tab</div>',
  ].join("");
  assertStdout(
    await runExamples([ARIA], html),
    "button: Acts\nlink: Second token\nheading: Div heading\nradio: Choice\n\n",
  );
});

Deno.test("html-aria-extractor.wasm names inputs by their labels (<label for>, wrapping <label>)", async () => {
  const html = [
    '<label for="terms">I accept <b>the terms</b></label><input id="terms" type="checkbox">',
    '<label><input type="radio" name="c"> Red</label>',
    '<label for="other">Other</label><label><input type="radio" name="c"> Blue</label>',
    '<input type="checkbox" id="x" aria-labelledby="lx"><span id="lx">By id</span>',
  ].join("");
  assertStdout(
    await runExamples([ARIA], html),
    "checkbox: I accept the terms\nradio: Red\nradio: Blue\ncheckbox: By id\n\n",
  );
});

Deno.test("html-aria-extractor.wasm skips hidden subtrees and templates", async () => {
  const html =
    '<div hidden><button>A</button></div><div aria-hidden="true"><a href="/">B</a></div>' +
    '<template><h1>C</h1></template><button aria-hidden="false">D</button>';
  assertStdout(await runExamples([ARIA], html), "button: D\n\n");
});

Deno.test("html-aria-extractor.wasm treats elements nested over 256 deep as empty (300 × <div role=button>)", async () => {
  const html = `${'<div role="button">'.repeat(300)}x`;
  assertStdout(
    await runExamples([ARIA], html),
    `${"button: x\n".repeat(256)}${"button:\n".repeat(44)}\n`,
  );
});

Deno.test("html-aria-extractor.wasm handles a page of nested, unclosed buttons (64 KiB)", async () => {
  const tag = '<div role="button">';
  const count = Math.floor(64 * KIB / tag.length);
  // Each element's name is computed from all it contains, so this worst case is quadratic
  // (about 50 ms on an idle core, within the default limit of runExamples).
  assertStdout(await runExamples([ARIA], tag.repeat(count)), `${"button:\n".repeat(count)}\n`);
});

Deno.test("html-aria-extractor.wasm prints an unnamed element as its role alone (<button></button>)", async () => {
  assertStdout(await runExamples([ARIA], "<button></button><h2> </h2>"), "button:\nheading:\n\n");
});

Deno.test("html-aria-extractor.wasm gives empty output for empty input and for no roles", async () => {
  assertStdout(await runExamples([ARIA], ""), "\n");
  assertStdout(await runExamples([ARIA], "<p>Just <em>text</em></p>"), "\n");
});

Deno.test("html-aria-extractor.wasm accepts input at its cap (64 KiB of buttons)", async () => {
  const button = "<button>B</button>\n";
  const count = Math.floor(64 * KIB / button.length);
  const result = await runExamples([ARIA], padTo(button.repeat(count), 64 * KIB));
  assertStdout(result, `${"button: B\n".repeat(count)}\n`);
});

Deno.test("html-aria-extractor.wasm refuses input over its cap (64 KiB + 1)", async () => {
  assertFails(await runExamples([ARIA], padTo(SNAPSHOT_HTML, 64 * KIB + 1)), TOO_LARGE);
});
