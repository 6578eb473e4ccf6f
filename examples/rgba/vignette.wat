;; vignette: darkens R, G and B towards the corners of the image; alpha is kept bit for bit.
;;
;; For the pixel at absolute position (px, py) of a width × height image, in float32 and in this
;; order:
;;
;;   dx = ((px + 0.5) − w/2) / (w/2),  dy = ((py + 0.5) − h/2) / (h/2)   (pixel centres, −1..1)
;;   d  = sqrt((dx·dx + dy·dy)·0.5)              0 at the centre, 1 at the corners (an ellipse)
;;   start = midpoint·(1 − feather)              darkening runs from d = start to start + feather
;;   s  = min(max((d − start) / feather, 0), 1)
;;   t  = (s·s)·(3 − 2·s)                        smoothstep; with feather = 0, t = (d ≥ midpoint)
;;   c' = c·(1 − amount·t)                       for c in R, G, B
;;
;; So amount is the darkening at full strength, midpoint pushes the darkening out towards the
;; corners, and feather is the width of the soft edge (0 is a hard edge at d = midpoint, 1 a
;; gradient over the whole image). With the defaults the edge runs from d = 0.375 to 0.875 and
;; the corners are at half brightness. Until the host has given the image size (or if it is not
;; positive), and when amount is 0, the tile is left untouched.
;;
;; Uniforms (f32 -> f32, each returns the value kept; NaN counts as the default):
;;   uniform_set_amount    default 0.5,  clamped to 0..1
;;   uniform_set_midpoint  default 0.75, clamped to 0..0.999
;;   uniform_set_feather   default 0.5,  clamped to 0..1
;;   uniform_set_width_and_height(f32 width, f32 height), called by the host once per image
;;
;; Tile contract (abi.md §4): exported i32 globals input_ptr = 0 and input_bytes_cap = 64 KiB;
;; one 64 KiB page holds exactly one 64×64 tile of R, G, B, A float32 values; no halo. The tile's
;; top-left pixel is (x, y).
(module
  (memory (export "memory") 1)

  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 0x10000))

  (global $amount (mut f32) (f32.const 0.5))
  (global $midpoint (mut f32) (f32.const 0.75))
  (global $feather (mut f32) (f32.const 0.5))
  (global $width (mut f32) (f32.const 0))
  (global $height (mut f32) (f32.const 0))

  (func (export "uniform_set_amount") (param $value f32) (result f32)
    (global.set $amount
      (call $clamp (local.get $value) (f32.const 0.5) (f32.const 0) (f32.const 1)))
    (global.get $amount))

  (func (export "uniform_set_midpoint") (param $value f32) (result f32)
    (global.set $midpoint
      (call $clamp (local.get $value) (f32.const 0.75) (f32.const 0) (f32.const 0.999)))
    (global.get $midpoint))

  (func (export "uniform_set_feather") (param $value f32) (result f32)
    (global.set $feather
      (call $clamp (local.get $value) (f32.const 0.5) (f32.const 0) (f32.const 1)))
    (global.get $feather))

  (func (export "uniform_set_width_and_height") (param $width f32) (param $height f32)
    (global.set $width (local.get $width))
    (global.set $height (local.get $height)))

  ;; value clamped to low..high, or fallback if value is NaN.
  (func $clamp (param $value f32) (param $fallback f32) (param $low f32) (param $high f32)
    (result f32)
    (if (f32.ne (local.get $value) (local.get $value))
      (then (return (local.get $fallback))))
    (f32.min (f32.max (local.get $value) (local.get $low)) (local.get $high)))

  (func (export "tile_rgba_f32_64x64") (param $x f32) (param $y f32)
    (local $p i32)        ;; byte offset of the current pixel's R
    (local $row i32) (local $col i32)
    (local $half_w f32) (local $half_h f32)
    (local $start f32)    ;; where the darkening begins, in d
    (local $dx f32) (local $dy f32) (local $dy2 f32)
    (local $d f32) (local $s f32) (local $t f32)
    (local $factor f32)
    ;; (Written as "not greater than" so that NaN sizes count as unknown too.)
    (if (i32.or
          (f32.le (global.get $amount) (f32.const 0))
          (i32.or
            (i32.eqz (f32.gt (global.get $width) (f32.const 0)))
            (i32.eqz (f32.gt (global.get $height) (f32.const 0)))))
      (then (return)))
    (local.set $half_w (f32.mul (global.get $width) (f32.const 0.5)))
    (local.set $half_h (f32.mul (global.get $height) (f32.const 0.5)))
    (local.set $start
      (f32.mul (global.get $midpoint) (f32.sub (f32.const 1) (global.get $feather))))
    (loop $rows
      (local.set $dy
        (call $centred (f32.add (local.get $y) (f32.convert_i32_u (local.get $row)))
          (local.get $half_h)))
      (local.set $dy2 (f32.mul (local.get $dy) (local.get $dy)))
      (local.set $col (i32.const 0))
      (loop $cols
        (local.set $dx
          (call $centred (f32.add (local.get $x) (f32.convert_i32_u (local.get $col)))
            (local.get $half_w)))
        (local.set $d
          (f32.sqrt
            (f32.mul
              (f32.add (f32.mul (local.get $dx) (local.get $dx)) (local.get $dy2))
              (f32.const 0.5))))
        (if (f32.gt (global.get $feather) (f32.const 0))
          (then
            (local.set $s
              (f32.min
                (f32.max
                  (f32.div (f32.sub (local.get $d) (local.get $start)) (global.get $feather))
                  (f32.const 0))
                (f32.const 1)))
            (local.set $t
              (f32.mul
                (f32.mul (local.get $s) (local.get $s))
                (f32.sub (f32.const 3) (f32.mul (f32.const 2) (local.get $s))))))
          (else
            (local.set $t
              (f32.convert_i32_u (f32.ge (local.get $d) (global.get $midpoint))))))
        (local.set $factor
          (f32.sub (f32.const 1) (f32.mul (global.get $amount) (local.get $t))))
        (f32.store offset=0 (local.get $p)
          (f32.mul (f32.load offset=0 (local.get $p)) (local.get $factor)))
        (f32.store offset=4 (local.get $p)
          (f32.mul (f32.load offset=4 (local.get $p)) (local.get $factor)))
        (f32.store offset=8 (local.get $p)
          (f32.mul (f32.load offset=8 (local.get $p)) (local.get $factor)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $col (i32.add (local.get $col) (i32.const 1)))
        (br_if $cols (i32.lt_u (local.get $col) (i32.const 64))))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $row) (i32.const 64)))))

  ;; ((position + 0.5) − half) / half: a pixel centre's offset from the image centre, −1..1.
  (func $centred (param $position f32) (param $half f32) (result f32)
    (f32.div
      (f32.sub (f32.add (local.get $position) (f32.const 0.5)) (local.get $half))
      (local.get $half))))
