/**
 * The browser side of `<qip-form>` (abi.md §6.3): the script text `qip dev` injects after the
 * page's `qipFormModules` map. It defines the `qip-form` custom element, which walks the
 * visitor through the named form module's prompts. Tested in a real Chromium
 * (tests/dev/form_runtime_browser_test.ts).
 *
 * Beyond the spec, each form's module runs in its own Web Worker (made from a `blob:` URL of
 * `qipFormWorkerMain`), never on the page's thread: every step (opening the module, or one
 * answer and the next prompt) must finish within the run limit, counted from the step's first
 * call into the module. A step that runs out gets its worker terminated — a browser can stop a
 * worker spinning in wasm — and the form shows the time-limit error, naming the export, with a
 * button that starts the form over on a fresh worker. The page never freezes.
 *
 * @module
 */

/** The runtime, starting with a newline as the spec places it after the map. */
export const FORM_RUNTIME_SCRIPT = `
const qipFormTimeLimitMs = 100;
const qipFormTimeLimitText = "Wasm module exceeded the execution time limit (100ms)";

/** The form's worker: owns the instance and answers one step per message. */
function qipFormWorkerMain() {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const encoder = new TextEncoder();
  const requiredExports = [
    "memory", "input_ptr", "input_utf8_cap", "run", "output_ptr", "output_utf8_cap",
    "input_key_ptr", "input_key_size", "input_label_ptr", "input_label_size",
    "error_message_ptr", "error_message_size",
  ];
  let exports = undefined;
  let hasRun = false;
  let lastSize = 0;

  // The page starts the step's clock at the first call and names the export that ran out.
  const call = (exportName, ...args) => {
    const fn = exports[exportName];
    if (typeof fn !== "function") throw new Error("form module missing export " + exportName);
    self.postMessage({ type: "calling", name: exportName });
    return fn(...args) | 0;
  };
  const memory = () => new Uint8Array(exports.memory.buffer);

  const readString = (ptrExport, sizeExport) => {
    const ptr = call(ptrExport);
    const size = call(sizeExport);
    if (size === 0) return "";
    if (ptr < 0 || size < 0) {
      throw new Error(ptrExport + "/" + sizeExport + " returned negative pointer/size");
    }
    const bytes = memory();
    if (ptr + size > bytes.length) {
      throw new Error(ptrExport + "/" + sizeExport + " exceeds wasm memory bounds");
    }
    return decoder.decode(bytes.subarray(ptr, ptr + size));
  };

  const readOutput = (size) => {
    if (size < 0) throw new Error("run returned negative output size: " + size);
    if (size === 0) return "";
    const ptr = call("output_ptr");
    const cap = call("output_utf8_cap");
    if (ptr < 0 || cap < 0) throw new Error("module returned invalid output pointer/capacity");
    if (size > cap) throw new Error("run output size exceeds output_utf8_cap");
    const bytes = memory();
    if (ptr + size > bytes.length) {
      throw new Error("output_ptr/output_utf8_cap exceeds wasm memory bounds");
    }
    return decoder.decode(bytes.subarray(ptr, ptr + size));
  };

  const view = () => {
    const key = readString("input_key_ptr", "input_key_size").trim();
    if (key === "") {
      if (!hasRun) {
        lastSize = call("run", 0);
        hasRun = true;
      }
      return { done: true, output: readOutput(lastSize) };
    }
    const error = readString("error_message_ptr", "error_message_size");
    const label = readString("input_label_ptr", "input_label_size").trim();
    return { done: false, key, error, label };
  };

  const open = async (bytes) => {
    const module = await WebAssembly.compile(bytes);
    self.postMessage({ type: "calling", name: "start" });
    const instance = await WebAssembly.instantiate(module, {});
    for (const exportName of requiredExports) {
      if (!(exportName in instance.exports)) {
        throw new Error("form module missing export " + exportName);
      }
    }
    if (!(instance.exports.memory instanceof WebAssembly.Memory)) {
      throw new Error("form module export memory must be WebAssembly.Memory");
    }
    exports = instance.exports;
    return view();
  };

  const submit = (value) => {
    const bytes = encoder.encode(value);
    const ptr = call("input_ptr");
    const cap = call("input_utf8_cap");
    if (ptr < 0 || cap < 0) throw new Error("module returned invalid input pointer/capacity");
    if (bytes.length > cap) throw new Error("input value exceeds module input_utf8_cap");
    const target = memory();
    if (ptr + bytes.length > target.length) {
      throw new Error("input write exceeds wasm memory bounds");
    }
    target.set(bytes, ptr);
    lastSize = call("run", bytes.length);
    hasRun = true;
    return view();
  };

  self.onmessage = async (event) => {
    const request = event.data;
    try {
      const result = request.op === "open" ? await open(request.bytes) : submit(request.value);
      self.postMessage({ type: "done", result });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      self.postMessage({ type: "failed", message });
    }
  };
}

/** One form module on its own worker; each step must finish within the time limit. */
class QipFormWorker {
  #worker;
  #url;
  #pending = undefined;

  constructor() {
    const source = "(" + qipFormWorkerMain.toString() + ")();";
    this.#url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    this.#worker = new Worker(this.#url);
    this.#worker.onmessage = (event) => this.#receive(event.data);
    this.#worker.onerror = (event) => {
      event.preventDefault();
      this.#settle(new Error("form worker failed: " + (event.message || "unknown error")));
    };
  }

  /** Sends one step; resolves to the next view, rejects with the module's or the limit's error. */
  step(request, transfer = []) {
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject, calling: undefined, timer: undefined, deadline: 0 };
      this.#worker.postMessage(request, transfer);
    });
  }

  close() {
    this.#worker.terminate();
    URL.revokeObjectURL(this.#url);
  }

  #receive(message) {
    const pending = this.#pending;
    if (pending === undefined) return;
    if (message.type === "calling") {
      pending.calling = message.name;
      if (pending.timer === undefined) {
        pending.deadline = performance.now() + qipFormTimeLimitMs;
        pending.timer = setTimeout(() => this.#expire(), qipFormTimeLimitMs);
      }
      return;
    }
    // A result that arrives after the deadline is still a time-limit error.
    if (pending.timer !== undefined && performance.now() > pending.deadline) return this.#expire();
    if (message.type === "done") this.#settle(undefined, message.result);
    else this.#settle(new Error(message.message));
  }

  #expire() {
    const calling = this.#pending?.calling;
    this.close();
    const error = new Error(
      calling === "start"
        ? "Wasm module could not be instantiated: start function: " + qipFormTimeLimitText
        : "Error running " + calling + ": " + qipFormTimeLimitText,
    );
    error.timedOut = true;
    this.#settle(error);
  }

  #settle(error, result) {
    const pending = this.#pending;
    if (pending === undefined) return;
    this.#pending = undefined;
    clearTimeout(pending.timer);
    if (error === undefined) pending.resolve(result);
    else pending.reject(error);
  }
}

class QipFormElement extends HTMLElement {
  #started = false;
  #worker = undefined;

  connectedCallback() {
    if (this.#started) return;
    this.#started = true;
    try {
      this.#open();
    } catch (error) {
      this.#fail(error);
    }
  }

  #open() {
    const name = (this.getAttribute("name") ?? "").trim();
    if (name === "") throw new Error("qip-form requires a non-empty name attribute");
    const encoded = qipFormModules.get(name);
    if (encoded === undefined) throw new Error("qip-form module not found for name " + name);
    const bytes = Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0));
    this.#worker = new QipFormWorker();
    this.#step({ op: "open", bytes }, [bytes.buffer]);
  }

  async #step(request, transfer) {
    let view;
    try {
      view = await this.#worker.step(request, transfer);
    } catch (error) {
      this.#worker.close();
      this.#fail(error);
      return;
    }
    this.#render(view);
  }

  #render(view) {
    if (view.done) {
      this.#worker.close();
      const pre = document.createElement("pre");
      pre.textContent = view.output;
      this.replaceChildren(pre);
      return;
    }
    const form = document.createElement("form");
    form.noValidate = true;
    if (view.error !== "") {
      const alert = document.createElement("p");
      alert.setAttribute("role", "alert");
      alert.textContent = view.error;
      form.append(alert);
    }
    const prompt = document.createElement("label");
    prompt.textContent = view.label === "" ? view.key : view.label;
    const input = document.createElement("input");
    input.type = "text";
    input.required = true;
    input.name = view.key;
    input.autocomplete = "off";
    const button = document.createElement("button");
    button.type = "submit";
    button.textContent = "Continue";
    form.append(prompt, input, button);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (button.disabled) return;
      button.disabled = true; // one step at a time
      this.#step({ op: "submit", value: input.value });
    });
    this.replaceChildren(form);
    input.focus();
  }

  #fail(error) {
    const pre = document.createElement("pre");
    pre.textContent = "Form error: " + (error instanceof Error ? error.message : String(error));
    if (error?.timedOut !== true) {
      this.replaceChildren(pre);
      return;
    }
    const again = document.createElement("button");
    again.type = "button";
    again.textContent = "Start over";
    again.addEventListener("click", () => {
      try {
        this.#open();
      } catch (failure) {
        this.#fail(failure);
      }
    });
    this.replaceChildren(pre, again);
  }
}

if (!customElements.get("qip-form")) customElements.define("qip-form", QipFormElement);`;
