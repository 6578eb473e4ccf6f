/**
 * `qip form` on a real pseudo-terminal: what a person sees when typing answers, a validation
 * error and its re-prompt, Ctrl-D (end of input) and Ctrl-C.
 */
import assert from "node:assert/strict";
import { ADA_WELCOME, EMAIL_FORM } from "../support/email_form.ts";
import { HAS_SCRIPT, startInTerminal } from "../support/terminal_session.ts";

const ignore = !HAS_SCRIPT;

Deno.test({
  name: "qip form in a terminal: echoed answers, a validation error and its re-prompt",
  ignore,
  async fn() {
    await using session = startInTerminal(["form", EMAIL_FORM]);
    await session.waitFor("First name: ");
    await session.type("\r");
    await session.waitFor("Error: First name is required.\n");
    await session.waitFor("First name: ");
    await session.type("Ada\r");
    await session.waitFor("Email address: ");
    await session.type("not-an-email\r");
    await session.waitFor("Error: Email address is invalid.\n");
    await session.waitFor("Email address: ");
    await session.type("ada@example.com\r");
    const { code, transcript } = await session.finish();
    assert.equal(code, 0);
    assert.equal(
      transcript,
      `First name: 
Error: First name is required.
First name: Ada
Email address: not-an-email
Error: Email address is invalid.
Email address: ada@example.com
${ADA_WELCOME}`,
    );
  },
});

Deno.test({
  name: "qip form in a terminal: Ctrl-D at a prompt aborts the form",
  ignore,
  async fn() {
    await using session = startInTerminal(["form", EMAIL_FORM]);
    await session.waitFor("First name: ");
    await session.type("Ada\r");
    await session.waitFor("Email address: ");
    await session.type("\x04");
    const { code, transcript } = await session.finish();
    assert.equal(code, 1);
    assert.equal(transcript, "First name: Ada\nEmail address: form input aborted\n");
  },
});

Deno.test({
  name: "qip form in a terminal: Ctrl-C at a prompt says so and exits 130",
  ignore,
  async fn() {
    await using session = startInTerminal(["form", EMAIL_FORM]);
    await session.waitFor("First name: ");
    await session.type("Ada\r");
    await session.waitFor("Email address: ");
    await session.type("\x03");
    const { code, transcript } = await session.finish();
    assert.equal(code, 130);
    assert.equal(transcript, "First name: Ada\nEmail address: ^C\nform interrupted\n");
  },
});

Deno.test({
  name: "qip form in a terminal: Ctrl-C after an answer to a module that never returns",
  ignore,
  async fn() {
    // A long limit, so that Ctrl-C, not the time limit, is what ends the spinning run().
    await using session = startInTerminal([
      "form",
      "--timeout-ms",
      "60000",
      "fixtures/modules/form-runaway-run.wasm",
    ]);
    await session.waitFor("Name: ");
    await session.type("x\r");
    await session.waitFor("x\n");
    await session.type("\x03");
    const { code, transcript } = await session.finish();
    assert.equal(code, 130);
    // The terminal echoes the answer before qip reads it, so Ctrl-C lands either while run()
    // spins (the usual case) or, if qip had not read the line yet, at the prompt, which the
    // terminal then discards. Either way the process ends instead of spinning on.
    assert.ok(
      transcript === "Name: x\n^Cform interrupted\n" ||
        transcript === "Name: x\n^C\nform interrupted\n",
      JSON.stringify(transcript),
    );
  },
});
