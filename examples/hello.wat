;; hello: "Hello, " followed by the input; empty input gives "Hello, World".
;;
;; Run contract: exported i32 globals, UTF-8 in and out.
;;   input  at 0x10000, input_utf8_cap  64 KiB
;;   output at 0x20000, output_utf8_cap 64 KiB
;;   3 pages of memory (0x00000-0x2ffff)
;;
;;   printf %s World | qip run examples/hello.wasm   ->  Hello, World
;;   qip run examples/hello.wasm < /dev/null          ->  Hello, World
;;   echo World | qip run examples/hello.wasm         ->  "Hello, World\n" plus the host's "\n"
;;
;; The input length is not clamped: an input of more than 65529 bytes makes the copy run past
;; the end of memory (0x30000), which traps with an out-of-bounds store.
(module
  (memory (export "memory") 3)

  (global $input_ptr (export "input_ptr") i32 (i32.const 0x10000))
  (global $input_utf8_cap (export "input_utf8_cap") i32 (i32.const 0x10000))
  (global $output_ptr (export "output_ptr") i32 (i32.const 0x20000))
  (global $output_utf8_cap (export "output_utf8_cap") i32 (i32.const 0x10000))

  ;; Writes the greeting at output_ptr and returns its length in bytes.
  (func $run (export "run") (param $input_size i32) (result i32)
    (local $i i32)          ;; index of the next input byte to copy
    (local $output_len i32) ;; bytes written so far; also the result

    ;; Write "Hello, World" (12 bytes) as two little-endian stores:
    ;; "Hello, W" as an i64, then "orld" as an i32.
    (i64.store (global.get $output_ptr) (i64.const 0x57202c6f6c6c6548))
    (i32.store (i32.add (global.get $output_ptr) (i32.const 8)) (i32.const 0x646c726f))
    (local.set $output_len (i32.const 12))

    ;; With any input, keep only "Hello, " (7 bytes) and append the input after it.
    (if (i32.gt_u (local.get $input_size) (i32.const 0))
      (then
        (local.set $i (i32.const 0))
        (local.set $output_len (i32.const 7))
        (block $done
          (loop $copy
            (br_if $done (i32.ge_u (local.get $i) (local.get $input_size)))
            (i32.store8
              (i32.add (global.get $output_ptr) (local.get $output_len))
              (i32.load8_u (i32.add (global.get $input_ptr) (local.get $i))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (local.set $output_len (i32.add (local.get $output_len) (i32.const 1)))
            (br $copy)))))

    (local.get $output_len)))
