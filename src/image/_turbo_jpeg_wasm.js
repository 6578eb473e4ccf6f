// libjpeg-turbo's TurboJPEG decoder (npm @cwasm/jpeg-turbo) as a compiled module, imported at load
// time (no file read). Plain JavaScript because the type checker does not parse source-phase
// imports yet; the types are in _turbo_jpeg_wasm.d.ts.
import source turboJpegModule from "@cwasm/jpeg-turbo/jpeg-turbo.wasm";

export { turboJpegModule };
