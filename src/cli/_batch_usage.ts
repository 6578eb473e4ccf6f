/**
 * Usage lines of what goes beyond the spec for many files: `qip build`, and `qip run` /
 * `qip image` in batch mode (docs/batch.md). Kept apart from the spec's texts in usage.ts.
 *
 * @module
 */

/** `qip build`. */
export const BUILD_USAGE =
  "Usage: qip build <content_dir> [--recipes <recipes_dir>] [--forms <forms_dir>] -o <out_dir> [--jobs N] [--no-cache] [--cache-max SIZE] [-v]";

/** `qip run` with many inputs. */
export const RUN_BATCH_USAGE =
  "Usage: qip run [-v] -i <file|dir|glob>... -o <dir> [--ext .x] [--jobs N] [--shard K/N] [--no-cache] [--cache-max SIZE] <wasm module URL or file>...";

/** `qip image` with many images. */
export const IMAGE_BATCH_USAGE =
  "Usage: qip image -i <image|dir|glob>... -o <dir> [--ext .png|.bmp] [--jobs N] [--shard K/N] [--no-cache] [--cache-max SIZE] [--timeout-ms <ms>] [-v] <wasm module URL or file> [?key=value ...] ...";
