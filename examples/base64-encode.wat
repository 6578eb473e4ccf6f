;; base64-encode: standard base64 (RFC 4648 alphabet, `=` padding, no line breaks).
;;
;; Run contract: exported i32 globals, binary in, UTF-8 out.
;;   input  at 0x10000, input_bytes_cap 64 KiB
;;   output at 0x20000, output_utf8_cap 64 KiB
;;   3 pages of memory; the alphabet lives in page 0
;;
;;   printf %s hello | qip run examples/base64-encode.wasm   ->  aGVsbG8=
;;
;; Base64 is 4/3 the size of its input, so only inputs up to 49 152 bytes fit the output buffer.
;; For a larger one `run` returns the length the encoding would have, without writing it: the
;; host then refuses the stage ("Module returned more bytes than its stated capacity") instead of
;; passing a truncated or empty text down the chain.
(module
  (memory (export "memory") 3)

  (global $input_ptr (export "input_ptr") i32 (i32.const 0x10000))
  (global $input_bytes_cap (export "input_bytes_cap") i32 (i32.const 0x10000))
  (global $output_ptr (export "output_ptr") i32 (i32.const 0x20000))
  (global $output_utf8_cap (export "output_utf8_cap") i32 (i32.const 0x10000))

  (data (i32.const 0x00) "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

  ;; Writes one 4-character group for the 24 bits in `bits` (first byte in bits 16-23). Only the
  ;; first `chars` characters carry data (2 for 1 byte, 3 for 2, 4 for 3); the rest are `=`.
  (func $write_group (param $dst i32) (param $bits i32) (param $chars i32)
    (local $k i32)
    (loop $next
      (i32.store8
        (i32.add (local.get $dst) (local.get $k))
        (if (result i32) (i32.lt_u (local.get $k) (local.get $chars))
          (then
            (i32.load8_u
              (i32.and
                (i32.shr_u
                  (local.get $bits)
                  (i32.sub (i32.const 18) (i32.mul (local.get $k) (i32.const 6))))
                (i32.const 63))))
          (else (i32.const 0x3d)))) ;; '='
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $k) (i32.const 4)))))

  (func $run (export "run") (param $input_size i32) (result i32)
    (local $output_len i32)
    (local $src i32)
    (local $dst i32)
    (local $end i32)
    (local $left i32) ;; input bytes after the last whole 3-byte group

    ;; The host already refuses larger inputs; clamping keeps the module safe on its own.
    (if (i32.gt_u (local.get $input_size) (global.get $input_bytes_cap))
      (then (local.set $input_size (global.get $input_bytes_cap))))

    (local.set $output_len
      (i32.mul (i32.div_u (i32.add (local.get $input_size) (i32.const 2)) (i32.const 3))
               (i32.const 4)))
    (if (i32.gt_u (local.get $output_len) (global.get $output_utf8_cap))
      (then (return (local.get $output_len))))

    (local.set $src (global.get $input_ptr))
    (local.set $dst (global.get $output_ptr))
    (local.set $left (i32.rem_u (local.get $input_size) (i32.const 3)))
    (local.set $end (i32.sub (i32.add (local.get $src) (local.get $input_size)) (local.get $left)))
    (block $groups_done
      (loop $group
        (br_if $groups_done (i32.eq (local.get $src) (local.get $end)))
        (call $write_group
          (local.get $dst)
          (i32.or
            (i32.or
              (i32.shl (i32.load8_u (local.get $src)) (i32.const 16))
              (i32.shl (i32.load8_u offset=1 (local.get $src)) (i32.const 8)))
            (i32.load8_u offset=2 (local.get $src)))
          (i32.const 4))
        (local.set $src (i32.add (local.get $src) (i32.const 3)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br $group)))

    (if (i32.eq (local.get $left) (i32.const 1))
      (then
        (call $write_group
          (local.get $dst)
          (i32.shl (i32.load8_u (local.get $src)) (i32.const 16))
          (i32.const 2))))
    (if (i32.eq (local.get $left) (i32.const 2))
      (then
        (call $write_group
          (local.get $dst)
          (i32.or
            (i32.shl (i32.load8_u (local.get $src)) (i32.const 16))
            (i32.shl (i32.load8_u offset=1 (local.get $src)) (i32.const 8)))
          (i32.const 3))))
    (local.get $output_len)))
