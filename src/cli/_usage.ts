/**
 * Usage and help texts, word for word from the spec (cli.md §2).
 *
 * @module
 */

/** `qip` with no or an unknown command. */
export const MAIN_USAGE = `Usage: qip <command> [args]

Commands:
  run   Run a chain of wasm modules on input
  bench Compare one or more wasm modules for output parity and performance
  image Run wasm filters on an input image
  dev   Start a dev server for a content directory with optional recipes
  form  Run an interactive wasm form module in the terminal
  help  Show command help`;

/** Per-command usage lines. */
export const USAGE = Object.freeze({
  run: "Usage: qip run [-v] [-i <input>] <wasm module URL or file>...",
  bench:
    "Usage: qip bench -i <input> [-r <benchmark runs> | --benchtime=<duration>] [--timeout-ms <ms>] <module1> [module2 ...]",
  image:
    "Usage: qip image -i <input image path or -> -o <output image path> [--timeout-ms <ms>] [-v] <wasm module URL or file> [?key=value ...] ...",
  dev:
    "Usage: qip dev <content_dir> [--recipes <recipes_dir>] [--forms <forms_dir>] [--mode <dev|prod>] [-p <port>] [-v|--verbose]",
  form: "Usage: qip form [-v|--verbose] <wasm module URL or file>",
  help: "Usage: qip help [command]",
  get:
    "Usage: qip get [-v] [-o <file>] [--lock <file>] [--offline] [--allow-http-localhost] [--connect-timeout-ms <ms>] [--fetch-timeout-ms <ms>] <wasm module URL or file>",
});

/** `qip help run`. */
export const RUN_HELP = `${USAGE.run}

Module contracts:
  Run mode:
    - Exports run(input_size), input_ptr, and input_utf8_cap or input_bytes_cap
    - Exports output_ptr and output_utf8_cap or output_bytes_cap or output_i32_cap
  Image mode:
    - Exports tile_rgba_f32_64x64, input_ptr, input_bytes_cap
    - Optional: uniform_set_width_and_height, calculate_halo_px

Composition:
  If a module exports tile_rgba_f32_64x64, qip run composes a contiguous image stage block.
  Input to that block must be BMP bytes and the block outputs BMP bytes.
  Run stages may follow and will receive BMP bytes.

Example:
  echo '<svg width="32" height="32"><rect width="32" height="32" fill="#d52b1e" /><rect x="13" y="6" width="6" height="20" fill="#ffffff" /><rect x="6" y="13" width="20" height="6" fill="#ffffff" /></svg>' | ./qip run examples/svg-rasterize.wasm examples/bmp-double.wasm examples/bmp-to-ico.wasm > out.ico`;
