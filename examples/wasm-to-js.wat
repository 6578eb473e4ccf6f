;; wasm-to-js: wraps a wasm module into an ES module that runs it on a string.
;;
;; The output is JavaScript source exporting `async function run(input)`. It embeds the input
;; bytes as base64, instantiates them with no imports, writes the UTF-8 of `input` at `input_ptr`,
;; calls `run` and decodes the result at `output_ptr`. It reads `input_ptr` and `output_ptr` as
;; *globals* (`.value`), so it suits modules that export them as globals, like hello.wasm.
;;
;; Run contract: exported i32 globals, binary in, UTF-8 out.
;;   input  at 0x10000, input_bytes_cap 64 KiB
;;   output at 0x20000, output_utf8_cap 64 KiB
;;   4 pages of memory; the base64 alphabet and the JavaScript template live in page 3
;;
;;   qip run -i examples/hello.wasm examples/wasm-to-js.wasm > hello.js
;;
;; The JavaScript around the base64 takes 738 bytes, so modules up to 48 597 bytes fit the output
;; buffer. For a larger one `run` returns the length the text would have, without writing it:
;; the host then refuses the stage ("Module returned more bytes than its stated capacity").
(module
  (memory (export "memory") 4)

  (global $input_ptr (export "input_ptr") i32 (i32.const 0x10000))
  (global $input_bytes_cap (export "input_bytes_cap") i32 (i32.const 0x10000))
  (global $output_ptr (export "output_ptr") i32 (i32.const 0x20000))
  (global $output_utf8_cap (export "output_utf8_cap") i32 (i32.const 0x10000))

  (global $alphabet i32 (i32.const 0x30000))
  (data (i32.const 0x30000) "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

  ;; The output text. The first NUL marks where the base64 goes, the second one its end.
  (global $template i32 (i32.const 0x30040))
  (data (i32.const 0x30040)
    "export async function run(input) {\n"
    "  const wasmBytes = Uint8Array.from(atob('\00'), c => c.charCodeAt(0));\n"
    "  const module = await WebAssembly.compile(wasmBytes);\n"
    "  const instance = await WebAssembly.instantiate(module);\n"
    "  const exports = instance.exports;\n"
    "  const memory = exports.memory;\n"
    "  const inputPtr = exports.input_ptr.value;\n"
    "  const outputPtr = exports.output_ptr.value;\n"
    "  const encoder = new TextEncoder();\n"
    "  const inputBytes = encoder.encode(input);\n"
    "  new Uint8Array(memory.buffer, inputPtr, inputBytes.length).set(inputBytes);\n"
    "  const outputLen = exports.run(inputBytes.length);\n"
    "  if (outputLen === 0) return '';\n"
    "  const decoder = new TextDecoder();\n"
    "  return decoder.decode(new Uint8Array(memory.buffer, outputPtr, outputLen));\n"
    "}\n\00")

  ;; Where the next output byte goes.
  (global $out (mut i32) (i32.const 0))

  ;; Length of the text at `src`, up to (not including) its NUL.
  (func $text_len (param $src i32) (result i32)
    (local $p i32)
    (local.set $p (local.get $src))
    (block $found
      (loop $next
        (br_if $found (i32.eqz (i32.load8_u (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $next)))
    (i32.sub (local.get $p) (local.get $src)))

  ;; Appends `len` bytes from `src`.
  (func $emit (param $src i32) (param $len i32)
    (memory.copy (global.get $out) (local.get $src) (local.get $len))
    (global.set $out (i32.add (global.get $out) (local.get $len))))

  ;; Appends one 4-character base64 group for the 24 bits in `bits` (first byte in bits 16-23).
  ;; Only the first `chars` characters carry data (2 for 1 byte, 3 for 2, 4 for 3); the rest
  ;; are `=`.
  (func $emit_group (param $bits i32) (param $chars i32)
    (local $k i32)
    (loop $next
      (i32.store8
        (i32.add (global.get $out) (local.get $k))
        (if (result i32) (i32.lt_u (local.get $k) (local.get $chars))
          (then
            (i32.load8_u
              (i32.add
                (global.get $alphabet)
                (i32.and
                  (i32.shr_u
                    (local.get $bits)
                    (i32.sub (i32.const 18) (i32.mul (local.get $k) (i32.const 6))))
                  (i32.const 63)))))
          (else (i32.const 0x3d)))) ;; '='
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $k) (i32.const 4))))
    (global.set $out (i32.add (global.get $out) (i32.const 4))))

  (func $emit_base64 (param $src i32) (param $len i32)
    (local $end i32)
    (local $left i32) ;; bytes after the last whole 3-byte group
    (local.set $left (i32.rem_u (local.get $len) (i32.const 3)))
    (local.set $end (i32.sub (i32.add (local.get $src) (local.get $len)) (local.get $left)))
    (block $groups_done
      (loop $group
        (br_if $groups_done (i32.eq (local.get $src) (local.get $end)))
        (call $emit_group
          (i32.or
            (i32.or
              (i32.shl (i32.load8_u (local.get $src)) (i32.const 16))
              (i32.shl (i32.load8_u offset=1 (local.get $src)) (i32.const 8)))
            (i32.load8_u offset=2 (local.get $src)))
          (i32.const 4))
        (local.set $src (i32.add (local.get $src) (i32.const 3)))
        (br $group)))
    (if (i32.eq (local.get $left) (i32.const 1))
      (then
        (call $emit_group (i32.shl (i32.load8_u (local.get $src)) (i32.const 16)) (i32.const 2))))
    (if (i32.eq (local.get $left) (i32.const 2))
      (then
        (call $emit_group
          (i32.or
            (i32.shl (i32.load8_u (local.get $src)) (i32.const 16))
            (i32.shl (i32.load8_u offset=1 (local.get $src)) (i32.const 8)))
          (i32.const 3)))))

  (func $run (export "run") (param $input_size i32) (result i32)
    (local $before_len i32) ;; template text before the base64
    (local $after i32)      ;; template text after it
    (local $after_len i32)
    (local $output_len i32)

    ;; The host already refuses larger inputs; clamping keeps the module safe on its own.
    (if (i32.gt_u (local.get $input_size) (global.get $input_bytes_cap))
      (then (local.set $input_size (global.get $input_bytes_cap))))

    (local.set $before_len (call $text_len (global.get $template)))
    (local.set $after
      (i32.add (i32.add (global.get $template) (local.get $before_len)) (i32.const 1)))
    (local.set $after_len (call $text_len (local.get $after)))
    (local.set $output_len
      (i32.add
        (i32.add (local.get $before_len) (local.get $after_len))
        (i32.mul
          (i32.div_u (i32.add (local.get $input_size) (i32.const 2)) (i32.const 3))
          (i32.const 4))))
    (if (i32.gt_u (local.get $output_len) (global.get $output_utf8_cap))
      (then (return (local.get $output_len))))

    (global.set $out (global.get $output_ptr))
    (call $emit (global.get $template) (local.get $before_len))
    (call $emit_base64 (global.get $input_ptr) (local.get $input_size))
    (call $emit (local.get $after) (local.get $after_len))
    (local.get $output_len)))
