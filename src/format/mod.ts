/**
 * Pure text and number helpers worded as the reference prints them (Go durations,
 * quoting, byte sizes), path cleaning and ordering, and SHA-256 digests. Imports nothing.
 *
 * @module
 */

export { formatByteSize, parseByteSize } from "./byte_size.ts";
export { cleanPath, joinPath } from "./clean_path.ts";
export { compareBytewise } from "./compare_bytewise.ts";
export { formatGoDuration, formatGoDurationMs } from "./go_duration.ts";
export { formatGoFixed } from "./go_fixed.ts";
export { goQuote } from "./go_quote.ts";
export { formatIecBytes } from "./iec_bytes.ts";
export { parseGoDuration } from "./parse_go_duration.ts";
export { sha256Hex } from "./sha256_hex.ts";
