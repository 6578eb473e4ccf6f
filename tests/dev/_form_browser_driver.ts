/**
 * Drives Debian's Chromium with playwright-core through the `<qip-form>` page served at the
 * URL given: fills examples/form-email-message.wasm end to end, and checks that forms which loop
 * get the time-limit error while the page stays free. (A module without the form exports never
 * reaches a page: qip dev refuses it when it loads the forms.) Exits 0 when every check passed;
 * otherwise prints the failed check and exits 1.
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

const TIME_LIMIT = "Wasm module exceeded the execution time limit (100ms)";

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

  // loops.html, next to index.html: forms that loop, and the email form beside them.
  await page.goto(new URL("loops.html", url).href);

  // A form whose first prompt loops: its worker is stopped at the limit, before the visitor
  // could do anything.
  const atOnce = page.locator('qip-form[name="loops-at-once"]');
  assert.equal(
    await atOnce.locator("pre").textContent(),
    `Form error: Error running input_key_size: ${TIME_LIMIT}`,
  );

  // A form whose run loops once answered: the page keeps answering while it spins, and the
  // form shows the limit's error naming the export.
  const loops = page.locator('qip-form[name="loops"]');
  await loops.locator("label", { hasText: "Name" }).waitFor();
  await loops.locator("input").fill("Ada");
  const clicked = performance.now();
  await loops.locator("button").click();
  const answered = await Promise.race([
    page.evaluate("1 + 1"),
    new Promise((resolve) => setTimeout(() => resolve("no answer within 5 s"), 5_000)),
  ]);
  assert.equal(answered, 2, "the page's thread is free while the form spins");
  await loops.locator("pre").waitFor({ timeout: 10_000 });
  assert.ok(performance.now() - clicked < 10_000, "the form stops instead of hanging");
  assert.equal(
    await loops.locator("pre").textContent(),
    `Form error: Error running run: ${TIME_LIMIT}`,
  );

  // Starting over runs the module again on a fresh worker.
  await loops.locator("button", { hasText: "Start over" }).click();
  await loops.locator("label", { hasText: "Name" }).waitFor();
  assert.equal(await loops.locator("pre").count(), 0);

  // The other form on the page still works after all that.
  await form.locator("input").fill("Ada");
  await form.locator("button").click();
  await form.locator("label", { hasText: "Email address" }).waitFor();
  assert.deepEqual(pageErrors, []);
} finally {
  await browser.close();
}
console.log("all form checks passed");
