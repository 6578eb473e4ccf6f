;; shout: upper-cases ASCII letters and adds "!"; the module built in docs/modules.md.
;;
;; Run contract: exported i32 globals, UTF-8 in and out.
;;   page 0 (0x00000-0x0ffff)  free: room for tables or scratch space
;;   input  at 0x10000, input_utf8_cap  65535 bytes (one less than a page: see output)
;;   output at 0x20000, output_utf8_cap 65536 bytes (the whole input plus "!")
;;   3 pages of memory (0x00000-0x2ffff)
;;
;;   printf %s 'hi there' | qip run examples/guide/shout.wasm   ->  HI THERE!
;;   echo hi | qip run examples/guide/shout.wasm                ->  HI!  (trailing whitespace dropped)
;;   qip run examples/guide/shout.wasm < /dev/null              ->  (empty line: nothing to shout)
;;   printf 'a\0b' | qip run examples/guide/shout.wasm          ->  wasm error: unreachable
;;
;; Soft failure: empty (or all-whitespace) input returns 0, an empty output, and a chain goes on.
;; Hard failure: a NUL byte means an earlier stage produced binary data, so the chain itself is
;; wrong; `unreachable` stops it.
(module
  (memory (export "memory") 3)

  (global $input_ptr (export "input_ptr") i32 (i32.const 0x10000))
  (global $input_utf8_cap (export "input_utf8_cap") i32 (i32.const 0xffff))
  (global $output_ptr (export "output_ptr") i32 (i32.const 0x20000))
  (global $output_utf8_cap (export "output_utf8_cap") i32 (i32.const 0x10000))

  ;; Space, \t, \n, \v, \f or \r.
  (func $is_space (param $c i32) (result i32)
    (i32.or
      (i32.eq (local.get $c) (i32.const 0x20))
      (i32.lt_u (i32.sub (local.get $c) (i32.const 0x09)) (i32.const 5))))

  (func $run (export "run") (param $input_size i32) (result i32)
    (local $i i32)
    (local $c i32)

    ;; The host already refuses larger inputs; clamping keeps the module safe on its own.
    (if (i32.gt_u (local.get $input_size) (global.get $input_utf8_cap))
      (then (local.set $input_size (global.get $input_utf8_cap))))

    ;; Drop trailing whitespace, such as the newline `echo` adds.
    (block $trimmed
      (loop $trim
        (br_if $trimmed (i32.eqz (local.get $input_size)))
        (br_if $trimmed
          (i32.eqz
            (call $is_space
              (i32.load8_u
                (i32.add (global.get $input_ptr)
                  (i32.sub (local.get $input_size) (i32.const 1)))))))
        (local.set $input_size (i32.sub (local.get $input_size) (i32.const 1)))
        (br $trim)))

    ;; Soft failure: nothing to shout.
    (if (i32.eqz (local.get $input_size)) (then (return (i32.const 0))))

    ;; Copy the input, upper-casing a-z; trap on a NUL byte.
    (loop $copy
      (local.set $c (i32.load8_u (i32.add (global.get $input_ptr) (local.get $i))))
      (if (i32.eqz (local.get $c)) (then unreachable))
      (if (i32.lt_u (i32.sub (local.get $c) (i32.const 0x61)) (i32.const 26))
        (then (local.set $c (i32.sub (local.get $c) (i32.const 0x20)))))
      (i32.store8 (i32.add (global.get $output_ptr) (local.get $i)) (local.get $c))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $copy (i32.lt_u (local.get $i) (local.get $input_size))))

    (i32.store8 (i32.add (global.get $output_ptr) (local.get $input_size)) (i32.const 0x21))
    (i32.add (local.get $input_size) (i32.const 1))))
