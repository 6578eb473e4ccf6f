;; black-and-white-simd: black-and-white.wat with 128-bit SIMD, four pixels at a time; the same
;; float32 operations in the same order per pixel, so the output is bit-identical to
;; black-and-white.wasm's:
;;
;;   L = (0.2126·R + 0.7152·G) + 0.0722·B,  R' = G' = B' = L,  A' = A
;;
;; The four pixels p0..p3 (R, G, B, A each) are loaded and shuffled into one vector of reds, one of
;; greens and one of blues; L is computed for all four at once; then each output pixel is built
;; from its L and its own alpha.
;;
;; Tile contract (abi.md §4): exported i32 globals input_ptr = 0 and input_bytes_cap = 64 KiB;
;; one 64 KiB page holds exactly one 64×64 tile of R, G, B, A float32 values; no halo, no
;; uniforms.
(module
  (memory (export "memory") 1)

  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 0x10000))

  (func (export "tile_rgba_f32_64x64") (param $x f32) (param $y f32)
    (local $p i32) ;; byte offset of the first of four pixels
    (local $p0 v128) (local $p1 v128) (local $p2 v128) (local $p3 v128)
    (local $rg01 v128) (local $rg23 v128) (local $ba01 v128) (local $ba23 v128)
    (local $luma v128)
    (loop $pixels
      (local.set $p0 (v128.load offset=0 (local.get $p)))
      (local.set $p1 (v128.load offset=16 (local.get $p)))
      (local.set $p2 (v128.load offset=32 (local.get $p)))
      (local.set $p3 (v128.load offset=48 (local.get $p)))
      ;; (r0 r1 g0 g1), (b0 b1 a0 a1), (r2 r3 g2 g3), (b2 b3 a2 a3)
      (local.set $rg01 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
        (local.get $p0) (local.get $p1)))
      (local.set $ba01 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
        (local.get $p0) (local.get $p1)))
      (local.set $rg23 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
        (local.get $p2) (local.get $p3)))
      (local.set $ba23 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
        (local.get $p2) (local.get $p3)))
      ;; L = (0.2126·(r0 r1 r2 r3) + 0.7152·(g0 g1 g2 g3)) + 0.0722·(b0 b1 b2 b3)
      (local.set $luma
        (f32x4.add
          (f32x4.add
            (f32x4.mul (v128.const f32x4 0.2126 0.2126 0.2126 0.2126)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                (local.get $rg01) (local.get $rg23)))
            (f32x4.mul (v128.const f32x4 0.7152 0.7152 0.7152 0.7152)
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
                (local.get $rg01) (local.get $rg23))))
          (f32x4.mul (v128.const f32x4 0.0722 0.0722 0.0722 0.0722)
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
              (local.get $ba01) (local.get $ba23)))))
      ;; Pixel i is (Li Li Li ai): lane i of L three times, then lane 3 of pixel i.
      (v128.store offset=0 (local.get $p)
        (i8x16.shuffle 0 1 2 3 0 1 2 3 0 1 2 3 28 29 30 31 (local.get $luma) (local.get $p0)))
      (v128.store offset=16 (local.get $p)
        (i8x16.shuffle 4 5 6 7 4 5 6 7 4 5 6 7 28 29 30 31 (local.get $luma) (local.get $p1)))
      (v128.store offset=32 (local.get $p)
        (i8x16.shuffle 8 9 10 11 8 9 10 11 8 9 10 11 28 29 30 31 (local.get $luma) (local.get $p2)))
      (v128.store offset=48 (local.get $p)
        (i8x16.shuffle 12 13 14 15 12 13 14 15 12 13 14 15 28 29 30 31
          (local.get $luma) (local.get $p3)))
      (local.set $p (i32.add (local.get $p) (i32.const 64)))
      (br_if $pixels (i32.lt_u (local.get $p) (i32.const 0x10000))))))
