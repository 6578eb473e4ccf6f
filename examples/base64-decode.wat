;; base64-decode: standard base64 (RFC 4648 alphabet, `=` padding) back to bytes.
;;
;; ASCII whitespace is skipped wherever it appears, so wrapped text and a trailing newline from
;; `echo` decode fine. Padding is required: the characters other than whitespace must form whole
;; groups of 4, with at most two `=` and only at the very end. Any other character, or a
;; malformed end, gives empty output.
;;
;; Run contract: exported i32 globals, UTF-8 in, binary out (printed as-is, no newline added).
;;   input  at 0x10000, input_utf8_cap   64 KiB
;;   output at 0x20000, output_bytes_cap 64 KiB (decoding shrinks: at most 48 KiB are written)
;;   3 pages of memory
;;
;;   printf %s aGVsbG8= | qip run examples/base64-decode.wasm   ->  hello
;;   printf %s '!!!' | qip run examples/base64-decode.wasm      ->  (nothing)
(module
  (memory (export "memory") 3)

  (global $input_ptr (export "input_ptr") i32 (i32.const 0x10000))
  (global $input_utf8_cap (export "input_utf8_cap") i32 (i32.const 0x10000))
  (global $output_ptr (export "output_ptr") i32 (i32.const 0x20000))
  (global $output_bytes_cap (export "output_bytes_cap") i32 (i32.const 0x10000))

  ;; Space, tab, LF, VT, FF, CR.
  (func $is_space (param $c i32) (result i32)
    (i32.or
      (i32.eq (local.get $c) (i32.const 0x20))
      (i32.lt_u (i32.sub (local.get $c) (i32.const 0x09)) (i32.const 5))))

  ;; The 6-bit value of an alphabet character, or -1.
  (func $sextet (param $c i32) (result i32)
    (if (i32.lt_u (i32.sub (local.get $c) (i32.const 0x41)) (i32.const 26)) ;; 'A'..'Z'
      (then (return (i32.sub (local.get $c) (i32.const 0x41)))))
    (if (i32.lt_u (i32.sub (local.get $c) (i32.const 0x61)) (i32.const 26)) ;; 'a'..'z' = 26..51
      (then (return (i32.sub (local.get $c) (i32.const 71)))))
    (if (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10)) ;; '0'..'9' = 52..61
      (then (return (i32.add (local.get $c) (i32.const 4)))))
    (if (i32.eq (local.get $c) (i32.const 0x2b)) ;; '+'
      (then (return (i32.const 62))))
    (if (i32.eq (local.get $c) (i32.const 0x2f)) ;; '/'
      (then (return (i32.const 63))))
    (i32.const -1))

  (func $run (export "run") (param $input_size i32) (result i32)
    (local $src i32)
    (local $end i32)
    (local $dst i32)
    (local $c i32)
    (local $value i32)
    (local $bits i32)    ;; sextets of the current group, the first one highest
    (local $sextets i32) ;; how many the current group holds (0..3 between groups)
    (local $padding i32) ;; `=` seen so far

    ;; The host already refuses larger inputs; clamping keeps the module safe on its own.
    (if (i32.gt_u (local.get $input_size) (global.get $input_utf8_cap))
      (then (local.set $input_size (global.get $input_utf8_cap))))
    (local.set $src (global.get $input_ptr))
    (local.set $end (i32.add (global.get $input_ptr) (local.get $input_size)))
    (local.set $dst (global.get $output_ptr))

    (block $done
      (loop $next
        (br_if $done (i32.eq (local.get $src) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $src)))
        (local.set $src (i32.add (local.get $src) (i32.const 1)))
        (br_if $next (call $is_space (local.get $c)))

        (if (i32.eq (local.get $c) (i32.const 0x3d)) ;; '='
          (then
            (local.set $padding (i32.add (local.get $padding) (i32.const 1)))
            (br $next)))
        ;; Data after padding: the padding was not at the end.
        (if (local.get $padding)
          (then (return (i32.const 0))))
        (local.set $value (call $sextet (local.get $c)))
        (if (i32.lt_s (local.get $value) (i32.const 0))
          (then (return (i32.const 0))))

        (local.set $bits (i32.or (i32.shl (local.get $bits) (i32.const 6)) (local.get $value)))
        (local.set $sextets (i32.add (local.get $sextets) (i32.const 1)))
        (if (i32.eq (local.get $sextets) (i32.const 4))
          (then
            (i32.store8 (local.get $dst) (i32.shr_u (local.get $bits) (i32.const 16)))
            (i32.store8 offset=1 (local.get $dst) (i32.shr_u (local.get $bits) (i32.const 8)))
            (i32.store8 offset=2 (local.get $dst) (local.get $bits))
            (local.set $dst (i32.add (local.get $dst) (i32.const 3)))
            (local.set $bits (i32.const 0))
            (local.set $sextets (i32.const 0))))
        (br $next)))

    ;; The last group: 3 sextets + `=` carry 2 bytes (18 bits, 2 unused), 2 sextets + `==`
    ;; carry 1 byte (12 bits, 4 unused). Any other mix is malformed.
    (if (i32.and
          (i32.eq (local.get $sextets) (i32.const 3))
          (i32.eq (local.get $padding) (i32.const 1)))
      (then
        (i32.store8 (local.get $dst) (i32.shr_u (local.get $bits) (i32.const 10)))
        (i32.store8 offset=1 (local.get $dst) (i32.shr_u (local.get $bits) (i32.const 2)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 2)))
        (local.set $sextets (i32.const 0))
        (local.set $padding (i32.const 0))))
    (if (i32.and
          (i32.eq (local.get $sextets) (i32.const 2))
          (i32.eq (local.get $padding) (i32.const 2)))
      (then
        (i32.store8 (local.get $dst) (i32.shr_u (local.get $bits) (i32.const 4)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 1)))
        (local.set $sextets (i32.const 0))
        (local.set $padding (i32.const 0))))
    (if (i32.or (local.get $sextets) (local.get $padding))
      (then (return (i32.const 0))))

    (i32.sub (local.get $dst) (global.get $output_ptr))))
