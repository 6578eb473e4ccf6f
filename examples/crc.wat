;; crc: the CRC-32 of the input (IEEE 802.3, the one used by zip, PNG and gzip).
;;
;; Reflected polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF. The checksum is the
;; single item of an i32 output, so `qip run` prints it as 8 hex digits; empty input gives no
;; item at all (nothing is printed), which keeps "no data" apart from a checksum.
;;
;; Run contract: exported i32 globals, binary in, i32 items out.
;;   input  at 0x10000, input_bytes_cap 64 KiB
;;   output at 0x20000, output_i32_cap  1 item
;;   3 pages of memory
;;
;;   printf %s abc | qip run examples/crc.wasm   ->  352441c2
;;
;; Bit by bit rather than with a 1 KiB lookup table: the module stays tiny and 64 KiB of input is
;; still only half a million cheap steps.
(module
  (memory (export "memory") 3)

  (global $input_ptr (export "input_ptr") i32 (i32.const 0x10000))
  (global $input_bytes_cap (export "input_bytes_cap") i32 (i32.const 0x10000))
  (global $output_ptr (export "output_ptr") i32 (i32.const 0x20000))
  (global $output_i32_cap (export "output_i32_cap") i32 (i32.const 1))

  (func $run (export "run") (param $input_size i32) (result i32)
    (local $crc i32)
    (local $i i32)
    (local $bit i32)

    ;; The host already refuses larger inputs; clamping keeps the module safe on its own.
    (if (i32.gt_u (local.get $input_size) (global.get $input_bytes_cap))
      (then (local.set $input_size (global.get $input_bytes_cap))))
    (if (i32.eqz (local.get $input_size))
      (then (return (i32.const 0))))

    (local.set $crc (i32.const 0xffffffff))
    (block $done
      (loop $next_byte
        (br_if $done (i32.eq (local.get $i) (local.get $input_size)))
        (local.set $crc
          (i32.xor
            (local.get $crc)
            (i32.load8_u (i32.add (global.get $input_ptr) (local.get $i)))))
        (local.set $bit (i32.const 8))
        (loop $next_bit
          ;; Shift right; when a 1 falls off, fold the polynomial in. The mask
          ;; 0 - (crc & 1) is all ones exactly when that bit was set.
          (local.set $crc
            (i32.xor
              (i32.shr_u (local.get $crc) (i32.const 1))
              (i32.and
                (i32.const 0xedb88320)
                (i32.sub (i32.const 0) (i32.and (local.get $crc) (i32.const 1))))))
          (local.set $bit (i32.sub (local.get $bit) (i32.const 1)))
          (br_if $next_bit (local.get $bit)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next_byte)))

    (i32.store (global.get $output_ptr) (i32.xor (local.get $crc) (i32.const 0xffffffff)))
    (i32.const 1)))
