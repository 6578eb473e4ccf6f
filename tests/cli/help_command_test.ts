import assert from "node:assert/strict";
import { COMMAND_FLAGS, type FlaggedCommand } from "../../src/cli/_command_flags.ts";
import { parseBenchFlags } from "../../src/cli/_bench_command.ts";
import { parseBuildFlags } from "../../src/cli/_build_command.ts";
import type { FlagDefinition } from "../../src/cli/_flags.ts";
import { parseDevFlags } from "../../src/cli/_dev_command.ts";
import { parseFormFlags } from "../../src/cli/_form_command.ts";
import { parseGetFlags } from "../../src/cli/_get_command.ts";
import { commandUsage, MORE_COMMANDS } from "../../src/cli/_help_command.ts";
import { parseImageFlags } from "../../src/cli/_image_flags.ts";
import { parseRunFlags } from "../../src/cli/_run_command.ts";
import { MAIN_USAGE, RUN_HELP, USAGE } from "../../src/cli/_usage.ts";
import { REPO_ROOT, runQip } from "../support/run_qip.ts";

const COMMANDS = Object.keys(COMMAND_FLAGS) as FlaggedCommand[];

Deno.test("qip help, --help and -h print the main usage, the run help and the other commands on stdout (exit 0)", async () => {
  for (const args of [["help"], ["--help"], ["-h"]]) {
    const result = await runQip(args);
    assert.equal(result.stdoutText, `${MAIN_USAGE}\n\n${RUN_HELP}\n\n${MORE_COMMANDS}\n`);
    assert.equal(result.code, 0);
    for (const command of [...COMMANDS, "help", "version", "completions"]) {
      assert.match(result.stdoutText, new RegExp(`^  ${command} `, "m"), command);
    }
  }
  assert.ok(
    RUN_HELP.startsWith(
      "Usage: qip run [-v] [-i <input>] <wasm module URL or file>...\n\nModule contracts:",
    ),
  );
});

Deno.test("qip help <command> starts with the spec's text, then every flag with its default", async () => {
  for (const command of COMMANDS) {
    const result = await runQip(["help", command]);
    assert.equal(result.code, 0, command);
    const specText = command === "run" ? RUN_HELP : commandUsage(command);
    assert.ok(result.stdoutText.startsWith(`${specText}\n\nFlags:\n`), command);
    for (
      const [name, definition] of Object.entries<FlagDefinition>(COMMAND_FLAGS[command].flags)
    ) {
      const flagLines = result.stdoutText.split("\nFlags:\n")[1]!.split("\n");
      const line = flagLines.find((text) =>
        text.includes(`--${name} `) || text.endsWith(`--${name}`)
      );
      assert.ok(line !== undefined, `qip help ${command} misses --${name}`);
      if (definition.short !== undefined) assert.match(line, new RegExp(`-${definition.short}, `));
      if (definition.default !== undefined) {
        assert.ok(line.includes(`(default ${definition.default})`), line);
      }
    }
  }
  assert.equal((await runQip(["doc", "form", "extra"])).code, 0);
  const unknown = await runQip(["help", "nope"]);
  assert.equal(unknown.stderr, "Usage: qip help [command]\n");
  assert.equal(unknown.code, 1);
});

Deno.test("help examples name files that exist in this repository", async () => {
  for (const command of COMMANDS) {
    for (const example of COMMAND_FLAGS[command].examples) {
      assert.ok(example.startsWith(`qip ${command} `) || example.includes(`| qip ${command} `));
      for (const [path] of example.matchAll(/\b(?:examples|docs|fixtures)\/[\w./-]+|README\.md/g)) {
        await Deno.stat(`${REPO_ROOT}/${path}`).catch(() => {
          throw new Error(`qip help ${command}: example names ${path}, which does not exist`);
        });
      }
    }
  }
});

Deno.test("the parsers accept exactly the flags help lists", () => {
  const parsers: Record<FlaggedCommand, (args: string[]) => unknown> = {
    run: (args) => parseRunFlags([...args, "m.wasm"]),
    bench: (args) => parseBenchFlags([...args, "-i", "in", "m.wasm"]),
    image: (args) => parseImageFlags([...args, "-i", "in", "-o", "out", "m.wasm"]),
    dev: (args) => parseDevFlags([...args, "site"]),
    form: (args) => parseFormFlags([...args, "m.wasm"]),
    get: (args) => parseGetFlags([...args, "m.wasm"]),
    build: (args) => parseBuildFlags([...args, "-o", "out", "site"]),
  };
  const undefinedFlag = (parse: (args: string[]) => unknown, args: string[]) => {
    try {
      parse(args);
      return false;
    } catch (error) {
      return (error as Error).message.includes("flag provided but not defined");
    }
  };
  for (const command of COMMANDS) {
    for (
      const [name, definition] of Object.entries<FlagDefinition>(COMMAND_FLAGS[command].flags)
    ) {
      const args = definition.type === "string" ? [`--${name}=1`] : [`--${name}`];
      assert.equal(undefinedFlag(parsers[command], args), false, `${command} --${name}`);
    }
    assert.equal(undefinedFlag(parsers[command], ["--not-a-flag"]), true, command);
  }
});

Deno.test("qip <command> --help prints the spec's flag error, then every flag (exit 1)", async () => {
  const result = await runQip(["image", "--help"]);
  assert.equal(result.code, 1);
  const [first, ...rest] = result.stderr.split("\n");
  assert.equal(first, `${USAGE.image} flag: help requested`);
  for (const name of Object.keys(COMMAND_FLAGS.image.flags)) {
    assert.ok(rest.some((line) => line.includes(`--${name}`)), name);
  }
});

Deno.test("qip without a known command prints the main usage on stderr (exit 1), naming a mistyped one", async () => {
  for (const args of [[], ["-v"], ["--verbose"]]) {
    const result = await runQip(args);
    assert.equal(result.stderr, `${MAIN_USAGE}\n`, args.join(" "));
    assert.equal(result.stdoutText, "");
    assert.equal(result.code, 1);
  }
  const typo = await runQip(["rn", "examples/hello.wasm"]);
  assert.equal(typo.stderr, `${MAIN_USAGE}\nqip: unknown command "rn" (did you mean "run"?)\n`);
  assert.equal(typo.code, 1);
  const unknown = await runQip(["frobnicate"]);
  assert.equal(unknown.stderr, `${MAIN_USAGE}\nqip: unknown command "frobnicate"\n`);
});

Deno.test("a mistyped flag names the nearest one", async () => {
  const result = await runQip(["run", "--timeout", "5", "examples/hello.wasm"]);
  assert.equal(
    result.stderr,
    `${USAGE.run} flag provided but not defined: --timeout (did you mean --timeout-ms?)\n`,
  );
  assert.equal(result.code, 1);
});

Deno.test("the usage text matches the spec byte for byte", () => {
  assert.equal(
    MAIN_USAGE,
    [
      "Usage: qip <command> [args]",
      "",
      "Commands:",
      "  run   Run a chain of wasm modules on input",
      "  bench Compare one or more wasm modules for output parity and performance",
      "  image Run wasm filters on an input image",
      "  dev   Start a dev server for a content directory with optional recipes",
      "  form  Run an interactive wasm form module in the terminal",
      "  help  Show command help",
    ].join("\n"),
  );
});
