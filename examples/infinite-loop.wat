;; infinite-loop: `run` never returns. Demonstrates the execution time limit.
;;
;; Run contract: exports are zero-argument functions, not globals.
;;   input_ptr() = 0, input_utf8_cap() = 65536, output_ptr() = 0, output_utf8_cap() = 65536
;;   1 page of memory (input and output share it)
;;
;;   echo x | qip run examples/infinite-loop.wasm
;;     -> stderr "Wasm module exceeded the execution time limit (100ms)", exit code 1
(module
  (memory (export "memory") 1)

  (func (export "input_ptr") (result i32) (i32.const 0))
  (func (export "input_utf8_cap") (result i32) (i32.const 65536))
  (func (export "output_ptr") (result i32) (i32.const 0))
  (func (export "output_utf8_cap") (result i32) (i32.const 65536))

  ;; Loops forever; the host must pre-empt it.
  (func (export "run") (param $input_size i32) (result i32)
    (loop $forever
      (br $forever))
    (unreachable)))
