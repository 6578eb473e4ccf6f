;; module: a qip run module to start from; copies its input and upper-cases ASCII letters.
;; Rename it, change `run`, and keep the header true (see docs/modules.md in the qip checkout).
;;
;; Run contract: exported i32 globals, UTF-8 in and out.
;;   input  at 0x10000, input_utf8_cap  65536 bytes
;;   output at 0x20000, output_utf8_cap 65536 bytes
;;   3 pages of memory (0x00000-0x2ffff)
(module
  (memory (export "memory") 3)

  (global $input_ptr (export "input_ptr") i32 (i32.const 0x10000))
  (global $input_utf8_cap (export "input_utf8_cap") i32 (i32.const 0x10000))
  (global $output_ptr (export "output_ptr") i32 (i32.const 0x20000))
  (global $output_utf8_cap (export "output_utf8_cap") i32 (i32.const 0x10000))

  ;; Returns the output length; 0 is an empty output (a soft failure: a chain goes on).
  (func (export "run") (param $input_size i32) (result i32)
    (local $i i32)
    (local $c i32)
    (if (i32.gt_u (local.get $input_size) (global.get $input_utf8_cap))
      (then (local.set $input_size (global.get $input_utf8_cap))))
    (block $done
      (loop $copy
        (br_if $done (i32.ge_u (local.get $i) (local.get $input_size)))
        (local.set $c (i32.load8_u (i32.add (global.get $input_ptr) (local.get $i))))
        (if (i32.lt_u (i32.sub (local.get $c) (i32.const 0x61)) (i32.const 26))
          (then (local.set $c (i32.sub (local.get $c) (i32.const 0x20)))))
        (i32.store8 (i32.add (global.get $output_ptr) (local.get $i)) (local.get $c))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $copy)))
    (local.get $input_size)))
