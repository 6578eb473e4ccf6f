/**
 * A runaway or trapping recipe fails only its own request (beyond dev-server.md §5 step 6):
 * 500 with the spec's message, while concurrent requests for other files and other chains
 * succeed, and the workers keep serving afterwards.
 */
import assert from "node:assert/strict";
import { REPO_ROOT } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { fetchText, withTestServer, writeTree } from "./_dev_support.ts";

const TIME_LIMIT = "Wasm module exceeded the execution time limit (100ms)";
/** How a time-limit error names the failing recipe: the stage that was running. */
const IN_STAGE = String.raw`: stage 0 \([^)]*/recipes/text/plain/10-failing\.wasm\)`;
const M = `${REPO_ROOT}/fixtures/modules`;

async function writeSite(dir: string, failing: string) {
  await writeTree(dir, { "site/bad.txt": "", "site/good.css": "abc", "site/plain.json": "{}" });
  await Deno.mkdir(`${dir}/recipes/text/plain`, { recursive: true });
  await Deno.mkdir(`${dir}/recipes/text/css`, { recursive: true });
  await Deno.copyFile(failing, `${dir}/recipes/text/plain/10-failing.wasm`);
  await Deno.copyFile(`${M}/upper-functions.wasm`, `${dir}/recipes/text/css/10-upper.wasm`);
  return { contentDir: `${dir}/site`, recipesDir: `${dir}/recipes` };
}

const FAILING: Array<[string, string, RegExp]> = [
  [
    "infinite-loop.wasm",
    `${REPO_ROOT}/examples/infinite-loop.wasm`,
    new RegExp(`\\n${RegExp.escape(TIME_LIMIT)}${IN_STAGE}</pre>$`),
  ],
  [
    "runaway-recursion.wasm",
    `${M}/runaway-recursion.wasm`,
    new RegExp(
      `\\n(${RegExp.escape(TIME_LIMIT)}${IN_STAGE}|wasm error: call stack exhausted.*)</pre>$`,
    ),
  ],
  [
    "runaway-start-section.wasm",
    `${M}/runaway-start-section.wasm`,
    new RegExp(`${RegExp.escape(TIME_LIMIT)}</pre>$`),
  ],
  [
    "trap-divide-by-zero.wasm",
    `${M}/trap-divide-by-zero.wasm`,
    /\nwasm error: integer divide by zero.*<\/pre>$/,
  ],
  ["trap-stack-overflow.wasm", `${M}/trap-stack-overflow.wasm`, /\nwasm error: .*<\/pre>$/],
];

for (const [name, path, message] of FAILING) {
  Deno.test(`devHandler() fails only the requests that run ${name}`, async () => {
    await withTempDir(async (dir) => {
      const sources = await writeSite(dir, path);
      await withTestServer(sources, async ({ url }) => {
        const bad = Array.from({ length: 4 }, () => fetchText(`${url}/bad.txt`));
        const good = Array.from({ length: 12 }, () => fetchText(`${url}/good.css`));
        const plain = Array.from({ length: 12 }, () => fetchText(`${url}/plain.json`));
        for (const response of await Promise.all(bad)) {
          assert.equal(response.status, 500);
          assert.match(response.text, message);
        }
        for (const response of await Promise.all(good)) {
          assert.equal(response.status, 200, response.text);
          assert.equal(response.text, "ABC");
        }
        for (const response of await Promise.all(plain)) assert.equal(response.text, "{}");
        // The workers that ran the failing module serve the next chains.
        const after = await Promise.all(
          Array.from({ length: 4 }, () => fetchText(`${url}/good.css`)),
        );
        assert.deepEqual(after.map((response) => response.text), ["ABC", "ABC", "ABC", "ABC"]);
      });
    });
  });
}

Deno.test("devHandler() logs a runaway request with its error and stage durations", async () => {
  await withTempDir(async (dir) => {
    const sources = await writeSite(dir, `${REPO_ROOT}/examples/infinite-loop.wasm`);
    await withTestServer(sources, async ({ url, logText }) => {
      assert.equal((await fetchText(`${url}/bad.txt`)).status, 500);
      assert.match(
        logText(),
        new RegExp(
          `dev: GET /bad.txt error=${
            RegExp.escape(TIME_LIMIT)
          }${IN_STAGE} duration_ms=\\d+ instantiation_ms=0 module_durations_ms=\\[\\d+\\]\\n`,
        ),
      );
    });
  });
});
