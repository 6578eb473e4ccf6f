// qip-build: -Wl,--stack-first
// svg-rasterize: draws a simple SVG document into a 32-bpp BMP.
//
// Run contract: exported functions, UTF-8 in, binary out.
//   input_utf8_cap 1 MiB, output_bytes_cap 16 MiB
//
//   echo '<svg width="32" height="32"><rect width="32" height="32" fill="#d52b1e" /><rect x="13"
//     y="6" width="6" height="20" fill="#ffffff" /><rect x="6" y="13" width="20" height="6"
//     fill="#ffffff" /></svg>' | qip run examples/svg-rasterize.wasm   ->  a 32×32 BMP, 4150 bytes
//
// The SVG subset:
//   <svg width height [viewBox]>      the picture's size in pixels: width and height rounded up
//                                      (units are ignored), or the viewBox's size when they are
//                                      missing. A viewBox maps onto width × height, centred and
//                                      uniformly scaled to fit (SVG's default "xMidYMid meet").
//   <g>, nested <svg [x y]>            groups; a nested svg is moved by (x, y) and maps its
//                                      viewBox onto its width × height like the root
//   <rect x y width height>            shapes, painted in document order, later over earlier
//   <circle cx cy r>, <ellipse cx cy rx ry>
//   <polygon points>, <polyline points> (a polyline is filled like a polygon, as in SVG)
//   fill="#rgb" | "#rrggbb" | "none"   inherited from the enclosing elements; black by default;
//                                      any other value counts as not given
//   transform="…"                      a list of translate(x [y]), scale(x [y]), rotate(a [cx cy]),
//                                      skewX(a), skewY(a), matrix(a b c d e f), applied like SVG
// Other elements are skipped together with their content; comments, <?…?> and <!…> are ignored.
//
// Pixels: a pixel is painted, opaque, with the shape's fill when its centre (x + 0.5, y + 0.5)
// lies inside the shape (no anti-aliasing): rectangles include their top and left edges, circles
// and ellipses are open, polygons use the non-zero winding rule. Pixels no shape covers stay
// transparent black (0, 0, 0, 0). Each shape is tested in its own coordinates: the pixel centre
// goes through the inverse of the shape's transform, so rotated and skewed shapes work alike.
//
// The BMP: the 54-byte header (BI_RGB, 32 bpp, resolution fields 0), rows bottom-up, pixels
// B, G, R, A. Empty output when the input has no <svg> root, the size is not positive, or the
// BMP would not fit the output capacity.

#define QIP_INPUT_CAP (1024 * 1024)
#define QIP_OUTPUT_CAP (16 * 1024 * 1024)
#define QIP_INPUT_KIND QIP_UTF8
#define QIP_OUTPUT_KIND QIP_BYTES
#include "include/qip_stage.h"

#include "bmp/_bmp.h"

// ---- Affine transforms --------------------------------------------------------------------------

// SVG's matrix(a b c d e f): x' = a·x + c·y + e, y' = b·x + d·y + f.
typedef struct {
  double a, b, c, d, e, f;
} affine;

static const affine IDENTITY = {1, 0, 0, 1, 0, 0};

// The transform that applies `second` first, then `first` (the matrix product first · second).
static affine affine_then(affine first, affine second) {
  affine m = {
      first.a * second.a + first.c * second.b,     first.b * second.a + first.d * second.b,
      first.a * second.c + first.c * second.d,     first.b * second.c + first.d * second.d,
      first.a * second.e + first.c * second.f + first.e,
      first.b * second.e + first.d * second.f + first.f,
  };
  return m;
}

static affine affine_translate(double x, double y) {
  affine m = {1, 0, 0, 1, x, y};
  return m;
}

static affine affine_scale(double x, double y) {
  affine m = {x, 0, 0, y, 0, 0};
  return m;
}

static void affine_apply(affine m, double x, double y, double *out_x, double *out_y) {
  *out_x = m.a * x + m.c * y + m.e;
  *out_y = m.b * x + m.d * y + m.f;
}

// The inverse transform; 0 when `m` squashes the plane onto a line (nothing to paint).
static int affine_invert(affine m, affine *inverse) {
  double det = m.a * m.d - m.b * m.c;
  if (det == 0 || det != det) return 0;
  inverse->a = m.d / det;
  inverse->b = -m.b / det;
  inverse->c = -m.c / det;
  inverse->d = m.a / det;
  inverse->e = (m.c * m.f - m.d * m.e) / det;
  inverse->f = (m.b * m.e - m.a * m.f) / det;
  return 1;
}

// cos and sin of an angle in degrees. The angle is reduced in degrees to the nearest multiple q
// of 90 plus a remainder within ±45 (multiples of 90° give exact 0 and ±1); the remainder's cos
// and sin come from their Taylor series to x^16 and x^17 (error below 1e-18 for |x| ≤ π/4), then
// q quarter turns are applied: (cos, sin) → (−sin, cos) each.
static void cos_sin_degrees(double degrees, double *cos_out, double *sin_out) {
  if (!(__builtin_fabs(degrees) < 1e12)) degrees = 0;
  degrees -= 360 * __builtin_floor(degrees / 360);
  double q = __builtin_rint(degrees / 90);
  double x = (degrees - 90 * q) * 0.017453292519943295; // π/180
  double x2 = x * x;
  double c = 1;
  double s = 1;
  for (int k = 8; k >= 1; k--) {
    c = 1 - x2 / (2 * k * (2 * k - 1)) * c;
    s = 1 - x2 / (2 * k * (2 * k + 1)) * s;
  }
  s *= x;
  for (int turns = (int)q & 3; turns > 0; turns--) {
    double previous_cos = c;
    c = -s;
    s = previous_cos;
  }
  *cos_out = c;
  *sin_out = s;
}

// ---- Reading attribute values -------------------------------------------------------------------

typedef struct {
  const uint8_t *at;
  const uint8_t *end;
} text;

static int is_space(uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static void skip_separators(text *t) {
  while (t->at < t->end && (is_space(*t->at) || *t->at == ',')) t->at++;
}

static int is_digit(uint8_t c) { return c >= '0' && c <= '9'; }

// A decimal number with optional sign, fraction and exponent, after any separators.
static int read_number(text *t, double *out) {
  skip_separators(t);
  const uint8_t *p = t->at;
  double sign = 1;
  if (p < t->end && (*p == '+' || *p == '-')) sign = *p++ == '-' ? -1 : 1;
  double value = 0;
  int digits = 0;
  while (p < t->end && is_digit(*p)) value = value * 10 + (*p++ - '0'), digits++;
  if (p < t->end && *p == '.') {
    double scale = 0.1;
    for (p++; p < t->end && is_digit(*p); p++, digits++, scale /= 10) value += (*p - '0') * scale;
  }
  if (digits == 0) return 0;
  if (p < t->end && (*p == 'e' || *p == 'E')) {
    const uint8_t *q = p + 1;
    int negative = q < t->end && *q == '-';
    if (q < t->end && (*q == '+' || *q == '-')) q++;
    if (q < t->end && is_digit(*q)) {
      int exponent = 0;
      while (q < t->end && is_digit(*q)) {
        if (exponent < 400) exponent = exponent * 10 + (*q - '0');
        q++;
      }
      for (; exponent > 0; exponent--) value = negative ? value / 10 : value * 10;
      p = q;
    }
  }
  t->at = p;
  *out = sign * value;
  return 1;
}

// A length such as "12", "12.5" or "12px": the number, whatever unit follows.
static int read_length(text value, double *out) { return read_number(&value, out); }

static int hex_digit(uint8_t c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Values of a fill.
#define FILL_NONE (-1)
#define FILL_NOT_GIVEN (-2)

// "#rgb", "#rrggbb" → 0xRRGGBB; "none" → FILL_NONE; anything else → FILL_NOT_GIVEN.
static int32_t read_fill(text t) {
  while (t.at < t.end && is_space(*t.at)) t.at++;
  while (t.end > t.at && is_space(t.end[-1])) t.end--;
  uint32_t n = (uint32_t)(t.end - t.at);
  if (n == 4 && t.at[0] == 'n' && t.at[1] == 'o' && t.at[2] == 'n' && t.at[3] == 'e') return FILL_NONE;
  if ((n != 4 && n != 7) || t.at[0] != '#') return FILL_NOT_GIVEN;
  int32_t rgb = 0;
  for (uint32_t i = 1; i < n; i++) {
    int digit = hex_digit(t.at[i]);
    if (digit < 0) return FILL_NOT_GIVEN;
    rgb = rgb << 4 | digit;
    if (n == 4) rgb = rgb << 4 | digit; // #rgb means #rrggbb
  }
  return rgb;
}

static int name_is(text t, const char *name) {
  const uint8_t *p = t.at;
  for (; *name; name++, p++) {
    if (p == t.end || *p != (uint8_t)*name) return 0;
  }
  return p == t.end;
}

// A transform list; an unreadable one counts as no transform, as in SVG.
static affine read_transform(text t) {
  affine m = IDENTITY;
  for (;;) {
    skip_separators(&t);
    if (t.at == t.end) return m;
    text name = {t.at, t.at};
    while (name.end < t.end && ((*name.end | 0x20) >= 'a' && (*name.end | 0x20) <= 'z')) name.end++;
    t.at = name.end;
    while (t.at < t.end && is_space(*t.at)) t.at++;
    if (t.at == t.end || *t.at != '(') return IDENTITY;
    t.at++;
    double v[6];
    int n = 0;
    while (n < 6 && read_number(&t, &v[n])) n++;
    skip_separators(&t);
    if (t.at == t.end || *t.at != ')') return IDENTITY;
    t.at++;
    affine step;
    double c, s;
    if (name_is(name, "translate") && (n == 1 || n == 2)) {
      step = affine_translate(v[0], n == 2 ? v[1] : 0);
    } else if (name_is(name, "scale") && (n == 1 || n == 2)) {
      step = affine_scale(v[0], n == 2 ? v[1] : v[0]);
    } else if (name_is(name, "rotate") && (n == 1 || n == 3)) {
      cos_sin_degrees(v[0], &c, &s);
      affine turn = {c, s, -s, c, 0, 0};
      step = n == 1 ? turn
                    : affine_then(affine_translate(v[1], v[2]),
                                  affine_then(turn, affine_translate(-v[1], -v[2])));
    } else if ((name_is(name, "skewX") || name_is(name, "skewY")) && n == 1) {
      cos_sin_degrees(v[0], &c, &s);
      step = IDENTITY;
      if (name_is(name, "skewX")) step.c = s / c; else step.b = s / c;
    } else if (name_is(name, "matrix") && n == 6) {
      affine given = {v[0], v[1], v[2], v[3], v[4], v[5]};
      step = given;
    } else {
      return IDENTITY;
    }
    m = affine_then(m, step);
  }
}

// ---- Tags and attributes ------------------------------------------------------------------------

#define MAX_ATTRIBUTES 32

typedef struct {
  text name;
  int closing;      // </name>
  int self_closing; // <name … />
  uint32_t attribute_count;
  text attribute_names[MAX_ATTRIBUTES];
  text attribute_values[MAX_ATTRIBUTES];
} tag;

static int is_name_char(uint8_t c) { return !is_space(c) && c != '>' && c != '/' && c != '='; }

// Reads the tag starting just after a '<' at `t->at`; leaves `t` after its '>'. 0 at the end of
// the input.
static int read_tag(text *t, tag *out) {
  const uint8_t *p = t->at;
  out->closing = p < t->end && *p == '/';
  if (out->closing) p++;
  out->name.at = p;
  while (p < t->end && is_name_char(*p)) p++;
  out->name.end = p;
  out->self_closing = 0;
  out->attribute_count = 0;
  for (;;) {
    while (p < t->end && is_space(*p)) p++;
    if (p == t->end) return 0;
    if (*p == '>') break;
    if (*p == '/') {
      out->self_closing = 1;
      p++;
      continue;
    }
    text name = {p, p};
    while (name.end < t->end && is_name_char(*name.end)) name.end++;
    p = name.end;
    if (name.at == name.end) p++; // a stray character: skip it
    while (p < t->end && is_space(*p)) p++;
    text value = {p, p};
    if (p < t->end && *p == '=') {
      p++;
      while (p < t->end && is_space(*p)) p++;
      if (p < t->end && (*p == '"' || *p == '\'')) {
        uint8_t quote = *p++;
        value.at = p;
        while (p < t->end && *p != quote) p++;
        value.end = p;
        if (p < t->end) p++;
      } else {
        value.at = p;
        while (p < t->end && !is_space(*p) && *p != '>') p++;
        value.end = p;
      }
    }
    if (out->attribute_count < MAX_ATTRIBUTES && name.at != name.end) {
      out->attribute_names[out->attribute_count] = name;
      out->attribute_values[out->attribute_count++] = value;
    }
  }
  t->at = p + 1;
  return 1;
}

static int attribute(const tag *element, const char *name, text *value) {
  for (uint32_t i = 0; i < element->attribute_count; i++) {
    if (name_is(element->attribute_names[i], name)) {
      *value = element->attribute_values[i];
      return 1;
    }
  }
  return 0;
}

static double number_attribute(const tag *element, const char *name, double fallback) {
  text value;
  double number;
  return attribute(element, name, &value) && read_length(value, &number) ? number : fallback;
}

// Skips past the first occurrence of `terminator` (or to the end).
static void skip_past(text *t, const char *terminator) {
  for (; t->at < t->end; t->at++) {
    const uint8_t *p = t->at;
    const char *q = terminator;
    while (*q && p < t->end && *p == (uint8_t)*q) p++, q++;
    if (!*q) {
      t->at = p;
      return;
    }
  }
}

// ---- The canvas ---------------------------------------------------------------------------------

static uint32_t canvas_width;
static uint32_t canvas_height;

static void paint(uint32_t x, uint32_t y, int32_t rgb) {
  uint8_t *pixel = qip_output + BMP_HEADER_BYTES + ((canvas_height - 1 - y) * canvas_width + x) * 4;
  pixel[0] = (uint8_t)rgb;
  pixel[1] = (uint8_t)(rgb >> 8);
  pixel[2] = (uint8_t)(rgb >> 16);
  pixel[3] = 255;
}

#define MAX_POINTS 65536
static double points[2 * MAX_POINTS];

typedef enum { SHAPE_RECT, SHAPE_ELLIPSE, SHAPE_POLYGON } shape_kind;

// A shape in its own coordinates; an ellipse is centred on (x, y) with radii (w, h).
typedef struct {
  shape_kind kind;
  double x, y, w, h;
  uint32_t point_count; // polygon vertices, in `points`
} shape;

static int polygon_contains(uint32_t count, double x, double y) {
  int winding = 0;
  for (uint32_t i = 0; i < count; i++) {
    uint32_t j = i + 1 == count ? 0 : i + 1;
    double x0 = points[2 * i], y0 = points[2 * i + 1];
    double x1 = points[2 * j], y1 = points[2 * j + 1];
    double side = (x1 - x0) * (y - y0) - (x - x0) * (y1 - y0); // > 0: point left of the edge
    if (y0 <= y) {
      if (y1 > y && side > 0) winding++;
    } else if (y1 <= y && side < 0) {
      winding--;
    }
  }
  return winding != 0;
}

static int shape_contains(const shape *s, double x, double y) {
  switch (s->kind) {
  case SHAPE_RECT:
    return x >= s->x && x < s->x + s->w && y >= s->y && y < s->y + s->h;
  case SHAPE_ELLIPSE: {
    double dx = (x - s->x) / s->w, dy = (y - s->y) / s->h;
    return dx * dx + dy * dy < 1;
  }
  case SHAPE_POLYGON:
    return polygon_contains(s->point_count, x, y);
  }
  return 0;
}

// Paints the pixels whose centres `transform` maps from inside the shape; `box` is the shape's
// bounding box in its own coordinates (left, top, right, bottom).
static void fill_shape(const shape *s, const double box[4], affine transform, int32_t rgb) {
  affine inverse;
  if (rgb < 0 || !affine_invert(transform, &inverse)) return;
  double left = 1e300, top = 1e300, right = -1e300, bottom = -1e300;
  for (int corner = 0; corner < 4; corner++) {
    double x, y;
    affine_apply(transform, box[corner & 1 ? 2 : 0], box[corner & 2 ? 3 : 1], &x, &y);
    if (x < left) left = x;
    if (x > right) right = x;
    if (y < top) top = y;
    if (y > bottom) bottom = y;
  }
  // Whole pixels whose centres may be inside, clipped to the canvas (NaN compares false: skipped).
  if (!(left < canvas_width && top < canvas_height && right > 0 && bottom > 0)) return;
  uint32_t x0 = left > 0 ? (uint32_t)__builtin_floor(left) : 0;
  uint32_t y0 = top > 0 ? (uint32_t)__builtin_floor(top) : 0;
  uint32_t x1 = right < canvas_width ? (uint32_t)__builtin_ceil(right) : canvas_width;
  uint32_t y1 = bottom < canvas_height ? (uint32_t)__builtin_ceil(bottom) : canvas_height;
  for (uint32_t py = y0; py < y1; py++) {
    for (uint32_t px = x0; px < x1; px++) {
      double x, y;
      affine_apply(inverse, px + 0.5, py + 0.5, &x, &y);
      if (shape_contains(s, x, y)) paint(px, py, rgb);
    }
  }
}

static void draw_shape(const tag *element, affine transform, int32_t rgb) {
  shape s = {SHAPE_RECT, 0, 0, 0, 0, 0};
  double box[4];
  if (name_is(element->name, "rect")) {
    s.x = number_attribute(element, "x", 0);
    s.y = number_attribute(element, "y", 0);
    s.w = number_attribute(element, "width", 0);
    s.h = number_attribute(element, "height", 0);
    if (!(s.w > 0 && s.h > 0)) return;
    box[0] = s.x, box[1] = s.y, box[2] = s.x + s.w, box[3] = s.y + s.h;
  } else if (name_is(element->name, "circle") || name_is(element->name, "ellipse")) {
    s.kind = SHAPE_ELLIPSE;
    s.x = number_attribute(element, "cx", 0);
    s.y = number_attribute(element, "cy", 0);
    if (name_is(element->name, "circle")) {
      s.w = s.h = number_attribute(element, "r", 0);
    } else {
      s.w = number_attribute(element, "rx", 0);
      s.h = number_attribute(element, "ry", 0);
    }
    if (!(s.w > 0 && s.h > 0)) return;
    box[0] = s.x - s.w, box[1] = s.y - s.h, box[2] = s.x + s.w, box[3] = s.y + s.h;
  } else {
    s.kind = SHAPE_POLYGON;
    text list;
    if (!attribute(element, "points", &list)) return;
    double x, y;
    box[0] = box[1] = 1e300, box[2] = box[3] = -1e300;
    while (s.point_count < MAX_POINTS && read_number(&list, &x) && read_number(&list, &y)) {
      points[2 * s.point_count] = x;
      points[2 * s.point_count++ + 1] = y;
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
    }
    if (s.point_count < 3) return;
  }
  fill_shape(&s, box, transform, rgb);
}

// ---- The document -------------------------------------------------------------------------------

// What an open element passes on to its content.
typedef struct {
  affine transform; // from this element's coordinates to pixels
  int32_t fill;     // 0xRRGGBB or FILL_NONE
  int skipped;      // content is not drawn (an unknown element, or inside one)
} frame;

#define MAX_DEPTH 256
static frame stack[MAX_DEPTH];

// The mapping of a viewBox "x y w h" onto a viewport of width × height: centred, uniformly
// scaled to fit. Identity without a usable viewBox.
static affine viewbox_transform(const tag *element, double width, double height) {
  text value;
  double x, y, w, h;
  if (!attribute(element, "viewBox", &value) || !read_number(&value, &x) ||
      !read_number(&value, &y) || !read_number(&value, &w) || !read_number(&value, &h) ||
      !(w > 0 && h > 0 && width > 0 && height > 0)) {
    return IDENTITY;
  }
  double scale = width / w < height / h ? width / w : height / h;
  return affine_then(affine_translate((width - w * scale) / 2 - x * scale,
                                      (height - h * scale) / 2 - y * scale),
                     affine_scale(scale, scale));
}

// The root's pixel size: width and height rounded up, else the viewBox's; 0 when unusable.
static int read_canvas_size(const tag *root, double *width, double *height) {
  text value;
  double box[4] = {0, 0, 0, 0};
  if (attribute(root, "viewBox", &value)) {
    for (int i = 0; i < 4; i++) {
      if (!read_number(&value, &box[i])) box[2] = box[3] = 0;
    }
  }
  *width = number_attribute(root, "width", box[2]);
  *height = number_attribute(root, "height", box[3]);
  if (!(*width > 0 && *height > 0 && *width <= 65535 && *height <= 65535)) return 0;
  uint64_t w = (uint64_t)__builtin_ceil(*width), h = (uint64_t)__builtin_ceil(*height);
  if (BMP_HEADER_BYTES + w * h * 4 > QIP_OUTPUT_CAP) return 0;
  canvas_width = (uint32_t)w;
  canvas_height = (uint32_t)h;
  return 1;
}

QIP_EXPORT("run") uint32_t run(uint32_t input_size) {
  text document = {qip_input, qip_input + qip_input_size(input_size)};
  uint32_t depth = 0;       // open elements, including the root
  uint32_t lost_depth = 0;  // open elements nested deeper than MAX_DEPTH (skipped)
  int started = 0;
  while (document.at < document.end) {
    if (*document.at++ != '<') continue;
    if (document.end - document.at >= 3 && document.at[0] == '!' && document.at[1] == '-' &&
        document.at[2] == '-') {
      skip_past(&document, "-->");
      continue;
    }
    if (document.at < document.end && *document.at == '?') {
      skip_past(&document, "?>");
      continue;
    }
    if (document.at < document.end && *document.at == '!') {
      skip_past(&document, ">");
      continue;
    }
    tag element;
    if (!read_tag(&document, &element)) break;
    if (element.closing) {
      if (lost_depth > 0) lost_depth--;
      else if (depth > 0 && --depth == 0) break; // the root is closed: done
      continue;
    }
    int is_svg = name_is(element.name, "svg");
    if (!started) {
      double width, height;
      if (!is_svg || !read_canvas_size(&element, &width, &height)) return 0;
      __builtin_memset(qip_output + BMP_HEADER_BYTES, 0, canvas_width * canvas_height * 4);
      started = 1;
      frame root = {viewbox_transform(&element, width, height), 0x000000, 0};
      stack[0] = root;
    } else if (depth == 0) {
      break;
    }
    if (lost_depth > 0 || depth == MAX_DEPTH) {
      if (!element.self_closing) lost_depth++;
      continue;
    }

    const frame *parent = depth > 0 ? &stack[depth - 1] : &stack[0];
    frame next = *parent;
    text value;
    if (attribute(&element, "transform", &value)) {
      next.transform = affine_then(next.transform, read_transform(value));
    }
    if (attribute(&element, "fill", &value) && read_fill(value) != FILL_NOT_GIVEN) {
      next.fill = read_fill(value);
    }
    if (is_svg && depth > 0) {
      double width = number_attribute(&element, "width", 0);
      double height = number_attribute(&element, "height", 0);
      next.transform = affine_then(
          next.transform,
          affine_then(affine_translate(number_attribute(&element, "x", 0),
                                       number_attribute(&element, "y", 0)),
                      viewbox_transform(&element, width, height)));
    }
    int is_shape = name_is(element.name, "rect") || name_is(element.name, "circle") ||
                   name_is(element.name, "ellipse") || name_is(element.name, "polygon") ||
                   name_is(element.name, "polyline");
    if (is_shape && !next.skipped) draw_shape(&element, next.transform, next.fill);
    if (!is_svg && !name_is(element.name, "g")) next.skipped = 1; // shapes' content, unknown elements
    if (!element.self_closing) stack[depth++] = next;
  }
  if (!started) return 0;
  bmp_write_header_32(qip_output, canvas_width, canvas_height, 0);
  return BMP_HEADER_BYTES + canvas_width * canvas_height * 4;
}
