/**
 * The text modules of `examples/` (spec: examples.md §1), run through the real `qip run`: every
 * sample of the spec byte for byte (including the newline the host adds after UTF-8 output),
 * then each module's own edges: empty input, input exactly at its cap, one byte over it, and
 * invalid input.
 *
 * @module
 */

import assert from "node:assert/strict";
import { crc32 } from "node:zlib";
import {
  assertFails,
  assertStdout,
  padTo,
  runExamples,
  TOO_LARGE,
} from "../support/run_examples.ts";

const KIB = 1024;
const MIB = 1024 * KIB;

function encodeBase64(bytes: Uint8Array): string {
  return btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join(""));
}

function decodeBase64(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

const OVER_OUTPUT_CAP = "Module returned more bytes than its stated capacity";
const TRAP = "wasm error: unreachable";

// --- e164.wasm ----------------------------------------------------------------------------------

Deno.test("e164.wasm keeps a canonical number (+14155552671)", async () => {
  assertStdout(await runExamples(["e164.wasm"], "+14155552671"), "+14155552671\n");
});

Deno.test("e164.wasm canonicalises a US number (+1 (212) 555-0100)", async () => {
  assertStdout(await runExamples(["e164.wasm"], "+1 (212) 555-0100\n"), "+12125550100\n");
});

Deno.test("e164.wasm ignores surrounding spaces (  1212-555-0100  )", async () => {
  assertStdout(await runExamples(["e164.wasm"], "  1212-555-0100  \n"), "+12125550100\n");
});

Deno.test("e164.wasm gives empty output without digits (abc)", async () => {
  assertStdout(await runExamples(["e164.wasm"], "abc"), "\n");
});

Deno.test("e164.wasm gives empty output for empty input", async () => {
  assertStdout(await runExamples(["e164.wasm"], ""), "\n");
});

Deno.test("e164.wasm accepts input at its cap (64 KiB)", async () => {
  assertStdout(
    await runExamples(["e164.wasm"], padTo("+1 212 555 0100", 64 * KIB)),
    "+12125550100\n",
  );
});

Deno.test("e164.wasm reports an output over its cap (64 KiB of digits)", async () => {
  assertFails(await runExamples(["e164.wasm"], "1".repeat(64 * KIB)), OVER_OUTPUT_CAP);
});

Deno.test("e164.wasm refuses input over its cap (64 KiB + 1)", async () => {
  assertFails(await runExamples(["e164.wasm"], "1".repeat(64 * KIB + 1)), TOO_LARGE);
});

// --- trim.wasm ----------------------------------------------------------------------------------

Deno.test("trim.wasm trims spaces (  hi  )", async () => {
  assertStdout(await runExamples(["trim.wasm"], "  hi  "), "hi\n");
});

Deno.test("trim.wasm keeps inner spaces (   hello world   \\n)", async () => {
  assertStdout(await runExamples(["trim.wasm"], "   hello world   \n"), "hello world\n");
});

Deno.test("trim.wasm trims tabs and newlines (\\t  line one  \\n)", async () => {
  assertStdout(await runExamples(["trim.wasm"], "\t  line one  \n"), "line one\n");
});

Deno.test("trim.wasm removes all six ASCII whitespace bytes ( \\t\\n\\v\\f\\r)", async () => {
  assertStdout(await runExamples(["trim.wasm"], " \t\n\v\f\rx \t\n\v\f\r"), "x\n");
});

Deno.test("trim.wasm leaves non-ASCII spaces alone (U+00A0)", async () => {
  assertStdout(await runExamples(["trim.wasm"], " \u00a0x\u00a0 "), "\u00a0x\u00a0\n");
});

Deno.test("trim.wasm gives empty output for empty input", async () => {
  assertStdout(await runExamples(["trim.wasm"], ""), "\n");
});

Deno.test("trim.wasm accepts input at its cap (4 MiB)", async () => {
  const text = "x".repeat(4 * MIB - 2);
  assertStdout(await runExamples(["trim.wasm"], ` ${text} `), `${text}\n`);
});

Deno.test("trim.wasm refuses input over its cap (4 MiB + 1)", async () => {
  assertFails(await runExamples(["trim.wasm"], " ".repeat(4 * MIB + 1)), TOO_LARGE);
});

// --- rgb-to-hex.wasm ----------------------------------------------------------------------------

Deno.test("rgb-to-hex.wasm converts a triple (255,0,170)", async () => {
  assertStdout(await runExamples(["rgb-to-hex.wasm"], "255,0,170"), "#ff00aa\n");
});

Deno.test("rgb-to-hex.wasm converts rgb() with spaces ( rgb( 101, 79, 240 ) )", async () => {
  assertStdout(await runExamples(["rgb-to-hex.wasm"], " rgb( 101, 79, 240 ) "), "#654ff0\n");
});

Deno.test("rgb-to-hex.wasm converts rgb() with a newline (rgb(101, 79, 240)\\n)", async () => {
  assertStdout(await runExamples(["rgb-to-hex.wasm"], "rgb(101, 79, 240)\n"), "#654ff0\n");
});

Deno.test("rgb-to-hex.wasm accepts RGB() in capitals (RGB(0,10,255))", async () => {
  assertStdout(await runExamples(["rgb-to-hex.wasm"], "RGB(0,10,255)"), "#000aff\n");
});

Deno.test("rgb-to-hex.wasm gives empty output above 255 (300,0,0)", async () => {
  assertStdout(await runExamples(["rgb-to-hex.wasm"], "300,0,0"), "\n");
});

Deno.test("rgb-to-hex.wasm gives empty output for an unclosed rgb( (rgb(1,2,3)", async () => {
  assertStdout(await runExamples(["rgb-to-hex.wasm"], "rgb(1,2,3"), "\n");
});

Deno.test("rgb-to-hex.wasm gives empty output for two components (1,2)", async () => {
  assertStdout(await runExamples(["rgb-to-hex.wasm"], "1,2"), "\n");
});

Deno.test("rgb-to-hex.wasm gives empty output for empty input", async () => {
  assertStdout(await runExamples(["rgb-to-hex.wasm"], ""), "\n");
});

Deno.test("rgb-to-hex.wasm accepts input at its cap (64 KiB)", async () => {
  assertStdout(await runExamples(["rgb-to-hex.wasm"], padTo("1,2,3", 64 * KIB)), "#010203\n");
});

Deno.test("rgb-to-hex.wasm refuses input over its cap (64 KiB + 1)", async () => {
  assertFails(await runExamples(["rgb-to-hex.wasm"], padTo("1,2,3", 64 * KIB + 1)), TOO_LARGE);
});

// --- hex-to-rgb.wasm ----------------------------------------------------------------------------

Deno.test("hex-to-rgb.wasm converts the long form (#ff8800)", async () => {
  assertStdout(await runExamples(["hex-to-rgb.wasm"], "#ff8800"), "255,136,0\n");
});

Deno.test("hex-to-rgb.wasm converts the short form (#f80)", async () => {
  assertStdout(await runExamples(["hex-to-rgb.wasm"], "#f80"), "255,136,0\n");
});

Deno.test("hex-to-rgb.wasm accepts capitals and a newline (#0A0B0C\\n)", async () => {
  assertStdout(await runExamples(["hex-to-rgb.wasm"], "#0A0B0C\n"), "10,11,12\n");
});

Deno.test("hex-to-rgb.wasm gives empty output without # (ff8800)", async () => {
  assertStdout(await runExamples(["hex-to-rgb.wasm"], "ff8800"), "\n");
});

Deno.test("hex-to-rgb.wasm gives empty output for 5 digits (#ff880)", async () => {
  assertStdout(await runExamples(["hex-to-rgb.wasm"], "#ff880"), "\n");
});

Deno.test("hex-to-rgb.wasm gives empty output for a non-hex digit (#gg8800)", async () => {
  assertStdout(await runExamples(["hex-to-rgb.wasm"], "#gg8800"), "\n");
});

Deno.test("hex-to-rgb.wasm gives empty output for empty input", async () => {
  assertStdout(await runExamples(["hex-to-rgb.wasm"], ""), "\n");
});

Deno.test("hex-to-rgb.wasm accepts input at its cap (64 KiB)", async () => {
  assertStdout(await runExamples(["hex-to-rgb.wasm"], padTo("#000", 64 * KIB)), "0,0,0\n");
});

Deno.test("hex-to-rgb.wasm refuses input over its cap (64 KiB + 1)", async () => {
  assertFails(await runExamples(["hex-to-rgb.wasm"], padTo("#000", 64 * KIB + 1)), TOO_LARGE);
});

// --- crc.wasm -----------------------------------------------------------------------------------

Deno.test("crc.wasm prints the CRC-32 as one i32 item (abc)", async () => {
  assertStdout(await runExamples(["crc.wasm"], "abc"), "352441c2\n");
});

Deno.test("crc.wasm matches the standard check value (123456789)", async () => {
  assertStdout(await runExamples(["crc.wasm"], "123456789"), "cbf43926\n");
});

Deno.test("crc.wasm prints nothing for empty input", async () => {
  assertStdout(await runExamples(["crc.wasm"], ""), "");
});

Deno.test("crc.wasm accepts binary input at its cap (64 KiB)", async () => {
  const input = Uint8Array.from({ length: 64 * KIB }, (_, index) => (index * 7) & 0xff);
  const expected = `${crc32(input).toString(16).padStart(8, "0")}\n`;
  assertStdout(await runExamples(["crc.wasm"], input), expected);
});

Deno.test("crc.wasm refuses input over its cap (64 KiB + 1)", async () => {
  assertFails(await runExamples(["crc.wasm"], new Uint8Array(64 * KIB + 1)), TOO_LARGE);
});

// --- luhn.wasm ----------------------------------------------------------------------------------

Deno.test("luhn.wasm passes a valid number through (49927398716)", async () => {
  assertStdout(await runExamples(["luhn.wasm"], "49927398716"), "49927398716\n");
});

Deno.test("luhn.wasm gives empty output for a wrong check digit (49927398717)", async () => {
  assertStdout(await runExamples(["luhn.wasm"], "49927398717"), "\n");
});

Deno.test("luhn.wasm strips spaces and hyphens (4111 1111-1111 1111\\n)", async () => {
  assertStdout(await runExamples(["luhn.wasm"], "4111 1111-1111 1111\n"), "4111111111111111\n");
});

Deno.test("luhn.wasm needs at least two digits (0)", async () => {
  assertStdout(await runExamples(["luhn.wasm"], "0"), "\n");
});

Deno.test("luhn.wasm gives empty output for a letter (4992739871a)", async () => {
  assertStdout(await runExamples(["luhn.wasm"], "4992739871a"), "\n");
});

Deno.test("luhn.wasm gives empty output for empty input", async () => {
  assertStdout(await runExamples(["luhn.wasm"], ""), "\n");
});

Deno.test("luhn.wasm accepts input at its cap (64 KiB of zeros)", async () => {
  const zeros = "0".repeat(64 * KIB);
  assertStdout(await runExamples(["luhn.wasm"], zeros), `${zeros}\n`);
});

Deno.test("luhn.wasm refuses input over its cap (64 KiB + 1)", async () => {
  assertFails(await runExamples(["luhn.wasm"], "0".repeat(64 * KIB + 1)), TOO_LARGE);
});

// --- css-class-validator.wasm -------------------------------------------------------------------

Deno.test("css-class-validator.wasm accepts a class (btn-primary)", async () => {
  assertStdout(await runExamples(["css-class-validator.wasm"], "btn-primary"), "btn-primary\n");
});

Deno.test("css-class-validator.wasm accepts utility syntax (\\thover:bg-[#000]/50\\n)", async () => {
  const result = await runExamples(["css-class-validator.wasm"], "\thover:bg-[#000]/50\n");
  assertStdout(result, "hover:bg-[#000]/50\n");
});

Deno.test("css-class-validator.wasm refuses inner whitespace (  a b )", async () => {
  assertStdout(await runExamples(["css-class-validator.wasm"], "  a b "), "\n");
});

Deno.test("css-class-validator.wasm gives empty output for empty input", async () => {
  assertStdout(await runExamples(["css-class-validator.wasm"], ""), "\n");
});

Deno.test("css-class-validator.wasm accepts input at its cap (64 KiB)", async () => {
  const token = "w".repeat(64 * KIB);
  assertStdout(await runExamples(["css-class-validator.wasm"], token), `${token}\n`);
});

Deno.test("css-class-validator.wasm refuses input over its cap (64 KiB + 1)", async () => {
  assertFails(await runExamples(["css-class-validator.wasm"], "w".repeat(64 * KIB + 1)), TOO_LARGE);
});

// --- html-id-validator.wasm ---------------------------------------------------------------------

Deno.test("html-id-validator.wasm accepts an id (main-content)", async () => {
  assertStdout(await runExamples(["html-id-validator.wasm"], "main-content"), "main-content\n");
});

Deno.test("html-id-validator.wasm trims the id ( main\\n)", async () => {
  assertStdout(await runExamples(["html-id-validator.wasm"], " main\n"), "main\n");
});

Deno.test("html-id-validator.wasm refuses inner whitespace (a b)", async () => {
  assertStdout(await runExamples(["html-id-validator.wasm"], "a b"), "\n");
});

Deno.test("html-id-validator.wasm refuses whitespace only ( \\t\\n)", async () => {
  assertStdout(await runExamples(["html-id-validator.wasm"], " \t\n"), "\n");
});

Deno.test("html-id-validator.wasm gives empty output for empty input", async () => {
  assertStdout(await runExamples(["html-id-validator.wasm"], ""), "\n");
});

Deno.test("html-id-validator.wasm accepts input at its cap (64 KiB)", async () => {
  const id = "i".repeat(64 * KIB);
  assertStdout(await runExamples(["html-id-validator.wasm"], id), `${id}\n`);
});

Deno.test("html-id-validator.wasm refuses input over its cap (64 KiB + 1)", async () => {
  assertFails(await runExamples(["html-id-validator.wasm"], "i".repeat(64 * KIB + 1)), TOO_LARGE);
});

// --- html-input-name-validator.wasm -------------------------------------------------------------

Deno.test("html-input-name-validator.wasm accepts a name (email)", async () => {
  assertStdout(await runExamples(["html-input-name-validator.wasm"], "email"), "email\n");
});

Deno.test("html-input-name-validator.wasm accepts a leading digit (1abc)", async () => {
  assertStdout(await runExamples(["html-input-name-validator.wasm"], "1abc"), "1abc\n");
});

Deno.test("html-input-name-validator.wasm accepts nested names ( user[email].x:y_z-1\\n)", async () => {
  const result = await runExamples(["html-input-name-validator.wasm"], " user[email].x:y_z-1\n");
  assertStdout(result, "user[email].x:y_z-1\n");
});

Deno.test("html-input-name-validator.wasm refuses a space (a b)", async () => {
  assertStdout(await runExamples(["html-input-name-validator.wasm"], "a b"), "\n");
});

Deno.test("html-input-name-validator.wasm refuses punctuation (e-mail!)", async () => {
  assertStdout(await runExamples(["html-input-name-validator.wasm"], "e-mail!"), "\n");
});

Deno.test("html-input-name-validator.wasm gives empty output for empty input", async () => {
  assertStdout(await runExamples(["html-input-name-validator.wasm"], ""), "\n");
});

Deno.test("html-input-name-validator.wasm accepts input at its cap (64 KiB)", async () => {
  const name = "n".repeat(64 * KIB);
  assertStdout(await runExamples(["html-input-name-validator.wasm"], name), `${name}\n`);
});

Deno.test("html-input-name-validator.wasm refuses input over its cap (64 KiB + 1)", async () => {
  const result = await runExamples(["html-input-name-validator.wasm"], "n".repeat(64 * KIB + 1));
  assertFails(result, TOO_LARGE);
});

// --- html-tag-validator.wasm --------------------------------------------------------------------

Deno.test("html-tag-validator.wasm classifies a plain name as builtin (div)", async () => {
  assertStdout(await runExamples(["html-tag-validator.wasm"], "div"), "builtin\n");
});

Deno.test("html-tag-validator.wasm classifies a hyphenated name as custom (my-el)", async () => {
  assertStdout(await runExamples(["html-tag-validator.wasm"], "my-el"), "custom\n");
});

Deno.test("html-tag-validator.wasm classifies a capital as invalid (My)", async () => {
  assertStdout(await runExamples(["html-tag-validator.wasm"], "My"), "invalid\n");
});

Deno.test("html-tag-validator.wasm trims and allows digits ( h1\\n)", async () => {
  assertStdout(await runExamples(["html-tag-validator.wasm"], " h1\n"), "builtin\n");
});

Deno.test("html-tag-validator.wasm does not count a trailing hyphen as custom (x-)", async () => {
  assertStdout(await runExamples(["html-tag-validator.wasm"], "x-"), "builtin\n");
});

Deno.test("html-tag-validator.wasm classifies a leading digit as invalid (1a)", async () => {
  assertStdout(await runExamples(["html-tag-validator.wasm"], "1a"), "invalid\n");
});

Deno.test("html-tag-validator.wasm classifies empty input as invalid", async () => {
  assertStdout(await runExamples(["html-tag-validator.wasm"], ""), "invalid\n");
});

Deno.test("html-tag-validator.wasm accepts input at its cap (64 KiB)", async () => {
  assertStdout(await runExamples(["html-tag-validator.wasm"], padTo("a-b", 64 * KIB)), "custom\n");
});

Deno.test("html-tag-validator.wasm refuses input over its cap (64 KiB + 1)", async () => {
  assertFails(await runExamples(["html-tag-validator.wasm"], padTo("a", 64 * KIB + 1)), TOO_LARGE);
});

// --- tld-validator.wasm -------------------------------------------------------------------------

Deno.test("tld-validator.wasm needs a dot (com)", async () => {
  assertStdout(await runExamples(["tld-validator.wasm"], "com"), "\n");
});

Deno.test("tld-validator.wasm lower-cases a known TLD (www.Example.COM)", async () => {
  assertStdout(await runExamples(["tld-validator.wasm"], "www.Example.COM"), "com\n");
});

Deno.test("tld-validator.wasm finds the first and last TLDs of the list (a.aaa, a.zw)", async () => {
  assertStdout(await runExamples(["tld-validator.wasm"], "a.aaa"), "aaa\n");
  assertStdout(await runExamples(["tld-validator.wasm"], "a.zw"), "zw\n");
});

Deno.test("tld-validator.wasm finds a long TLD (x.travelersinsurance\\n)", async () => {
  const result = await runExamples(["tld-validator.wasm"], "x.travelersinsurance\n");
  assertStdout(result, "travelersinsurance\n");
});

Deno.test("tld-validator.wasm refuses an unknown TLD (example.invalid)", async () => {
  assertStdout(await runExamples(["tld-validator.wasm"], "example.invalid"), "\n");
});

Deno.test("tld-validator.wasm refuses a prefix of a TLD (a.co is known, a.c is not)", async () => {
  assertStdout(await runExamples(["tld-validator.wasm"], "a.co"), "co\n");
  assertStdout(await runExamples(["tld-validator.wasm"], "a.c"), "\n");
});

Deno.test("tld-validator.wasm refuses punycode TLDs (a.xn--p1ai)", async () => {
  assertStdout(await runExamples(["tld-validator.wasm"], "a.xn--p1ai"), "\n");
});

Deno.test("tld-validator.wasm refuses a trailing dot (example.com.)", async () => {
  assertStdout(await runExamples(["tld-validator.wasm"], "example.com."), "\n");
});

Deno.test("tld-validator.wasm gives empty output for empty input", async () => {
  assertStdout(await runExamples(["tld-validator.wasm"], ""), "\n");
});

Deno.test("tld-validator.wasm accepts input at its cap (64 KiB)", async () => {
  assertStdout(await runExamples(["tld-validator.wasm"], padTo("example.org", 64 * KIB)), "org\n");
});

Deno.test("tld-validator.wasm refuses input over its cap (64 KiB + 1)", async () => {
  const result = await runExamples(["tld-validator.wasm"], padTo("example.org", 64 * KIB + 1));
  assertFails(result, TOO_LARGE);
});

// --- base64-encode.wasm and base64-decode.wasm --------------------------------------------------

Deno.test("base64-encode.wasm encodes text (hello)", async () => {
  assertStdout(await runExamples(["base64-encode.wasm"], "hello"), "aGVsbG8=\n");
});

Deno.test("base64-encode.wasm pads one and two leftover bytes (h, he)", async () => {
  assertStdout(await runExamples(["base64-encode.wasm"], "h"), "aA==\n");
  assertStdout(await runExamples(["base64-encode.wasm"], "he"), "aGU=\n");
});

Deno.test("base64-encode.wasm encodes binary bytes (ff fe fd 00)", async () => {
  assertStdout(
    await runExamples(["base64-encode.wasm"], new Uint8Array([255, 254, 253, 0])),
    "//79AA==\n",
  );
});

Deno.test("base64-encode.wasm gives empty output for empty input", async () => {
  assertStdout(await runExamples(["base64-encode.wasm"], ""), "\n");
});

Deno.test("base64-encode.wasm fills its output cap exactly (48 KiB)", async () => {
  const input = Uint8Array.from({ length: 48 * KIB }, (_, index) => index & 0xff);
  const result = await runExamples(["base64-encode.wasm"], input);
  assertStdout(result, `${encodeBase64(input)}\n`);
});

Deno.test("base64-encode.wasm reports an output over its cap (input at its cap, 64 KiB)", async () => {
  assertFails(await runExamples(["base64-encode.wasm"], new Uint8Array(64 * KIB)), OVER_OUTPUT_CAP);
});

Deno.test("base64-encode.wasm refuses input over its cap (64 KiB + 1)", async () => {
  assertFails(await runExamples(["base64-encode.wasm"], new Uint8Array(64 * KIB + 1)), TOO_LARGE);
});

Deno.test("base64-decode.wasm decodes raw bytes, no newline added (aGVsbG8=)", async () => {
  assertStdout(await runExamples(["base64-decode.wasm"], "aGVsbG8="), "hello");
});

Deno.test("base64-decode.wasm round-trips base64-encode.wasm (hello)", async () => {
  assertStdout(await runExamples(["base64-encode.wasm", "base64-decode.wasm"], "hello"), "hello");
});

Deno.test("base64-decode.wasm skips whitespace (aGVs\\nbG8=\\n)", async () => {
  assertStdout(await runExamples(["base64-decode.wasm"], "aGVs\nbG8=\n"), "hello");
});

Deno.test("base64-decode.wasm decodes binary bytes (//79AA==)", async () => {
  assertStdout(
    await runExamples(["base64-decode.wasm"], "//79AA=="),
    new Uint8Array([255, 254, 253, 0]),
  );
});

Deno.test("base64-decode.wasm gives empty output for a bad character (!!!)", async () => {
  assertStdout(await runExamples(["base64-decode.wasm"], "!!!"), "");
});

Deno.test("base64-decode.wasm gives empty output without padding (aGVsbG8)", async () => {
  assertStdout(await runExamples(["base64-decode.wasm"], "aGVsbG8"), "");
});

Deno.test("base64-decode.wasm gives empty output for data after padding (aA==aA==)", async () => {
  assertStdout(await runExamples(["base64-decode.wasm"], "aA==aA=="), "");
});

Deno.test("base64-decode.wasm gives empty output for empty input", async () => {
  assertStdout(await runExamples(["base64-decode.wasm"], ""), "");
});

Deno.test("base64-decode.wasm accepts input at its cap (64 KiB)", async () => {
  assertStdout(
    await runExamples(["base64-decode.wasm"], "A".repeat(64 * KIB)),
    new Uint8Array(48 * KIB),
  );
});

Deno.test("base64-decode.wasm refuses input over its cap (64 KiB + 1)", async () => {
  assertFails(await runExamples(["base64-decode.wasm"], padTo("AAAA", 64 * KIB + 1)), TOO_LARGE);
});

// --- utf8-must-be-valid.wasm --------------------------------------------------------------------

Deno.test("utf8-must-be-valid.wasm echoes ASCII (hello)", async () => {
  assertStdout(await runExamples(["utf8-must-be-valid.wasm"], "hello"), "hello\n");
});

Deno.test("utf8-must-be-valid.wasm echoes 2-, 3- and 4-byte characters (é € 𝄞)", async () => {
  assertStdout(await runExamples(["utf8-must-be-valid.wasm"], "é € 𝄞"), "é € 𝄞\n");
});

Deno.test("utf8-must-be-valid.wasm echoes the edges of the ranges (U+D7FF U+E000 U+10FFFF)", async () => {
  const text = "\ud7ff\ue000\u{10ffff}\u{10000}\u0800\u0080";
  assertStdout(await runExamples(["utf8-must-be-valid.wasm"], text), `${text}\n`);
});

for (
  const [label, bytes] of [
    ["a stray byte (ff)", [0xff]],
    ["a lone continuation byte (80)", [0x80]],
    ["an overlong 2-byte NUL (c0 80)", [0xc0, 0x80]],
    ["an overlong 3-byte form (e0 80 80)", [0xe0, 0x80, 0x80]],
    ["an overlong 4-byte form (f0 8f bf bf)", [0xf0, 0x8f, 0xbf, 0xbf]],
    ["a surrogate (ed a0 80)", [0xed, 0xa0, 0x80]],
    ["a code point above U+10FFFF (f4 90 80 80)", [0xf4, 0x90, 0x80, 0x80]],
    ["a truncated sequence (e2 82)", [0x68, 0x69, 0xe2, 0x82]],
  ] as const
) {
  Deno.test(`utf8-must-be-valid.wasm traps on ${label}`, async () => {
    assertFails(await runExamples(["utf8-must-be-valid.wasm"], new Uint8Array(bytes)), TRAP);
  });
}

Deno.test("utf8-must-be-valid.wasm echoes empty input", async () => {
  assertStdout(await runExamples(["utf8-must-be-valid.wasm"], ""), "\n");
});

Deno.test("utf8-must-be-valid.wasm accepts input at its cap (1 MiB)", async () => {
  const text = "€".repeat((MIB - 1) / 3) + "a";
  assertStdout(await runExamples(["utf8-must-be-valid.wasm"], text), `${text}\n`);
});

Deno.test("utf8-must-be-valid.wasm refuses input over its cap (1 MiB + 1)", async () => {
  assertFails(await runExamples(["utf8-must-be-valid.wasm"], "a".repeat(MIB + 1)), TOO_LARGE);
});

// --- wasm-to-js.wasm ----------------------------------------------------------------------------

/** The reference `examples/hello.wasm` (239 bytes), as embedded in the §9 snapshot. */
const HELLO_WASM_BASE64 =
  "AGFzbQEAAAABBgFgAX8BfwMCAQAFAwEAAwYdBH8AQYCABAt/AEGAgAQLfwBBgIAIC38AQYCABAsHTAYGbWVtb3J5AgAJaW5wdXRfcHRyAwAOaW5wdXRfdXRmOF9jYXADAQpvdXRwdXRfcHRyAwIPb3V0cHV0X3V0ZjhfY2FwAwMDcnVuAAAKZwFlAQJ/IwJCyMqx4/aNi5DXADcDACMCQQhqQe/ksaMGNgIAQQwhAiAAQQBLBEBBACEBQQchAgJAA0AgASAATw0BIwIgAmojACABai0AADoAACABQQFqIQEgAkEBaiECDAALCwsgAgs=";

/** The module's output for input bytes whose base64 is `base64` (spec §7.4), without the host's newline. */
function wasmToJs(base64: string): string {
  return [
    "export async function run(input) {",
    `  const wasmBytes = Uint8Array.from(atob('${base64}'), c => c.charCodeAt(0));`,
    "  const module = await WebAssembly.compile(wasmBytes);",
    "  const instance = await WebAssembly.instantiate(module);",
    "  const exports = instance.exports;",
    "  const memory = exports.memory;",
    "  const inputPtr = exports.input_ptr.value;",
    "  const outputPtr = exports.output_ptr.value;",
    "  const encoder = new TextEncoder();",
    "  const inputBytes = encoder.encode(input);",
    "  new Uint8Array(memory.buffer, inputPtr, inputBytes.length).set(inputBytes);",
    "  const outputLen = exports.run(inputBytes.length);",
    "  if (outputLen === 0) return '';",
    "  const decoder = new TextDecoder();",
    "  return decoder.decode(new Uint8Array(memory.buffer, outputPtr, outputLen));",
    "}",
    "",
  ].join("\n");
}

Deno.test("wasm-to-js.wasm wraps the reference hello.wasm (snapshot)", async () => {
  const result = await runExamples(["wasm-to-js.wasm"], decodeBase64(HELLO_WASM_BASE64));
  assertStdout(result, `${wasmToJs(HELLO_WASM_BASE64)}\n`);
});

Deno.test("wasm-to-js.wasm wraps examples/hello.wasm like the snapshot (cat examples/hello.wasm)", async () => {
  const input = await Deno.readFile(new URL("../../examples/hello.wasm", import.meta.url));
  assertStdout(await runExamples(["wasm-to-js.wasm"], input), `${wasmToJs(HELLO_WASM_BASE64)}\n`);
});

Deno.test("wasm-to-js.wasm output is an ES module that runs the module (World)", async () => {
  const result = await runExamples(["wasm-to-js.wasm"], decodeBase64(HELLO_WASM_BASE64));
  const url = `data:text/javascript;base64,${btoa(result.stdoutText)}`;
  const generated = await import(url);
  assert.equal(await generated.run("World"), "Hello, World");
  assert.equal(await generated.run(""), "Hello, World");
});

Deno.test("wasm-to-js.wasm embeds empty input as an empty string", async () => {
  assertStdout(await runExamples(["wasm-to-js.wasm"], ""), `${wasmToJs("")}\n`);
});

Deno.test("wasm-to-js.wasm fills its output cap (48597-byte input, 64 KiB - 1 out)", async () => {
  const input = Uint8Array.from({ length: 48_597 }, (_, index) => index & 0xff);
  const result = await runExamples(["wasm-to-js.wasm"], input);
  assertStdout(result, `${wasmToJs(encodeBase64(input))}\n`);
  assert.equal(result.stdout.length, 64 * KIB - 2 + 1); // 65 534 bytes + the host's newline
});

Deno.test("wasm-to-js.wasm reports an output over its cap (48598-byte input)", async () => {
  assertFails(await runExamples(["wasm-to-js.wasm"], new Uint8Array(48_598)), OVER_OUTPUT_CAP);
});

Deno.test("wasm-to-js.wasm refuses input over its cap (64 KiB + 1)", async () => {
  assertFails(await runExamples(["wasm-to-js.wasm"], new Uint8Array(64 * KIB + 1)), TOO_LARGE);
});

// --- hello-c.wasm and hello-as.wasm -------------------------------------------------------------

for (const module of ["hello-c.wasm", "hello-as.wasm"]) {
  Deno.test(`${module} greets the input (World)`, async () => {
    assertStdout(await runExamples([module], "World"), "Hello, World\n");
  });

  Deno.test(`${module} greets the World for empty input`, async () => {
    assertStdout(await runExamples([module], ""), "Hello, World\n");
  });

  Deno.test(`${module} copies the input's newline (World\\n)`, async () => {
    assertStdout(await runExamples([module], "World\n"), "Hello, World\n\n");
  });

  Deno.test(`${module} fills its output cap (65529 bytes)`, async () => {
    const name = "w".repeat(64 * KIB - 7);
    assertStdout(await runExamples([module], name), `Hello, ${name}\n`);
  });

  Deno.test(`${module} reports an output over its cap (input at its cap, 64 KiB)`, async () => {
    assertFails(await runExamples([module], "w".repeat(64 * KIB)), OVER_OUTPUT_CAP);
  });

  Deno.test(`${module} refuses input over its cap (64 KiB + 1)`, async () => {
    assertFails(await runExamples([module], "w".repeat(64 * KIB + 1)), TOO_LARGE);
  });
}
