/**
 * The P1 baseline: the least a Deno program can do to run hello.wasm on stdin (read stdin,
 * compile, instantiate, call `run`, print). No worker, no instrumentation, no checks.
 *
 * @module
 */

const input = new Uint8Array(await new Response(Deno.stdin.readable).arrayBuffer());
const module = await WebAssembly.compile(await Deno.readFile(Deno.args[0]!));
const instance = await WebAssembly.instantiate(module, {});
const exports = instance.exports as Record<
  string,
  WebAssembly.Global | WebAssembly.Memory | CallableFunction
>;
const memory = new Uint8Array((exports.memory as WebAssembly.Memory).buffer);
memory.set(input, (exports.input_ptr as WebAssembly.Global).value);
const length = (exports.run as (size: number) => number)(input.byteLength);
const outputPtr = (exports.output_ptr as WebAssembly.Global).value as number;
await Deno.stdout.write(memory.slice(outputPtr, outputPtr + length));
await Deno.stdout.write(new TextEncoder().encode("\n"));
