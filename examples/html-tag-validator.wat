;; html-tag-validator: classifies an element name as `builtin`, `custom` or `invalid`.
;;
;; After trimming ASCII whitespace the name must start with a lowercase ASCII letter and continue
;; with lowercase letters, digits, `-`, `.` or `_`; anything else is `invalid`. A valid name with
;; a hyphen before its last character is a `custom` element (custom element names must contain a
;; hyphen); every other valid name is `builtin`. No list of HTML elements is consulted, so `foo`
;; is `builtin` too: the answer is about the name's shape.
;;
;; Run contract: exported i32 globals, UTF-8 in and out.
;;   input  at 0x10000, input_utf8_cap  64 KiB
;;   output at 0x20000, output_utf8_cap 64 KiB
;;   3 pages of memory; the three answers live in page 0
;;
;;   printf %s div | qip run examples/html-tag-validator.wasm     ->  builtin
;;   printf %s my-el | qip run examples/html-tag-validator.wasm   ->  custom
;;   printf %s My | qip run examples/html-tag-validator.wasm      ->  invalid
(module
  (memory (export "memory") 3)

  (global $input_ptr (export "input_ptr") i32 (i32.const 0x10000))
  (global $input_utf8_cap (export "input_utf8_cap") i32 (i32.const 0x10000))
  (global $output_ptr (export "output_ptr") i32 (i32.const 0x20000))
  (global $output_utf8_cap (export "output_utf8_cap") i32 (i32.const 0x10000))

  (data (i32.const 0x00) "builtin")
  (data (i32.const 0x08) "custom")
  (data (i32.const 0x10) "invalid")

  ;; HTML's "ASCII whitespace": space, tab, LF, FF and CR (vertical tab is not one).
  (func $is_space (param $c i32) (result i32)
    (i32.or
      (i32.eq (local.get $c) (i32.const 0x20))
      (i32.and
        (i32.lt_u (i32.sub (local.get $c) (i32.const 0x09)) (i32.const 5))
        (i32.ne (local.get $c) (i32.const 0x0b)))))

  (func $is_lower (param $c i32) (result i32)
    (i32.lt_u (i32.sub (local.get $c) (i32.const 0x61)) (i32.const 26))) ;; 'a'..'z'

  ;; Any byte allowed after the first one, apart from the hyphen (handled by the caller).
  (func $is_tail_char (param $c i32) (result i32)
    (i32.or
      (i32.or
        (call $is_lower (local.get $c))
        (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10))) ;; '0'..'9'
      (i32.or
        (i32.eq (local.get $c) (i32.const 0x2e))    ;; '.'
        (i32.eq (local.get $c) (i32.const 0x5f))))) ;; '_'

  ;; Copies one of the answers to the output and returns its length.
  (func $answer (param $text i32) (param $len i32) (result i32)
    (memory.copy (global.get $output_ptr) (local.get $text) (local.get $len))
    (local.get $len))

  (func $run (export "run") (param $input_size i32) (result i32)
    (local $start i32)  ;; first byte of the trimmed input
    (local $end i32)    ;; one past its last byte
    (local $p i32)
    (local $c i32)
    (local $custom i32) ;; set once a hyphen is seen before the last character

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

    (block $invalid
      ;; Empty, or not starting with a lowercase letter.
      (br_if $invalid (i32.eq (local.get $start) (local.get $end)))
      (br_if $invalid (i32.eqz (call $is_lower (i32.load8_u (local.get $start)))))

      (local.set $p (i32.add (local.get $start) (i32.const 1)))
      (block $checked
        (loop $next
          (br_if $checked (i32.eq (local.get $p) (local.get $end)))
          (local.set $c (i32.load8_u (local.get $p)))
          (if (i32.eq (local.get $c) (i32.const 0x2d)) ;; '-'
            (then
              ;; A trailing hyphen is allowed but does not make the name custom.
              (if (i32.lt_u (i32.add (local.get $p) (i32.const 1)) (local.get $end))
                (then (local.set $custom (i32.const 1)))))
            (else
              (br_if $invalid (i32.eqz (call $is_tail_char (local.get $c))))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $next)))

      (if (local.get $custom)
        (then (return (call $answer (i32.const 0x08) (i32.const 6)))))
      (return (call $answer (i32.const 0x00) (i32.const 7))))

    (call $answer (i32.const 0x10) (i32.const 7))))
