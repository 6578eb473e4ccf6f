;; gaussian-blur: three box blurs in a row, across and then down, approximate a Gaussian blur.
;;
;; With r = trunc(radius) and w = 2r + 1, one box pass along a line is
;;
;;   box(p)[i] = (p[i−r] + p[i−r+1] + … + p[i+r]) / w        float32, summed in that order from 0
;;
;; and the result is  out = down(down(down(across(across(across(tile))))))  for all four channels
;; (alpha too: blurred coverage keeps blurred colours meaningful). Three boxes spread a pixel over
;; 6r + 1 pixels with bell-shaped weights, close to a Gaussian of σ² = r(r+1) (one box of width w
;; has variance (w² − 1)/12). r = 0 leaves the tile unchanged.
;;
;; The host's tile carries a halo of 3r pixels on each side (span S = 64 + 6r), edge-clamped at
;; the image border, so every core pixel's blur is complete: the image behaves as if its edge
;; pixels went on forever. Each pass only computes where its inputs are complete — across pass k
;; the columns k·r .. S−1−k·r of every row, down pass k the rows k·r .. S−1−k·r of the 64 core
;; columns — so the cells outside the core are left with partial results, which the host ignores.
;;
;; Uniform: radius, float32 in, the stored value out: 0..12, default 2 (NaN counts as 0);
;; halo = 3·trunc(radius), default 6 (span 76).
;;
;; Tile contract (abi.md §4): exported i32 globals input_ptr = 0 and input_bytes_cap = 0x60000
;; (spans up to 156); 12 pages: the tile at 0, a second buffer of the same size at 0x60000, the
;; passes going back and forth between the two. The four channels of a pixel are one v128 and are
;; summed side by side; every lane does exactly the scalar float32 additions and division.
(module
  (memory (export "memory") 12)

  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 0x60000))

  (global $scratch i32 (i32.const 0x60000))

  (global $radius (mut f32) (f32.const 2))

  (func (export "uniform_set_radius") (param $value f32) (result f32)
    (global.set $radius
      (if (result f32) (f32.ge (local.get $value) (f32.const 0))
        (then (f32.min (local.get $value) (f32.const 12)))
        (else (f32.const 0))))
    (global.get $radius))

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
    (local.set $r (i32.trunc_sat_f32_u (global.get $radius)))
    (if (i32.eqz (local.get $r)) (then (return)))
    (local.set $span (i32.add (i32.const 64) (i32.mul (i32.const 6) (local.get $r))))
    (local.set $row (i32.shl (local.get $span) (i32.const 4)))
    (local.set $core_from (i32.mul (i32.const 3) (local.get $r)))
    (local.set $core_to (i32.sub (local.get $span) (local.get $core_from)))

    ;; Across, every row: tile → scratch → tile → scratch.
    (call $box_pass (i32.const 0) (global.get $scratch) (local.get $row) (i32.const 16)
      (i32.const 0) (local.get $span)
      (local.get $r) (i32.sub (local.get $span) (local.get $r)) (local.get $r))
    (call $box_pass (global.get $scratch) (i32.const 0) (local.get $row) (i32.const 16)
      (i32.const 0) (local.get $span)
      (i32.shl (local.get $r) (i32.const 1)) (i32.sub (local.get $span) (i32.shl (local.get $r) (i32.const 1)))
      (local.get $r))
    (call $box_pass (i32.const 0) (global.get $scratch) (local.get $row) (i32.const 16)
      (i32.const 0) (local.get $span)
      (local.get $core_from) (local.get $core_to) (local.get $r))

    ;; Down, the core columns only: scratch → tile → scratch → tile.
    (call $box_pass (global.get $scratch) (i32.const 0) (i32.const 16) (local.get $row)
      (local.get $core_from) (local.get $core_to)
      (local.get $r) (i32.sub (local.get $span) (local.get $r)) (local.get $r))
    (call $box_pass (i32.const 0) (global.get $scratch) (i32.const 16) (local.get $row)
      (local.get $core_from) (local.get $core_to)
      (i32.shl (local.get $r) (i32.const 1)) (i32.sub (local.get $span) (i32.shl (local.get $r) (i32.const 1)))
      (local.get $r))
    (call $box_pass (global.get $scratch) (i32.const 0) (i32.const 16) (local.get $row)
      (local.get $core_from) (local.get $core_to)
      (local.get $core_from) (local.get $core_to) (local.get $r))))
