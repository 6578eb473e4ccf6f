/**
 * `qip completions bash|zsh|fish`: scripts generated from the parser's flag table, checked by
 * the shells themselves (bash always; zsh and fish when installed).
 */

import assert from "node:assert/strict";
import { COMMAND_FLAGS } from "../../src/cli/_command_flags.ts";
import { COMPLETIONS_USAGE } from "../../src/cli/_completions_command.ts";
import { runQip } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";

async function has(program: string): Promise<boolean> {
  try {
    const { success } = await new Deno.Command("sh", {
      args: ["-c", `command -v ${program}`],
      stdout: "null",
    }).output();
    return success;
  } catch {
    return false;
  }
}

async function shell(program: string, args: string[]): Promise<{ code: number; out: string }> {
  const { code, stdout, stderr } = await new Deno.Command(program, { args }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code, out: `${decode(stdout)}${decode(stderr)}` };
}

async function script(name: string): Promise<string> {
  const result = await runQip(["completions", name]);
  assert.equal(result.code, 0, result.stderr);
  return result.stdoutText;
}

Deno.test("every completion script offers every command and every flag of each command", async () => {
  for (const name of ["bash", "zsh", "fish"]) {
    const text = await script(name);
    for (const [command, { flags }] of Object.entries(COMMAND_FLAGS)) {
      assert.ok(text.includes(command), `${name}: ${command}`);
      for (const flag of Object.keys(flags)) {
        const spelled = name === "fish" ? `-l ${flag}` : `--${flag}`;
        assert.ok(text.includes(spelled), `${name}: ${command} --${flag}`);
      }
    }
  }
});

Deno.test("bash completes commands and flags from the generated script", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/qip.bash`, await script("bash"));
    const complete = async (words: string[]) =>
      (await shell("bash", [
        "-c",
        `source ${dir}/qip.bash; COMP_WORDS=(${words.join(" ")}); ` +
        `COMP_CWORD=${words.length - 1}; _qip; echo "\${COMPREPLY[*]}"`,
      ])).out.trim();
    assert.equal(await complete(["qip", "im"]), "image");
    assert.equal(await complete(["qip", "run", "--ti"]), "--timeout-ms");
    assert.equal(await complete(["qip", "image", "--max-p"]), "--max-pixels");
    assert.equal(await complete(["qip", "bench", "--js"]), "--json");
    assert.equal(await complete(["qip", "completions", "f"]), "fish");
  });
});

Deno.test({
  name: "zsh and fish accept their scripts; fish completes a flag",
  ignore: !(await has("zsh")) || !(await has("fish")),
  async fn() {
    await withTempDir(async (dir) => {
      await Deno.writeTextFile(`${dir}/_qip`, await script("zsh"));
      await Deno.writeTextFile(`${dir}/qip.fish`, await script("fish"));
      assert.equal((await shell("zsh", ["-n", `${dir}/_qip`])).code, 0);
      assert.equal((await shell("fish", ["-n", `${dir}/qip.fish`])).code, 0);
      const fish = await shell("fish", [
        "-c",
        `source ${dir}/qip.fish; complete -C"qip dev --max-m"`,
      ]);
      assert.match(fish.out, /^--max-memo\t/);
    });
  },
});

Deno.test("qip completions without a known shell prints its usage (exit 1)", async () => {
  for (const args of [["completions"], ["completions", "tcsh"]]) {
    const result = await runQip(args);
    assert.equal(result.stderr, `${COMPLETIONS_USAGE}\n`);
    assert.equal(result.code, 1);
  }
});
