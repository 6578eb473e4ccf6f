/**
 * A small HTTPS server for the remote-module benchmark, run in its own process (the benchmark
 * runner has no net permission): serves `/hello.wasm` and `/random-16mib.bin` on 127.0.0.1 with
 * the test certificate in fixtures/tls and prints its port on stdout.
 *
 * @module
 */

const root = new URL("../../", import.meta.url).pathname;
const hello = await Deno.readFile(`${root}examples/hello.wasm`);
const random = new Uint8Array(16 * 1024 * 1024);
for (let offset = 0; offset < random.byteLength; offset += 65_536) {
  crypto.getRandomValues(random.subarray(offset, offset + 65_536));
}
const server = Deno.serve({
  hostname: "127.0.0.1",
  port: 0,
  cert: await Deno.readTextFile(`${root}fixtures/tls/localhost.pem`),
  key: await Deno.readTextFile(`${root}fixtures/tls/localhost-key.pem`),
  onListen: ({ port }) => console.log(port),
}, (request) => {
  const path = new URL(request.url).pathname;
  if (path === "/hello.wasm") return new Response(hello);
  if (path === "/random-16mib.bin") return new Response(random);
  return new Response("not found", { status: 404 });
});
await server.finished;
