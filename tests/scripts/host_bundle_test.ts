import assert from "node:assert/strict";
import { buildHostBundle, HOST_BUNDLE_DIR } from "../../scripts/build_host_bundle.ts";
import { REPO_ROOT } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";

const bundle = new URL("main.js", HOST_BUNDLE_DIR).pathname;
const INVERT = "examples/rgba/invert.wasm";

/** What the launcher runs (its entry file), and what `qip run hello.wasm` prints through it. */
async function launch(): Promise<{ entry: string | undefined; stdout: string }> {
  const launcher = `${REPO_ROOT}/scripts/qip`;
  const env = { QIP_DENO: Deno.execPath() };
  const printed = await new Deno.Command(launcher, {
    args: ["run", "examples/hello.wasm"],
    cwd: REPO_ROOT,
    env: { ...env, QIP_PRINT_COMMAND: "1" },
    stdout: "piped",
  }).output();
  const words = new TextDecoder().decode(printed.stdout).trim().split("\n");
  const child = new Deno.Command(launcher, {
    args: ["run", "examples/hello.wasm"],
    cwd: REPO_ROOT,
    env,
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode("World"));
  await writer.close();
  const { stdout } = await child.output();
  return { entry: words.at(-3), stdout: new TextDecoder().decode(stdout) };
}

Deno.test("the launcher runs the bundled host while it is fresh, and main.ts once a source is newer", async () => {
  await buildHostBundle();
  assert.deepEqual(await launch(), { entry: bundle, stdout: "Hello, World\n" });
  // The image command's chunk loads imagescript's PNG decoder from beside the bundle.
  await withTempDir(async (dir) => {
    const { code, stderr } = await new Deno.Command(`${REPO_ROOT}/scripts/qip`, {
      args: ["image", "-i", "fixtures/images/saam-40x30.png", "-o", `${dir}/out.png`, INVERT],
      cwd: REPO_ROOT,
      env: { QIP_DENO: Deno.execPath() },
      stderr: "piped",
    }).output();
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    assert.ok((await Deno.stat(`${dir}/out.png`)).size > 0);
  });
  // A bundle older than the sources (say, after a checkout) is not used.
  const built = (await Deno.stat(bundle)).mtime!;
  try {
    await Deno.utime(bundle, new Date(0), new Date(0));
    assert.deepEqual(await launch(), {
      entry: `${REPO_ROOT}/main.ts`,
      stdout: "Hello, World\n",
    });
  } finally {
    await Deno.utime(bundle, built, built);
  }
});
