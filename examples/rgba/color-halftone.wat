;; color-halftone: prints the picture as cyan, magenta, yellow and black dots on white paper.
;;
;; Each ink has its own screen: a grid of square cells of side 2·max_radius, turned by the ink's
;; angle (degrees, counter-clockwise) around the image's top-left corner. Every pixel decides
;; from its own colour how large the dot of each cell it lies in would be, and how much of the
;; pixel that dot covers; dots therefore follow the picture inside a cell. Cells use absolute
;; image coordinates, so dots line up across tiles. Per pixel, in float32, left to right:
;;
;;   (r, g, b)  = R, G, B clamped to 0..1;  m = max(r, g, b)
;;   inks       C = (m − r)/m,  M = (m − g)/m,  Y = (m − b)/m,  K = 1 − m     (m = 0: C = M = Y = 0)
;;   (X, Y)     = (x + col + 0.5, y + row + 0.5)                the pixel's centre in the image
;; and for each ink i with (cos, sin) of its angle θ_i (computed once per tile, see below):
;;   u  = X·cos + Y·sin           v  = Y·cos − X·sin            coordinates along the screen
;;   du = u − (floor(u/cell) + 0.5)·cell,  dv likewise          offset from the cell's centre
;;   d  = sqrt(du·du + dv·dv)
;;   rᵢ = (max_radius·√2 + 1) · sqrt(inkᵢ)                      dot radius: area follows the ink,
;;                                                              full ink covers the whole cell
;;   coverᵢ = min(max(rᵢ − d, 0), 1)                            one pixel of soft edge
;; and then, with paperᵢ = 1 − coverᵢ:
;;   R' = paper_C · paper_K,  G' = paper_M · paper_K,  B' = paper_Y · paper_K,  A' = A
;;
;; The four inks are the four lanes of one v128, each lane doing exactly the scalar operations.
;;
;; Uniforms (float32 in, the stored value out):
;;   max_radius                 1..24, default 6 (NaN counts as 1)
;;   angle_c, angle_m, angle_y,
;;   angle_k                    degrees, default 0, any value (the reference UI suggests 15, 75,
;;                              0, 45); angles that are not finite or beyond ±1e12 count as 0
;;
;; Tile contract (abi.md §4): exported i32 globals input_ptr = 0 and input_bytes_cap = 64 KiB;
;; 1 page, which the 64×64 tile fills. No halo: a pixel only needs its own colour.
(module
  (memory (export "memory") 1)

  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 0x10000))

  (global $max_radius (mut f32) (f32.const 6))
  (global $angle_c (mut f32) (f32.const 0))
  (global $angle_m (mut f32) (f32.const 0))
  (global $angle_y (mut f32) (f32.const 0))
  (global $angle_k (mut f32) (f32.const 0))

  (func (export "uniform_set_max_radius") (param $value f32) (result f32)
    (global.set $max_radius
      (if (result f32) (f32.ge (local.get $value) (f32.const 1))
        (then (f32.min (local.get $value) (f32.const 24)))
        (else (f32.const 1))))
    (global.get $max_radius))

  (func (export "uniform_set_angle_c") (param $degrees f32) (result f32)
    (global.set $angle_c (local.get $degrees))
    (local.get $degrees))

  (func (export "uniform_set_angle_m") (param $degrees f32) (result f32)
    (global.set $angle_m (local.get $degrees))
    (local.get $degrees))

  (func (export "uniform_set_angle_y") (param $degrees f32) (result f32)
    (global.set $angle_y (local.get $degrees))
    (local.get $degrees))

  (func (export "uniform_set_angle_k") (param $degrees f32) (result f32)
    (global.set $angle_k (local.get $degrees))
    (local.get $degrees))

;; cos and sin of an angle in degrees, rounded to float32 (computed in float64). The angle is
  ;; reduced in degrees, first to 0..360 and then to the nearest multiple q·90 plus a remainder
  ;; within ±45°, so multiples of 90° give exactly 0 and ±1. The remainder x (in radians) goes
  ;; through the Taylor series of cos and sin up to x^16 and x^17 (truncation error below 1e-18
  ;; for |x| ≤ π/4); then the q quarter turns are applied: (cos, sin) → (−sin, cos) per turn.
  (func $cos_sin_degrees (param $degrees_f32 f32) (result f32 f32)
    (local $degrees f64)
    (local $q f64)
    (local $x f64)
    (local $cos f64)
    (local $sin f64)
    (local $turns i32)
    (local.set $degrees (f64.promote_f32 (local.get $degrees_f32)))
    (if (i32.eqz (f64.lt (f64.abs (local.get $degrees)) (f64.const 1e12)))
      (then (local.set $degrees (f64.const 0))))
    (local.set $degrees
      (f64.sub (local.get $degrees)
               (f64.mul (f64.const 360) (f64.floor (f64.div (local.get $degrees) (f64.const 360))))))
    (local.set $q (f64.nearest (f64.div (local.get $degrees) (f64.const 90))))
    (local.set $x
      (f64.mul (f64.sub (local.get $degrees) (f64.mul (local.get $q) (f64.const 90)))
               (f64.const 0.017453292519943295))) ;; π/180
    (local.set $cos (call $cos_series (f64.mul (local.get $x) (local.get $x))))
    (local.set $sin
      (f64.mul (local.get $x) (call $sin_series (f64.mul (local.get $x) (local.get $x)))))
    ;; q is within −1..5 here (the division by 360 may round); take it modulo 4.
    (local.set $turns (i32.and (i32.trunc_sat_f64_s (local.get $q)) (i32.const 3)))
    (block $turned
      (loop $quarter_turn
        (br_if $turned (i32.eqz (local.get $turns)))
        (local.set $x (local.get $cos))
        (local.set $cos (f64.neg (local.get $sin)))
        (local.set $sin (local.get $x))
        (local.set $turns (i32.sub (local.get $turns) (i32.const 1)))
        (br $quarter_turn)))
    (f32.demote_f64 (local.get $cos))
    (f32.demote_f64 (local.get $sin)))

  ;; cos x = 1 − x²/2·(1 − x²/12·(1 − x²/30·(…·(1 − x²/240)))), divisors 2k(2k−1) for k = 8..1.
  (func $cos_series (param $x2 f64) (result f64)
    (local $sum f64)
    (local $k i32)
    (local.set $sum (f64.const 1))
    (local.set $k (i32.const 8))
    (loop $terms
      (local.set $sum
        (f64.sub (f64.const 1)
          (f64.mul (f64.div (local.get $x2)
                            (f64.convert_i32_u
                              (i32.mul (i32.shl (local.get $k) (i32.const 1))
                                       (i32.sub (i32.shl (local.get $k) (i32.const 1)) (i32.const 1)))))
                   (local.get $sum))))
      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
      (br_if $terms (local.get $k)))
    (local.get $sum))

  ;; sin x / x = 1 − x²/6·(1 − x²/20·(1 − x²/42·(…·(1 − x²/272)))), divisors 2k(2k+1), k = 8..1.
  (func $sin_series (param $x2 f64) (result f64)
    (local $sum f64)
    (local $k i32)
    (local.set $sum (f64.const 1))
    (local.set $k (i32.const 8))
    (loop $terms
      (local.set $sum
        (f64.sub (f64.const 1)
          (f64.mul (f64.div (local.get $x2)
                            (f64.convert_i32_u
                              (i32.mul (i32.shl (local.get $k) (i32.const 1))
                                       (i32.add (i32.shl (local.get $k) (i32.const 1)) (i32.const 1)))))
                   (local.get $sum))))
      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
      (br_if $terms (local.get $k)))
    (local.get $sum))

  (func (export "tile_rgba_f32_64x64") (param $x f32) (param $y f32)
    (local $c f32)
    (local $s f32)
    (local $cos v128)
    (local $sin v128)
    (local $cell v128)
    (local $dot_scale v128)
    (local $row i32)
    (local $col i32)
    (local $p i32)
    (local $pixel v128)
    (local $rgb v128)
    (local $m f32)
    (local $ink v128)
    (local $px v128)
    (local $py v128)
    (local $u v128)
    (local $v v128)
    (local $paper v128)

    ;; Per tile: each ink's screen direction (lanes C, M, Y, K), the cell size and the dot
    ;; radius factor.
    (call $cos_sin_degrees (global.get $angle_c))
    (local.set $s)
    (local.set $c)
    (local.set $cos (f32x4.splat (local.get $c)))
    (local.set $sin (f32x4.splat (local.get $s)))
    (call $cos_sin_degrees (global.get $angle_m))
    (local.set $s)
    (local.set $c)
    (local.set $cos (f32x4.replace_lane 1 (local.get $cos) (local.get $c)))
    (local.set $sin (f32x4.replace_lane 1 (local.get $sin) (local.get $s)))
    (call $cos_sin_degrees (global.get $angle_y))
    (local.set $s)
    (local.set $c)
    (local.set $cos (f32x4.replace_lane 2 (local.get $cos) (local.get $c)))
    (local.set $sin (f32x4.replace_lane 2 (local.get $sin) (local.get $s)))
    (call $cos_sin_degrees (global.get $angle_k))
    (local.set $s)
    (local.set $c)
    (local.set $cos (f32x4.replace_lane 3 (local.get $cos) (local.get $c)))
    (local.set $sin (f32x4.replace_lane 3 (local.get $sin) (local.get $s)))
    (local.set $cell (f32x4.splat (f32.mul (f32.const 2) (global.get $max_radius))))
    (local.set $dot_scale
      (f32x4.splat
        (f32.add (f32.mul (global.get $max_radius) (f32.const 1.4142135)) (f32.const 1))))

    (loop $rows
      (local.set $py
        (f32x4.splat
          (f32.add (f32.add (local.get $y) (f32.convert_i32_u (local.get $row))) (f32.const 0.5))))
      (local.set $col (i32.const 0))
      (loop $cols
        (local.set $px
          (f32x4.splat
            (f32.add (f32.add (local.get $x) (f32.convert_i32_u (local.get $col))) (f32.const 0.5))))
        (local.set $p
          (i32.shl (i32.add (i32.shl (local.get $row) (i32.const 6)) (local.get $col)) (i32.const 4)))
        (local.set $pixel (v128.load (local.get $p)))

        ;; Inks C, M, Y, K in lanes 0..3.
        (local.set $rgb
          (f32x4.min (f32x4.max (local.get $pixel) (v128.const f32x4 0 0 0 0))
                     (v128.const f32x4 1 1 1 1)))
        (local.set $m
          (f32.max (f32.max (f32x4.extract_lane 0 (local.get $rgb)) (f32x4.extract_lane 1 (local.get $rgb)))
                   (f32x4.extract_lane 2 (local.get $rgb))))
        (local.set $ink
          (if (result v128) (f32.gt (local.get $m) (f32.const 0))
            (then
              (f32x4.div (f32x4.sub (f32x4.splat (local.get $m)) (local.get $rgb))
                         (f32x4.splat (local.get $m))))
            (else (v128.const f32x4 0 0 0 0))))
        (local.set $ink
          (f32x4.replace_lane 3 (local.get $ink) (f32.sub (f32.const 1) (local.get $m))))

        ;; Position within each ink's cell, relative to the cell's centre.
        (local.set $u
          (f32x4.add (f32x4.mul (local.get $px) (local.get $cos))
                     (f32x4.mul (local.get $py) (local.get $sin))))
        (local.set $v
          (f32x4.sub (f32x4.mul (local.get $py) (local.get $cos))
                     (f32x4.mul (local.get $px) (local.get $sin))))
        (local.set $u (call $from_cell_centre (local.get $u) (local.get $cell)))
        (local.set $v (call $from_cell_centre (local.get $v) (local.get $cell)))

        ;; paper = 1 − min(max(r − d, 0), 1)
        (local.set $paper
          (f32x4.sub
            (v128.const f32x4 1 1 1 1)
            (f32x4.min
              (f32x4.max
                (f32x4.sub
                  (f32x4.mul (local.get $dot_scale) (f32x4.sqrt (local.get $ink)))
                  (f32x4.sqrt (f32x4.add (f32x4.mul (local.get $u) (local.get $u))
                                         (f32x4.mul (local.get $v) (local.get $v)))))
                (v128.const f32x4 0 0 0 0))
              (v128.const f32x4 1 1 1 1))))

        ;; R, G, B = paper of C, M, Y times paper of K; A unchanged.
        (v128.store (local.get $p)
          (f32x4.replace_lane 3
            (f32x4.mul (local.get $paper)
                       (f32x4.splat (f32x4.extract_lane 3 (local.get $paper))))
            (f32x4.extract_lane 3 (local.get $pixel))))

        (local.set $col (i32.add (local.get $col) (i32.const 1)))
        (br_if $cols (i32.lt_u (local.get $col) (i32.const 64))))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $row) (i32.const 64)))))

  ;; t − (floor(t / cell) + 0.5) · cell, lane by lane.
  (func $from_cell_centre (param $t v128) (param $cell v128) (result v128)
    (f32x4.sub
      (local.get $t)
      (f32x4.mul
        (f32x4.add (f32x4.floor (f32x4.div (local.get $t) (local.get $cell)))
                   (v128.const f32x4 0.5 0.5 0.5 0.5))
        (local.get $cell)))))
