;; render-clouds: replaces R, G and B with grey fractal value-noise clouds computed from each
;; pixel's absolute position, so the pattern is seamless across tiles; the input colours are
;; ignored and alpha is kept bit for bit.
;;
;; Per pixel at (px, py) = (x + col, y + row), in float32 and in this order:
;;
;;   total = 0, norm = 0, amp = 1, freq = 1/scale
;;   for o = 0 … octaves−1:
;;     total = total + noise(px·freq, py·freq, o)·amp
;;     norm  = norm + amp,  amp = amp·persistence,  freq = freq·2
;;   v  = ((total / norm) − 0.5)·contrast + 0.5
;;   R' = G' = B' = min(max(v, 0), 1)
;;
;; noise(sx, sy, o) is value noise: random values on the integer lattice, blended with
;; smoothstep weights. With x0 = floor(sx), fx = sx − x0, u = (fx·fx)·(3 − 2·fx) (likewise y0,
;; fy, v) and L(i, j) = lattice(x0 + i, y0 + j, o):
;;
;;   top = L(0,0) + (L(1,0) − L(0,0))·u,  bottom = L(0,1) + (L(1,1) − L(0,1))·u
;;   noise = top + (bottom − top)·v
;;
;; lattice(i, j, o) hashes the i32 lattice point with the octave and the seed (all arithmetic
;; mod 2^32, >>> unsigned):
;;
;;   h = i·0x8DA6B343 + j·0xD8163841 + seed·0xCB1AB31F + o·0x165667B1
;;   h = h ^ (h >>> 16),  h = h·0x85EBCA6B,  h = h ^ (h >>> 13),  h = h·0xC2B2AE35,
;;   h = h ^ (h >>> 16)                                    (the MurmurHash3 finaliser)
;;   lattice = (h >>> 8)·2^-24                             (24 random bits, 0 ≤ value < 1)
;;
;; Uniforms (f32 -> f32, each returns the value kept; NaN counts as the default):
;;   uniform_set_scale        default 96,  clamped to 8..512: the size of the largest features
;;   uniform_set_persistence  default 0.5, clamped to 0..0.95: amplitude ratio between octaves
;;   uniform_set_contrast     default 1.2, clamped to 0.1..2.5: gain around mid-grey
;;   uniform_set_octaves      default 4, clamped to 1..8 and truncated
;;   uniform_set_seed         default 0, truncated to an i32 (saturating at its limits)
;;
;; Tile contract (abi.md §4): exported i32 globals input_ptr = 0 and input_bytes_cap = 64 KiB;
;; one 64 KiB page holds exactly one 64×64 tile of R, G, B, A float32 values; no halo. The tile's
;; top-left pixel is (x, y).
(module
  (memory (export "memory") 1)

  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 0x10000))

  (global $scale (mut f32) (f32.const 96))
  (global $persistence (mut f32) (f32.const 0.5))
  (global $contrast (mut f32) (f32.const 1.2))
  (global $octaves (mut i32) (i32.const 4))
  (global $seed (mut i32) (i32.const 0))

  (func (export "uniform_set_scale") (param $value f32) (result f32)
    (global.set $scale
      (call $clamp (local.get $value) (f32.const 96) (f32.const 8) (f32.const 512)))
    (global.get $scale))

  (func (export "uniform_set_persistence") (param $value f32) (result f32)
    (global.set $persistence
      (call $clamp (local.get $value) (f32.const 0.5) (f32.const 0) (f32.const 0.95)))
    (global.get $persistence))

  (func (export "uniform_set_contrast") (param $value f32) (result f32)
    (global.set $contrast
      (call $clamp (local.get $value) (f32.const 1.2) (f32.const 0.1) (f32.const 2.5)))
    (global.get $contrast))

  (func (export "uniform_set_octaves") (param $value f32) (result f32)
    (global.set $octaves
      (i32.trunc_f32_s (call $clamp (local.get $value) (f32.const 4) (f32.const 1) (f32.const 8))))
    (f32.convert_i32_s (global.get $octaves)))

  (func (export "uniform_set_seed") (param $value f32) (result f32)
    (global.set $seed (i32.trunc_sat_f32_s (local.get $value))) ;; NaN → 0
    (f32.convert_i32_s (global.get $seed)))

  ;; value clamped to low..high, or fallback if value is NaN.
  (func $clamp (param $value f32) (param $fallback f32) (param $low f32) (param $high f32)
    (result f32)
    (if (f32.ne (local.get $value) (local.get $value))
      (then (return (local.get $fallback))))
    (f32.min (f32.max (local.get $value) (local.get $low)) (local.get $high)))

  (func (export "tile_rgba_f32_64x64") (param $x f32) (param $y f32)
    (local $p i32) ;; byte offset of the current pixel's R
    (local $row i32) (local $col i32)
    (local $value f32)
    (loop $rows
      (local.set $col (i32.const 0))
      (loop $cols
        (local.set $value
          (call $clouds
            (f32.add (local.get $x) (f32.convert_i32_u (local.get $col)))
            (f32.add (local.get $y) (f32.convert_i32_u (local.get $row)))))
        (f32.store offset=0 (local.get $p) (local.get $value))
        (f32.store offset=4 (local.get $p) (local.get $value))
        (f32.store offset=8 (local.get $p) (local.get $value))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $col (i32.add (local.get $col) (i32.const 1)))
        (br_if $cols (i32.lt_u (local.get $col) (i32.const 64))))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $row) (i32.const 64)))))

  ;; The grey level of the pixel at (px, py): the octave sum, normalised, with contrast.
  (func $clouds (param $px f32) (param $py f32) (result f32)
    (local $octave i32)
    (local $total f32) (local $norm f32)
    (local $amp f32) (local $freq f32)
    (local.set $amp (f32.const 1))
    (local.set $freq (f32.div (f32.const 1) (global.get $scale)))
    (loop $octaves
      (local.set $total
        (f32.add (local.get $total)
          (f32.mul
            (call $noise
              (f32.mul (local.get $px) (local.get $freq))
              (f32.mul (local.get $py) (local.get $freq))
              (local.get $octave))
            (local.get $amp))))
      (local.set $norm (f32.add (local.get $norm) (local.get $amp)))
      (local.set $amp (f32.mul (local.get $amp) (global.get $persistence)))
      (local.set $freq (f32.mul (local.get $freq) (f32.const 2)))
      (local.set $octave (i32.add (local.get $octave) (i32.const 1)))
      (br_if $octaves (i32.lt_s (local.get $octave) (global.get $octaves))))
    (f32.min
      (f32.max
        (f32.add
          (f32.mul
            (f32.sub (f32.div (local.get $total) (local.get $norm)) (f32.const 0.5))
            (global.get $contrast))
          (f32.const 0.5))
        (f32.const 0))
      (f32.const 1)))

  ;; Value noise at (sx, sy) for one octave: the four surrounding lattice values, blended.
  (func $noise (param $sx f32) (param $sy f32) (param $octave i32) (result f32)
    (local $x0 f32) (local $y0 f32) ;; floor(sx), floor(sy)
    (local $i i32) (local $j i32)   ;; the same as integers
    (local $u f32) (local $v f32)   ;; smoothstep weights
    (local $top f32) (local $bottom f32)
    (local.set $x0 (f32.floor (local.get $sx)))
    (local.set $y0 (f32.floor (local.get $sy)))
    (local.set $i (i32.trunc_sat_f32_s (local.get $x0)))
    (local.set $j (i32.trunc_sat_f32_s (local.get $y0)))
    (local.set $u (call $smoothstep (f32.sub (local.get $sx) (local.get $x0))))
    (local.set $v (call $smoothstep (f32.sub (local.get $sy) (local.get $y0))))
    (local.set $top
      (call $mix
        (call $lattice (local.get $i) (local.get $j) (local.get $octave))
        (call $lattice (i32.add (local.get $i) (i32.const 1)) (local.get $j) (local.get $octave))
        (local.get $u)))
    (local.set $bottom
      (call $mix
        (call $lattice (local.get $i) (i32.add (local.get $j) (i32.const 1)) (local.get $octave))
        (call $lattice (i32.add (local.get $i) (i32.const 1)) (i32.add (local.get $j) (i32.const 1))
          (local.get $octave))
        (local.get $u)))
    (call $mix (local.get $top) (local.get $bottom) (local.get $v)))

  ;; (f·f)·(3 − 2·f)
  (func $smoothstep (param $f f32) (result f32)
    (f32.mul
      (f32.mul (local.get $f) (local.get $f))
      (f32.sub (f32.const 3) (f32.mul (f32.const 2) (local.get $f)))))

  ;; a + (b − a)·t
  (func $mix (param $a f32) (param $b f32) (param $t f32) (result f32)
    (f32.add (local.get $a) (f32.mul (f32.sub (local.get $b) (local.get $a)) (local.get $t))))

  ;; The random value 0 ≤ v < 1 of lattice point (i, j) in one octave, for the current seed.
  (func $lattice (param $i i32) (param $j i32) (param $octave i32) (result f32)
    (local $h i32)
    (local.set $h
      (i32.add
        (i32.add
          (i32.add
            (i32.mul (local.get $i) (i32.const 0x8DA6B343))
            (i32.mul (local.get $j) (i32.const 0xD8163841)))
          (i32.mul (global.get $seed) (i32.const 0xCB1AB31F)))
        (i32.mul (local.get $octave) (i32.const 0x165667B1))))
    (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
    (local.set $h (i32.mul (local.get $h) (i32.const 0x85EBCA6B)))
    (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))))
    (local.set $h (i32.mul (local.get $h) (i32.const 0xC2B2AE35)))
    (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
    (f32.mul
      (f32.convert_i32_u (i32.shr_u (local.get $h) (i32.const 8)))
      (f32.const 0x1p-24))))
