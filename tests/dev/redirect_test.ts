/**
 * A redirect from `qip dev` never leaves the site: every `Location` the server sends for an
 * unclean path must resolve, as a browser resolves it, to the server's own origin. Targets
 * are sent byte for byte over TCP to a real server on 127.0.0.1.
 */
import assert from "node:assert/strict";
import { withTempDir } from "../support/temp_dir.ts";
import { rawGet, rawRequest, withTestServer, writeTree } from "./_dev_support.ts";

/** Unclean targets that once cleaned could name another host, and what the server answers. */
const ATTACKS: Array<[string, number, string?]> = [
  ["/./\\evil.example", 404],
  ["//\\evil.example", 404],
  ["/x/../\\evil.example/p", 404],
  ["/./\\\\evil.example", 404],
  ["/\\./evil.example", 404],
  ["/a/..//\\evil.example", 404],
  ["/../\\evil.example?x=1", 404],
  ["/.//evil.example", 301, "/evil.example"],
  ["///evil.example", 301, "/evil.example"],
  ["//evil.example/", 301, "/evil.example/"],
  ["/x/..//evil.example", 301, "/evil.example"],
  ["/../../..//evil.example", 301, "/evil.example"],
  ["/./%5Cevil.example", 301, "/%5Cevil.example"],
  ["/./%5C%5Cevil.example", 301, "/%5C%5Cevil.example"],
  ["/./%2F%2Fevil.example", 301, "/%2F%2Fevil.example"],
  ["/./%2f/evil.example", 301, "/%2f/evil.example"],
  ["/./?next=//evil.example", 301, "/?next=//evil.example"],
  ["/.?\\evil.example", 301, "/?\\evil.example"],
  ["/./\u00e9vil.example/\u20ac", 301, "/%C3%A9vil.example/%E2%82%AC"],
  ["/x/../%09/evil.example", 301, "/%09/evil.example"],
];

/** What a browser does with a Location: resolve it against the page's URL. */
function assertSameOrigin(location: string, base: string, target: string): void {
  const resolved = new URL(location, base);
  assert.equal(resolved.origin, new URL(base).origin, `${target} -> ${location}`);
  assert.match(location, /^\/(?![/\\])/, target);
}

Deno.test(`devHandler() never redirects off the site (${ATTACKS.length} raw targets)`, async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "site/index.html": "home", "site/evil.example": "local file" });
    await withTestServer({ contentDir: `${dir}/site` }, async ({ server, url }) => {
      for (const [target, status, location] of ATTACKS) {
        const response = await rawGet(server.port, target);
        assert.equal(response.status, status, target);
        const sent = response.headers.get("location");
        assert.equal(sent, location, target);
        if (sent !== undefined) assertSameOrigin(sent, `${url}/some/page`, target);
      }
    });
  });
});

Deno.test("devHandler() refuses an off-site redirect for every method, not just GET", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "site/index.html": "home" });
    await withTestServer({ contentDir: `${dir}/site` }, async ({ server }) => {
      for (const method of ["GET", "HEAD", "POST", "OPTIONS"]) {
        const response = await rawRequest(
          server.port,
          `${method} /./\\evil.example HTTP/1.1\r\nHost: localhost:${server.port}\r\n` +
            "Content-Length: 0\r\nConnection: close\r\n\r\n",
        );
        assert.equal(response.status, 404, method);
        assert.equal(response.headers.get("location"), undefined, method);
      }
    });
  });
});

Deno.test("devHandler() refuses an off-site redirect in an absolute-form target too", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "site/index.html": "home" });
    await withTestServer({ contentDir: `${dir}/site` }, async ({ server }) => {
      const host = `localhost:${server.port}`;
      const offsite = await rawGet(server.port, `http://${host}//\\evil.example`, host);
      assert.equal(offsite.status, 404);
      assert.equal(offsite.headers.get("location"), undefined);
      const onsite = await rawGet(server.port, `http://${host}/./a?b`, host);
      assert.equal(onsite.headers.get("location"), "/a?b");
    });
  });
});

Deno.test("devHandler() still redirects a same-site unclean path to the file it names", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "site/index.html": "home", "site/evil.example": "local file" });
    await withTestServer({ contentDir: `${dir}/site` }, async ({ server }) => {
      const first = await rawGet(server.port, "//evil.example");
      assert.equal(first.headers.get("location"), "/evil.example");
      const followed = await rawGet(server.port, first.headers.get("location")!);
      assert.equal(followed.body, "local file");
    });
  });
});
