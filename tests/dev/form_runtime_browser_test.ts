/**
 * The injected `<qip-form>` runtime (abi.md §6.3) in a real browser: Debian's Chromium, driven
 * by playwright-core (in `_form_browser_driver.ts`), fills examples/form-email-message.wasm
 * end to end on a page served by a real `qip dev` server, and forms that loop get the time-limit
 * error while the page stays responsive. Skipped, with the reason printed,
 * when Chromium is not installed.
 */
import assert from "node:assert/strict";
import { REPO_ROOT, TOOLING_CONFIG } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { withTestServer, writeTree } from "./_dev_support.ts";

/** The first `chromium` (or `chromium-browser`) on PATH, or `undefined`. */
function findChromium(): string | undefined {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    for (const name of ["chromium", "chromium-browser"]) {
      try {
        if (Deno.statSync(`${dir}/${name}`).isFile) return `${dir}/${name}`;
      } catch {
        // not in this directory
      }
    }
  }
  return undefined;
}

const CHROMIUM = findChromium();
if (CHROMIUM === undefined) {
  console.log(
    "form_runtime_browser_test.ts: skipped, no chromium on PATH (Debian: apt-get install -y chromium)",
  );
}

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>forms</title></head>
<body><main><qip-form name="email"></qip-form></main></body></html>`;

/** Forms that loop, next to one that works. */
const LOOPS_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>loops</title></head>
<body><main><qip-form name="loops-at-once"></qip-form><qip-form name="loops"></qip-form>
<qip-form name="email"></qip-form></main></body></html>`;

Deno.test({
  name:
    "FORM_RUNTIME_SCRIPT fills form-email-message.wasm in Chromium, errors, time limits and all",
  ignore: CHROMIUM === undefined,
  async fn() {
    await withTempDir(async (dir) => {
      await writeTree(dir, { "site/index.html": PAGE, "site/loops.html": LOOPS_PAGE });
      await Deno.mkdir(`${dir}/forms`);
      await Deno.copyFile(
        `${REPO_ROOT}/examples/form-email-message.wasm`,
        `${dir}/forms/email.wasm`,
      );
      // Forms whose run loops once answered, and whose first prompt loops.
      await Deno.copyFile(
        `${REPO_ROOT}/fixtures/hostile/form-run-loops.wasm`,
        `${dir}/forms/loops.wasm`,
      );
      await Deno.copyFile(
        `${REPO_ROOT}/fixtures/hostile/form-key-size-loops.wasm`,
        `${dir}/forms/loops-at-once.wasm`,
      );
      const sources = { contentDir: `${dir}/site`, formsDir: `${dir}/forms` };
      await withTestServer(sources, async ({ url }) => {
        const driver = new URL("./_form_browser_driver.ts", import.meta.url).pathname;
        const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
          args: [
            "run",
            "--config",
            TOOLING_CONFIG,
            "--quiet",
            "--allow-all",
            "--no-prompt",
            driver,
            CHROMIUM!,
            `${url}/`,
          ],
          cwd: REPO_ROOT,
          env: { NO_COLOR: "1" },
          stdin: "null",
          // A page frozen by a form would otherwise hang the test.
          signal: AbortSignal.timeout(120_000),
        }).output();
        const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
        assert.equal(code, 0, `${decode(stdout)}${decode(stderr)}`);
        assert.equal(decode(stdout), "all form checks passed\n");
      });
    });
  },
});
