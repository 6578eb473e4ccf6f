/**
 * The browser side of `<qip-form>` (abi.md §6.3): the script text `qip dev` injects after the
 * page's `qipFormModules` map. It defines the `qip-form` custom element, which instantiates the
 * named form module with no imports and walks the visitor through its prompts. Tested in a real
 * Chromium (tests/dev/form_runtime_browser_test.ts).
 *
 * @module
 */

/** The runtime, starting with a newline as the spec places it after the map. */
export const FORM_RUNTIME_SCRIPT = `
const qipFormDecoder = new TextDecoder("utf-8", { fatal: true });
const qipFormEncoder = new TextEncoder();
const qipFormExports = [
  "memory", "input_ptr", "input_utf8_cap", "run", "output_ptr", "output_utf8_cap",
  "input_key_ptr", "input_key_size", "input_label_ptr", "input_label_size",
  "error_message_ptr", "error_message_size",
];

class QipFormElement extends HTMLElement {
  #started = false;
  #exports = undefined;
  #hasRun = false;
  #lastSize = 0;

  connectedCallback() {
    if (this.#started) return;
    this.#started = true;
    this.#start().catch((error) => this.#fail(error));
  }

  async #start() {
    const name = (this.getAttribute("name") ?? "").trim();
    if (name === "") throw new Error("qip-form requires a non-empty name attribute");
    const encoded = qipFormModules.get(name);
    if (encoded === undefined) throw new Error("qip-form module not found for name " + name);
    const bytes = Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0));
    const { instance } = await WebAssembly.instantiate(bytes, {});
    for (const exportName of qipFormExports) {
      if (!(exportName in instance.exports)) {
        throw new Error("form module missing export " + exportName);
      }
    }
    if (!(instance.exports.memory instanceof WebAssembly.Memory)) {
      throw new Error("form module export memory must be WebAssembly.Memory");
    }
    this.#exports = instance.exports;
    this.#render();
  }

  #call(exportName, ...args) {
    const fn = this.#exports[exportName];
    if (typeof fn !== "function") throw new Error("form module missing export " + exportName);
    return fn(...args) | 0;
  }

  #memory() {
    return new Uint8Array(this.#exports.memory.buffer);
  }

  #readString(ptrExport, sizeExport) {
    const ptr = this.#call(ptrExport);
    const size = this.#call(sizeExport);
    if (size === 0) return "";
    if (ptr < 0 || size < 0) {
      throw new Error(ptrExport + "/" + sizeExport + " returned negative pointer/size");
    }
    const memory = this.#memory();
    if (ptr + size > memory.length) {
      throw new Error(ptrExport + "/" + sizeExport + " exceeds wasm memory bounds");
    }
    return qipFormDecoder.decode(memory.subarray(ptr, ptr + size));
  }

  #readOutput(size) {
    if (size < 0) throw new Error("run returned negative output size: " + size);
    if (size === 0) return "";
    const ptr = this.#call("output_ptr");
    const cap = this.#call("output_utf8_cap");
    if (ptr < 0 || cap < 0) throw new Error("module returned invalid output pointer/capacity");
    if (size > cap) throw new Error("run output size exceeds output_utf8_cap");
    const memory = this.#memory();
    if (ptr + size > memory.length) {
      throw new Error("output_ptr/output_utf8_cap exceeds wasm memory bounds");
    }
    return qipFormDecoder.decode(memory.subarray(ptr, ptr + size));
  }

  #render() {
    const key = this.#readString("input_key_ptr", "input_key_size").trim();
    if (key === "") {
      if (!this.#hasRun) {
        this.#lastSize = this.#call("run", 0);
        this.#hasRun = true;
      }
      const pre = document.createElement("pre");
      pre.textContent = this.#readOutput(this.#lastSize);
      this.replaceChildren(pre);
      return;
    }
    const error = this.#readString("error_message_ptr", "error_message_size");
    const label = this.#readString("input_label_ptr", "input_label_size").trim();
    const form = document.createElement("form");
    form.noValidate = true;
    if (error !== "") {
      const alert = document.createElement("p");
      alert.setAttribute("role", "alert");
      alert.textContent = error;
      form.append(alert);
    }
    const prompt = document.createElement("label");
    prompt.textContent = label === "" ? key : label;
    const input = document.createElement("input");
    input.type = "text";
    input.required = true;
    input.name = key;
    input.autocomplete = "off";
    const button = document.createElement("button");
    button.type = "submit";
    button.textContent = "Continue";
    form.append(prompt, input, button);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      try {
        this.#submit(input.value);
      } catch (error) {
        this.#fail(error);
      }
    });
    this.replaceChildren(form);
    input.focus();
  }

  #submit(value) {
    const bytes = qipFormEncoder.encode(value);
    const ptr = this.#call("input_ptr");
    const cap = this.#call("input_utf8_cap");
    if (ptr < 0 || cap < 0) throw new Error("module returned invalid input pointer/capacity");
    if (bytes.length > cap) throw new Error("input value exceeds module input_utf8_cap");
    const memory = this.#memory();
    if (ptr + bytes.length > memory.length) {
      throw new Error("input write exceeds wasm memory bounds");
    }
    memory.set(bytes, ptr);
    this.#lastSize = this.#call("run", bytes.length);
    this.#hasRun = true;
    this.#render();
  }

  #fail(error) {
    const pre = document.createElement("pre");
    pre.textContent = "Form error: " + (error instanceof Error ? error.message : String(error));
    this.replaceChildren(pre);
  }
}

if (!customElements.get("qip-form")) customElements.define("qip-form", QipFormElement);`;
