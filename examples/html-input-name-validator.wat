;; html-input-name-validator: accepts a form field `name`.
;;
;; The output is the input without its surrounding ASCII whitespace if every byte left is an ASCII
;; letter, a digit or one of `- _ . [ ] :`, else empty. Brackets and dots are allowed because
;; server frameworks use them for nested fields (`user[email]`, `items[0].qty`). A leading digit is
;; fine: browsers submit any name.
;;
;; Run contract: exported i32 globals, UTF-8 in and out.
;;   input  at 0x10000, input_utf8_cap  64 KiB
;;   output at 0x20000, output_utf8_cap 64 KiB
;;   3 pages of memory
;;
;;   printf %s email | qip run examples/html-input-name-validator.wasm   ->  email
;;   printf %s 1abc | qip run examples/html-input-name-validator.wasm    ->  1abc
;;   printf %s "a b" | qip run examples/html-input-name-validator.wasm   ->  (empty line)
(module
  (memory (export "memory") 3)

  (global $input_ptr (export "input_ptr") i32 (i32.const 0x10000))
  (global $input_utf8_cap (export "input_utf8_cap") i32 (i32.const 0x10000))
  (global $output_ptr (export "output_ptr") i32 (i32.const 0x20000))
  (global $output_utf8_cap (export "output_utf8_cap") i32 (i32.const 0x10000))

  ;; HTML's "ASCII whitespace": space, tab, LF, FF and CR (vertical tab is not one).
  (func $is_space (param $c i32) (result i32)
    (i32.or
      (i32.eq (local.get $c) (i32.const 0x20))
      (i32.and
        (i32.lt_u (i32.sub (local.get $c) (i32.const 0x09)) (i32.const 5))
        (i32.ne (local.get $c) (i32.const 0x0b)))))

  (func $is_name_char (param $c i32) (result i32)
    ;; Letters: setting bit 5 folds A-Z onto a-z (and nothing else onto it).
    (if (i32.lt_u
          (i32.sub (i32.or (local.get $c) (i32.const 0x20)) (i32.const 0x61)) ;; 'a'
          (i32.const 26))
      (then (return (i32.const 1))))
    (if (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10)) ;; '0'..'9'
      (then (return (i32.const 1))))
    (i32.or
      (i32.or
        (i32.or (i32.eq (local.get $c) (i32.const 0x2d))  ;; '-'
                (i32.eq (local.get $c) (i32.const 0x5f))) ;; '_'
        (i32.or (i32.eq (local.get $c) (i32.const 0x2e))  ;; '.'
                (i32.eq (local.get $c) (i32.const 0x3a)))) ;; ':'
      (i32.or (i32.eq (local.get $c) (i32.const 0x5b))    ;; '['
              (i32.eq (local.get $c) (i32.const 0x5d)))))  ;; ']'

  (func $run (export "run") (param $input_size i32) (result i32)
    (local $start i32) ;; first byte of the trimmed input
    (local $end i32)   ;; one past its last byte
    (local $p i32)

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

    (local.set $p (local.get $start))
    (block $checked
      (loop $next
        (br_if $checked (i32.eq (local.get $p) (local.get $end)))
        (if (i32.eqz (call $is_name_char (i32.load8_u (local.get $p))))
          (then (return (i32.const 0))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $next)))

    (memory.copy
      (global.get $output_ptr)
      (local.get $start)
      (i32.sub (local.get $end) (local.get $start)))
    (i32.sub (local.get $end) (local.get $start))))
