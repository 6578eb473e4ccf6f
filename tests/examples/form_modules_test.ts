/**
 * The four form modules of `examples/` (spec: examples.md §4, cli.md §7), driven through the form
 * ABI (abi.md §6) by a small in-test copy of the `qip form` loop: the module's transcript for
 * piped answers must come out byte for byte, each validation error must keep its step and ask
 * again, and the finished documents must match their documented formats exactly.
 *
 * @module
 */

import assert from "node:assert/strict";
import { ADA_WELCOME } from "../support/email_form.ts";
import { REPO_ROOT } from "../support/run_qip.ts";

const FORM_FUNCTIONS = [
  "input_ptr",
  "input_utf8_cap",
  "run",
  "output_ptr",
  "output_utf8_cap",
  "input_key_ptr",
  "input_key_size",
  "input_label_ptr",
  "input_label_size",
  "error_message_ptr",
  "error_message_size",
] as const;
type FormFunction = typeof FORM_FUNCTIONS[number];

/** A form module's instance as the host sees it: the memory and eleven i32 functions. */
interface FormInstance {
  readonly memory: WebAssembly.Memory;
  call(name: FormFunction, ...args: number[]): number;
}

const compiled = new Map<string, WebAssembly.Module>();

async function compileForm(name: string): Promise<WebAssembly.Module> {
  let module = compiled.get(name);
  if (module === undefined) {
    module = new WebAssembly.Module(await Deno.readFile(`${REPO_ROOT}/examples/${name}`));
    compiled.set(name, module);
  }
  return module;
}

/** Instantiates with no imports and checks every export the host requires (abi.md §6.1). */
async function instantiateForm(name: string): Promise<FormInstance> {
  const instance = new WebAssembly.Instance(await compileForm(name), {});
  const { memory } = instance.exports;
  assert.ok(memory instanceof WebAssembly.Memory, `${name} exports memory`);
  const functions = new Map<string, (...args: number[]) => number>();
  for (const exportName of FORM_FUNCTIONS) {
    const fn = instance.exports[exportName];
    assert.equal(typeof fn, "function", `${name} exports ${exportName} as a function`);
    functions.set(exportName, fn as (...args: number[]) => number);
  }
  return {
    memory,
    // The CLI reads every result as a signed i32 (abi.md §6.2).
    call: (exportName, ...args) => functions.get(exportName)!(...args) | 0,
  };
}

function readString(form: FormInstance, ptr: FormFunction, size: FormFunction): string {
  const p = form.call(ptr);
  const n = form.call(size);
  assert.ok(p >= 0 && n >= 0, `${ptr}/${size} are not negative`);
  if (n === 0) return "";
  assert.ok(p + n <= form.memory.buffer.byteLength, `${ptr}/${size} within memory`);
  return new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(form.memory.buffer, p, n));
}

/** Writes one answer as the host does (bytes, no line ending) and calls run. */
function answer(form: FormInstance, value: Uint8Array): number {
  const ptr = form.call("input_ptr");
  const cap = form.call("input_utf8_cap");
  assert.ok(value.length <= cap, `answer of ${value.length} bytes fits input_utf8_cap ${cap}`);
  new Uint8Array(form.memory.buffer).set(value, ptr);
  return form.call("run", value.length);
}

/**
 * The `qip form` loop of abi.md §6.2 over piped stdin: returns everything it prints to stdout.
 * Fails the test where the CLI would stop with "form input aborted".
 */
async function runForm(name: string, stdin: string | Uint8Array): Promise<string> {
  const form = await instantiateForm(name);
  const input = typeof stdin === "string" ? new TextEncoder().encode(stdin) : stdin;
  let offset = 0;
  let lastSize = 0;
  let hasRun = false;
  let stdout = "";
  for (;;) {
    const error = readString(form, "error_message_ptr", "error_message_size");
    if (error !== "") stdout += `Error: ${error}\n`;
    const key = readString(form, "input_key_ptr", "input_key_size").trim();
    if (key === "") {
      if (!hasRun) lastSize = form.call("run", 0);
      const output = readOutput(form, lastSize);
      if (output !== "") stdout += output.endsWith("\n") ? output : `${output}\n`;
      return stdout;
    }
    const label = readString(form, "input_label_ptr", "input_label_size").trim();
    stdout += `${label || key}: `;
    assert.ok(offset < input.length, `form input aborted after ${JSON.stringify(stdout)}`);
    const newline = input.indexOf(0x0a, offset);
    let line = input.subarray(offset, newline < 0 ? input.length : newline + 1);
    offset += line.length;
    let end = line.length;
    while (end > 0 && (line[end - 1] === 0x0a || line[end - 1] === 0x0d)) end--;
    line = line.subarray(0, end);
    lastSize = answer(form, line);
    hasRun = true;
  }
}

function readOutput(form: FormInstance, size: number): string {
  assert.ok(size >= 0, "run returned a size that is not negative");
  if (size === 0) return "";
  const ptr = form.call("output_ptr");
  const cap = form.call("output_utf8_cap");
  assert.ok(size <= cap, `output of ${size} bytes fits output_utf8_cap ${cap}`);
  return new TextDecoder("utf-8", { fatal: true }).decode(
    new Uint8Array(form.memory.buffer, ptr, size),
  );
}

/** Lines joined with CRLF, each one ended by it. */
function crlf(...lines: string[]): string {
  return lines.map((line) => `${line}\r\n`).join("");
}

/** The prompts and error lines printed for `steps`, before the final document. */
function prompts(...steps: Array<[label: string, error?: string]>): string {
  return steps.map(([label, error]) => `${label}: ${error ? `Error: ${error}\n` : ""}`).join("");
}

const EMAIL = "form-email-message.wasm";
const ALL_DAY = "form-ical-event-all-day.wasm";
const MINUTES = "form-ical-event-minutes.wasm";
const VCARD = "form-vcard-business.wasm";

// --- every form module -------------------------------------------------------------------------

for (const name of [EMAIL, ALL_DAY, MINUTES, VCARD]) {
  Deno.test(`${name} follows the form contract (no imports, 17 pages, caps 1024/8192)`, async () => {
    const module = await compileForm(name);
    assert.deepEqual(WebAssembly.Module.imports(module), []);
    const form = await instantiateForm(name);
    assert.equal(form.memory.buffer.byteLength, 17 * 65536);
    assert.equal(form.call("input_utf8_cap"), 1024);
    assert.equal(form.call("output_utf8_cap"), 8192);
    assert.equal(readString(form, "error_message_ptr", "error_message_size"), "");
    assert.notEqual(readString(form, "input_key_ptr", "input_key_size"), "");
  });
}

// --- form-email-message.wasm -------------------------------------------------------------------

Deno.test("form-email-message.wasm prints the qip form transcript (cli.md §7)", async () => {
  const stdout = await runForm(EMAIL, "\nAda\nnot-an-email\nada@example.com\n");
  assert.equal(
    stdout,
    "First name: Error: First name is required.\n" +
      "First name: Email address: Error: Email address is invalid.\n" +
      `Email address: ${ADA_WELCOME}`,
  );
});

Deno.test("form-email-message.wasm asks for first_name, then email, then completes", async () => {
  const form = await instantiateForm(EMAIL);
  const key = () => readString(form, "input_key_ptr", "input_key_size");
  const label = () => readString(form, "input_label_ptr", "input_label_size");
  assert.deepEqual([key(), label()], ["first_name", "First name"]);
  assert.equal(answer(form, new TextEncoder().encode("Ada")), 0);
  assert.deepEqual([key(), label()], ["email", "Email address"]);
  const size = answer(form, new TextEncoder().encode("ada@example.com"));
  assert.equal(size, new TextEncoder().encode(ADA_WELCOME).length);
  assert.deepEqual([key(), label()], ["", ""]);
  assert.equal(form.call("run", 0), size, "run keeps returning the document size");
  assert.equal(readOutput(form, size), ADA_WELCOME);
});

Deno.test("form-email-message.wasm trims answers (  Ada\\t , \\tada@example.com \\r\\n)", async () => {
  const stdout = await runForm(EMAIL, "  Ada\t \n\tada@example.com \r\n");
  assert.equal(stdout, `First name: Email address: ${ADA_WELCOME}`);
});

Deno.test("form-email-message.wasm keeps the step on a first name over 128 bytes", async () => {
  const long = "a".repeat(129);
  const stdout = await runForm(EMAIL, `${long}\n${"b".repeat(128)}\nb@example.com\n`);
  assert.ok(
    stdout.startsWith(
      "First name: Error: First name is too long.\nFirst name: Email address: From:",
    ),
    stdout,
  );
  assert.ok(stdout.includes(`Subject: Welcome, ${"b".repeat(128)}\n`));
});

Deno.test("form-email-message.wasm keeps the step on each invalid address", async () => {
  const invalid = [
    "ada",
    "ada@example",
    "@example.com",
    "ada@",
    "ada@@example.com",
    "a@b@example.com",
    "ada lovelace@example.com",
    "ada@.example.com",
    "ada@example.com.",
    "ada@.",
  ];
  for (const address of invalid) {
    const stdout = await runForm(EMAIL, `Ada\n${address}\nada@example.com\n`);
    assert.equal(
      stdout,
      `First name: Email address: Error: Email address is invalid.\nEmail address: ${ADA_WELCOME}`,
      address,
    );
  }
});

Deno.test("form-email-message.wasm reports a missing and an overlong address (255 bytes)", async () => {
  const long = `${"a".repeat(243)}@example.com`;
  assert.equal(long.length, 255);
  const stdout = await runForm(EMAIL, `Ada\n   \n${long}\nada@example.com\n`);
  assert.equal(
    stdout,
    prompts(
      ["First name"],
      ["Email address", "Email address is required."],
      ["Email address", "Email address is too long."],
      ["Email address"],
    ) + ADA_WELCOME,
  );
});

Deno.test("form-email-message.wasm accepts a 254-byte address and short domains (a@b.c)", async () => {
  const long = `${"a".repeat(242)}@example.com`;
  assert.ok((await runForm(EMAIL, `Ada\n${long}\n`)).includes(`<${long}>`));
  assert.ok((await runForm(EMAIL, "Ada\na@b.c\n")).includes('To: "Ada" <a@b.c>\n'));
});

Deno.test('form-email-message.wasm quotes the name in To: (Ada "the Countess" \\ Lovelace)', async () => {
  const stdout = await runForm(EMAIL, 'Ada "the Countess" \\ Lovelace\nada@example.com\n');
  assert.ok(stdout.includes('To: "Ada \\"the Countess\\" \\\\ Lovelace" <ada@example.com>\n'));
  assert.ok(stdout.includes('Subject: Welcome, Ada "the Countess" \\ Lovelace\n'));
});

Deno.test("form-email-message.wasm writes non-ASCII names as UTF-8 (Zoë 李)", async () => {
  const stdout = await runForm(EMAIL, "Zoë 李\nzoe@example.com\n");
  assert.ok(stdout.includes('To: "Zoë 李" <zoe@example.com>\nSubject: Welcome, Zoë 李\n'));
});

Deno.test("form-email-message.wasm refuses control characters and invalid UTF-8", async () => {
  const stdout = await runForm(EMAIL, "A\rda\nA\u0007\nAda\nada@example.com\n");
  assert.equal(
    stdout,
    prompts(
      ["First name", "First name must not contain control characters."],
      ["First name", "First name must not contain control characters."],
      ["First name"],
      ["Email address"],
    ) + ADA_WELCOME,
  );
  const bytes = new Uint8Array([0x41, 0xff, 0x0a, ...new TextEncoder().encode("Ada\na@b.c\n")]);
  assert.ok(
    (await runForm(EMAIL, bytes)).startsWith(
      "First name: Error: First name is not valid UTF-8.\nFirst name: ",
    ),
  );
});

Deno.test("form-email-message.wasm treats a run() size over its cap as the cap (4096)", async () => {
  const form = await instantiateForm(EMAIL);
  new Uint8Array(form.memory.buffer).fill(
    0x61,
    form.call("input_ptr"),
    form.call("input_ptr") + 1024,
  );
  assert.equal(form.call("run", 4096), 0);
  assert.equal(
    readString(form, "error_message_ptr", "error_message_size"),
    "First name is too long.",
  );
  assert.equal(readString(form, "input_key_ptr", "input_key_size"), "first_name");
});

// --- form-ical-event-all-day.wasm --------------------------------------------------------------

/** The lines before DTSTART, as in form/_ical_event.h. */
function calendarHead(stamp: string, uid: string, summary: string): string[] {
  return [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//qip//Form Calendar//EN",
    "CALSCALE:GREGORIAN",
    "BEGIN:VEVENT",
    `UID:qip-form-${uid}@example.com`,
    `DTSTAMP:${stamp}T000000Z`,
    `SUMMARY:${summary}`,
  ];
}

function allDayEvent(summary: string, start: string, end: string): string {
  return crlf(
    ...calendarHead(start, start, summary),
    `DTSTART;VALUE=DATE:${start}`,
    `DTEND;VALUE=DATE:${end}`,
    "END:VEVENT",
    "END:VCALENDAR",
  );
}

const ALL_DAY_PROMPTS = prompts(["Event title"], ["Event date (YYYY-MM-DD)"]);

Deno.test("form-ical-event-all-day.wasm prints the documented event (Launch, 2026-03-05)", async () => {
  const stdout = await runForm(ALL_DAY, "Launch\n2026-03-05\n");
  assert.equal(
    stdout,
    ALL_DAY_PROMPTS +
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//qip//Form Calendar//EN\r\n" +
      "CALSCALE:GREGORIAN\r\nBEGIN:VEVENT\r\nUID:qip-form-20260305@example.com\r\n" +
      "DTSTAMP:20260305T000000Z\r\nSUMMARY:Launch\r\nDTSTART;VALUE=DATE:20260305\r\n" +
      "DTEND;VALUE=DATE:20260306\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
  );
});

Deno.test("form-ical-event-all-day.wasm ends on the next day across months and years", async () => {
  const cases = [
    ["2024-02-28", "20240228", "20240229"],
    ["2024-02-29", "20240229", "20240301"],
    ["2023-02-28", "20230228", "20230301"],
    ["2026-04-30", "20260430", "20260501"],
    ["2026-12-31", "20261231", "20270101"],
    ["0001-01-01", "00010101", "00010102"],
    ["9999-12-30", "99991230", "99991231"],
  ];
  for (const [date, start, end] of cases) {
    assert.equal(
      await runForm(ALL_DAY, `Launch\n${date}\n`),
      ALL_DAY_PROMPTS + allDayEvent("Launch", start!, end!),
      date,
    );
  }
});

Deno.test("form-ical-event-all-day.wasm keeps the step on each invalid date", async () => {
  const invalid = [
    "2026-02-29",
    "2026-13-01",
    "2026-00-10",
    "2026-04-31",
    "2026-3-5",
    "26-03-05",
    "0000-01-01",
    "2026/03/05",
    "2026-03-05T10:00",
    "tomorrow",
  ];
  for (const date of invalid) {
    assert.equal(
      await runForm(ALL_DAY, `Launch\n${date}\n2026-03-05\n`),
      prompts(
        ["Event title"],
        ["Event date (YYYY-MM-DD)", "Event date is invalid."],
        ["Event date (YYYY-MM-DD)"],
      ) + allDayEvent("Launch", "20260305", "20260306"),
      date,
    );
  }
});

Deno.test("form-ical-event-all-day.wasm reports a missing title and date, and the last day (9999-12-31)", async () => {
  const stdout = await runForm(ALL_DAY, "\nLaunch\n\n9999-12-31\n2026-03-05\n");
  assert.equal(
    stdout,
    prompts(
      ["Event title", "Event title is required."],
      ["Event title"],
      ["Event date (YYYY-MM-DD)", "Event date is required."],
      ["Event date (YYYY-MM-DD)", "Event date must be before 9999-12-31."],
      ["Event date (YYYY-MM-DD)"],
    ) + allDayEvent("Launch", "20260305", "20260306"),
  );
});

Deno.test("form-ical-event-all-day.wasm keeps the step on a title over 256 bytes", async () => {
  const stdout = await runForm(ALL_DAY, `${"t".repeat(257)}\nLaunch\n2026-03-05\n`);
  assert.ok(stdout.startsWith("Event title: Error: Event title is too long.\nEvent title: "));
});

Deno.test("form-ical-event-all-day.wasm escapes and folds the title (RFC 5545 TEXT)", async () => {
  const title = "Launch; party, with \\ backslash and a long tail: " + "é".repeat(30);
  const stdout = await runForm(ALL_DAY, `${title}\n2026-03-05\n`);
  const summary = "SUMMARY:Launch\\; party\\, with \\\\ backslash and a long tail: " +
    "é".repeat(30);
  // 75 octets per physical line; a continuation starts with one space; "é" is 2 octets and
  // never split.
  const folded = stdout.split("\r\n").filter((line) =>
    line.startsWith("SUMMARY:") || line.startsWith(" ")
  );
  for (const line of folded) assert.ok(new TextEncoder().encode(line).length <= 75, line);
  assert.equal(folded.map((line, i) => i === 0 ? line : line.slice(1)).join(""), summary);
  assert.equal(folded.length, 2);
});

// --- form-ical-event-minutes.wasm --------------------------------------------------------------

const MINUTES_PROMPTS = prompts(
  ["Event title"],
  ["Event date (YYYY-MM-DD)"],
  ["Start time (HH:MM)"],
  ["Duration in minutes"],
);

function timedEvent(summary: string, start: string, end: string): string {
  const day = start.slice(0, 8);
  return crlf(
    ...calendarHead(day, start, summary),
    `DTSTART:${start}`,
    `DTEND:${end}`,
    "END:VEVENT",
    "END:VCALENDAR",
  );
}

Deno.test("form-ical-event-minutes.wasm prints the documented event (Standup, 2026-03-05, 23:30, 45)", async () => {
  assert.equal(
    await runForm(MINUTES, "Standup\n2026-03-05\n23:30\n45\n"),
    MINUTES_PROMPTS +
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//qip//Form Calendar//EN\r\n" +
      "CALSCALE:GREGORIAN\r\nBEGIN:VEVENT\r\nUID:qip-form-20260305T233000@example.com\r\n" +
      "DTSTAMP:20260305T000000Z\r\nSUMMARY:Standup\r\nDTSTART:20260305T233000\r\n" +
      "DTEND:20260306T001500\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
  );
});

Deno.test("form-ical-event-minutes.wasm adds the duration, rolling over midnight, months and years", async () => {
  const cases = [
    ["2026-03-05", "09:30", "90", "20260305T093000", "20260305T110000"],
    ["2026-03-05", "00:00", "1", "20260305T000000", "20260305T000100"],
    ["2026-03-05", "23:00", "60", "20260305T230000", "20260306T000000"],
    ["2026-03-05", "00:00", "1440", "20260305T000000", "20260306T000000"],
    ["2026-03-05", "23:59", "1440", "20260305T235900", "20260306T235900"],
    ["2024-02-28", "23:30", "45", "20240228T233000", "20240229T001500"],
    ["2026-12-31", "23:30", "45", "20261231T233000", "20270101T001500"],
  ];
  for (const [date, time, minutes, start, end] of cases) {
    assert.equal(
      await runForm(MINUTES, `Standup\n${date}\n${time}\n${minutes}\n`),
      MINUTES_PROMPTS + timedEvent("Standup", start!, end!),
      `${date} ${time} + ${minutes}`,
    );
  }
});

Deno.test("form-ical-event-minutes.wasm keeps the step on each invalid start time", async () => {
  for (const time of ["24:00", "12:60", "9:30", "09:3", "0930", "09.30", "noon", "-1:00"]) {
    assert.equal(
      await runForm(MINUTES, `Standup\n2026-03-05\n${time}\n09:30\n90\n`),
      prompts(
        ["Event title"],
        ["Event date (YYYY-MM-DD)"],
        ["Start time (HH:MM)", "Start time is invalid."],
        ["Start time (HH:MM)"],
        ["Duration in minutes"],
      ) + timedEvent("Standup", "20260305T093000", "20260305T110000"),
      time,
    );
  }
});

Deno.test("form-ical-event-minutes.wasm keeps the step on each invalid duration", async () => {
  const cases = [
    ["", "Duration is required."],
    ["0", "Duration must be between 1 and 1440 minutes."],
    ["1441", "Duration must be between 1 and 1440 minutes."],
    ["10000", "Duration is invalid."],
    ["-5", "Duration is invalid."],
    ["1.5", "Duration is invalid."],
    ["90 min", "Duration is invalid."],
    ["ninety", "Duration is invalid."],
  ];
  for (const [duration, error] of cases) {
    assert.equal(
      await runForm(MINUTES, `Standup\n2026-03-05\n09:30\n${duration}\n90\n`),
      prompts(
        ["Event title"],
        ["Event date (YYYY-MM-DD)"],
        ["Start time (HH:MM)"],
        ["Duration in minutes", error],
        ["Duration in minutes"],
      ) + timedEvent("Standup", "20260305T093000", "20260305T110000"),
      duration,
    );
  }
});

Deno.test("form-ical-event-minutes.wasm keeps the step on an invalid title or date", async () => {
  const stdout = await runForm(MINUTES, "\nStandup\n2026-02-30\n2026-03-05\n09:30\n90\n");
  assert.equal(
    stdout,
    prompts(
      ["Event title", "Event title is required."],
      ["Event title"],
      ["Event date (YYYY-MM-DD)", "Event date is invalid."],
      ["Event date (YYYY-MM-DD)"],
      ["Start time (HH:MM)"],
      ["Duration in minutes"],
    ) + timedEvent("Standup", "20260305T093000", "20260305T110000"),
  );
});

// --- form-vcard-business.wasm ------------------------------------------------------------------

const VCARD_LABELS = [
  "Business name",
  "Contact full name",
  "Job title",
  "Email address",
  "Phone number",
  "Website URL",
] as const;
const VCARD_PROMPTS = prompts(...VCARD_LABELS.map((label): [string] => [label]));

const ADA_CARD = crlf(
  "BEGIN:VCARD",
  "VERSION:3.0",
  "N:Lovelace;Ada;;;",
  "FN:Ada Lovelace",
  "ORG:Analytical Engines",
  "TITLE:Founder",
  "EMAIL;TYPE=INTERNET,WORK:ada@example.com",
  "TEL;TYPE=WORK,VOICE:+44 20 7946 0000",
  "URL:https://example.com",
  "END:VCARD",
);
const ADA_ANSWERS = "Analytical Engines\nAda Lovelace\nFounder\nada@example.com\n" +
  "+44 20 7946 0000\nhttps://example.com\n";

Deno.test("form-vcard-business.wasm prints the documented card (Analytical Engines, Ada Lovelace)", async () => {
  assert.equal(await runForm(VCARD, ADA_ANSWERS), VCARD_PROMPTS + ADA_CARD);
});

Deno.test("form-vcard-business.wasm asks for its six keys in order", async () => {
  const form = await instantiateForm(VCARD);
  const keys: string[] = [];
  for (const value of ADA_ANSWERS.trimEnd().split("\n")) {
    keys.push(readString(form, "input_key_ptr", "input_key_size"));
    answer(form, new TextEncoder().encode(value));
  }
  assert.deepEqual(keys, [
    "business_name",
    "contact_name",
    "job_title",
    "email",
    "phone",
    "website",
  ]);
  assert.equal(readString(form, "input_key_ptr", "input_key_size"), "");
});

Deno.test("form-vcard-business.wasm leaves out empty optional lines (job title, phone, website)", async () => {
  assert.equal(
    await runForm(VCARD, "Analytical Engines\nAda Lovelace\n\nada@example.com\n\n\n"),
    VCARD_PROMPTS +
      crlf(
        "BEGIN:VCARD",
        "VERSION:3.0",
        "N:Lovelace;Ada;;;",
        "FN:Ada Lovelace",
        "ORG:Analytical Engines",
        "EMAIL;TYPE=INTERNET,WORK:ada@example.com",
        "END:VCARD",
      ),
  );
});

Deno.test("form-vcard-business.wasm splits the full name for N (Cher, Ada King Lovelace)", async () => {
  const single = await runForm(VCARD, "Acme\nCher\n\ncher@example.com\n\n\n");
  assert.ok(single.includes("\r\nN:;Cher;;;\r\nFN:Cher\r\n"), single);
  const three = await runForm(VCARD, "Acme\nAda King  Lovelace\n\nada@example.com\n\n\n");
  assert.ok(three.includes("\r\nN:Lovelace;Ada King;;;\r\nFN:Ada King  Lovelace\r\n"), three);
});

Deno.test("form-vcard-business.wasm escapes text values (Smith, Jones; Partners)", async () => {
  const stdout = await runForm(VCARD, "Smith, Jones; Partners\nA\\B\nCEO, CTO\na@b.co\n\n\n");
  assert.ok(stdout.includes("\r\nORG:Smith\\, Jones\\; Partners\r\n"), stdout);
  assert.ok(stdout.includes("\r\nN:;A\\\\B;;;\r\nFN:A\\\\B\r\n"), stdout);
  assert.ok(stdout.includes("\r\nTITLE:CEO\\, CTO\r\n"), stdout);
});

Deno.test("form-vcard-business.wasm keeps the step on missing required answers", async () => {
  const stdout = await runForm(
    VCARD,
    "\nAnalytical Engines\n\nAda Lovelace\nFounder\n\nada@example.com\n+44 20 7946 0000\n" +
      "https://example.com\n",
  );
  assert.equal(
    stdout,
    prompts(
      ["Business name", "Business name is required."],
      ["Business name"],
      ["Contact full name", "Contact full name is required."],
      ["Contact full name"],
      ["Job title"],
      ["Email address", "Email address is required."],
      ["Email address"],
      ["Phone number"],
      ["Website URL"],
    ) + ADA_CARD,
  );
});

Deno.test("form-vcard-business.wasm keeps the step on an invalid email, phone or website", async () => {
  const stdout = await runForm(
    VCARD,
    "Analytical Engines\nAda Lovelace\nFounder\nada@example\nada@example.com\n" +
      "call me\n12\n+44 (20) 7946-0000 ext+1\n+44 20 7946 0000\n" +
      "example.com\nftp://example.com\nhttps://\nhttps:///path\nhttps://exa mple.com\n" +
      "https://example.com\n",
  );
  assert.equal(
    stdout,
    prompts(
      ["Business name"],
      ["Contact full name"],
      ["Job title"],
      ["Email address", "Email address is invalid."],
      ["Email address"],
      ["Phone number", "Phone number is invalid."],
      ["Phone number", "Phone number is invalid."],
      ["Phone number", "Phone number is invalid."],
      ["Phone number"],
      ["Website URL", "Website URL is invalid."],
      ["Website URL", "Website URL is invalid."],
      ["Website URL", "Website URL is invalid."],
      ["Website URL", "Website URL is invalid."],
      ["Website URL", "Website URL is invalid."],
      ["Website URL"],
    ) + ADA_CARD,
  );
});

Deno.test("form-vcard-business.wasm accepts other phone and URL shapes ((020) 7946.0000, HTTP://x.io/a?b#c)", async () => {
  const stdout = await runForm(
    VCARD,
    "Acme\nAda Lovelace\n\nada@example.com\n(020) 7946.0000\nHTTP://x.io/a?b#c\n",
  );
  assert.ok(
    stdout.includes("\r\nTEL;TYPE=WORK,VOICE:(020) 7946.0000\r\nURL:HTTP://x.io/a?b#c\r\n"),
  );
});

Deno.test("form-vcard-business.wasm keeps every field within its limit (257-byte business name)", async () => {
  const stdout = await runForm(
    VCARD,
    `${"b".repeat(257)}\n${"b".repeat(256)}\n${"c".repeat(129)}\n${"c".repeat(128)}\n` +
      `${"t".repeat(129)}\n${"t".repeat(128)}\nada@example.com\n${"1".repeat(65)}\n\n` +
      `https://example.com/${"p".repeat(493)}\nhttps://example.com/${"p".repeat(492)}\n`,
  );
  assert.ok(
    stdout.startsWith(
      prompts(
        ["Business name", "Business name is too long."],
        ["Business name"],
        ["Contact full name", "Contact full name is too long."],
        ["Contact full name"],
        ["Job title", "Job title is too long."],
        ["Job title"],
        ["Email address"],
        ["Phone number", "Phone number is too long."],
        ["Phone number"],
        ["Website URL", "Website URL is too long."],
        ["Website URL"],
      ) + "BEGIN:VCARD\r\n",
    ),
    stdout,
  );
  // Long values are folded into physical lines of at most 75 octets.
  for (const line of stdout.slice(stdout.indexOf("BEGIN:VCARD")).split("\r\n")) {
    assert.ok(line.length <= 75, line);
  }
});
