;; The byte <-> float conversion of the tile contract (abi.md §4.5), vectorised, between an image
;; (8-bit RGBA rows in a shared memory) and a tile (float32 RGBA rows in a stage's memory).
;; Built into _rgba_convert_wasm.ts by scripts/generate_rgba_convert.ts.
;;
;; Byte -> float: f32(b) * fround(1/255), one float32 multiplication.
;; Float -> byte: trunc_sat(f32(f32(v * 255) + 0.5)), then saturating narrows to 0..255. That is
;; the spec's formula for 0 < v < 1; v <= 0 and NaN give 0 and v >= 1 gives 255, as specified.
(module
  (import "rgba" "image" (memory $image 1 65536 shared))
  (import "rgba" "tile" (memory $tile 0))

  ;; Converts `rows` rows of `channels` bytes (a multiple of 4) starting at `src` in the image,
  ;; `srcStride` bytes apart, into floats at `dst` in the tile, `dstStride` bytes apart.
  (func (export "bytes_to_floats")
    (param $src i32) (param $srcStride i32) (param $channels i32) (param $rows i32)
    (param $dst i32) (param $dstStride i32)
    (local $s i32) (local $d i32) (local $end i32) (local $bytes v128) (local $f v128)
    (local.set $f (f32x4.splat (f32.const 0x1.010102p-8)))
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $rows)))
        (local.set $s (local.get $src))
        (local.set $d (local.get $dst))
        (local.set $end (i32.add (local.get $src) (local.get $channels)))
        (block $wide_done
          (loop $wide
            (br_if $wide_done (i32.gt_u (i32.add (local.get $s) (i32.const 16)) (local.get $end)))
            (local.set $bytes (v128.load $image (local.get $s)))
            (v128.store $tile offset=0 (local.get $d)
              (f32x4.mul (local.get $f) (f32x4.convert_i32x4_u
                (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (local.get $bytes))))))
            (v128.store $tile offset=16 (local.get $d)
              (f32x4.mul (local.get $f) (f32x4.convert_i32x4_u
                (i32x4.extend_high_i16x8_u (i16x8.extend_low_i8x16_u (local.get $bytes))))))
            (v128.store $tile offset=32 (local.get $d)
              (f32x4.mul (local.get $f) (f32x4.convert_i32x4_u
                (i32x4.extend_low_i16x8_u (i16x8.extend_high_i8x16_u (local.get $bytes))))))
            (v128.store $tile offset=48 (local.get $d)
              (f32x4.mul (local.get $f) (f32x4.convert_i32x4_u
                (i32x4.extend_high_i16x8_u (i16x8.extend_high_i8x16_u (local.get $bytes))))))
            (local.set $s (i32.add (local.get $s) (i32.const 16)))
            (local.set $d (i32.add (local.get $d) (i32.const 64)))
            (br $wide)))
        (block $narrow_done
          (loop $narrow
            (br_if $narrow_done (i32.ge_u (local.get $s) (local.get $end)))
            (f32.store $tile (local.get $d)
              (f32.mul (f32.const 0x1.010102p-8) (f32.convert_i32_u (i32.load8_u $image (local.get $s)))))
            (local.set $s (i32.add (local.get $s) (i32.const 1)))
            (local.set $d (i32.add (local.get $d) (i32.const 4)))
            (br $narrow)))
        (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
        (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))

  ;; Converts `rows` rows of `channels` floats starting at `src` in the tile, `srcStride` bytes
  ;; apart, into bytes at `dst` in the image, `dstStride` bytes apart.
  (func (export "floats_to_bytes")
    (param $src i32) (param $srcStride i32) (param $channels i32) (param $rows i32)
    (param $dst i32) (param $dstStride i32)
    (local $s i32) (local $d i32) (local $end i32) (local $scale v128) (local $half v128)
    (local.set $scale (f32x4.splat (f32.const 255)))
    (local.set $half (f32x4.splat (f32.const 0.5)))
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $rows)))
        (local.set $s (local.get $src))
        (local.set $d (local.get $dst))
        (local.set $end (i32.add (local.get $dst) (local.get $channels)))
        (block $wide_done
          (loop $wide
            (br_if $wide_done (i32.gt_u (i32.add (local.get $d) (i32.const 16)) (local.get $end)))
            (v128.store $image (local.get $d)
              (i8x16.narrow_i16x8_u
                (i16x8.narrow_i32x4_s
                  (call $quantise (v128.load $tile offset=0 (local.get $s)) (local.get $scale) (local.get $half))
                  (call $quantise (v128.load $tile offset=16 (local.get $s)) (local.get $scale) (local.get $half)))
                (i16x8.narrow_i32x4_s
                  (call $quantise (v128.load $tile offset=32 (local.get $s)) (local.get $scale) (local.get $half))
                  (call $quantise (v128.load $tile offset=48 (local.get $s)) (local.get $scale) (local.get $half)))))
            (local.set $s (i32.add (local.get $s) (i32.const 64)))
            (local.set $d (i32.add (local.get $d) (i32.const 16)))
            (br $wide)))
        (block $narrow_done
          (loop $narrow
            (br_if $narrow_done (i32.ge_u (local.get $d) (local.get $end)))
            (i32.store8 $image (local.get $d)
              (i32x4.extract_lane 0 (i8x16.narrow_i16x8_u
                (i16x8.narrow_i32x4_s
                  (call $quantise (f32x4.splat (f32.load $tile (local.get $s))) (local.get $scale) (local.get $half))
                  (v128.const i32x4 0 0 0 0))
                (v128.const i32x4 0 0 0 0))))
            (local.set $s (i32.add (local.get $s) (i32.const 4)))
            (local.set $d (i32.add (local.get $d) (i32.const 1)))
            (br $narrow)))
        (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
        (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))

  ;; trunc_sat(f32(f32(v * 255) + 0.5)) per lane.
  (func $quantise (param $v v128) (param $scale v128) (param $half v128) (result v128)
    (i32x4.trunc_sat_f32x4_s (f32x4.add (f32x4.mul (local.get $v) (local.get $scale)) (local.get $half)))))
