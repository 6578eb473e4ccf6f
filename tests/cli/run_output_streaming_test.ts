/**
 * `qip run` streams outputs of any size (issue 12, item 4): tens of millions of i32 items are
 * written as `%08x` lines a chunk at a time, with `-v` too, and never end in an internal error.
 * The test counts lines as they arrive instead of keeping the output.
 */
import assert from "node:assert/strict";
import { QIP_LAUNCHER, REPO_ROOT } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { wat } from "../sandbox/instrument/_wat.ts";

/** A run stage that returns `items` i32 items; the first is 0x352441c2, the rest zero. */
function manyItemsModule(items: number): Uint8Array {
  const pages = Math.ceil((items * 4) / 65_536) + 1;
  return wat(`(module
    (memory (export "memory") ${pages})
    (data (i32.const 65536) "\\c2\\41\\24\\35")
    (global (export "input_ptr") i32 (i32.const 0))
    (global (export "input_bytes_cap") i32 (i32.const 16))
    (global (export "output_ptr") i32 (i32.const 65536))
    (global (export "output_i32_cap") i32 (i32.const ${items}))
    (func (export "run") (param i32) (result i32) (i32.const ${items})))`);
}

/** What a stream held: its newline count, its first bytes and its last bytes. */
interface StreamSummary {
  readonly lines: number;
  readonly head: string;
  readonly tail: string;
  readonly bytes: number;
}

async function summarise(stream: ReadableStream<Uint8Array>): Promise<StreamSummary> {
  let lines = 0;
  let bytes = 0;
  let head = new Uint8Array(0);
  let tail = new Uint8Array(0);
  for await (const chunk of stream) {
    for (const byte of chunk) if (byte === 0x0a) lines++;
    bytes += chunk.byteLength;
    if (head.byteLength < 1024) head = new Uint8Array([...head, ...chunk.subarray(0, 1024)]);
    tail = new Uint8Array([...tail.slice(-64), ...chunk.subarray(-64)]).slice(-64);
  }
  const text = new TextDecoder();
  return { lines, bytes, head: text.decode(head), tail: text.decode(tail) };
}

async function runStreaming(args: string[]) {
  const child = new Deno.Command(QIP_LAUNCHER, {
    args,
    cwd: REPO_ROOT,
    env: { QIP_DENO: Deno.execPath(), NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const [stdout, stderr, status] = await Promise.all([
    summarise(child.stdout),
    summarise(child.stderr),
    child.status,
  ]);
  return { stdout, stderr, code: status.code };
}

// The chain gets 10 s: an 80 MB output on a loaded machine can pass 100 ms before any streaming.
Deno.test("qip run streams 20 M i32 items as 20 M hex lines", async () => {
  await withTempDir(async (dir) => {
    const items = 20_000_000;
    await Deno.writeFile(`${dir}/many.wasm`, manyItemsModule(items));
    const { stdout, stderr, code } = await runStreaming([
      "run",
      "--timeout-ms",
      "10000",
      `${dir}/many.wasm`,
    ]);
    assert.equal(stderr.head, "");
    assert.equal(code, 0);
    assert.equal(stdout.lines, items);
    assert.equal(stdout.bytes, items * 9);
    assert.ok(stdout.head.startsWith("352441c2\n00000000\n"), stdout.head);
    assert.ok(stdout.tail.endsWith("00000000\n00000000\n"), stdout.tail);
  });
});

Deno.test("qip run -v streams the byte list and one u32 line per item to stderr", async () => {
  await withTempDir(async (dir) => {
    const items = 2_000_000;
    await Deno.writeFile(`${dir}/many.wasm`, manyItemsModule(items));
    const { stdout, stderr, code } = await runStreaming([
      "run",
      "-v",
      "--timeout-ms",
      "10000",
      `${dir}/many.wasm`,
    ]);
    assert.equal(code, 0, stderr.tail);
    assert.equal(stdout.lines, items);
    // input sha256, module sha256, compiled, output sha256, the byte list, the items, took.
    assert.equal(stderr.lines, 5 + items + 1);
    assert.match(stderr.head, /^input sha256: [0-9a-f]{64}\n/);
    assert.match(stderr.head, /\noutput sha256: [0-9a-f]{64}\n\[194 65 36 53 0 0 0 0 /);
    assert.match(stderr.tail, /u32: 0\ncommand took \d+ms\n$/);
  });
});
