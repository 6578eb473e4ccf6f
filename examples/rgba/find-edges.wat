;; find-edges: Sobel edge detection on each colour channel, drawn as dark lines on white.
;;
;; For every pixel and each of R, G, B, with p(dx, dy) the channel's value dx columns right and
;; dy rows down (coordinates clamped to the tile), sums evaluated left to right in float32:
;;
;;   gx  = (p(1,-1) + 2·p(1,0) + p(1,1)) − (p(-1,-1) + 2·p(-1,0) + p(-1,1))
;;   gy  = (p(-1,1) + 2·p(0,1) + p(1,1)) − (p(-1,-1) + 2·p(0,-1) + p(1,-1))
;;   out = 1 − min(sqrt(gx·gx + gy·gy) · 0.25, 1)          alpha is kept bit for bit
;;
;; A step of height 1 gives |gx| = 4, hence the 0.25: flat areas become white (1), a full step
;; black (0). The four channels of a pixel are one v128 and are computed side by side; every lane
;; does exactly the float32 operations above, so the result equals the scalar formula.
;;
;; Neighbours come from inside the tile only (no halo): at the tile's border the nearest cell
;; inside the tile stands in for the missing one, so lines can appear along tile seams and along
;; the zero padding of partial tiles, as in the reference module.
;;
;; Tile contract (abi.md §4): exported i32 globals input_ptr = 0 and input_bytes_cap = 128 KiB;
;; 2 pages: the 64×64 tile at 0 and an untouched copy of it, read while the tile is rewritten, at
;; 0x10000. No uniforms.
(module
  (memory (export "memory") 2)

  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 0x20000))

  (global $copy i32 (i32.const 0x10000))

  ;; v128.bitselect takes lanes R, G, B from its first operand and A from its second.
  (global $rgb_lanes v128 (v128.const i32x4 -1 -1 -1 0))

  ;; The pixel at (row, col) of the copy, both clamped to 0..63.
  (func $neighbour (param $row i32) (param $col i32) (result v128)
    (v128.load
      (i32.add
        (global.get $copy)
        (i32.shl
          (i32.add (i32.shl (call $clamp_to_tile (local.get $row)) (i32.const 6))
                   (call $clamp_to_tile (local.get $col)))
          (i32.const 4)))))

  (func $clamp_to_tile (param $i i32) (result i32)
    (select (i32.const 0)
      (select (i32.const 63) (local.get $i) (i32.gt_s (local.get $i) (i32.const 63)))
      (i32.lt_s (local.get $i) (i32.const 0))))

  ;; a + 2·b + c, left to right.
  (func $weighted_sum (param $a v128) (param $b v128) (param $c v128) (result v128)
    (f32x4.add
      (f32x4.add (local.get $a) (f32x4.mul (local.get $b) (v128.const f32x4 2 2 2 2)))
      (local.get $c)))

  (func (export "tile_rgba_f32_64x64") (param $x f32) (param $y f32)
    (local $row i32)
    (local $col i32)
    (local $gx v128)
    (local $gy v128)
    (local $edge v128)
    (memory.copy (global.get $copy) (i32.const 0) (i32.const 0x10000))
    (loop $rows
      (local.set $col (i32.const 0))
      (loop $cols
        (local.set $gx
          (f32x4.sub
            (call $weighted_sum
              (call $neighbour (i32.sub (local.get $row) (i32.const 1)) (i32.add (local.get $col) (i32.const 1)))
              (call $neighbour (local.get $row) (i32.add (local.get $col) (i32.const 1)))
              (call $neighbour (i32.add (local.get $row) (i32.const 1)) (i32.add (local.get $col) (i32.const 1))))
            (call $weighted_sum
              (call $neighbour (i32.sub (local.get $row) (i32.const 1)) (i32.sub (local.get $col) (i32.const 1)))
              (call $neighbour (local.get $row) (i32.sub (local.get $col) (i32.const 1)))
              (call $neighbour (i32.add (local.get $row) (i32.const 1)) (i32.sub (local.get $col) (i32.const 1))))))
        (local.set $gy
          (f32x4.sub
            (call $weighted_sum
              (call $neighbour (i32.add (local.get $row) (i32.const 1)) (i32.sub (local.get $col) (i32.const 1)))
              (call $neighbour (i32.add (local.get $row) (i32.const 1)) (local.get $col))
              (call $neighbour (i32.add (local.get $row) (i32.const 1)) (i32.add (local.get $col) (i32.const 1))))
            (call $weighted_sum
              (call $neighbour (i32.sub (local.get $row) (i32.const 1)) (i32.sub (local.get $col) (i32.const 1)))
              (call $neighbour (i32.sub (local.get $row) (i32.const 1)) (local.get $col))
              (call $neighbour (i32.sub (local.get $row) (i32.const 1)) (i32.add (local.get $col) (i32.const 1))))))
        ;; 1 − min(sqrt(gx² + gy²) · 0.25, 1)
        (local.set $edge
          (f32x4.sub
            (v128.const f32x4 1 1 1 1)
            (f32x4.min
              (f32x4.mul
                (f32x4.sqrt
                  (f32x4.add (f32x4.mul (local.get $gx) (local.get $gx))
                             (f32x4.mul (local.get $gy) (local.get $gy))))
                (v128.const f32x4 0.25 0.25 0.25 0.25))
              (v128.const f32x4 1 1 1 1))))
        (v128.store
          (i32.shl (i32.add (i32.shl (local.get $row) (i32.const 6)) (local.get $col)) (i32.const 4))
          (v128.bitselect
            (local.get $edge)
            (call $neighbour (local.get $row) (local.get $col))
            (global.get $rgb_lanes)))
        (local.set $col (i32.add (local.get $col) (i32.const 1)))
        (br_if $cols (i32.lt_u (local.get $col) (i32.const 64))))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $row) (i32.const 64))))))
