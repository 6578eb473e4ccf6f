;; luhn: checks a number with the Luhn (mod 10) algorithm, as used by payment card numbers.
;;
;; Spaces and hyphens are dropped (cards are written in groups: `4111 1111 1111 1111`), and so is
;; any other ASCII whitespace, so a trailing newline from `echo` does no harm. Any other byte makes
;; the input invalid, and so do fewer than 2 digits. The output is the normalised digit string
;; when the check digit is right, else empty.
;;
;; Run contract: exported i32 globals, UTF-8 in and out.
;;   input  at 0x10000, input_utf8_cap  64 KiB
;;   output at 0x20000, output_utf8_cap 64 KiB
;;   3 pages of memory
;;
;;   printf %s 49927398716 | qip run examples/luhn.wasm           ->  49927398716
;;   printf %s 49927398717 | qip run examples/luhn.wasm           ->  (empty line)
;;   printf %s "4111-1111 1111-1111" | qip run examples/luhn.wasm ->  4111111111111111
(module
  (memory (export "memory") 3)

  (global $input_ptr (export "input_ptr") i32 (i32.const 0x10000))
  (global $input_utf8_cap (export "input_utf8_cap") i32 (i32.const 0x10000))
  (global $output_ptr (export "output_ptr") i32 (i32.const 0x20000))
  (global $output_utf8_cap (export "output_utf8_cap") i32 (i32.const 0x10000))

  ;; Separators that may appear between digits: hyphen, space, tab, LF, VT, FF, CR.
  (func $is_separator (param $c i32) (result i32)
    (i32.or
      (i32.or
        (i32.eq (local.get $c) (i32.const 0x2d))
        (i32.eq (local.get $c) (i32.const 0x20)))
      (i32.lt_u (i32.sub (local.get $c) (i32.const 0x09)) (i32.const 5))))

  (func $run (export "run") (param $input_size i32) (result i32)
    (local $i i32)
    (local $c i32)
    (local $count i32)  ;; digits copied to the output
    (local $sum i32)
    (local $digit i32)
    (local $double i32) ;; every second digit from the right is doubled

    ;; The host already refuses larger inputs; clamping keeps the module safe on its own.
    (if (i32.gt_u (local.get $input_size) (global.get $input_utf8_cap))
      (then (local.set $input_size (global.get $input_utf8_cap))))

    ;; Copy the digits to the output: it is both the answer and what the check reads.
    (block $copied
      (loop $next
        (br_if $copied (i32.eq (local.get $i) (local.get $input_size)))
        (local.set $c (i32.load8_u (i32.add (global.get $input_ptr) (local.get $i))))
        (if (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10))
          (then
            (i32.store8 (i32.add (global.get $output_ptr) (local.get $count)) (local.get $c))
            (local.set $count (i32.add (local.get $count) (i32.const 1))))
          (else
            (if (i32.eqz (call $is_separator (local.get $c)))
              (then (return (i32.const 0))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))

    ;; A single digit would be its own check digit; refuse it rather than accept "0".
    (if (i32.lt_u (local.get $count) (i32.const 2))
      (then (return (i32.const 0))))

    ;; From the rightmost digit: keep, double, keep, double... A doubled digit above 9 adds
    ;; its two decimal digits, which is the same as subtracting 9.
    (local.set $i (local.get $count))
    (loop $sum_digits
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (local.set $digit
        (i32.sub
          (i32.load8_u (i32.add (global.get $output_ptr) (local.get $i)))
          (i32.const 0x30)))
      (if (local.get $double)
        (then
          (local.set $digit (i32.shl (local.get $digit) (i32.const 1)))
          (if (i32.gt_u (local.get $digit) (i32.const 9))
            (then (local.set $digit (i32.sub (local.get $digit) (i32.const 9)))))))
      (local.set $sum (i32.add (local.get $sum) (local.get $digit)))
      (local.set $double (i32.xor (local.get $double) (i32.const 1)))
      (br_if $sum_digits (local.get $i)))

    (if (result i32) (i32.rem_u (local.get $sum) (i32.const 10))
      (then (i32.const 0))
      (else (local.get $count)))))
