/**
 * `examples/form-email-message.wasm` and what it writes for the answers the specification's
 * transcript gives (cli.md §7: first name "Ada", email "ada@example.com"), shared by the tests
 * that drive it through the module, `qip form`, a terminal and a browser.
 *
 * @module
 */

/** The module, relative to the checkout. */
export const EMAIL_FORM = "examples/form-email-message.wasm";

/** Its output for Ada, ada@example.com, exactly as cli.md §7 shows it. */
export const ADA_WELCOME = `From: no-reply@example.com
To: "Ada" <ada@example.com>
Subject: Welcome, Ada

Hi Ada,

Thanks for trying qip form modules.
We will keep in touch at ada@example.com.

Regards,
qip
`;
