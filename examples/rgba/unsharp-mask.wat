;; unsharp-mask: sharpens by pushing each colour away from a blurred copy of the picture.
;;
;; The blurred copy b is gaussian-blur.wat's: with r = trunc(radius) and w = 2r + 1,
;;
;;   box(p)[i] = (p[i−r] + p[i−r+1] + … + p[i+r]) / w        float32, summed in that order from 0
;;   b         = down(down(down(across(across(across(tile))))))
;;
;; and then, for R, G, B of each pixel (float32, left to right):
;;
;;   d   = c − b
;;   out = c + amount·d    where |d| > threshold
;;         c               elsewhere                          alpha is kept bit for bit
;;
;; The threshold keeps flat areas and fine noise from being sharpened. r = 0 leaves the tile
;; unchanged (the blur of a pixel is the pixel itself).
;;
;; The host's tile carries a halo of 3r pixels on each side (span S = 64 + 6r), edge-clamped at
;; the image border, so every core pixel's blur is complete. Each pass only computes where its
;; inputs are complete — across pass k the columns k·r .. S−1−k·r of every row, down pass k the
;; rows k·r .. S−1−k·r of the 64 core columns — and only the core is sharpened; the cells outside
;; the core keep their input values, which the host ignores.
;;
;; Uniforms (float32 in, the stored value out; NaN counts as the lower bound):
;;   radius     0..10, default 2; halo = 3·trunc(radius), default 6 (span 76)
;;   amount     0..2,  default 0.6
;;   threshold  0..1,  default 0.02
;;
;; Tile contract (abi.md §4): exported i32 globals input_ptr = 0 and input_bytes_cap = 0x40000
;; (spans up to 128); 12 pages: the tile at 0, untouched until the last step, and two blur
;; buffers at 0x40000 and 0x80000 that the passes go back and forth between. The four channels
;; of a pixel are one v128 and are computed side by side; every lane does exactly the scalar
;; float32 operations above.
(module
  (memory (export "memory") 12)

  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 0x40000))

  (global $blur_a i32 (i32.const 0x40000))
  (global $blur_b i32 (i32.const 0x80000))

  (global $radius (mut f32) (f32.const 2))
  (global $amount (mut f32) (f32.const 0.6))
  (global $threshold (mut f32) (f32.const 0.02))

  ;; v128.bitselect takes lanes R, G, B from its first operand and A from its second.
  (global $rgb_lanes v128 (v128.const i32x4 -1 -1 -1 0))

  (func (export "uniform_set_radius") (param $value f32) (result f32)
    (global.set $radius (call $clamp (local.get $value) (f32.const 0) (f32.const 10)))
    (global.get $radius))

  (func (export "uniform_set_amount") (param $value f32) (result f32)
    (global.set $amount (call $clamp (local.get $value) (f32.const 0) (f32.const 2)))
    (global.get $amount))

  (func (export "uniform_set_threshold") (param $value f32) (result f32)
    (global.set $threshold (call $clamp (local.get $value) (f32.const 0) (f32.const 1)))
    (global.get $threshold))

  ;; min(max(value, low), high), except that NaN gives low.
  (func $clamp (param $value f32) (param $low f32) (param $high f32) (result f32)
    (if (i32.eqz (f32.ge (local.get $value) (local.get $low)))
      (then (return (local.get $low))))
    (f32.min (local.get $value) (local.get $high)))

  (func (export "calculate_halo_px") (result i32)
    (i32.mul (i32.const 3) (i32.trunc_sat_f32_u (global.get $radius))))

  ;; One box pass. A line starts at $src + line·$line_stride and goes on in steps of $step bytes
  ;; (rows: stride one row, step one pixel; columns: the other way round). For each line in
  ;; [$line_from, $line_to) and each position i in [$from, $to) along it:
  ;;   dst[i] = (src[i−r] + … + src[i+r]) / (2r + 1)
  (func $box_pass (param $src i32) (param $dst i32) (param $line_stride i32) (param $step i32)
                  (param $line_from i32) (param $line_to i32) (param $from i32) (param $to i32)
                  (param $r i32)
    (local $line i32)
    (local $i i32)
    (local $read i32)
    (local $read_end i32)
    (local $sum v128)
    (local $width v128)
    (local.set $width
      (f32x4.splat (f32.convert_i32_u (i32.add (i32.shl (local.get $r) (i32.const 1)) (i32.const 1)))))
    (local.set $line (local.get $line_from))
    (loop $lines
      (local.set $i (local.get $from))
      (loop $positions
        (local.set $read
          (i32.add (i32.add (local.get $src) (i32.mul (local.get $line) (local.get $line_stride)))
                   (i32.mul (i32.sub (local.get $i) (local.get $r)) (local.get $step))))
        (local.set $read_end
          (i32.add (local.get $read)
                   (i32.mul (i32.add (i32.shl (local.get $r) (i32.const 1)) (i32.const 1))
                            (local.get $step))))
        (local.set $sum (v128.const f32x4 0 0 0 0))
        (loop $window
          (local.set $sum (f32x4.add (local.get $sum) (v128.load (local.get $read))))
          (local.set $read (i32.add (local.get $read) (local.get $step)))
          (br_if $window (i32.ne (local.get $read) (local.get $read_end))))
        (v128.store
          (i32.add (i32.add (local.get $dst) (i32.mul (local.get $line) (local.get $line_stride)))
                   (i32.mul (local.get $i) (local.get $step)))
          (f32x4.div (local.get $sum) (local.get $width)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $positions (i32.lt_u (local.get $i) (local.get $to))))
      (local.set $line (i32.add (local.get $line) (i32.const 1)))
      (br_if $lines (i32.lt_u (local.get $line) (local.get $line_to)))))

  (func (export "tile_rgba_f32_64x64") (param $x f32) (param $y f32)
    (local $r i32)
    (local $span i32)
    (local $row i32)
    (local $core_from i32)
    (local $core_to i32)
    (local $p i32)
    (local $end i32)
    (local $row_end i32)
    (local $amount v128)
    (local $threshold v128)
    (local $c v128)
    (local $d v128)
    (local.set $r (i32.trunc_sat_f32_u (global.get $radius)))
    (if (i32.eqz (local.get $r)) (then (return)))
    (local.set $span (i32.add (i32.const 64) (i32.mul (i32.const 6) (local.get $r))))
    (local.set $row (i32.shl (local.get $span) (i32.const 4)))
    (local.set $core_from (i32.mul (i32.const 3) (local.get $r)))
    (local.set $core_to (i32.sub (local.get $span) (local.get $core_from)))

    ;; Across, every row: tile → A → B → A.
    (call $box_pass (i32.const 0) (global.get $blur_a) (local.get $row) (i32.const 16)
      (i32.const 0) (local.get $span)
      (local.get $r) (i32.sub (local.get $span) (local.get $r)) (local.get $r))
    (call $box_pass (global.get $blur_a) (global.get $blur_b) (local.get $row) (i32.const 16)
      (i32.const 0) (local.get $span)
      (i32.shl (local.get $r) (i32.const 1)) (i32.sub (local.get $span) (i32.shl (local.get $r) (i32.const 1)))
      (local.get $r))
    (call $box_pass (global.get $blur_b) (global.get $blur_a) (local.get $row) (i32.const 16)
      (i32.const 0) (local.get $span)
      (local.get $core_from) (local.get $core_to) (local.get $r))

    ;; Down, the core columns only: A → B → A → B.
    (call $box_pass (global.get $blur_a) (global.get $blur_b) (i32.const 16) (local.get $row)
      (local.get $core_from) (local.get $core_to)
      (local.get $r) (i32.sub (local.get $span) (local.get $r)) (local.get $r))
    (call $box_pass (global.get $blur_b) (global.get $blur_a) (i32.const 16) (local.get $row)
      (local.get $core_from) (local.get $core_to)
      (i32.shl (local.get $r) (i32.const 1)) (i32.sub (local.get $span) (i32.shl (local.get $r) (i32.const 1)))
      (local.get $r))
    (call $box_pass (global.get $blur_a) (global.get $blur_b) (i32.const 16) (local.get $row)
      (local.get $core_from) (local.get $core_to)
      (local.get $core_from) (local.get $core_to) (local.get $r))

    ;; Sharpen the core against the blur in B: c + amount·d where |d| > threshold.
    (local.set $amount (f32x4.splat (global.get $amount)))
    (local.set $threshold (f32x4.splat (global.get $threshold)))
    (local.set $p
      (i32.add (i32.mul (local.get $core_from) (local.get $row))
               (i32.shl (local.get $core_from) (i32.const 4))))
    (local.set $end (i32.add (local.get $p) (i32.mul (i32.const 64) (local.get $row))))
    (loop $rows
      (local.set $row_end (i32.add (local.get $p) (i32.const 1024))) ;; 64 pixels
      (loop $pixels
        (local.set $c (v128.load (local.get $p)))
        (local.set $d (f32x4.sub (local.get $c) (v128.load (i32.add (global.get $blur_b) (local.get $p)))))
        (v128.store (local.get $p)
          (v128.bitselect
            (f32x4.add (local.get $c) (f32x4.mul (local.get $amount) (local.get $d)))
            (local.get $c)
            (v128.and (f32x4.gt (f32x4.abs (local.get $d)) (local.get $threshold))
                      (global.get $rgb_lanes))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br_if $pixels (i32.lt_u (local.get $p) (local.get $row_end))))
      (local.set $p (i32.add (local.get $p) (i32.sub (local.get $row) (i32.const 1024))))
      (br_if $rows (i32.lt_u (local.get $p) (local.get $end))))))
