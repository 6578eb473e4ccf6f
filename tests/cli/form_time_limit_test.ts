/**
 * `qip form` gives every call into the module the run limit (beyond the spec, whose forms had
 * none and hung on a loop): `--timeout-ms`, default 100 ms, per call, naming the export that
 * ran out; the time a person takes to answer is never counted. Real launcher, real modules
 * (fixtures/hostile/form-*-loops.wasm, built by scripts/generate_hostile_modules.ts).
 */
import assert from "node:assert/strict";
import { USAGE } from "../../src/cli/_usage.ts";
import { ADA_WELCOME, EMAIL_FORM } from "../support/email_form.ts";
import { QIP_LAUNCHER, REPO_ROOT, runQip } from "../support/run_qip.ts";

const LIMIT = "Wasm module exceeded the execution time limit";

/** Generous: a 100 ms limit must end the form in well under this. */
const STOPS_WITHIN_MS = 10_000;

const LOOPS: Array<[string, string[], string]> = [
  ["run", ["Ada"], `Error running run: ${LIMIT} (100ms)`],
  ["key-size", [], `Error running input_key_size: ${LIMIT} (100ms)`],
  ["start", [], `Wasm module could not be instantiated: start function: ${LIMIT} (100ms)`],
];

for (const [what, answers, message] of LOOPS) {
  Deno.test(`qip form stops a form whose ${what} loops: ${message.slice(0, 30)}…`, async () => {
    const started = performance.now();
    const result = await runQip(["form", `fixtures/hostile/form-${what}-loops.wasm`], {
      stdin: answers.map((answer) => `${answer}\n`).join(""),
    });
    assert.ok(performance.now() - started < STOPS_WITHIN_MS, "it stops instead of hanging");
    assert.equal(result.stderr, `${message}\n`);
    assert.equal(result.code, 1);
  });
}

Deno.test("qip form --timeout-ms sets the limit its message names", async () => {
  const result = await runQip(
    ["form", "--timeout-ms", "250", "fixtures/hostile/form-run-loops.wasm"],
    { stdin: "Ada\n" },
  );
  assert.equal(result.stderr, `Error running run: ${LIMIT} (250ms)\n`);
  assert.equal(result.code, 1);
  assert.equal(result.stdoutText, "Name: ");
});

Deno.test("qip form refuses a --timeout-ms that is not a positive integer", async () => {
  for (
    const [value, message] of [
      ["0", "Invalid timeout-ms: 0"],
      ["-5", "Invalid timeout-ms: -5"],
      ["soon", `${USAGE.form} invalid value "soon" for flag --timeout-ms: parse error`],
    ]
  ) {
    const result = await runQip(["form", `--timeout-ms=${value}`, EMAIL_FORM], { stdin: "" });
    assert.equal(result.stderr, `${message}\n`, value);
    assert.equal(result.code, 1);
  }
});

Deno.test("qip form does not count the time spent waiting for an answer", async () => {
  const child = new Deno.Command(QIP_LAUNCHER, {
    args: ["form", "--timeout-ms", "100", EMAIL_FORM],
    cwd: REPO_ROOT,
    env: { QIP_DENO: Deno.execPath(), NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  const encoder = new TextEncoder();
  // Each answer comes long after the limit: only the module's calls are timed.
  for (const answer of ["Ada\n", "ada@example.com\n"]) {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await writer.write(encoder.encode(answer));
  }
  await writer.close();
  const output = await child.output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  assert.equal(decode(output.stderr), "");
  assert.equal(output.code, 0);
  assert.equal(decode(output.stdout), `First name: Email address: ${ADA_WELCOME}`);
});
