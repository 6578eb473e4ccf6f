;; hue-rotate-simd: hue-rotate.wat with 128-bit SIMD, four pixels at a time, bit-identical to it.
;; The uniform and the matrix are computed as in hue-rotate.wat; per pixel the same float32
;; operations run in the same order, lane by lane. The four pixels are transposed into one
;; vector of reds, one of greens, one of blues and one of alphas, the matrix is applied to all
;; four at once, and the result is transposed back with the alphas untouched.
;;
;; hue-rotate: rotates hues by hue_degrees around the grey axis; alpha is kept bit for bit.
;;
;; This is CSS hue-rotate(θ), the Filter Effects matrix built on Rec. 709 luma weights
;; (0.213, 0.715, 0.072), with c = cos θ and s = sin θ:
;;
;;   m00 = 0.213 + 0.787c − 0.213s   m01 = 0.715 − 0.715c − 0.715s   m02 = 0.072 − 0.072c + 0.928s
;;   m10 = 0.213 − 0.213c + 0.143s   m11 = 0.715 + 0.285c + 0.140s   m12 = 0.072 − 0.072c − 0.283s
;;   m20 = 0.213 − 0.213c − 0.787s   m21 = 0.715 − 0.715c + 0.715s   m22 = 0.072 + 0.928c + 0.072s
;;
;; Once per uniform call: the angle is wrapped to 0 ≤ θ < 360 degrees (any finite value; NaN and
;; ±infinity count as the default 0), cos and sin are computed in float64 (below), each entry is
;; computed in float64 in the order written and rounded once to float32. Per pixel, in float32 and
;; in this order: R' = (m00·R + m01·G) + m02·B, likewise G', B'. At 0° (the default, or any
;; multiple of 360) the tile is left untouched.
;;
;; Uniform: uniform_set_hue_degrees(f32) -> f32, default 0; it returns the wrapped angle.
;;
;; Tile contract (abi.md §4): exported i32 globals input_ptr = 0 and input_bytes_cap = 64 KiB;
;; one 64 KiB page holds exactly one 64×64 tile of R, G, B, A float32 values; no halo.
(module
  (memory (export "memory") 1)

  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 0x10000))

  (global $degrees (mut f64) (f64.const 0)) ;; wrapped to 0 ≤ θ < 360
  ;; The colour matrix, row by row (set by uniform_set_hue_degrees).
  (global $m00 (mut f32) (f32.const 1)) (global $m01 (mut f32) (f32.const 0))
  (global $m02 (mut f32) (f32.const 0))
  (global $m10 (mut f32) (f32.const 0)) (global $m11 (mut f32) (f32.const 1))
  (global $m12 (mut f32) (f32.const 0))
  (global $m20 (mut f32) (f32.const 0)) (global $m21 (mut f32) (f32.const 0))
  (global $m22 (mut f32) (f32.const 1))

  (func (export "uniform_set_hue_degrees") (param $value f32) (result f32)
    (local $d f64) (local $c f64) (local $s f64)
    (local.set $d (f64.promote_f32 (local.get $value)))
    ;; NaN and ±infinity (d − d is not 0) count as 0.
    (if (f64.ne (f64.sub (local.get $d) (local.get $d)) (f64.const 0))
      (then (local.set $d (f64.const 0))))
    ;; d − 360·trunc(d/360) is exact for every float32 angle below 2^29 degrees; above that
    ;; float32 cannot tell angles a turn apart anyway.
    (local.set $d
      (f64.sub (local.get $d)
        (f64.mul (f64.const 360) (f64.trunc (f64.div (local.get $d) (f64.const 360))))))
    (if (f64.lt (local.get $d) (f64.const 0))
      (then (local.set $d (f64.add (local.get $d) (f64.const 360)))))
    ;; A tiny negative angle plus 360 rounds to 360: that is a whole turn.
    (if (f64.ge (local.get $d) (f64.const 360)) (then (local.set $d (f64.const 0))))
    (global.set $degrees (local.get $d))
    (call $cos_sin_degrees (local.get $d))
    (local.set $s)
    (local.set $c)
    (global.set $m00 (call $entry (f64.const 0.213) (f64.const 0.787) (f64.const -0.213)
      (local.get $c) (local.get $s)))
    (global.set $m01 (call $entry (f64.const 0.715) (f64.const -0.715) (f64.const -0.715)
      (local.get $c) (local.get $s)))
    (global.set $m02 (call $entry (f64.const 0.072) (f64.const -0.072) (f64.const 0.928)
      (local.get $c) (local.get $s)))
    (global.set $m10 (call $entry (f64.const 0.213) (f64.const -0.213) (f64.const 0.143)
      (local.get $c) (local.get $s)))
    (global.set $m11 (call $entry (f64.const 0.715) (f64.const 0.285) (f64.const 0.140)
      (local.get $c) (local.get $s)))
    (global.set $m12 (call $entry (f64.const 0.072) (f64.const -0.072) (f64.const -0.283)
      (local.get $c) (local.get $s)))
    (global.set $m20 (call $entry (f64.const 0.213) (f64.const -0.213) (f64.const -0.787)
      (local.get $c) (local.get $s)))
    (global.set $m21 (call $entry (f64.const 0.715) (f64.const -0.715) (f64.const 0.715)
      (local.get $c) (local.get $s)))
    (global.set $m22 (call $entry (f64.const 0.072) (f64.const 0.928) (f64.const 0.072)
      (local.get $c) (local.get $s)))
    (f32.demote_f64 (local.get $d)))

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
    (if (f64.eq (global.get $degrees) (f64.const 0)) (then (return)))
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
      (f32x4.mul (local.get $m2) (local.get $b))))

  ;; One matrix entry, (k + kc·c) + ks·s in float64, rounded to float32. Written with additions
  ;; of signed constants, which is the same as the subtractions in the table above.
  (func $entry (param $k f64) (param $kc f64) (param $ks f64) (param $c f64) (param $s f64)
    (result f32)
    (f32.demote_f64
      (f64.add
        (f64.add (local.get $k) (f64.mul (local.get $kc) (local.get $c)))
        (f64.mul (local.get $ks) (local.get $s)))))

  ;; cos and sin of an angle of 0 ≤ d < 360 degrees. The reduction is done in degrees, where it is
  ;; exact: d = 90·q + e with −45 ≤ e ≤ 45, so multiples of 90° give exact 0 and ±1. The Taylor
  ;; series of x = e·π/180 (|x| ≤ π/4) up to x^16 and x^17, by Horner's rule in x², is accurate to
  ;; about one float64 ulp (the first term left out is below 2^-58).
  (func $cos_sin_degrees (param $d f64) (result f64 f64)
    (local $q i32) (local $x f64) (local $x2 f64) (local $cos f64) (local $sin f64)
    (local.set $q (i32.trunc_f64_s (f64.nearest (f64.div (local.get $d) (f64.const 90)))))
    (local.set $x
      (f64.mul
        (f64.sub (local.get $d) (f64.mul (f64.const 90) (f64.convert_i32_s (local.get $q))))
        (f64.const 0x1.1df46a2529d39p-6))) ;; π/180
    (local.set $x2 (f64.mul (local.get $x) (local.get $x)))
    ;; cos x = 1 − x²/2! + x⁴/4! − … + x¹⁶/16!
    (local.set $cos
      (call $poly8 (local.get $x2) (f64.const 1) (f64.const -0.5) (f64.const 0.041666666666666664)
        (f64.const -0.001388888888888889) (f64.const 0.0000248015873015873)
        (f64.const -2.755731922398589e-7) (f64.const 2.08767569878681e-9)
        (f64.const -1.1470745597729725e-11) (f64.const 4.779477332387385e-14)))
    ;; sin x = x·(1 − x²/3! + x⁴/5! − … + x¹⁶/17!)
    (local.set $sin
      (f64.mul (local.get $x)
        (call $poly8 (local.get $x2) (f64.const 1) (f64.const -0.16666666666666666)
          (f64.const 0.008333333333333333) (f64.const -0.0001984126984126984)
          (f64.const 0.0000027557319223985893) (f64.const -2.505210838544172e-8)
          (f64.const 1.6059043836821613e-10) (f64.const -7.647163731819816e-13)
          (f64.const 2.8114572543455206e-15))))
    ;; Turn by q quarter turns (q = 4 is a whole turn): (cos, sin)(x + q·90°).
    (local.set $q (i32.and (local.get $q) (i32.const 3)))
    (if (i32.eq (local.get $q) (i32.const 1))
      (then (return (f64.neg (local.get $sin)) (local.get $cos))))
    (if (i32.eq (local.get $q) (i32.const 2))
      (then (return (f64.neg (local.get $cos)) (f64.neg (local.get $sin)))))
    (if (i32.eq (local.get $q) (i32.const 3))
      (then (return (local.get $sin) (f64.neg (local.get $cos)))))
    (local.get $cos)
    (local.get $sin))

  ;; c0 + c1·t + c2·t² + … + c8·t⁸, by Horner's rule.
  (func $poly8 (param $t f64) (param $c0 f64) (param $c1 f64) (param $c2 f64) (param $c3 f64)
    (param $c4 f64) (param $c5 f64) (param $c6 f64) (param $c7 f64) (param $c8 f64) (result f64)
    (local $sum f64)
    (local.set $sum (local.get $c8))
    (local.set $sum (f64.add (local.get $c7) (f64.mul (local.get $sum) (local.get $t))))
    (local.set $sum (f64.add (local.get $c6) (f64.mul (local.get $sum) (local.get $t))))
    (local.set $sum (f64.add (local.get $c5) (f64.mul (local.get $sum) (local.get $t))))
    (local.set $sum (f64.add (local.get $c4) (f64.mul (local.get $sum) (local.get $t))))
    (local.set $sum (f64.add (local.get $c3) (f64.mul (local.get $sum) (local.get $t))))
    (local.set $sum (f64.add (local.get $c2) (f64.mul (local.get $sum) (local.get $t))))
    (local.set $sum (f64.add (local.get $c1) (f64.mul (local.get $sum) (local.get $t))))
    (f64.add (local.get $c0) (f64.mul (local.get $sum) (local.get $t)))))
