/**
 * Regenerates the TLD list embedded in `examples/tld-validator.wat` from the npm package `tlds`,
 * which tracks the IANA root zone list. Internationalised TLDs (`XN--…` in the IANA file, Unicode
 * in the package) are left out: the module only matches ASCII letters.
 *
 * Rewrites the lines between the `BEGIN`/`END GENERATED TLD LIST` markers; rebuild the module
 * afterwards (`deno task modules`).
 *
 * ```sh
 * deno run --config deno.tooling.json --allow-read --allow-write scripts/generate_tld_list.ts
 * ```
 *
 * @module
 */

// Bump together with the "tlds" entry of deno.tooling.json's imports: that entry pins the data, this
// constant names it in the generated comment.
import tlds from "tlds" with { type: "json" };
const TLDS_PACKAGE = "tlds@1.261.0";

const WAT_PATH = new URL("../examples/tld-validator.wat", import.meta.url);
const BEGIN_MARKER = ";; BEGIN GENERATED TLD LIST";
const END_MARKER = ";; END GENERATED TLD LIST";
/** The list sits alone in the module's last page and must end with a NUL byte. */
const LIST_CAPACITY_BYTES = 0x10000 - 1;
/** Keeps each line of the data segment within the formatter's 100 columns. */
const LINE_CHARS = 88;

/**
 * Builds the data segment: sorted lowercase TLDs, each followed by one space.
 *
 * @example Two TLDs
 * ```ts ignore
 * renderTldData(["org", "com", "みんな"], "tlds@0.0.0"); // holds "com org ", not the IDN
 * ```
 * @throws {RangeError} when the list would not fit in one page.
 */
export function renderTldData(names: readonly string[], source: string): string {
  const ascii = [...new Set(names.map((name) => name.toLowerCase()))]
    .filter((name) => /^[a-z]+$/.test(name))
    .sort();
  const text = ascii.map((name) => `${name} `).join("");
  if (text.length > LIST_CAPACITY_BYTES) {
    throw new RangeError(
      `Cannot embed the TLD list: ${text.length} bytes, the page holds ${LIST_CAPACITY_BYTES}`,
    );
  }
  const lines: string[] = [];
  let line = "";
  for (const name of ascii) {
    if (line.length + name.length + 1 > LINE_CHARS) {
      lines.push(line);
      line = "";
    }
    line += `${name} `;
  }
  if (line) lines.push(line);
  return [
    BEGIN_MARKER,
    `  ;; ${ascii.length} TLDs from npm ${source}, internationalised ones left out.`,
    `  ;; Regenerate with scripts/generate_tld_list.ts; do not edit by hand.`,
    `  (data (i32.const 0x30000)`,
    ...lines.map((text, index) => `    "${text}"${index === lines.length - 1 ? ")" : ""}`),
    `  ${END_MARKER}`,
  ].join("\n");
}

/**
 * Replaces the generated block (markers included) of a WAT source.
 *
 * @throws {SyntaxError} when the markers are missing.
 */
export function replaceGeneratedBlock(wat: string, block: string): string {
  const begin = wat.indexOf(BEGIN_MARKER);
  const end = wat.indexOf(END_MARKER);
  if (begin < 0 || end < begin) {
    throw new SyntaxError(`Cannot find "${BEGIN_MARKER}" followed by "${END_MARKER}"`);
  }
  return wat.slice(0, begin) + block + wat.slice(end + END_MARKER.length);
}

if (import.meta.main) {
  const wat = await Deno.readTextFile(WAT_PATH);
  const block = renderTldData(tlds as string[], TLDS_PACKAGE);
  await Deno.writeTextFile(WAT_PATH, replaceGeneratedBlock(wat, block));
  console.log(block.split("\n")[1]?.replace(/^\s*;; /, ""));
}
