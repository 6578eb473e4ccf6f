// sepia-c: tints an image brown; the C version of sepia.wat (docs/contracts/tile.md).
//
// Tile contract: input_ptr and input_bytes_cap are functions (C cannot define a wasm global);
// the tile is a static array of 64×64 pixels of R, G, B, A floats, which qip fills before each
// call and reads back after it.
//
// Uniform: uniform_set_amount(f32) -> f32, default 1, clamped to 0..1; returns the value kept.
//
//   qip image -i in.png -o out.png examples/guide/sepia-c.wasm '?amount=0.5'

#define EXPORT(name) __attribute__((export_name(name)))
#define TILE_PIXELS (64 * 64)

static float tile[TILE_PIXELS * 4];
static float amount = 1.0f;

EXPORT("input_ptr") unsigned input_ptr(void) { return (unsigned)tile; }
EXPORT("input_bytes_cap") unsigned input_bytes_cap(void) { return sizeof tile; }

EXPORT("uniform_set_amount") float uniform_set_amount(float value) {
  if (value != value) value = 1.0f;  // NaN counts as the default
  amount = value < 0.0f ? 0.0f : value > 1.0f ? 1.0f : value;
  return amount;
}

static float mix(float c, float sepia) { return c + (sepia - c) * amount; }

// (x, y) is the tile's top-left pixel in the image; sepia does not depend on where it is.
EXPORT("tile_rgba_f32_64x64") void tile_rgba_f32_64x64(float x, float y) {
  (void)x;
  (void)y;
  for (unsigned i = 0; i < TILE_PIXELS * 4; i += 4) {
    float r = tile[i], g = tile[i + 1], b = tile[i + 2];
    tile[i] = mix(r, r * 0.393f + g * 0.769f + b * 0.189f);
    tile[i + 1] = mix(g, r * 0.349f + g * 0.686f + b * 0.168f);
    tile[i + 2] = mix(b, r * 0.272f + g * 0.534f + b * 0.131f);
    // Alpha, tile[i + 3], is kept.
  }
}
