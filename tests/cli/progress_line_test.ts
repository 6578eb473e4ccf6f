import assert from "node:assert/strict";
import { progressLine } from "../../src/cli/_progress_line.ts";

function fakeStderr(terminal: boolean) {
  const written: string[] = [];
  return {
    written,
    isTerminal: () => terminal,
    writeSync: (bytes: Uint8Array) => (written.push(new TextDecoder().decode(bytes)), bytes.length),
  };
}

Deno.test("progressLine() stays silent for the first second, then redraws in place and erases", () => {
  const stderr = fakeStderr(true);
  let now = 0;
  {
    using progress = progressLine(stderr, "qip image", { nowMs: () => now });
    progress.set("decoding");
    now = 999;
    progress.set("tiles", 1, 34);
    assert.deepEqual(stderr.written, []);
    now = 1000;
    progress.set("tiles", 17, 34);
    now = 1050; // within the redraw interval: skipped
    progress.set("tiles", 18, 34);
    now = 1200;
    progress.set("encoding");
  }
  assert.deepEqual(stderr.written, [
    "\r\x1b[Kqip image: tiles 17/34 (50%)",
    "\r\x1b[Kqip image: encoding…",
    "\r\x1b[K",
  ]);
});

Deno.test("progressLine() writes nothing when stderr is not a terminal", () => {
  const stderr = fakeStderr(false);
  let now = 0;
  {
    using progress = progressLine(stderr, "qip image", { nowMs: () => now });
    now = 5000;
    progress.set("tiles", 1, 2);
  }
  assert.deepEqual(stderr.written, []);
});

Deno.test("progressLine() erases once and draws nothing after it is disposed", () => {
  const stderr = fakeStderr(true);
  let now = 2000;
  const progress = progressLine(stderr, "qip image", { nowMs: () => now });
  now = 4000;
  progress.set("tiles", 1, 4);
  progress[Symbol.dispose](); // Ctrl-C erases early
  progress.set("tiles", 2, 4); // work still reporting while it stops
  progress[Symbol.dispose](); // the scope's end
  assert.deepEqual(stderr.written, ["\r\x1b[Kqip image: tiles 1/4 (25%)", "\r\x1b[K"]);
});
