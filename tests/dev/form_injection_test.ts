/**
 * `<qip-form>` injection on a real server (dev-server.md §7): the inline script and where it
 * goes, only the modules a page names, form digests in the ETag, the 500s for bad tags, and form
 * module discovery.
 */
import assert from "node:assert/strict";
import { discoverFormModules } from "../../src/dev/_form_modules.ts";
import { findFormNames } from "../../src/dev/_form_tags.ts";
import { REPO_ROOT } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { copyMarkdownRecipes, fetchText, withTestServer, writeTree } from "./_dev_support.ts";

const EMAIL_FORM = `${REPO_ROOT}/examples/form-email-message.wasm`;
const VCARD_FORM = `${REPO_ROOT}/examples/form-vcard-business.wasm`;

async function writeForms(dir: string): Promise<void> {
  await Deno.mkdir(`${dir}/forms/nested`, { recursive: true });
  await Deno.copyFile(EMAIL_FORM, `${dir}/forms/email.wasm`);
  await Deno.copyFile(VCARD_FORM, `${dir}/forms/nested/card.wasm`);
  await Deno.writeTextFile(`${dir}/forms/notes.txt`, "ignored");
}

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  parts.reduce((offset, part) => (joined.set(part, offset), offset + part.byteLength), 0);
  return new Uint8Array(await crypto.subtle.digest("SHA-256", joined));
}

Deno.test("findFormNames() finds names case-insensitively, unescaped, sorted and once", () => {
  const html = `<QIP-FORM name="b"></qip-form><qip-form NAME = 'a'><qip-form name=&#97;>
    <qip-form class="x" name=" c&amp;d ">`;
  assert.deepEqual(findFormNames(html), ["a", "b", "c&d"]);
  assert.deepEqual(findFormNames("<p>none</p>"), []);
  assert.deepEqual(findFormNames('<qip-form-extra name="odd">'), ["odd"]);
  assert.deepEqual(findFormNames('<qip-form data-name="first" name="second">'), ["first"]);
});

Deno.test("findFormNames() refuses a tag without a name or with an empty one", () => {
  assert.throws(() => findFormNames("<qip-form>"), {
    message: "<qip-form> tag is missing required name attribute",
  });
  assert.throws(() => findFormNames('<qip-form name="  ">'), {
    message: "<qip-form> name attribute must not be empty",
  });
});

Deno.test("discoverFormModules() names modules by path and skips other files", async () => {
  await withTempDir(async (dir) => {
    await writeForms(dir);
    const forms = await discoverFormModules(`${dir}/forms`);
    assert.deepEqual([...forms.keys()], ["email", "nested/card"]);
    assert.equal(forms.get("nested/card")?.fullPath, `${dir}/forms/nested/card.wasm`);
  });
});

Deno.test("discoverFormModules() refuses two files for one name (a.wasm and a.WASM)", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "forms/a.WASM": "", "forms/a.wasm": "" });
    await assert.rejects(discoverFormModules(`${dir}/forms`), {
      message: `duplicate form module name "a" in "${dir}/forms/a.WASM" and "${dir}/forms/a.wasm"`,
    });
  });
});

Deno.test("discoverFormModules() checks every module by the form contract when it loads", async () => {
  await withTempDir(async (dir) => {
    await writeForms(dir);
    // hello.wasm is a run module: input_ptr is a global, and forms take functions only.
    await Deno.copyFile(`${REPO_ROOT}/examples/hello.wasm`, `${dir}/forms/hello.wasm`);
    await assert.rejects(discoverFormModules(`${dir}/forms`), {
      message:
        `Wasm module must export input_ptr as a function: form module "hello" (${dir}/forms/hello.wasm)`,
    });
    await Deno.writeTextFile(`${dir}/forms/hello.wasm`, "not wasm");
    await assert.rejects(
      discoverFormModules(`${dir}/forms`),
      (error: Error) =>
        error.message.startsWith(
          `Wasm module could not be compiled: form module "hello" (${dir}/forms/hello.wasm): `,
        ),
    );
  });
});

Deno.test("discoverFormModules() refuses a module named only .wasm", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "forms/.wasm": "" });
    await assert.rejects(discoverFormModules(`${dir}/forms`), {
      message: 'form path ".wasm" must include a name before .wasm',
    });
  });
});

Deno.test("devHandler() injects the used form modules before the last </body>", async () => {
  await withTempDir(async (dir) => {
    await writeForms(dir);
    const page = `<html><body><qip-form name="email"></qip-form></body><!-- </BODY> -->tail`;
    await writeTree(dir, { "site/index.html": page });
    const sources = { contentDir: `${dir}/site`, formsDir: `${dir}/forms` };
    await withTestServer(sources, async ({ url }) => {
      const response = await fetchText(`${url}/`);
      assert.equal(response.status, 200);
      const base64 = (await Deno.readFile(EMAIL_FORM)).toBase64();
      const script =
        `<script type="module">\nconst qipFormModules = new Map([\n  ["email", "${base64}"],\n]);\n`;
      const at = page.lastIndexOf("</BODY>");
      assert.ok(response.text.startsWith(page.slice(0, at) + script));
      assert.ok(
        response.text.endsWith(
          `customElements.define("qip-form", QipFormElement);\n</script></BODY> -->tail`,
        ),
      );
      assert.ok(!response.text.includes("nested/card"));
      const source = await sha256(new TextEncoder().encode(page));
      const expected = await sha256(source, await sha256(await Deno.readFile(EMAIL_FORM)));
      assert.equal(response.headers.get("etag"), `"${expected.toHex()}"`);
    });
  });
});

Deno.test("devHandler() injects forms into markdown rendered as HTML, appending without </body>", async () => {
  await withTempDir(async (dir) => {
    await writeForms(dir);
    await writeTree(dir, {
      "site/contact.md": '# Contact\n\n<qip-form name="nested/card"></qip-form>\n',
      "site/raw.html": '<qip-form name="email">',
    });
    await copyMarkdownRecipes(`${dir}/recipes`);
    const sources = {
      contentDir: `${dir}/site`,
      recipesDir: `${dir}/recipes`,
      formsDir: `${dir}/forms`,
    };
    await withTestServer(sources, async ({ url }) => {
      const rendered = await fetchText(`${url}/contact`);
      assert.ok(rendered.text.includes('  ["nested/card", "'), rendered.text);
      assert.match(rendered.text, /<\/script><\/body>\s*<\/html>\s*$/);
      const raw = await fetchText(`${url}/raw.html`);
      assert.ok(raw.text.startsWith('<qip-form name="email"><script type="module">'));
      assert.ok(raw.text.endsWith("</script>"));
    });
  });
});

Deno.test("devHandler() leaves non-HTML responses alone (a .txt naming a form)", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "site/a.txt": '<qip-form name="missing">' });
    await withTestServer({ contentDir: `${dir}/site` }, async ({ url }) => {
      assert.equal((await fetchText(`${url}/a.txt`)).text, '<qip-form name="missing">');
    });
  });
});

const FORM_ERRORS: Array<[string, string, boolean, string]> = [
  [
    "no --forms",
    '<qip-form name="email">',
    false,
    "qip-form tags detected, but no form modules are loaded (pass --forms &lt;forms_dir&gt;)",
  ],
  [
    "an unknown name",
    '<qip-form name="nope">',
    true,
    "qip-form name &#34;nope&#34; has no matching module in --forms",
  ],
  [
    "a tag without a name",
    "<qip-form>",
    true,
    "&lt;qip-form&gt; tag is missing required name attribute",
  ],
  [
    "an empty name",
    "<qip-form name=''>",
    true,
    "&lt;qip-form&gt; name attribute must not be empty",
  ],
];

for (const [what, page, withForms, escaped] of FORM_ERRORS) {
  Deno.test(`devHandler() answers 500 for a <qip-form> page with ${what}`, async () => {
    await withTempDir(async (dir) => {
      await writeForms(dir);
      await writeTree(dir, { "site/index.html": page });
      const sources = {
        contentDir: `${dir}/site`,
        formsDir: withForms ? `${dir}/forms` : undefined,
      };
      await withTestServer(sources, async ({ url }) => {
        const response = await fetchText(`${url}/`);
        assert.equal(response.status, 500);
        assert.equal(response.headers.get("etag"), null);
        assert.ok(response.text.endsWith(`\n${escaped}</pre>`), response.text);
      });
    });
  });
}
