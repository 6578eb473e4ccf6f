;; saturation-simd: saturation.wat with 128-bit SIMD, four pixels at a time, bit-identical to it.
;; The uniform and the matrix are computed as in saturation.wat; per pixel the same float32
;; operations run in the same order, lane by lane. The four pixels are transposed into one
;; vector of reds, one of greens, one of blues and one of alphas, the matrix is applied to all
;; four at once, and the result is transposed back with the alphas untouched.
;;
;; saturation: −1 grey … 0 unchanged … +1 twice the saturation; alpha is kept bit for bit.
;;
;; This is CSS saturate(a) with a = 1 + saturation (0..2), the Filter Effects matrix
;;
;;   | R' |   | 0.213+0.787a  0.715−0.715a  0.072−0.072a |   | R |
;;   | G' | = | 0.213−0.213a  0.715+0.285a  0.072−0.072a | · | G |
;;   | B' |   | 0.213−0.213a  0.715−0.715a  0.072+0.928a |   | B |
;;
;; whose entries are (1 − a)·w_j, plus a on the diagonal, with w = (0.213, 0.715, 0.072).
;; Once per uniform call, in float32 (1 − a is written −saturation, which is exact):
;;
;;   a = 1 + saturation,  base_j = (−saturation)·w_j,  m_ij = base_j (+ a when i = j)
;;
;; and per pixel, in float32 and in this order: R' = (m00·R + m01·G) + m02·B, likewise G', B'.
;; At −1 every row is w, so R' = G' = B' exactly; at 0, the default, the tile is left untouched.
;;
;; Uniform: uniform_set_saturation(f32) -> f32, default 0, clamped to −1..1 (NaN counts as the
;; default); it returns the value kept.
;;
;; Tile contract (abi.md §4): exported i32 globals input_ptr = 0 and input_bytes_cap = 64 KiB;
;; one 64 KiB page holds exactly one 64×64 tile of R, G, B, A float32 values; no halo.
(module
  (memory (export "memory") 1)

  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 0x10000))

  (global $saturation (mut f32) (f32.const 0))
  ;; The colour matrix, row by row (set by uniform_set_saturation).
  (global $m00 (mut f32) (f32.const 1)) (global $m01 (mut f32) (f32.const 0))
  (global $m02 (mut f32) (f32.const 0))
  (global $m10 (mut f32) (f32.const 0)) (global $m11 (mut f32) (f32.const 1))
  (global $m12 (mut f32) (f32.const 0))
  (global $m20 (mut f32) (f32.const 0)) (global $m21 (mut f32) (f32.const 0))
  (global $m22 (mut f32) (f32.const 1))

  (func (export "uniform_set_saturation") (param $value f32) (result f32)
    (local $a f32)      ;; the CSS saturate() amount, 1 + saturation
    (local $base_r f32) ;; (1 − a)·0.213
    (local $base_g f32) ;; (1 − a)·0.715
    (local $base_b f32) ;; (1 − a)·0.072
    (if (f32.ne (local.get $value) (local.get $value)) ;; NaN
      (then (local.set $value (f32.const 0))))
    (global.set $saturation (f32.min (f32.max (local.get $value) (f32.const -1)) (f32.const 1)))
    (local.set $a (f32.add (f32.const 1) (global.get $saturation)))
    (local.set $base_r (f32.mul (f32.neg (global.get $saturation)) (f32.const 0.213)))
    (local.set $base_g (f32.mul (f32.neg (global.get $saturation)) (f32.const 0.715)))
    (local.set $base_b (f32.mul (f32.neg (global.get $saturation)) (f32.const 0.072)))
    (global.set $m00 (f32.add (local.get $base_r) (local.get $a)))
    (global.set $m01 (local.get $base_g))
    (global.set $m02 (local.get $base_b))
    (global.set $m10 (local.get $base_r))
    (global.set $m11 (f32.add (local.get $base_g) (local.get $a)))
    (global.set $m12 (local.get $base_b))
    (global.set $m20 (local.get $base_r))
    (global.set $m21 (local.get $base_g))
    (global.set $m22 (f32.add (local.get $base_b) (local.get $a)))
    (global.get $saturation))

  (func (export "tile_rgba_f32_64x64") (param $x f32) (param $y f32)
    (local $p i32) ;; byte offset of the first of four pixels
    (local $p0 v128) (local $p1 v128) (local $p2 v128) (local $p3 v128)
    (local $rg01 v128) (local $rg23 v128) (local $ba01 v128) (local $ba23 v128)
    (local $r v128) (local $g v128) (local $b v128) (local $a v128)
    (local $r2 v128) (local $g2 v128) (local $b2 v128) ;; R', G', B' of the four pixels
    (local $rg_lo v128) (local $ba_lo v128) (local $rg_hi v128) (local $ba_hi v128)
    ;; The matrix entries, each in every lane.
    (local $m00 v128) (local $m01 v128) (local $m02 v128)
    (local $m10 v128) (local $m11 v128) (local $m12 v128)
    (local $m20 v128) (local $m21 v128) (local $m22 v128)
    (if (f32.eq (global.get $saturation) (f32.const 0)) (then (return)))
    (local.set $m00 (f32x4.splat (global.get $m00)))
    (local.set $m01 (f32x4.splat (global.get $m01)))
    (local.set $m02 (f32x4.splat (global.get $m02)))
    (local.set $m10 (f32x4.splat (global.get $m10)))
    (local.set $m11 (f32x4.splat (global.get $m11)))
    (local.set $m12 (f32x4.splat (global.get $m12)))
    (local.set $m20 (f32x4.splat (global.get $m20)))
    (local.set $m21 (f32x4.splat (global.get $m21)))
    (local.set $m22 (f32x4.splat (global.get $m22)))
    (loop $pixels
      (local.set $p0 (v128.load offset=0 (local.get $p)))
      (local.set $p1 (v128.load offset=16 (local.get $p)))
      (local.set $p2 (v128.load offset=32 (local.get $p)))
      (local.set $p3 (v128.load offset=48 (local.get $p)))
      ;; Transpose pixels to channels: (r0 r1 g0 g1), (b0 b1 a0 a1), (r2 r3 g2 g3), (b2 b3 a2 a3),
      ;; then R = (r0 r1 r2 r3), G, B and A likewise.
      (local.set $rg01 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
        (local.get $p0) (local.get $p1)))
      (local.set $ba01 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
        (local.get $p0) (local.get $p1)))
      (local.set $rg23 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
        (local.get $p2) (local.get $p3)))
      (local.set $ba23 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
        (local.get $p2) (local.get $p3)))
      (local.set $r (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        (local.get $rg01) (local.get $rg23)))
      (local.set $g (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
        (local.get $rg01) (local.get $rg23)))
      (local.set $b (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        (local.get $ba01) (local.get $ba23)))
      (local.set $a (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
        (local.get $ba01) (local.get $ba23)))
      ;; Each output channel is (m_i0·R + m_i1·G) + m_i2·B, as in the scalar module.
      (local.set $r2 (call $row (local.get $m00) (local.get $m01) (local.get $m02)
        (local.get $r) (local.get $g) (local.get $b)))
      (local.set $g2 (call $row (local.get $m10) (local.get $m11) (local.get $m12)
        (local.get $r) (local.get $g) (local.get $b)))
      (local.set $b2 (call $row (local.get $m20) (local.get $m21) (local.get $m22)
        (local.get $r) (local.get $g) (local.get $b)))
      ;; Transpose back: (r0 g0 r1 g1), (b0 a0 b1 a1), (r2 g2 r3 g3), (b2 a2 b3 a3), then pixels.
      (local.set $rg_lo (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
        (local.get $r2) (local.get $g2)))
      (local.set $ba_lo (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
        (local.get $b2) (local.get $a)))
      (local.set $rg_hi (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
        (local.get $r2) (local.get $g2)))
      (local.set $ba_hi (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
        (local.get $b2) (local.get $a)))
      (v128.store offset=0 (local.get $p) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        (local.get $rg_lo) (local.get $ba_lo)))
      (v128.store offset=16 (local.get $p)
        (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
          (local.get $rg_lo) (local.get $ba_lo)))
      (v128.store offset=32 (local.get $p) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        (local.get $rg_hi) (local.get $ba_hi)))
      (v128.store offset=48 (local.get $p)
        (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
          (local.get $rg_hi) (local.get $ba_hi)))
      (local.set $p (i32.add (local.get $p) (i32.const 64)))
      (br_if $pixels (i32.lt_u (local.get $p) (i32.const 0x10000)))))

  ;; One row of the matrix for four pixels: (m0·r + m1·g) + m2·b, lane by lane.
  (func $row (param $m0 v128) (param $m1 v128) (param $m2 v128)
    (param $r v128) (param $g v128) (param $b v128) (result v128)
    (f32x4.add
      (f32x4.add
        (f32x4.mul (local.get $m0) (local.get $r))
        (f32x4.mul (local.get $m1) (local.get $g)))
      (f32x4.mul (local.get $m2) (local.get $b)))))
