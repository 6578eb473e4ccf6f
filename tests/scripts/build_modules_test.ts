import assert from "node:assert/strict";
import {
  type BuildModulesIo,
  discoverModules,
  type Language,
  main,
  probeToolchain,
  readBuildArgs,
} from "../../scripts/build_modules.ts";

const REPO_ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

/** One committed source per language, built in temporary checkouts. */
const SAMPLES: Readonly<Record<Language, string>> = {
  wat: "examples/hello.wat",
  c: "fixtures/modules/upper-4mib.c",
  assemblyscript: "fixtures/modules/swapcase-4mib.as.ts",
};

/** The languages whose toolchain is installed here; the others are left out of the samples. */
const LANGUAGES: Language[] = [];
for (const language of Object.keys(SAMPLES) as Language[]) {
  if (await probeToolchain(language) === undefined) LANGUAGES.push(language);
}

interface Captured extends BuildModulesIo {
  readonly outLines: string[];
  readonly errLines: string[];
}

function capture(): Captured {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return {
    outLines,
    errLines,
    out: (line) => outLines.push(line),
    err: (line) => errLines.push(line),
  };
}

/** Copies `paths` (relative to the checkout) into a new directory at `subdir` of a temp dir. */
async function makeCheckout(paths: readonly string[], subdir = ""): Promise<string> {
  const root = `${await Deno.makeTempDir({ prefix: "qip-build-test-" })}${subdir}`;
  for (const path of paths) {
    await Deno.mkdir(`${root}/${path.slice(0, path.lastIndexOf("/"))}`, { recursive: true });
    await Deno.copyFile(`${REPO_ROOT}/${path}`, `${root}/${path}`);
  }
  return root;
}

async function removeCheckout(root: string): Promise<void> {
  await Deno.remove(root.replace(/(qip-build-test-[^/]+).*$/, "$1"), { recursive: true });
}

Deno.test("readBuildArgs() collects the arguments of qip-build comments in the first lines", () => {
  assert.deepEqual(readBuildArgs(";; qip-build: --disable-simd\n(module)"), ["--disable-simd"]);
  assert.deepEqual(
    readBuildArgs("// one\n//qip-build:  -Wl,--initial-memory=196608 \n// qip-build: -O3\nint x;"),
    ["-Wl,--initial-memory=196608", "-O3"],
  );
  assert.deepEqual(readBuildArgs("int x; // qip-build: -O3"), []);
  assert.deepEqual(readBuildArgs(`${"\n".repeat(10)}// qip-build: -O3`), []);
});

Deno.test("discoverModules() finds sources by extension and names each .wasm after its source", async () => {
  const root = await Deno.makeTempDir({ prefix: "qip-build-test-" });
  try {
    for (const path of ["examples/a.wat", "examples/lib.h", "examples/tool.ts", "x/ignored.wat"]) {
      await Deno.mkdir(`${root}/${path.slice(0, path.lastIndexOf("/"))}`, { recursive: true });
      await Deno.writeTextFile(`${root}/${path}`, "");
    }
    await Deno.mkdir(`${root}/fixtures/modules/deep/er`, { recursive: true });
    await Deno.writeTextFile(`${root}/fixtures/modules/deep/er/b-as.as.ts`, "");
    await Deno.writeTextFile(`${root}/fixtures/modules/c.c`, "");
    assert.deepEqual(await discoverModules(root), [
      { language: "wat", sourcePath: "examples/a.wat", wasmPath: "examples/a.wasm" },
      { language: "c", sourcePath: "fixtures/modules/c.c", wasmPath: "fixtures/modules/c.wasm" },
      {
        language: "assemblyscript",
        sourcePath: "fixtures/modules/deep/er/b-as.as.ts",
        wasmPath: "fixtures/modules/deep/er/b-as.wasm",
      },
    ]);
    await Deno.writeTextFile(`${root}/examples/a.c`, "");
    await assert.rejects(discoverModules(root), {
      message: "Cannot build examples/a.wasm: two sources (examples/a.c, examples/a.wat)",
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("main() builds the same bytes twice and in checkouts at different paths", async () => {
  const sources = LANGUAGES.map((language) => SAMPLES[language]);
  const first = await makeCheckout(sources);
  const second = await makeCheckout(sources, "/a/much/deeper/checkout");
  try {
    const io = capture();
    assert.equal(await main([], { root: first, io }), 0);
    assert.equal(await main([], { root: second, io }), 0);
    for (const language of LANGUAGES) {
      const wasm = SAMPLES[language].replace(/(\.wat|\.c|\.as\.ts)$/, ".wasm");
      const bytes = await Deno.readFile(`${first}/${wasm}`);
      assert.deepEqual(await Deno.readFile(`${second}/${wasm}`), bytes, wasm);
      assert.deepEqual(await Deno.readFile(`${REPO_ROOT}/${wasm}`), bytes, `committed ${wasm}`);
    }
    const again = capture();
    assert.equal(await main([], { root: first, io: again }), 0);
    assert.deepEqual(again.outLines, [
      `Built ${LANGUAGES.length} module${LANGUAGES.length === 1 ? "" : "s"}: ` +
      `0 written, ${LANGUAGES.length} unchanged`,
    ]);
  } finally {
    await removeCheckout(first);
    await removeCheckout(second);
  }
});

Deno.test("main() with --check reports a modified and a missing .wasm and exits 1", async () => {
  const root = await makeCheckout([
    "examples/hello.wat",
    "examples/hello.wasm",
    "examples/infinite-loop.wat",
  ]);
  try {
    const modified = await Deno.readFile(`${root}/examples/hello.wasm`);
    modified.set([(modified.at(-1) ?? 0) ^ 1], modified.length - 1);
    await Deno.writeFile(`${root}/examples/hello.wasm`, modified);
    const io = capture();
    assert.equal(await main(["--check"], { root, io }), 1);
    assert.deepEqual(io.errLines, [
      "examples/hello.wasm differs from a fresh build of examples/hello.wat",
      "examples/infinite-loop.wasm is missing (source examples/infinite-loop.wat)",
    ]);
    assert.deepEqual(io.outLines, ["Checked 2 modules: 2 out of date"]);
    assert.deepEqual(await Deno.readFile(`${root}/examples/hello.wasm`), modified);
  } finally {
    await removeCheckout(root);
  }
});

Deno.test("main() with --check skips a language whose toolchain is missing and exits 0", async () => {
  const root = await makeCheckout([SAMPLES.c, "examples/hello.wat", "examples/hello.wasm"]);
  const path = Deno.env.get("PATH");
  Deno.env.set("PATH", "/nonexistent");
  try {
    const io = capture();
    assert.equal(await main(["--check"], { root, io }), 0);
    assert.deepEqual(io.errLines, [
      "1 C module not checked: clang or wasm-ld not found " +
      "(install with: apt-get install -y clang lld)",
    ]);
    assert.deepEqual(io.outLines, ["Checked 1 module: all up to date"]);
  } finally {
    if (path === undefined) Deno.env.delete("PATH");
    else Deno.env.set("PATH", path);
    await removeCheckout(root);
  }
});

Deno.test("main() builds only the sources its path arguments name (paths from cwd)", async () => {
  const root = await makeCheckout(["examples/hello.wat", "examples/infinite-loop.wat"]);
  try {
    const io = capture();
    assert.equal(await main(["hello.wasm"], { root, cwd: `${root}/examples`, io }), 0);
    assert.deepEqual(io.outLines, [
      "wrote examples/hello.wasm",
      "Built 1 module: 1 written, 0 unchanged",
    ]);
    const unknown = capture();
    assert.equal(await main(["nope.wat"], { root, cwd: `${root}/examples`, io: unknown }), 1);
    assert.deepEqual(unknown.errLines, ['No module source matches "examples/nope.wat"']);
  } finally {
    await removeCheckout(root);
  }
});

Deno.test("main() builds sources outside the checkout, next to themselves", async () => {
  const root = await makeCheckout(["examples/hello.wat", "examples/hello.wasm"]);
  const outside = await Deno.makeTempDir({ prefix: "qip-build-outside-" });
  try {
    await Deno.mkdir(`${outside}/nested`);
    await Deno.copyFile(`${REPO_ROOT}/examples/hello.wat`, `${outside}/greet.wat`);
    await Deno.copyFile(`${REPO_ROOT}/examples/crc.wat`, `${outside}/nested/crc.wat`);
    const io = capture();
    assert.equal(await main(["greet.wat"], { root, cwd: outside, io }), 0);
    assert.deepEqual(io.outLines, ["wrote greet.wasm", "Built 1 module: 1 written, 0 unchanged"]);
    assert.deepEqual(
      await Deno.readFile(`${outside}/greet.wasm`),
      await Deno.readFile(`${REPO_ROOT}/examples/hello.wasm`),
    );
    // A folder is searched recursively; paths are shown from the caller's folder.
    const folder = capture();
    assert.equal(await main([outside], { root, cwd: `${outside}/nested`, io: folder }), 0);
    assert.deepEqual(folder.outLines, [
      `wrote crc.wasm`,
      "Built 2 modules: 1 written, 1 unchanged",
    ]);
    const check = capture();
    assert.equal(await main(["--check", "."], { root, cwd: outside, io: check }), 0);
    assert.deepEqual(check.outLines, ["Checked 2 modules: all up to date"]);
    const none = capture();
    assert.equal(await main([`${outside}/nested/crc.wasm.txt`], { root, io: none }), 1);
    assert.deepEqual(none.errLines, [
      `No module source matches "${outside}/nested/crc.wasm.txt"`,
    ]);
  } finally {
    await removeCheckout(root);
    await Deno.remove(outside, { recursive: true });
  }
});

Deno.test("main() reports a source that does not compile and exits 1", async () => {
  const root = await Deno.makeTempDir({ prefix: "qip-build-test-" });
  try {
    await Deno.mkdir(`${root}/examples`);
    await Deno.writeTextFile(`${root}/examples/bad.wat`, "(module (func (result i32)))\n");
    const io = capture();
    assert.equal(await main([], { root, io }), 1);
    assert.equal(io.errLines.length, 1);
    assert.match(io.errLines[0] ?? "", /^Cannot build examples\/bad\.wat: /);
    assert.deepEqual(io.outLines, ["Built 0 modules: 0 written, 0 unchanged"]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("main() with --check finds every committed module up to date", async () => {
  const io = capture();
  const code = await main(["--check"], { root: REPO_ROOT, io });
  assert.deepEqual(io.errLines.filter((line) => !line.includes(" not checked: ")), []);
  assert.equal(code, 0);
});
