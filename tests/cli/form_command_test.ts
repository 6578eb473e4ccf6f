/**
 * `qip form` with piped answers (spec: cli.md §7, abi.md §6.2): the real launcher, the form
 * modules of `examples/`, a real worker session. Prompts, errors and the result are stdout.
 */
import assert from "node:assert/strict";
import { USAGE } from "../../src/cli/_usage.ts";
import { runQip } from "../support/run_qip.ts";
import { ADA_WELCOME, EMAIL_FORM } from "../support/email_form.ts";

Deno.test("qip form prints the spec's transcript byte for byte (form-email-message.wasm)", async () => {
  const result = await runQip(["form", EMAIL_FORM], {
    stdin: "\nAda\nnot-an-email\nada@example.com\n",
  });
  assert.equal(result.stderr, "");
  assert.equal(result.code, 0);
  assert.equal(
    result.stdoutText,
    "First name: Error: First name is required.\n" +
      "First name: Email address: Error: Email address is invalid.\n" +
      `Email address: ${ADA_WELCOME}`,
  );
});

Deno.test("qip form shows a validation error and asks the same question again (form-ical-event-all-day.wasm)", async () => {
  const result = await runQip(["form", "examples/form-ical-event-all-day.wasm"], {
    stdin: "Launch\n2026-13-01\n2026-12-24\n",
  });
  assert.equal(result.code, 0, result.stderr);
  assert.ok(
    result.stdoutText.startsWith(
      "Event title: Event date (YYYY-MM-DD): Error: Event date is invalid.\n" +
        "Event date (YYYY-MM-DD): BEGIN:VCALENDAR\r\n",
    ),
    result.stdoutText,
  );
  // iCalendar lines end with CRLF; the output already ends with a newline, so none is added.
  assert.match(result.stdoutText, /\r\nDTSTART;VALUE=DATE:20261224\r\n/);
  assert.ok(result.stdoutText.endsWith("\r\nEND:VCALENDAR\r\n"));
});

Deno.test("qip form takes a last answer without a newline, and strips \\r\\n but not spaces", async () => {
  const result = await runQip(["form", EMAIL_FORM], { stdin: "Ada\r\nada@example.com" });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdoutText, `First name: Email address: ${ADA_WELCOME}`);
});

Deno.test("qip form ends with 'form input aborted' when stdin ends before an answer", async () => {
  const result = await runQip(["form", EMAIL_FORM], { stdin: "Ada\n" });
  assert.equal(result.code, 1);
  assert.equal(result.stdoutText, "First name: Email address: ");
  assert.equal(result.stderr, "form input aborted\n");
});

Deno.test("qip form ends with 'form input aborted' on empty stdin", async () => {
  const result = await runQip(["form", EMAIL_FORM], { stdin: "" });
  assert.equal(result.code, 1);
  assert.equal(result.stdoutText, "First name: ");
  assert.equal(result.stderr, "form input aborted\n");
});

Deno.test("qip form refuses an answer over the module's input_utf8_cap", async () => {
  const result = await runQip(["form", EMAIL_FORM], { stdin: `${"a".repeat(5000)}\n` });
  assert.equal(result.code, 1);
  assert.equal(result.stdoutText, "First name: ");
  assert.equal(result.stderr, "input value exceeds module input_utf8_cap (5000 > 1024)\n");
});

Deno.test("qip form -v prints the module digest without its path", async () => {
  const result = await runQip(["form", "-v", EMAIL_FORM], { stdin: "" });
  assert.match(result.stderr, /^module sha256: [0-9a-f]{64}\nform input aborted\n$/);
});

Deno.test("qip form refuses a module that is not a form (hello.wasm)", async () => {
  const result = await runQip(["form", "examples/hello.wasm"], { stdin: "" });
  assert.equal(result.code, 1);
  assert.equal(result.stdoutText, "");
  // hello.wasm exports input_ptr as a global; forms take functions only, and the error says so.
  assert.equal(result.stderr, "Wasm module must export input_ptr as a function\n");
});

const USAGE_CASES: ReadonlyArray<readonly [string, string[], string]> = [
  ["no module", [], USAGE.form],
  ["two modules", [EMAIL_FORM, EMAIL_FORM], USAGE.form],
  ["an unknown flag", ["-x", EMAIL_FORM], `${USAGE.form} flag provided but not defined: -x`],
  [
    "a missing module file",
    ["nope.wasm"],
    "Error reading file: open nope.wasm: no such file or directory",
  ],
];

Deno.test("qip form -h prints the spec's flag error, then the form flags", async () => {
  const result = await runQip(["form", "-h"], { stdin: "" });
  assert.equal(result.code, 1);
  assert.ok(result.stderr.startsWith(`${USAGE.form} flag: help requested\n\nFlags:\n`));
  assert.match(result.stderr, /--offline/);
});

for (const [name, args, message] of USAGE_CASES) {
  Deno.test(`qip form refuses ${name}`, async () => {
    const result = await runQip(["form", ...args], { stdin: "" });
    assert.equal(result.stderr, `${message}\n`);
    assert.equal(result.code, 1);
    assert.equal(result.stdoutText, "");
  });
}
