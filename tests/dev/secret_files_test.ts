/**
 * `qip dev` does not serve `.env`, `.env.*`, `.git/` or key and certificate files unless
 * `--serve-secrets` is given (Vite's `server.fs.deny` default): not by their path, an alias, a
 * redirect, an encoded form, a page route through a recipe, or a symlink swapped in later.
 */
import assert from "node:assert/strict";
import { runQip } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";
import {
  copyMarkdownRecipes,
  fetchText,
  rawGet,
  startDevProcess,
  withTestServer,
  writeTree,
} from "./_dev_support.ts";

const SECRET = "SECRET-VALUE-NEVER-SERVED";

const PROJECT = {
  "site/index.html": "home",
  "site/a.txt": "A",
  "site/.well-known/security.txt": "Contact: mailto:security@example.com",
  "site/docs/environment.md": "# Environment",
  "site/.gitignore": "dist/",
  "site/.env": `TOKEN=${SECRET}`,
  "site/.env.local": `TOKEN=${SECRET}`,
  "site/.ENV.Production": `TOKEN=${SECRET}`,
  "site/.env.md": `# ${SECRET}`,
  "site/.git/config": `[remote] url = https://${SECRET}@example.com`,
  "site/.git/HEAD": `ref: ${SECRET}`,
  "site/vendor/lib/.git": `gitdir: ${SECRET}`,
  "site/tls/server.key": SECRET,
  "site/tls/cert.PEM": SECRET,
  "site/tls/site.crt": SECRET,
  "site/app/.env.development/index.html": SECRET,
};

/** The project without `.env.md`, whose `/.env` route would clash with `.env` once served. */
const { "site/.env.md": _page, ...SERVABLE } = PROJECT;

/** Raw targets that name a secret some way; none may answer with it. */
const DENIED: string[] = [
  "/.env",
  "/.env/",
  "/.env.local",
  "/.ENV.Production",
  "/.env.md",
  "/%2eenv",
  "/%2Eenv.local",
  "/.git/config",
  "/.git/HEAD",
  "/.git/",
  "/.git",
  "/.GIT/config",
  "/%2egit/config",
  "/.git%2fconfig",
  "/vendor/lib/.git",
  "/tls/server.key",
  "/tls/cert.PEM",
  "/tls/site.crt",
  "/app/.env.development/",
  "/app/.env.development",
  "/sub/%2e%2e/.env",
];

/** Unclean targets: the redirect names the clean path, which is then refused too. */
const REDIRECTED: Array<[string, string]> = [
  ["/./.env", "/.env"],
  ["/docs/../.git/config", "/.git/config"],
  ["//tls/server.key", "/tls/server.key"],
];

Deno.test(`qip dev refuses secret files by default (${DENIED.length} raw targets)`, async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, PROJECT);
    await copyMarkdownRecipes(`${dir}/recipes`);
    const sources = { contentDir: `${dir}/site`, recipesDir: `${dir}/recipes` };
    await withTestServer(sources, async ({ server, logText }) => {
      // Ten: four .env files at the root, .git, two nested ones, three keys (a directory once).
      assert.match(
        logText(),
        /dev: not serving 10 secret paths \(\.env, \.env\.\*, \.git, \*\.pem, \*\.key, \*\.crt\); --serve-secrets serves them\n/,
      );
      for (const target of DENIED) {
        const response = await rawGet(server.port, target);
        assert.ok(
          response.status === 404 || response.status === 400,
          `${target} ${response.status}`,
        );
        assert.ok(!response.body.includes(SECRET), target);
      }
      for (const [target, location] of REDIRECTED) {
        const response = await rawGet(server.port, target);
        assert.equal(response.status, 301, target);
        assert.equal(response.headers.get("location"), location, target);
        const followed = await rawGet(server.port, location);
        assert.equal(followed.status, 404, location);
        assert.ok(!followed.body.includes(SECRET), location);
      }
      assert.equal((await rawGet(server.port, "/.well-known/security.txt")).status, 200);
      assert.match((await rawGet(server.port, "/docs/environment")).body, /<h1>Environment<\/h1>/);
      assert.equal((await rawGet(server.port, "/a.txt")).body, "A");
      assert.equal((await rawGet(server.port, "/.gitignore")).body, "dist/");
    });
  });
});

Deno.test("qip dev --serve-secrets serves them as the original did", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, SERVABLE);
    await withTestServer({ contentDir: `${dir}/site`, serveSecrets: true }, async ({ url }) => {
      for (const path of ["/.env", "/.env.local", "/.git/config", "/tls/server.key"]) {
        const response = await fetchText(`${url}${path}`);
        assert.equal(response.status, 200, path);
        assert.ok(response.text.includes(SECRET), path);
      }
    });
  });
});

Deno.test("qip dev refuses a served file swapped for a symlink to a secret", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, PROJECT);
    await withTestServer({ contentDir: `${dir}/site` }, async ({ url }) => {
      assert.equal((await fetchText(`${url}/a.txt`)).text, "A");
      await Deno.remove(`${dir}/site/a.txt`);
      await Deno.symlink(`${dir}/site/.env`, `${dir}/site/a.txt`);
      const response = await fetchText(`${url}/a.txt`);
      assert.equal(response.status, 404);
      assert.ok(!response.text.includes(SECRET));
    });
  });
});

Deno.test("qip dev does not look inside skipped secrets (a symlink in .git does not stop it)", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, PROJECT);
    await Deno.symlink(`${dir}/site/.git/HEAD`, `${dir}/site/.git/link`);
    await Deno.symlink(`${dir}/site/.env`, `${dir}/site/.env.link`);
    await withTestServer({ contentDir: `${dir}/site` }, async ({ url }) => {
      assert.equal((await fetchText(`${url}/.git/link`)).status, 404);
      assert.equal((await fetchText(`${url}/.env.link`)).status, 404);
    });
    // With secrets served, the tree is checked in full again, as the spec's walk does.
    const result = await runQip(["dev", `${dir}/site`, "--serve-secrets", "-p", "1"]);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, `content entry "${dir}/site/.env.link" must be a regular file\n`);
  });
});

Deno.test("qip dev --serve-secrets through the launcher serves .env", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, SERVABLE);
    const plain = await startDevProcess([`${dir}/site`]);
    try {
      assert.equal((await fetchText(`http://127.0.0.1:${plain.port}/.env`)).status, 404);
    } finally {
      assert.equal(await plain.stop("SIGTERM"), 0);
    }
    assert.match(plain.stderr(), /dev: not serving 9 secret paths /);
    const opted = await startDevProcess([`${dir}/site`, "--serve-secrets"]);
    try {
      const response = await fetchText(`http://127.0.0.1:${opted.port}/.env`);
      assert.equal(response.text, `TOKEN=${SECRET}`);
      assert.doesNotMatch(opted.stderr(), /not serving/);
    } finally {
      assert.equal(await opted.stop("SIGTERM"), 0);
    }
  });
});
