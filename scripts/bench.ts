/**
 * `deno task bench`: runs every benchmark in scripts/bench/ (files not starting with `_`), each
 * in its own process, and prints their markdown sections. `deno task bench p2` runs the ones
 * whose name contains "p2".
 *
 * @module
 */

const benchDir = new URL("./bench/", import.meta.url);
const filters = Deno.args;
const scripts = [...Deno.readDirSync(benchDir)]
  .map((entry) => entry.name)
  .filter((name) => name.endsWith(".ts") && !name.startsWith("_"))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();

console.log(`## qip benchmarks (Deno ${Deno.version.deno}, V8 ${Deno.version.v8})\n`);
let failed = 0;
for (const name of scripts) {
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--no-prompt",
      "--unstable-worker-options",
      "--allow-read",
      "--allow-write",
      "--allow-run",
      "--allow-env",
      "--allow-sys",
      new URL(name, benchDir).pathname,
    ],
    stdout: "inherit",
    stderr: "inherit",
  }).spawn().status;
  if (code !== 0) {
    console.error(`${name} failed with exit code ${code}`);
    failed++;
  }
}
Deno.exit(failed === 0 ? 0 : 1);
