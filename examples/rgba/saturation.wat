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
;; saturation-simd.wat computes the same sums four pixels at a time.
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
    (local $p i32) ;; byte offset of the current pixel's R
    (local $r f32) (local $g f32) (local $b f32)
    (if (f32.eq (global.get $saturation) (f32.const 0)) (then (return)))
    (loop $pixels
      (local.set $r (f32.load offset=0 (local.get $p)))
      (local.set $g (f32.load offset=4 (local.get $p)))
      (local.set $b (f32.load offset=8 (local.get $p)))
      (f32.store offset=0 (local.get $p)
        (call $row (global.get $m00) (global.get $m01) (global.get $m02)
          (local.get $r) (local.get $g) (local.get $b)))
      (f32.store offset=4 (local.get $p)
        (call $row (global.get $m10) (global.get $m11) (global.get $m12)
          (local.get $r) (local.get $g) (local.get $b)))
      (f32.store offset=8 (local.get $p)
        (call $row (global.get $m20) (global.get $m21) (global.get $m22)
          (local.get $r) (local.get $g) (local.get $b)))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $pixels (i32.lt_u (local.get $p) (i32.const 0x10000)))))

  ;; One row of the matrix times (r, g, b): (m0·r + m1·g) + m2·b.
  (func $row (param $m0 f32) (param $m1 f32) (param $m2 f32)
    (param $r f32) (param $g f32) (param $b f32) (result f32)
    (f32.add
      (f32.add (f32.mul (local.get $m0) (local.get $r)) (f32.mul (local.get $m1) (local.get $g)))
      (f32.mul (local.get $m2) (local.get $b)))))
