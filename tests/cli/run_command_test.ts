/**
 * `qip run` end to end: the real launcher, real modules (fixtures/modules, examples), real
 * workers. Every expected message is the spec's text plus qip's detail.
 */
import assert from "node:assert/strict";
import { REPO_ROOT, runQip } from "../support/run_qip.ts";

const M = "fixtures/modules";
const TIME_LIMIT = "Wasm module exceeded the execution time limit (100ms)";

interface RunCase {
  readonly name: string;
  readonly args: string[];
  readonly stdin?: string | Uint8Array;
  readonly stdout: string;
  readonly stderr?: string;
  readonly code?: number;
}

const CASES: RunCase[] = [
  // Output encodings and export styles (spec: abi.md §2, cli.md §3.5).
  {
    name: "appends a newline to UTF-8 output (hello.wasm)",
    args: ["examples/hello.wasm"],
    stdin: "World",
    stdout: "Hello, World\n",
  },
  {
    name: "treats /dev/null stdin as empty input (hello.wasm)",
    args: ["examples/hello.wasm"],
    stdout: "Hello, World\n",
  },
  {
    name: "keeps the input's own newline (echo World | hello.wasm)",
    args: ["examples/hello.wasm"],
    stdin: "World\n",
    stdout: "Hello, World\n\n",
  },
  {
    name: "reads exports from i32 globals (echo-globals.wasm)",
    args: [`${M}/echo-globals.wasm`],
    stdin: "hi",
    stdout: "hi\n",
  },
  {
    name: "reads exports from zero-argument functions (upper-functions.wasm)",
    args: [`${M}/upper-functions.wasm`],
    stdin: "hi, wasm",
    stdout: "HI, WASM\n",
  },
  {
    name: "writes raw output exactly (reverse-bytes.wasm)",
    args: [`${M}/reverse-bytes.wasm`],
    stdin: "ab\n",
    stdout: "\nba",
  },
  {
    name: "prints i32 items as %08x lines (bytes-as-i32.wasm)",
    args: [`${M}/bytes-as-i32.wasm`],
    stdin: "AB",
    stdout: "00000041\n00000042\nffffffff\n",
  },
  {
    name: "chains stages, output N feeding stage N+1 (echo → upper → reverse)",
    args: [`${M}/echo-globals.wasm`, `${M}/upper-functions.wasm`, `${M}/reverse-bytes.wasm`],
    stdin: "abc",
    stdout: "CBA",
  },
  {
    name: "applies cap precedence: utf8 over bytes over i32 (caps-precedence.wasm)",
    args: [`${M}/caps-precedence.wasm`],
    stdin: "abcd",
    stdout: "abcd\n",
  },
  // Scalar fallback (spec: cli.md §3.7).
  {
    name: "prints Ran: N for a module without output_ptr (scalar-length.wasm)",
    args: [`${M}/scalar-length.wasm`],
    stdin: "hello",
    stdout: "Ran: 5\n",
  },
  {
    name: "prints Ran: as unsigned (scalar-minus-one.wasm)",
    args: [`${M}/scalar-minus-one.wasm`],
    stdout: "Ran: 4294967295\n",
  },
  {
    name: "treats a zero output cap as scalar with the UTF-8 newline (zero-output-cap.wasm)",
    args: [`${M}/zero-output-cap.wasm`],
    stdin: "abc",
    stdout: "Ran: 3\n\n",
  },
  {
    name: "ignores output caps without output_ptr (caps-without-output-ptr.wasm)",
    args: [`${M}/caps-without-output-ptr.wasm`],
    stdin: "abc",
    stdout: "Ran: 3\n",
  },
  {
    name: "passes empty input on after a scalar stage (scalar-length → echo-globals)",
    args: [`${M}/scalar-length.wasm`, `${M}/echo-globals.wasm`],
    stdin: "hello",
    stdout: "Ran: 5\n\n",
  },
  {
    name: "keeps Ran: lines already printed when a later stage fails",
    args: [`${M}/scalar-length.wasm`, `${M}/trap-unreachable.wasm`],
    stdin: "hello",
    stdout: "Ran: 5\n",
    stderr: `wasm error: unreachable: stage 1 (${M}/trap-unreachable.wasm)`,
  },
  {
    name: "reads a non-i32 global as its raw bits (f32-input-cap-global.wasm)",
    args: [`${M}/f32-input-cap-global.wasm`],
    stdin: "hello",
    stdout: "Ran: 5\n",
  },
  // Capacity checks.
  {
    name: "refuses input over the cap (caps-precedence.wasm, cap 4)",
    args: [`${M}/caps-precedence.wasm`],
    stdin: "abcde",
    stdout: "",
    stderr: `Input is too large: stage 0 (${M}/caps-precedence.wasm): 5 bytes, input_utf8_cap is 4`,
  },
  {
    name: "accepts input that just fits in memory (input-cap-exceeds-memory.wasm)",
    args: [`${M}/input-cap-exceeds-memory.wasm`],
    stdin: new Uint8Array(65536),
    stdout: "Ran: 65536\n",
  },
  {
    name: "refuses input beyond memory (input-cap-exceeds-memory.wasm)",
    args: [`${M}/input-cap-exceeds-memory.wasm`],
    stdin: new Uint8Array(65537),
    stdout: "",
    stderr:
      `Could not write input: stage 0 (${M}/input-cap-exceeds-memory.wasm): input_ptr 0 + 65537 bytes exceeds memory of 65536 bytes`,
  },
  {
    name: "refuses a run result over the output cap (output-exceeds-cap.wasm)",
    args: [`${M}/output-exceeds-cap.wasm`],
    stdin: "x",
    stdout: "",
    stderr:
      `Module returned more bytes than its stated capacity: stage 0 (${M}/output-exceeds-cap.wasm): run returned 5, output_utf8_cap is 4`,
  },
  {
    name: "refuses an output pointer beyond memory (output-ptr-out-of-bounds.wasm)",
    args: [`${M}/output-ptr-out-of-bounds.wasm`],
    stdin: "x",
    stdout: "",
    stderr:
      `Could not read output: stage 0 (${M}/output-ptr-out-of-bounds.wasm): output_ptr 131072 + 4 bytes exceeds memory of 65536 bytes`,
  },
  // Contract violations.
  {
    name: "requires input_ptr (missing-input-ptr.wasm)",
    args: [`${M}/missing-input-ptr.wasm`],
    stdout: "",
    stderr:
      `Wasm module must export input_ptr as global or function: stage 0 (${M}/missing-input-ptr.wasm)`,
  },
  {
    name: "requires an input cap (missing-input-cap.wasm)",
    args: [`${M}/missing-input-cap.wasm`],
    stdout: "",
    stderr:
      `Wasm module must export input_utf8_cap or input_bytes_cap as global or function: stage 0 (${M}/missing-input-cap.wasm)`,
  },
  {
    name: "requires an output cap with output_ptr (output-ptr-without-cap.wasm)",
    args: [`${M}/output-ptr-without-cap.wasm`],
    stdout: "",
    stderr:
      `Wasm module must export output_utf8_cap or output_i32_cap or output_bytes_cap as global or function: stage 0 (${M}/output-ptr-without-cap.wasm)`,
  },
  {
    name: "requires run, with a clean error instead of the reference's crash (no-run-export.wasm)",
    args: [`${M}/no-run-export.wasm`],
    stdout: "",
    stderr: `Wasm module must export run: stage 0 (${M}/no-run-export.wasm)`,
  },
  {
    name: "requires an exported memory (no-memory-export.wasm)",
    args: [`${M}/no-memory-export.wasm`],
    stdout: "",
    stderr: `Wasm module must export memory: stage 0 (${M}/no-memory-export.wasm)`,
  },
  {
    name: "requires run to return a value (run-returns-nothing.wasm)",
    args: [`${M}/run-returns-nothing.wasm`],
    stdout: "",
    stderr: `run() returned 0 values, want 1: stage 0 (${M}/run-returns-nothing.wasm)`,
  },
  {
    name: "refuses an export function with parameters (input-ptr-takes-param.wasm)",
    args: [`${M}/input-ptr-takes-param.wasm`],
    stdout: "",
    stderr:
      `input_ptr() call failed: expected 1 params, but passed 0: stage 0 (${M}/input-ptr-takes-param.wasm)`,
  },
  {
    name: "refuses an export function with two results (multi-value-export.wasm)",
    args: [`${M}/multi-value-export.wasm`],
    stdout: "",
    stderr: `input_utf8_cap() returned 2 values, want 1: stage 0 (${M}/multi-value-export.wasm)`,
  },
  // Traps keep wazero's first line (spec: cli.md §3.8).
  {
    name: "reports unreachable (trap-unreachable.wasm)",
    args: [`${M}/trap-unreachable.wasm`],
    stdout: "",
    stderr: `wasm error: unreachable: stage 0 (${M}/trap-unreachable.wasm)`,
  },
  {
    name: "reports integer divide by zero (trap-divide-by-zero.wasm)",
    args: [`${M}/trap-divide-by-zero.wasm`],
    stdout: "",
    stderr: `wasm error: integer divide by zero: stage 0 (${M}/trap-divide-by-zero.wasm)`,
  },
  {
    name: "reports out of bounds memory access (trap-out-of-bounds-load.wasm)",
    args: [`${M}/trap-out-of-bounds-load.wasm`],
    stdout: "",
    stderr: `wasm error: out of bounds memory access: stage 0 (${M}/trap-out-of-bounds-load.wasm)`,
  },
  {
    name: "reports stack overflow (trap-stack-overflow.wasm)",
    args: [`${M}/trap-stack-overflow.wasm`],
    stdout: "",
    stderr: `wasm error: stack overflow: stage 0 (${M}/trap-stack-overflow.wasm)`,
  },
  {
    name: "reports an indirect call type mismatch (trap-indirect-call-mismatch.wasm)",
    args: [`${M}/trap-indirect-call-mismatch.wasm`],
    stdout: "",
    stderr:
      `wasm error: indirect call type mismatch: stage 0 (${M}/trap-indirect-call-mismatch.wasm)`,
  },
  // Imports are never provided.
  {
    name: "names an imported function (import-function.wasm)",
    args: [`${M}/import-function.wasm`],
    stdout: "",
    stderr:
      `Wasm module could not be instantiated: stage 0 (${M}/import-function.wasm): module imports "env" "log" (function); qip provides no imports`,
  },
  {
    name: "names an imported memory (import-memory.wasm)",
    args: [`${M}/import-memory.wasm`],
    stdout: "",
    stderr:
      `Wasm module could not be instantiated: stage 0 (${M}/import-memory.wasm): module imports "env" "memory" (memory); qip provides no imports`,
  },
  // Time limit (spec: cli.md §3.6): word for word, then the stage that was running.
  {
    name: "stops an infinite loop at 100ms (infinite-loop.wasm)",
    args: ["examples/infinite-loop.wasm"],
    stdin: "x\n",
    stdout: "",
    stderr: `${TIME_LIMIT}: stage 0 (examples/infinite-loop.wasm)`,
  },
  {
    name: "stops unbounded recursion without loops (runaway-recursion.wasm)",
    args: [`${M}/runaway-recursion.wasm`],
    stdout: "",
    stderr: `${TIME_LIMIT}: stage 0 (${M}/runaway-recursion.wasm)`,
  },
  {
    name: "stops a runaway export function (runaway-input-ptr.wasm)",
    args: [`${M}/runaway-input-ptr.wasm`],
    stdout: "",
    stderr: `${TIME_LIMIT}: stage 0 (${M}/runaway-input-ptr.wasm)`,
  },
  {
    name:
      "reports a runaway start section as an instantiation failure (runaway-start-section.wasm)",
    args: [`${M}/runaway-start-section.wasm`],
    stdout: "",
    stderr:
      `Wasm module could not be instantiated: stage 0 (${M}/runaway-start-section.wasm): start function: ${TIME_LIMIT}`,
  },
  {
    name: "reports a runaway _start as an instantiation failure (runaway-start-export.wasm)",
    args: [`${M}/runaway-start-export.wasm`],
    stdout: "",
    stderr:
      `Wasm module could not be instantiated: stage 0 (${M}/runaway-start-export.wasm): _start: ${TIME_LIMIT}`,
  },
  {
    name: "words --timeout-ms in Go duration form (1500 → 1.5s)",
    args: ["--timeout-ms", "1500", `${M}/runaway-run-loop.wasm`],
    stdout: "",
    stderr:
      `Wasm module exceeded the execution time limit (1.5s): stage 0 (${M}/runaway-run-loop.wasm)`,
  },
  {
    name: "applies one time limit to the whole chain (hello → infinite-loop)",
    args: ["examples/hello.wasm", "examples/infinite-loop.wasm"],
    stdout: "",
    // The budget is the chain's; the message names the stage that was running when it ran out.
    stderr: `${TIME_LIMIT}: stage 1 (examples/infinite-loop.wasm)`,
  },
  // Memory policy.
  {
    name: "refuses a module declaring more memory than the policy (memory-max-pages.wasm)",
    args: [`${M}/memory-max-pages.wasm`],
    stdout: "",
    stderr:
      `Wasm module exceeds the memory limit: stage 0 (${M}/memory-max-pages.wasm): memory 0 declares a minimum of 65536 pages (4 GiB), --max-memory allows 4096 pages (256 MiB)`,
  },
  {
    name: "stops memory.grow at the default policy of 256 MiB (memory-grow-until-fail.wasm)",
    args: [`${M}/memory-grow-until-fail.wasm`],
    stdout: "Ran: 4095\n",
  },
  {
    name: "stops memory.grow at --max-memory 16MiB (memory-grow-until-fail.wasm)",
    args: ["--max-memory", "16MiB", `${M}/memory-grow-until-fail.wasm`],
    stdout: "Ran: 255\n",
  },
  // Fuel.
  {
    name: "runs a counting loop within its fuel (count-loop.wasm, --fuel 100000)",
    args: ["--fuel", "100000", `${M}/count-loop.wasm`],
    stdin: "x",
    stdout: "Ran: 562641396\n",
  },
  {
    name: "stops a counting loop that runs out of fuel (count-loop.wasm, --fuel 500)",
    args: ["--fuel", "500", `${M}/count-loop.wasm`],
    stdin: "x",
    stdout: "",
    stderr: `Wasm module exceeded the fuel limit (500): stage 0 (${M}/count-loop.wasm)`,
  },
  {
    name: "stops a runaway loop by fuel before the time limit (--fuel 1000000)",
    args: ["--fuel", "1000000", "--timeout-ms", "60000", "examples/infinite-loop.wasm"],
    stdout: "",
    stderr: "Wasm module exceeded the fuel limit (1000000): stage 0 (examples/infinite-loop.wasm)",
  },
  // Loading and input errors.
  {
    name: "reports a missing module like Go (nope.wasm)",
    args: ["nope.wasm"],
    stdout: "",
    stderr: "Error reading file: open nope.wasm: no such file or directory",
  },
  {
    name: "reports a directory given as a module (examples)",
    args: ["examples"],
    stdout: "",
    stderr: "Error reading file: read examples: is a directory",
  },
  {
    name: "reports a missing input file (-i x.txt)",
    args: ["-i", "x.txt", "examples/hello.wasm"],
    stdout: "",
    stderr: "Error reading input file: open x.txt: no such file or directory",
  },
  {
    name: "reads the input file before loading modules (-i x.txt nope.wasm)",
    args: ["-i", "x.txt", "nope.wasm"],
    stdout: "",
    stderr: "Error reading input file: open x.txt: no such file or directory",
  },
  {
    name: "refuses plain http:// modules (remote modules: tests/cli/remote_modules_test.ts)",
    args: ["http://example.com/m.wasm"],
    stdout: "",
    stderr:
      "Error fetching URL: http://example.com/m.wasm: plain http:// is refused, use https:// " +
      "(http://127.0.0.1 and http://localhost are allowed with --allow-http-localhost)",
  },
  {
    name: "prints the usage line without modules",
    args: [],
    stdout: "",
    stderr: "Usage: qip run [-v] [-i <input>] <wasm module URL or file>...",
  },
  {
    name: "prints the usage line with an unknown flag",
    args: ["-x", "a.wasm"],
    stdout: "",
    stderr:
      "Usage: qip run [-v] [-i <input>] <wasm module URL or file>... flag provided but not defined: -x",
  },
];

for (const testCase of CASES) {
  Deno.test(`qip run ${testCase.name}`, async () => {
    const result = await runQip(["run", ...testCase.args], { stdin: testCase.stdin });
    const expectedCode = testCase.code ?? (testCase.stderr === undefined ? 0 : 1);
    assert.equal(result.stdoutText, testCase.stdout);
    assert.equal(result.stderr, testCase.stderr === undefined ? "" : `${testCase.stderr}\n`);
    assert.equal(result.code, expectedCode);
  });
}

Deno.test("qip run -i - reads stdin to EOF, and -i <file> reads the file", async () => {
  const fromDash = await runQip(["run", "-i", "-", "examples/hello.wasm"], { stdin: "Dash" });
  assert.equal(fromDash.stdoutText, "Hello, Dash\n");
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/in.txt`, "File");
    const fromFile = await runQip(["run", "-i", `${dir}/in.txt`, "examples/hello.wasm"], {
      stdin: "ignored",
    });
    assert.equal(fromFile.stdoutText, "Hello, File\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("qip run -v prints the spec's verbose lines for an i32 output (bytes-as-i32.wasm)", async () => {
  const module = `${M}/bytes-as-i32.wasm`;
  const result = await runQip(["run", "-v", module], { stdin: "AB" });
  assert.equal(result.code, 0);
  assert.equal(result.stdoutText, "00000041\n00000042\nffffffff\n");
  const moduleDigest = await sha256Hex(await Deno.readFile(`${REPO_ROOT}/${module}`));
  const outputDigest = await sha256Hex(
    new Uint8Array([65, 0, 0, 0, 66, 0, 0, 0, 255, 255, 255, 255]),
  );
  const lines = result.stderr.split("\n");
  assert.deepEqual(lines.slice(0, 2), [
    `input sha256: ${await sha256Hex(new TextEncoder().encode("AB"))}`,
    `module ${module} sha256: ${moduleDigest}`,
  ]);
  assert.match(lines[2] ?? "", /^compiled module\[0\] in \d+ms$/);
  assert.deepEqual(lines.slice(3, 8), [
    `output sha256: ${outputDigest}`,
    "[65 0 0 0 66 0 0 0 255 255 255 255]",
    "u32: 65",
    "u32: 66",
    "u32: 4294967295",
  ]);
  assert.match(lines[8] ?? "", /^command took \d+ms$/);
  assert.equal(lines.length, 10); // the last line is empty after the final newline
});

Deno.test("qip run does not count a slow stdin producer against the time limit", async () => {
  const command = new Deno.Command(`${REPO_ROOT}/scripts/qip`, {
    args: ["run", "examples/hello.wasm"],
    env: { QIP_DENO: Deno.execPath() },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  });
  const child = command.spawn();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode("Late"));
  await writer.close();
  const output = await child.output();
  assert.equal(new TextDecoder().decode(output.stderr), "");
  assert.equal(new TextDecoder().decode(output.stdout), "Hello, Late\n");
  assert.equal(output.code, 0);
});

Deno.test("qip run refuses bytes that are not wasm with V8's reason", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/text.wasm`, "# not wasm");
    const result = await runQip(["run", `${dir}/text.wasm`]);
    assert.equal(
      result.stderr,
      `Wasm module could not be compiled: stage 0 (${dir}/text.wasm): expected magic word 00 61 73 6d, found 23 20 6e 6f @+0\n`,
    );
    assert.equal(result.code, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("qip run refuses a module file over 64 MiB before reading it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/huge.wasm`;
    await Deno.writeFile(path, new Uint8Array(0));
    await Deno.truncate(path, 64 * 1024 * 1024 + 1); // sparse: nothing is written
    const result = await runQip(["run", path]);
    assert.equal(
      result.stderr,
      `Wasm module is too large: stage 0 (${path}): ${path} is 67108865 bytes, the limit is 67108864 bytes\n`,
    );
    assert.equal(result.code, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("qip run gives the same fuel verdict for the same N, at the exact check-point count", async () => {
  // count-loop.wasm on one byte: 1 check at run's entry + 1001 loop headers (1000 iterations
  // and the one that exits) = 1002 check points.
  for (let attempt = 0; attempt < 2; attempt++) {
    const enough = await runQip(["run", "--fuel", "1002", `${M}/count-loop.wasm`], { stdin: "x" });
    assert.equal(enough.stdoutText, "Ran: 562641396\n");
    const short = await runQip(["run", "--fuel", "1001", `${M}/count-loop.wasm`], { stdin: "x" });
    assert.equal(
      short.stderr,
      `Wasm module exceeded the fuel limit (1001): stage 0 (${M}/count-loop.wasm)\n`,
    );
    assert.equal(short.code, 1);
  }
});

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
