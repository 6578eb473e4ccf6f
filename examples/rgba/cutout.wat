;; cutout: flat posterised colours with dark outlines, like shapes cut from coloured paper.
;;
;; With n = trunc(levels) − 1 steps and all arithmetic in float32, left to right:
;;
;;   flat(c) = nearest(min(max(c, 0), 1) · n) / n                for R, G, B (nearest: ties to even)
;;   luma    = 0.2126·R + 0.7152·G + 0.0722·B                     of the input pixel
;;   edge    = sqrt(gx·gx + gy·gy) · 0.25                         Sobel of luma, as in find-edges.wat
;;   out     = flat(c) · (1 − edge_strength)   where edge > edge_threshold
;;             flat(c)                          elsewhere;        alpha is kept bit for bit
;;
;; with gx = (l(1,-1) + 2·l(1,0) + l(1,1)) − (l(-1,-1) + 2·l(-1,0) + l(-1,1)) and
;;      gy = (l(-1,1) + 2·l(0,1) + l(1,1)) − (l(-1,-1) + 2·l(0,-1) + l(1,-1)), l(dx, dy) being
;; the luma dx columns right and dy rows down. Neighbours come from inside the tile only,
;; clamped to its border (no halo), like find-edges.
;;
;; Uniforms (float32 in, the stored value out; NaN counts as the lower bound):
;;   levels          2..16,   default 4     colour levels per channel (fractions are dropped)
;;   edge_threshold  0..0.99, default 0.25  edge strength above which a pixel is outlined
;;   edge_strength   0..1,    default 0.7   how much an outlined pixel is darkened
;;
;; Tile contract (abi.md §4): exported i32 globals input_ptr = 0 and input_bytes_cap = 128 KiB;
;; 2 pages: the 64×64 tile at 0, the tile's luma (64×64 float32) at 0x10000.
(module
  (memory (export "memory") 2)

  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 0x20000))

  (global $luma i32 (i32.const 0x10000))

  (global $levels (mut f32) (f32.const 4))
  (global $edge_threshold (mut f32) (f32.const 0.25))
  (global $edge_strength (mut f32) (f32.const 0.7))

  ;; v128.bitselect takes lanes R, G, B from its first operand and A from its second.
  (global $rgb_lanes v128 (v128.const i32x4 -1 -1 -1 0))

  (func (export "uniform_set_levels") (param $value f32) (result f32)
    (global.set $levels (call $clamp (local.get $value) (f32.const 2) (f32.const 16)))
    (global.get $levels))

  (func (export "uniform_set_edge_threshold") (param $value f32) (result f32)
    (global.set $edge_threshold (call $clamp (local.get $value) (f32.const 0) (f32.const 0.99)))
    (global.get $edge_threshold))

  (func (export "uniform_set_edge_strength") (param $value f32) (result f32)
    (global.set $edge_strength (call $clamp (local.get $value) (f32.const 0) (f32.const 1)))
    (global.get $edge_strength))

  ;; min(max(value, low), high), except that NaN gives low.
  (func $clamp (param $value f32) (param $low f32) (param $high f32) (result f32)
    (if (i32.eqz (f32.ge (local.get $value) (local.get $low)))
      (then (return (local.get $low))))
    (f32.min (local.get $value) (local.get $high)))

  ;; The luma at (row, col), both clamped to 0..63.
  (func $l (param $row i32) (param $col i32) (result f32)
    (f32.load
      (i32.add
        (global.get $luma)
        (i32.shl
          (i32.add (i32.shl (call $clamp_to_tile (local.get $row)) (i32.const 6))
                   (call $clamp_to_tile (local.get $col)))
          (i32.const 2)))))

  (func $clamp_to_tile (param $i i32) (result i32)
    (select (i32.const 0)
      (select (i32.const 63) (local.get $i) (i32.gt_s (local.get $i) (i32.const 63)))
      (i32.lt_s (local.get $i) (i32.const 0))))

  ;; a + 2·b + c, left to right.
  (func $weighted_sum (param $a f32) (param $b f32) (param $c f32) (result f32)
    (f32.add (f32.add (local.get $a) (f32.mul (local.get $b) (f32.const 2))) (local.get $c)))

  ;; Sobel magnitude of the luma around (row, col), scaled so that a step of 1 gives 1.
  (func $edge (param $row i32) (param $col i32) (result f32)
    (local $up i32)
    (local $down i32)
    (local $left i32)
    (local $right i32)
    (local $gx f32)
    (local $gy f32)
    (local.set $up (i32.sub (local.get $row) (i32.const 1)))
    (local.set $down (i32.add (local.get $row) (i32.const 1)))
    (local.set $left (i32.sub (local.get $col) (i32.const 1)))
    (local.set $right (i32.add (local.get $col) (i32.const 1)))
    (local.set $gx
      (f32.sub
        (call $weighted_sum (call $l (local.get $up) (local.get $right))
                            (call $l (local.get $row) (local.get $right))
                            (call $l (local.get $down) (local.get $right)))
        (call $weighted_sum (call $l (local.get $up) (local.get $left))
                            (call $l (local.get $row) (local.get $left))
                            (call $l (local.get $down) (local.get $left)))))
    (local.set $gy
      (f32.sub
        (call $weighted_sum (call $l (local.get $down) (local.get $left))
                            (call $l (local.get $down) (local.get $col))
                            (call $l (local.get $down) (local.get $right)))
        (call $weighted_sum (call $l (local.get $up) (local.get $left))
                            (call $l (local.get $up) (local.get $col))
                            (call $l (local.get $up) (local.get $right)))))
    (f32.mul
      (f32.sqrt (f32.add (f32.mul (local.get $gx) (local.get $gx))
                         (f32.mul (local.get $gy) (local.get $gy))))
      (f32.const 0.25)))

  (func (export "tile_rgba_f32_64x64") (param $x f32) (param $y f32)
    (local $i i32)
    (local $p i32)
    (local $row i32)
    (local $col i32)
    (local $steps v128)
    (local $darken v128)
    (local $pixel v128)
    (local $flat v128)

    ;; 1. The luma of every pixel, before any pixel changes.
    (loop $luma_pass
      (local.set $p (i32.shl (local.get $i) (i32.const 4)))
      (f32.store
        (i32.add (global.get $luma) (i32.shl (local.get $i) (i32.const 2)))
        (f32.add
          (f32.add (f32.mul (f32.const 0.2126) (f32.load offset=0 (local.get $p)))
                   (f32.mul (f32.const 0.7152) (f32.load offset=4 (local.get $p))))
          (f32.mul (f32.const 0.0722) (f32.load offset=8 (local.get $p)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $luma_pass (i32.lt_u (local.get $i) (i32.const 4096))))

    ;; 2. Posterise every pixel and darken it where the luma has an edge.
    (local.set $steps
      (f32x4.splat (f32.sub (f32.trunc (global.get $levels)) (f32.const 1))))
    (local.set $darken
      (f32x4.splat (f32.sub (f32.const 1) (global.get $edge_strength))))
    (loop $rows
      (local.set $col (i32.const 0))
      (loop $cols
        (local.set $p
          (i32.shl (i32.add (i32.shl (local.get $row) (i32.const 6)) (local.get $col)) (i32.const 4)))
        (local.set $pixel (v128.load (local.get $p)))
        (local.set $flat
          (f32x4.div
            (f32x4.nearest
              (f32x4.mul
                (f32x4.min (f32x4.max (local.get $pixel) (v128.const f32x4 0 0 0 0))
                           (v128.const f32x4 1 1 1 1))
                (local.get $steps)))
            (local.get $steps)))
        (if (f32.gt (call $edge (local.get $row) (local.get $col)) (global.get $edge_threshold))
          (then (local.set $flat (f32x4.mul (local.get $flat) (local.get $darken)))))
        (v128.store (local.get $p)
          (v128.bitselect (local.get $flat) (local.get $pixel) (global.get $rgb_lanes)))
        (local.set $col (i32.add (local.get $col) (i32.const 1)))
        (br_if $cols (i32.lt_u (local.get $col) (i32.const 64))))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $row) (i32.const 64))))))
