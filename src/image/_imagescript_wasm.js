// imagescript's PNG decoder as a compiled module, imported by the host at load time and posted to
// the codec workers (src/image/_decoder_modules.ts). Plain JavaScript because the type checker
// does not parse source-phase imports yet; the types are in _imagescript_wasm.d.ts.
import source pngModule from "imagescript/wasm/any/png.wasm";

export { pngModule };
