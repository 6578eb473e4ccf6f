;; sepia: tints an image brown, like an old photograph; the tile module of docs/contracts/tile.md.
;;
;; Tile contract: exported i32 globals input_ptr = 0 and input_bytes_cap = 64 KiB; the one page
;; of memory holds exactly one 64×64 tile of R, G, B, A float32 values (16 bytes a pixel). No
;; halo, so the module needs neither calculate_halo_px nor uniform_set_width_and_height.
;;
;; Uniform: uniform_set_amount(f32) -> f32, default 1 (full sepia), clamped to 0..1 (NaN counts
;; as the default); it returns the value kept. 0 leaves the image as it was.
;;
;;   qip image -i in.png -o out.png examples/guide/sepia.wasm '?amount=0.5'
(module
  (memory (export "memory") 1)

  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 0x10000))

  (global $amount (mut f32) (f32.const 1))

  (func (export "uniform_set_amount") (param $value f32) (result f32)
    (if (f32.ne (local.get $value) (local.get $value)) ;; NaN
      (then (local.set $value (f32.const 1))))
    (global.set $amount (f32.min (f32.max (local.get $value) (f32.const 0)) (f32.const 1)))
    (global.get $amount))

  ;; (x, y) is the tile's top-left pixel in the image; sepia does not depend on where it is.
  (func (export "tile_rgba_f32_64x64") (param $x f32) (param $y f32)
    (local $p i32) ;; byte offset of the current pixel's R
    (local $r f32)
    (local $g f32)
    (local $b f32)
    (loop $pixels
      (local.set $r (f32.load offset=0 (local.get $p)))
      (local.set $g (f32.load offset=4 (local.get $p)))
      (local.set $b (f32.load offset=8 (local.get $p)))
      (f32.store offset=0 (local.get $p)
        (call $mix (local.get $r)
          (call $dot (local.get $r) (local.get $g) (local.get $b)
            (f32.const 0.393) (f32.const 0.769) (f32.const 0.189))))
      (f32.store offset=4 (local.get $p)
        (call $mix (local.get $g)
          (call $dot (local.get $r) (local.get $g) (local.get $b)
            (f32.const 0.349) (f32.const 0.686) (f32.const 0.168))))
      (f32.store offset=8 (local.get $p)
        (call $mix (local.get $b)
          (call $dot (local.get $r) (local.get $g) (local.get $b)
            (f32.const 0.272) (f32.const 0.534) (f32.const 0.131))))
      ;; Alpha, at offset 12, is kept.
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $pixels (i32.lt_u (local.get $p) (i32.const 0x10000)))))

  ;; r·kr + g·kg + b·kb
  (func $dot (param $r f32) (param $g f32) (param $b f32)
    (param $kr f32) (param $kg f32) (param $kb f32) (result f32)
    (f32.add
      (f32.add (f32.mul (local.get $r) (local.get $kr)) (f32.mul (local.get $g) (local.get $kg)))
      (f32.mul (local.get $b) (local.get $kb))))

  ;; c + (sepia − c)·amount; values above 1 are clamped by the host when it converts to bytes.
  (func $mix (param $c f32) (param $sepia f32) (result f32)
    (f32.add (local.get $c)
      (f32.mul (f32.sub (local.get $sepia) (local.get $c)) (global.get $amount)))))
