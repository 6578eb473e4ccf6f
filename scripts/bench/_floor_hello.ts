/**
 * The design floor of P1 (issue 17): the least a Deno program can do to run hello.wasm the way
 * qip's design requires, in a `permissions: "none"` worker. It spawns the worker (its script
 * from a `blob:` URL, as qip's are), compiles hello.wasm on the main thread, posts the module
 * and stdin to the worker, which instantiates it and calls `run`, and prints the output. No
 * instrumentation, no checks, no flags.
 *
 * @module
 */

const WORKER = `self.onmessage = ({ data: { module, input } }) => {
  const exports = new WebAssembly.Instance(module, {}).exports;
  const memory = new Uint8Array(exports.memory.buffer);
  memory.set(input, exports.input_ptr.value);
  const length = exports.run(input.byteLength);
  const at = exports.output_ptr.value;
  self.postMessage(memory.slice(at, at + length));
};`;

const worker = new Worker(
  URL.createObjectURL(new Blob([WORKER], { type: "text/javascript" })),
  { type: "module", deno: { permissions: "none" } },
);
const input = new Uint8Array(await new Response(Deno.stdin.readable).arrayBuffer());
const module = await WebAssembly.compile(await Deno.readFile(Deno.args[0]!));
const output = await new Promise<Uint8Array>((resolve) => {
  worker.onmessage = (event: MessageEvent<Uint8Array>) => resolve(event.data);
  worker.postMessage({ module, input });
});
await Deno.stdout.write(output);
worker.terminate();
