;; rgb-to-hex: turns `r,g,b` or `rgb(r, g, b)` into a lowercase `#rrggbb` colour.
;;
;; Each component is a decimal integer from 0 to 255. ASCII whitespace is allowed around the
;; numbers, the commas, the parentheses and the whole input; `rgb` may be in any case, as in CSS.
;; Anything else (a missing component, a value above 255, trailing text) gives empty output.
;;
;; Run contract: exported i32 globals, UTF-8 in and out.
;;   input  at 0x10000, input_utf8_cap  64 KiB
;;   output at 0x20000, output_utf8_cap 64 KiB
;;   4 pages of memory; the hex digits live in page 0
;;
;;   printf %s "255,0,170" | qip run examples/rgb-to-hex.wasm                ->  #ff00aa
;;   printf %s " rgb( 101, 79, 240 ) " | qip run examples/rgb-to-hex.wasm    ->  #654ff0
;;   printf %s "300,0,0" | qip run examples/rgb-to-hex.wasm                  ->  (empty line)
(module
  (memory (export "memory") 4)

  (global $input_ptr (export "input_ptr") i32 (i32.const 0x10000))
  (global $input_utf8_cap (export "input_utf8_cap") i32 (i32.const 0x10000))
  (global $output_ptr (export "output_ptr") i32 (i32.const 0x20000))
  (global $output_utf8_cap (export "output_utf8_cap") i32 (i32.const 0x10000))

  (data (i32.const 0x00) "0123456789abcdef")

  ;; The parser's cursor over the input: next byte to read, and the end of the input.
  (global $pos (mut i32) (i32.const 0))
  (global $end (mut i32) (i32.const 0))

  ;; Space, tab, LF, VT, FF, CR.
  (func $is_space (param $c i32) (result i32)
    (i32.or
      (i32.eq (local.get $c) (i32.const 0x20))
      (i32.lt_u (i32.sub (local.get $c) (i32.const 0x09)) (i32.const 5))))

  ;; The next byte, or -1 at the end of the input (so it never equals a character).
  (func $peek (result i32)
    (if (result i32) (i32.lt_u (global.get $pos) (global.get $end))
      (then (i32.load8_u (global.get $pos)))
      (else (i32.const -1))))

  (func $skip_spaces
    (loop $skip
      (if (call $is_space (call $peek))
        (then
          (global.set $pos (i32.add (global.get $pos) (i32.const 1)))
          (br $skip)))))

  ;; Skips whitespace, then consumes `c` if it comes next. Returns whether it did.
  (func $accept (param $c i32) (result i32)
    (call $skip_spaces)
    (if (i32.ne (call $peek) (local.get $c))
      (then (return (i32.const 0))))
    (global.set $pos (i32.add (global.get $pos) (i32.const 1)))
    (i32.const 1))

  ;; Skips whitespace, then reads a component: 0..255, or -1 if there is none or it is too big.
  ;; Stopping as soon as the value passes 255 keeps long digit runs from overflowing.
  (func $component (result i32)
    (local $value i32)
    (local $digit i32)
    (call $skip_spaces)
    (local.set $digit (i32.sub (call $peek) (i32.const 0x30)))
    (if (i32.ge_u (local.get $digit) (i32.const 10))
      (then (return (i32.const -1))))
    (loop $next
      (local.set $value (i32.add (i32.mul (local.get $value) (i32.const 10)) (local.get $digit)))
      (if (i32.gt_u (local.get $value) (i32.const 255))
        (then (return (i32.const -1))))
      (global.set $pos (i32.add (global.get $pos) (i32.const 1)))
      (local.set $digit (i32.sub (call $peek) (i32.const 0x30)))
      (br_if $next (i32.lt_u (local.get $digit) (i32.const 10))))
    (local.get $value))

  ;; Consumes `rgb(` (letters in any case) if the input continues with it.
  (func $accept_rgb_prefix (result i32)
    (call $skip_spaces)
    (if (i32.lt_u (i32.sub (global.get $end) (global.get $pos)) (i32.const 4))
      (then (return (i32.const 0))))
    ;; Setting bit 5 lower-cases letters; '(' is compared exactly.
    (if (i32.and
          (i32.eq
            (i32.or (i32.load16_u (global.get $pos)) (i32.const 0x2020))
            (i32.const 0x6772)) ;; "rg", little-endian
          (i32.eq
            (i32.or (i32.load16_u offset=2 (global.get $pos)) (i32.const 0x0020))
            (i32.const 0x2862))) ;; "b("
      (then
        (global.set $pos (i32.add (global.get $pos) (i32.const 4)))
        (return (i32.const 1))))
    (i32.const 0))

  ;; Writes a component as two hex digits.
  (func $write_hex (param $dst i32) (param $value i32)
    (i32.store8 (local.get $dst) (i32.load8_u (i32.shr_u (local.get $value) (i32.const 4))))
    (i32.store8 offset=1 (local.get $dst)
      (i32.load8_u (i32.and (local.get $value) (i32.const 15)))))

  (func $run (export "run") (param $input_size i32) (result i32)
    (local $functional i32) ;; the input started with `rgb(` and must close it
    (local $r i32)
    (local $g i32)
    (local $b i32)

    ;; The host already refuses larger inputs; clamping keeps the module safe on its own.
    (if (i32.gt_u (local.get $input_size) (global.get $input_utf8_cap))
      (then (local.set $input_size (global.get $input_utf8_cap))))
    (global.set $pos (global.get $input_ptr))
    (global.set $end (i32.add (global.get $input_ptr) (local.get $input_size)))

    (local.set $functional (call $accept_rgb_prefix))
    (block $invalid
      (br_if $invalid (i32.lt_s (local.tee $r (call $component)) (i32.const 0)))
      (br_if $invalid (i32.eqz (call $accept (i32.const 0x2c)))) ;; ','
      (br_if $invalid (i32.lt_s (local.tee $g (call $component)) (i32.const 0)))
      (br_if $invalid (i32.eqz (call $accept (i32.const 0x2c)))) ;; ','
      (br_if $invalid (i32.lt_s (local.tee $b (call $component)) (i32.const 0)))
      (if (local.get $functional)
        (then (br_if $invalid (i32.eqz (call $accept (i32.const 0x29)))))) ;; ')'
      (call $skip_spaces)
      (br_if $invalid (i32.ne (global.get $pos) (global.get $end)))

      (i32.store8 (global.get $output_ptr) (i32.const 0x23)) ;; '#'
      (call $write_hex (i32.add (global.get $output_ptr) (i32.const 1)) (local.get $r))
      (call $write_hex (i32.add (global.get $output_ptr) (i32.const 3)) (local.get $g))
      (call $write_hex (i32.add (global.get $output_ptr) (i32.const 5)) (local.get $b))
      (return (i32.const 7)))
    (i32.const 0)))
