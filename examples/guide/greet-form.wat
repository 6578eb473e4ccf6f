;; greet-form: asks two questions and writes one line; the form module of docs/contracts/forms.md.
;;
;; Form contract: every value is a function (globals are not accepted for forms), and the module
;; keeps its state between calls, because one instance serves the whole session.
;;   0x0100-0x01ff  the keys, labels and error message (data segments)
;;   0x1000         input: the latest answer, input_utf8_cap 256 bytes
;;   0x2000         output: "<name> likes <colour>", output_utf8_cap 1024 bytes
;;   0x3000         the accepted name, up to 256 bytes
;;
;;   printf 'Ada\nteal\n' | qip form examples/guide/greet-form.wasm
;;   ->  Your name: Favourite colour: Ada likes teal
(module
  (memory (export "memory") 1)

  (data (i32.const 0x100) "name")
  (data (i32.const 0x110) "Your name")
  (data (i32.const 0x120) "colour")
  (data (i32.const 0x130) "Favourite colour")
  (data (i32.const 0x150) "Please type a name.")
  (data (i32.const 0x170) " likes ")

  (global $step (mut i32) (i32.const 0))      ;; 0: name, 1: colour, 2: done
  (global $has_error (mut i32) (i32.const 0))
  (global $name_size (mut i32) (i32.const 0))
  (global $output_size (mut i32) (i32.const 0))

  (func (export "input_ptr") (result i32) (i32.const 0x1000))
  (func (export "input_utf8_cap") (result i32) (i32.const 256))
  (func (export "output_ptr") (result i32) (i32.const 0x2000))
  (func (export "output_utf8_cap") (result i32) (i32.const 1024))

  ;; The current question; an empty key means the form is complete.
  (func (export "input_key_ptr") (result i32)
    (select (i32.const 0x100) (i32.const 0x120) (i32.eqz (global.get $step))))
  (func (export "input_key_size") (result i32)
    (if (result i32) (i32.eqz (global.get $step))
      (then (i32.const 4))
      (else (select (i32.const 6) (i32.const 0) (i32.eq (global.get $step) (i32.const 1))))))
  (func (export "input_label_ptr") (result i32)
    (select (i32.const 0x110) (i32.const 0x130) (i32.eqz (global.get $step))))
  (func (export "input_label_size") (result i32)
    (select (i32.const 9) (i32.const 16) (i32.eqz (global.get $step))))

  ;; The error of the last answer, or the empty string.
  (func (export "error_message_ptr") (result i32) (i32.const 0x150))
  (func (export "error_message_size") (result i32)
    (select (i32.const 19) (i32.const 0) (global.get $has_error)))

  ;; One answer of `size` bytes is at 0x1000. Returns the output size once the form is complete.
  (func (export "run") (param $size i32) (result i32)
    (if (i32.eqz (global.get $step))
      (then
        ;; An empty name keeps the step and sets the error; the host asks again.
        (if (i32.eqz (local.get $size))
          (then (global.set $has_error (i32.const 1)) (return (i32.const 0))))
        (memory.copy (i32.const 0x3000) (i32.const 0x1000) (local.get $size))
        (global.set $name_size (local.get $size))
        (global.set $has_error (i32.const 0))
        (global.set $step (i32.const 1))
        (return (i32.const 0))))
    (if (i32.eq (global.get $step) (i32.const 1))
      (then
        ;; Any colour will do, even none: "<name> likes <colour>".
        (memory.copy (i32.const 0x2000) (i32.const 0x3000) (global.get $name_size))
        (memory.copy (i32.add (i32.const 0x2000) (global.get $name_size)) (i32.const 0x170)
          (i32.const 7))
        (memory.copy (i32.add (i32.const 0x2007) (global.get $name_size)) (i32.const 0x1000)
          (local.get $size))
        (global.set $output_size
          (i32.add (i32.add (global.get $name_size) (i32.const 7)) (local.get $size)))
        (global.set $step (i32.const 2))))
    (global.get $output_size)))
