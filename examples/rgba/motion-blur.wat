;; motion-blur: averages each pixel with its neighbours along a straight line, as if the camera
;; had moved along `angle` while the shutter was open.
;;
;; With r = trunc(radius) and θ = angle (degrees, counter-clockwise on screen, 0 = horizontal):
;;
;;   (ex, ey) = (round(r·cos θ), round(−r·sin θ))          the line's end, a whole pixel offset
;;   n        = max(|ex|, |ey|)                             (y grows downwards; ties round to even)
;;   sample i = (rnd(i·ex/n), rnd(i·ey/n)) for i = −n..n    2n + 1 distinct pixels on the line,
;;                                                          rnd rounding halves away from zero
;;   out      = (p(sample −n) + … + p(sample n)) / (2n + 1)
;;
;; in float32, summed in that order starting from 0, for all four channels (alpha too: blurred
;; coverage keeps blurred colours meaningful). Along the line's main axis the samples are exactly
;; one pixel apart, so every pixel on the line counts once. r = 0 leaves the tile unchanged.
;;
;; Uniforms (float32 in, the stored value out):
;;   radius  0..32, default 8 (NaN counts as 0); halo = trunc(radius), the farthest sample
;;   angle   degrees, default 0, any value; angles that are not finite or beyond ±1e12 count as 0
;;
;; Tile contract (abi.md §4): exported i32 globals input_ptr = 0 and input_bytes_cap = 0x40000;
;; 8 pages: the tile (span S = 64 + 2·halo, at most 128) at 0, a copy of it at 0x40000 that the
;; samples are read from. The four channels of a pixel are one v128 and are summed side by side;
;; every lane does exactly the scalar float32 additions and division above.
(module
  (memory (export "memory") 8)

  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 0x40000))

  (global $copy i32 (i32.const 0x40000))

  (global $radius (mut f32) (f32.const 8))
  (global $angle (mut f32) (f32.const 0))

  (func (export "uniform_set_radius") (param $value f32) (result f32)
    (global.set $radius
      (if (result f32) (f32.ge (local.get $value) (f32.const 0))
        (then (f32.min (local.get $value) (f32.const 32)))
        (else (f32.const 0))))
    (global.get $radius))

  (func (export "uniform_set_angle") (param $degrees f32) (result f32)
    (global.set $angle (local.get $degrees))
    (local.get $degrees))

  (func $halo (result i32)
    (i32.trunc_sat_f32_u (global.get $radius)))

  (func (export "calculate_halo_px") (result i32)
    (call $halo))

  ;; cos and sin of an angle in degrees, in float64. The angle is reduced in degrees, first to
  ;; 0..360 and then to the nearest multiple q·90 plus a remainder within ±45°, so multiples of
  ;; 90° give exactly 0 and ±1. The remainder x (in radians) goes through the Taylor series of
  ;; cos and sin up to x^16 and x^17 (truncation error below 1e-18 for |x| ≤ π/4); then the q
  ;; quarter turns are applied: (cos, sin) → (−sin, cos) per turn.
  (func $cos_sin_degrees (param $degrees f64) (result f64 f64)
    (local $q f64)
    (local $x f64)
    (local $cos f64)
    (local $sin f64)
    (local $turns i32)
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
    (local.get $cos)
    (local.get $sin))

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

  ;; rnd(i·e/n): the nearest integer to i·e/n, halves rounded away from zero (n > 0).
  (func $step_offset (param $i i32) (param $e i32) (param $n i32) (result i32)
    (local $product i32)
    (local $magnitude i32)
    (local.set $product (i32.mul (local.get $i) (local.get $e)))
    (local.set $magnitude
      (i32.div_u
        (i32.add (i32.shl (call $abs (local.get $product)) (i32.const 1)) (local.get $n))
        (i32.shl (local.get $n) (i32.const 1))))
    (select (i32.sub (i32.const 0) (local.get $magnitude)) (local.get $magnitude)
      (i32.lt_s (local.get $product) (i32.const 0))))

  (func $abs (param $i i32) (result i32)
    (select (i32.sub (i32.const 0) (local.get $i)) (local.get $i) (i32.lt_s (local.get $i) (i32.const 0))))

  (func (export "tile_rgba_f32_64x64") (param $x f32) (param $y f32)
    (local $r i32)
    (local $cos f64)
    (local $sin f64)
    (local $span i32)
    (local $row_bytes i32)
    (local $ex i32)
    (local $ey i32)
    (local $n i32)
    (local $i i32)
    (local $delta i32)
    (local $first_row i32)
    (local $end i32)
    (local $p i32)
    (local $row_end i32)
    (local $count v128)
    (local.set $r (call $halo))
    (call $cos_sin_degrees (f64.promote_f32 (global.get $angle)))
    (local.set $sin)
    (local.set $cos)
    (local.set $ex
      (i32.trunc_sat_f64_s
        (f64.nearest (f64.mul (f64.convert_i32_u (local.get $r)) (local.get $cos)))))
    (local.set $ey
      (i32.trunc_sat_f64_s
        (f64.nearest (f64.neg (f64.mul (f64.convert_i32_u (local.get $r)) (local.get $sin))))))
    (local.set $n (call $abs (local.get $ex)))
    (if (i32.gt_s (call $abs (local.get $ey)) (local.get $n))
      (then (local.set $n (call $abs (local.get $ey)))))
    (if (i32.eqz (local.get $n)) (then (return)))

    (local.set $span (i32.add (i32.const 64) (i32.shl (local.get $r) (i32.const 1))))
    (local.set $row_bytes (i32.shl (local.get $span) (i32.const 4)))
    (memory.copy (global.get $copy) (i32.const 0)
                 (i32.mul (local.get $row_bytes) (local.get $span)))

    ;; The core (rows and columns r..r+63) is the only part the host keeps. It becomes the sum of
    ;; the samples, one sample position at a time for the whole core, then is divided.
    (local.set $first_row
      (i32.add (i32.mul (local.get $r) (local.get $row_bytes)) (i32.shl (local.get $r) (i32.const 4))))
    (local.set $end (i32.add (local.get $first_row) (i32.mul (i32.const 64) (local.get $row_bytes))))
    (call $fill_core (local.get $first_row) (local.get $end) (local.get $row_bytes))
    (local.set $i (i32.sub (i32.const 0) (local.get $n)))
    (loop $samples
      (local.set $delta
        (i32.shl
          (i32.add
            (i32.mul (call $step_offset (local.get $i) (local.get $ey) (local.get $n)) (local.get $span))
            (call $step_offset (local.get $i) (local.get $ex) (local.get $n)))
          (i32.const 4)))
      (local.set $p (local.get $first_row))
      (loop $rows
        (local.set $row_end (i32.add (local.get $p) (i32.const 1024))) ;; 64 pixels
        (loop $pixels
          (v128.store (local.get $p)
            (f32x4.add
              (v128.load (local.get $p))
              (v128.load (i32.add (i32.add (global.get $copy) (local.get $p)) (local.get $delta)))))
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (br_if $pixels (i32.lt_u (local.get $p) (local.get $row_end))))
        (local.set $p (i32.add (local.get $p) (i32.sub (local.get $row_bytes) (i32.const 1024))))
        (br_if $rows (i32.lt_u (local.get $p) (local.get $end))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $samples (i32.le_s (local.get $i) (local.get $n))))

    (local.set $count
      (f32x4.splat (f32.convert_i32_u (i32.add (i32.shl (local.get $n) (i32.const 1)) (i32.const 1)))))
    (local.set $p (local.get $first_row))
    (loop $rows
      (local.set $row_end (i32.add (local.get $p) (i32.const 1024)))
      (loop $pixels
        (v128.store (local.get $p) (f32x4.div (v128.load (local.get $p)) (local.get $count)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br_if $pixels (i32.lt_u (local.get $p) (local.get $row_end))))
      (local.set $p (i32.add (local.get $p) (i32.sub (local.get $row_bytes) (i32.const 1024))))
      (br_if $rows (i32.lt_u (local.get $p) (local.get $end)))))

  ;; Sets the 64×64 core, from byte offset $p (its top-left pixel) to $end, to 0.
  (func $fill_core (param $p i32) (param $end i32) (param $row_bytes i32)
    (loop $rows
      (memory.fill (local.get $p) (i32.const 0) (i32.const 1024))
      (local.set $p (i32.add (local.get $p) (local.get $row_bytes)))
      (br_if $rows (i32.lt_u (local.get $p) (local.get $end))))))
