import assert from "node:assert/strict";
import { REPO_ROOT } from "../support/run_qip.ts";

async function inTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/in.txt`, "Caller");
    await Deno.copyFile(`${REPO_ROOT}/examples/hello.wasm`, `${dir}/hello.wasm`);
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("scripts/qip resolves relative paths against the caller's directory", async () => {
  await inTempDir(async (dir) => {
    const output = await new Deno.Command(`${REPO_ROOT}/scripts/qip`, {
      args: ["run", "-i", "in.txt", "hello.wasm"],
      cwd: dir,
      env: { QIP_DENO: Deno.execPath() },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(new TextDecoder().decode(output.stderr), "");
    assert.equal(new TextDecoder().decode(output.stdout), "Hello, Caller\n");
  });
});

Deno.test("scripts/qip works through a chain of symlinks (bin/qip -> link -> scripts/qip)", async () => {
  await inTempDir(async (dir) => {
    await Deno.mkdir(`${dir}/bin`);
    await Deno.symlink(`${REPO_ROOT}/scripts/qip`, `${dir}/link-to-qip`);
    await Deno.symlink("../link-to-qip", `${dir}/bin/qip`); // relative to bin/
    const output = await new Deno.Command(`${dir}/bin/qip`, {
      args: ["run", "-i", "in.txt", "hello.wasm"],
      cwd: dir,
      env: { QIP_DENO: Deno.execPath() },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(new TextDecoder().decode(output.stderr), "");
    assert.equal(new TextDecoder().decode(output.stdout), "Hello, Caller\n");
  });
});

Deno.test("deno task qip resolves relative paths against the directory it was started in", async () => {
  await inTempDir(async (dir) => {
    const output = await new Deno.Command(Deno.execPath(), {
      args: [
        "task",
        "--quiet",
        "--config",
        `${REPO_ROOT}/deno.json`,
        "qip",
        "run",
        "-i",
        "in.txt",
        "hello.wasm",
      ],
      cwd: dir,
      // A clean environment, as in a user's shell: an outer `deno task` would set INIT_CWD.
      clearEnv: true,
      env: {
        PATH: Deno.env.get("PATH") ?? "",
        HOME: Deno.env.get("HOME") ?? "",
        QIP_DENO: Deno.execPath(),
        NO_COLOR: "1",
      },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(new TextDecoder().decode(output.stdout), "Hello, Caller\n");
    assert.equal(output.code, 0);
  });
});
