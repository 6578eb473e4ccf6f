;; hex-to-rgb: turns a `#rrggbb` or `#rgb` colour into decimal `r,g,b`.
;;
;; Hex digits may be in any case. In the short form each digit is doubled, as in CSS (`#f80` is
;; `#ff8800`). Surrounding ASCII whitespace is ignored; anything else gives empty output.
;;
;; Run contract: exported i32 globals, UTF-8 in and out.
;;   input  at 0x10000, input_utf8_cap  64 KiB
;;   output at 0x20000, output_utf8_cap 64 KiB
;;   3 pages of memory
;;
;;   printf %s "#ff8800" | qip run examples/hex-to-rgb.wasm   ->  255,136,0
;;   printf %s "#f80" | qip run examples/hex-to-rgb.wasm      ->  255,136,0
(module
  (memory (export "memory") 3)

  (global $input_ptr (export "input_ptr") i32 (i32.const 0x10000))
  (global $input_utf8_cap (export "input_utf8_cap") i32 (i32.const 0x10000))
  (global $output_ptr (export "output_ptr") i32 (i32.const 0x20000))
  (global $output_utf8_cap (export "output_utf8_cap") i32 (i32.const 0x10000))

  ;; Space, tab, LF, VT, FF, CR.
  (func $is_space (param $c i32) (result i32)
    (i32.or
      (i32.eq (local.get $c) (i32.const 0x20))
      (i32.lt_u (i32.sub (local.get $c) (i32.const 0x09)) (i32.const 5))))

  ;; The value of a hex digit, or -1.
  (func $hex_value (param $c i32) (result i32)
    (local $letter i32)
    (if (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10)) ;; '0'..'9'
      (then (return (i32.sub (local.get $c) (i32.const 0x30)))))
    ;; Setting bit 5 lower-cases letters.
    (local.set $letter (i32.sub (i32.or (local.get $c) (i32.const 0x20)) (i32.const 0x61)))
    (if (i32.lt_u (local.get $letter) (i32.const 6)) ;; 'a'..'f'
      (then (return (i32.add (local.get $letter) (i32.const 10)))))
    (i32.const -1))

  ;; The two-digit hex value at `p`, or -1.
  (func $hex_pair (param $p i32) (result i32)
    (local $high i32)
    (local $low i32)
    (local.set $high (call $hex_value (i32.load8_u (local.get $p))))
    (local.set $low (call $hex_value (i32.load8_u offset=1 (local.get $p))))
    (if (i32.lt_s (i32.or (local.get $high) (local.get $low)) (i32.const 0))
      (then (return (i32.const -1))))
    (i32.or (i32.shl (local.get $high) (i32.const 4)) (local.get $low)))

  ;; The one-digit value at `p` doubled (`f` is `ff`, 255), or -1.
  (func $hex_single (param $p i32) (result i32)
    (local $digit i32)
    (local.set $digit (call $hex_value (i32.load8_u (local.get $p))))
    (if (i32.lt_s (local.get $digit) (i32.const 0))
      (then (return (i32.const -1))))
    (i32.mul (local.get $digit) (i32.const 17)))

  ;; Writes 0..255 in decimal without leading zeros; returns the address after it.
  (func $write_decimal (param $dst i32) (param $value i32) (result i32)
    (if (i32.ge_u (local.get $value) (i32.const 100))
      (then
        (i32.store8 (local.get $dst)
          (i32.add (i32.const 0x30) (i32.div_u (local.get $value) (i32.const 100))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 1)))))
    (if (i32.ge_u (local.get $value) (i32.const 10))
      (then
        (i32.store8 (local.get $dst)
          (i32.add
            (i32.const 0x30)
            (i32.rem_u (i32.div_u (local.get $value) (i32.const 10)) (i32.const 10))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 1)))))
    (i32.store8 (local.get $dst)
      (i32.add (i32.const 0x30) (i32.rem_u (local.get $value) (i32.const 10))))
    (i32.add (local.get $dst) (i32.const 1)))

  (func $run (export "run") (param $input_size i32) (result i32)
    (local $start i32) ;; first byte of the trimmed input
    (local $end i32)   ;; one past its last byte
    (local $r i32)
    (local $g i32)
    (local $b i32)
    (local $out i32)

    ;; The host already refuses larger inputs; clamping keeps the module safe on its own.
    (if (i32.gt_u (local.get $input_size) (global.get $input_utf8_cap))
      (then (local.set $input_size (global.get $input_utf8_cap))))
    (local.set $start (global.get $input_ptr))
    (local.set $end (i32.add (global.get $input_ptr) (local.get $input_size)))

    (block $trimmed
      (loop $skip
        (br_if $trimmed (i32.eq (local.get $start) (local.get $end)))
        (br_if $trimmed (i32.eqz (call $is_space (i32.load8_u (local.get $start)))))
        (local.set $start (i32.add (local.get $start) (i32.const 1)))
        (br $skip)))
    (block $trimmed
      (loop $skip
        (br_if $trimmed (i32.eq (local.get $end) (local.get $start)))
        (br_if $trimmed
          (i32.eqz (call $is_space (i32.load8_u (i32.sub (local.get $end) (i32.const 1))))))
        (local.set $end (i32.sub (local.get $end) (i32.const 1)))
        (br $skip)))

    (if (i32.eq (local.get $start) (local.get $end))
      (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u (local.get $start)) (i32.const 0x23)) ;; '#'
      (then (return (i32.const 0))))
    (local.set $start (i32.add (local.get $start) (i32.const 1)))

    (block $invalid
      (block $decoded
        (if (i32.eq (i32.sub (local.get $end) (local.get $start)) (i32.const 6))
          (then
            (local.set $r (call $hex_pair (local.get $start)))
            (local.set $g (call $hex_pair (i32.add (local.get $start) (i32.const 2))))
            (local.set $b (call $hex_pair (i32.add (local.get $start) (i32.const 4))))
            (br $decoded)))
        (if (i32.eq (i32.sub (local.get $end) (local.get $start)) (i32.const 3))
          (then
            (local.set $r (call $hex_single (local.get $start)))
            (local.set $g (call $hex_single (i32.add (local.get $start) (i32.const 1))))
            (local.set $b (call $hex_single (i32.add (local.get $start) (i32.const 2))))
            (br $decoded)))
        (br $invalid))
      ;; -1 marks a bad digit; OR-ing keeps the sign bit if any component has it.
      (br_if $invalid
        (i32.lt_s (i32.or (i32.or (local.get $r) (local.get $g)) (local.get $b)) (i32.const 0)))

      (local.set $out (call $write_decimal (global.get $output_ptr) (local.get $r)))
      (i32.store8 (local.get $out) (i32.const 0x2c)) ;; ','
      (local.set $out (call $write_decimal (i32.add (local.get $out) (i32.const 1)) (local.get $g)))
      (i32.store8 (local.get $out) (i32.const 0x2c))
      (local.set $out (call $write_decimal (i32.add (local.get $out) (i32.const 1)) (local.get $b)))
      (return (i32.sub (local.get $out) (global.get $output_ptr))))
    (i32.const 0)))
