/**
 * The DNS-rebinding guard (beyond dev-server.md): only `localhost`, `127.0.0.1` and `[::1]`
 * with the server's port are answered; requests sent over TCP so the Host header is exactly
 * what a rebinding page's browser would send.
 */
import assert from "node:assert/strict";
import { isAllowedHost } from "../../src/dev/_host_guard.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { rawGet, rawRequest, withTestServer, writeTree } from "./_dev_support.ts";

Deno.test("isAllowedHost() accepts the loopback names with the server's port, any case", () => {
  for (const host of ["localhost:4000", "LOCALHOST:4000", "127.0.0.1:4000", "[::1]:4000"]) {
    assert.equal(isAllowedHost(host, 4000), true, host);
  }
  assert.equal(isAllowedHost("localhost", 80), true);
});

Deno.test("isAllowedHost() refuses other names, other ports and no Host at all", () => {
  const refused = [
    "localhost",
    "localhost:4001",
    "evil.example:4000",
    "localhost.evil.example:4000",
    "127.0.0.1.nip.io:4000",
    "127.0.0.2:4000",
    "0.0.0.0:4000",
    "[::1]",
    "::1:4000",
    "localhost.:4000",
    "localhost:04000x",
    "",
  ];
  for (const host of refused) assert.equal(isAllowedHost(host, 4000), false, host);
  assert.equal(isAllowedHost(null, 4000), false);
});

Deno.test("devHandler() answers a loopback Host with the server's port (4 spellings)", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "index.html": "home" });
    await withTestServer({ contentDir: dir }, async ({ server }) => {
      const port = server.port;
      for (
        const host of [
          `localhost:${port}`,
          `127.0.0.1:${port}`,
          `[::1]:${port}`,
          `LocalHost:${port}`,
        ]
      ) {
        const response = await rawGet(port, "/", host);
        assert.equal(response.status, 200, host);
        assert.equal(response.body, "home");
      }
    });
  });
});

Deno.test("devHandler() answers 403 to a rebinding Host, before routing or redirects", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "index.html": "home" });
    await withTestServer({ contentDir: dir }, async ({ server, logText }) => {
      const port = server.port;
      const hosts = [`evil.example:${port}`, "evil.example", `localhost:${port + 1}`, "localhost"];
      for (const host of hosts) {
        for (const target of ["/", "/missing", "/a/../", "/%zz"]) {
          const response = await rawGet(port, target, host);
          assert.equal(response.status, 403, `${host} ${target}`);
          assert.equal(
            response.body,
            `403 Forbidden: qip dev only answers requests for localhost:${port}, 127.0.0.1:${port} or [::1]:${port}\n`,
          );
          assert.equal(response.headers.get("location"), undefined);
        }
      }
      assert.match(logText(), /dev: GET \/ status=403 host="evil.example:\d+" duration_ms=\d+\n/);
    });
  });
});

Deno.test("devHandler() answers 403 without a Host header and to an absolute-form target elsewhere", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "index.html": "home" });
    await withTestServer({ contentDir: dir }, async ({ server }) => {
      const port = server.port;
      const requests = [
        "GET / HTTP/1.1\r\nConnection: close\r\n\r\n",
        "GET / HTTP/1.0\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n",
        `GET http://evil.example/ HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`,
        `GET http://localhost:${port}/ HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`,
      ];
      for (const request of requests) {
        assert.equal((await rawRequest(port, request)).status, 403, request);
      }
      const same =
        `GET http://localhost:${port}/ HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`;
      assert.equal((await rawRequest(port, same)).body, "home");
    });
  });
});
