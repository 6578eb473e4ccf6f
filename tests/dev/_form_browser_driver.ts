/**
 * Drives Debian's Chromium with playwright-core through the `<qip-form>` page served at the
 * URL given: fills examples/form-email-message.wasm end to end. (A module without the form
 * exports never reaches a page: qip dev refuses it when it loads the forms.) Exits 0 when every check passed; otherwise prints the failed check and exits 1.
 *
 * Run by form_runtime_browser_test.ts in its own process with all permissions: playwright-core
 * probes files under /proc, which Deno grants only with `--allow-all`, and the test suite runs
 * with narrower permissions.
 *
 * Usage: `deno run -A tests/dev/_form_browser_driver.ts <chromium path> <page url>`
 *
 * @module
 */
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { ADA_WELCOME } from "../support/email_form.ts";

const [executablePath, url] = Deno.args;
if (executablePath === undefined || url === undefined) {
  throw new TypeError("Usage: _form_browser_driver.ts <chromium path> <page url>");
}

const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
try {
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(url);
  const form = page.locator('qip-form[name="email"]');

  // The first prompt, built as abi.md §6.3 lists it, with the input focused.
  await form.locator("label", { hasText: "First name" }).waitFor();
  assert.equal(await form.locator("form").getAttribute("novalidate"), "");
  const input = form.locator("form > input");
  assert.equal(await input.getAttribute("type"), "text");
  assert.equal(await input.getAttribute("name"), "first_name");
  assert.equal(await input.getAttribute("autocomplete"), "off");
  assert.equal(await input.getAttribute("required"), "");
  assert.equal(await form.locator("form > button").textContent(), "Continue");
  assert.equal(await form.locator("form > button").getAttribute("type"), "submit");
  assert.equal(await form.locator('[role="alert"]').count(), 0);
  assert.equal(await page.evaluate('document.activeElement.getAttribute("name")'), "first_name");

  // An empty value is sent to the module (no browser validation), which refuses it.
  await form.locator("button").click();
  assert.equal(await form.locator('p[role="alert"]').textContent(), "First name is required.");
  assert.deepEqual(
    await form.locator("form > *").evaluateAll((nodes) => nodes.map((node) => node.tagName)),
    ["P", "LABEL", "INPUT", "BUTTON"],
  );

  await form.locator("input").fill("Ada");
  await form.locator("input").press("Enter");
  await form.locator("label", { hasText: "Email address" }).waitFor();
  assert.equal(await form.locator("input").getAttribute("name"), "email");

  await form.locator("input").fill("not-an-email");
  await form.locator("button").click();
  assert.equal(await form.locator('p[role="alert"]').textContent(), "Email address is invalid.");

  await form.locator("input").fill("ada@example.com");
  await form.locator("button").click();
  await form.locator("pre").waitFor();
  assert.equal(await form.locator("pre").textContent(), ADA_WELCOME);
  assert.equal(await form.locator("form").count(), 0);
  assert.equal(page.url(), url, "submitting never navigates");

  assert.deepEqual(pageErrors, []);
} finally {
  await browser.close();
}
console.log("all form checks passed");
