/**
 * A small HTTP load generator for when `wrk` is not installed: `connections` loops, each
 * sending GET requests one after another over its own keep-alive connection for `seconds`,
 * then prints one JSON line with the request count and latency percentiles.
 *
 * Usage: `deno run --allow-net=127.0.0.1 _http_load.ts <url> <seconds> <connections>`
 *
 * @module
 */

const [url, secondsText = "10", connectionsText = "32"] = Deno.args;
if (url === undefined) throw new TypeError("Usage: _http_load.ts <url> <seconds> <connections>");
const seconds = Number(secondsText);
const connections = Number(connectionsText);

const latenciesMs: number[] = [];
let failures = 0;
const started = performance.now();
const deadline = started + seconds * 1000;

async function loop(): Promise<void> {
  const client = Deno.createHttpClient({ poolMaxIdlePerHost: 1 });
  try {
    while (performance.now() < deadline) {
      const sent = performance.now();
      const response = await fetch(url!, { client });
      await response.arrayBuffer();
      latenciesMs.push(performance.now() - sent);
      if (response.status !== 200) failures++;
    }
  } finally {
    client.close();
  }
}

await Promise.all(Array.from({ length: connections }, loop));
const elapsedS = (performance.now() - started) / 1000;
latenciesMs.sort((a, b) => a - b);
const percentile = (p: number) =>
  latenciesMs[Math.min(latenciesMs.length - 1, Math.floor(latenciesMs.length * p))] ?? NaN;
console.log(JSON.stringify({
  requestsPerS: latenciesMs.length / elapsedS,
  p50Ms: percentile(0.5),
  p90Ms: percentile(0.9),
  p99Ms: percentile(0.99),
  failures,
}));
