/**
 * A first pass over every row in 8-bit integers and WebAssembly SIMD. The
 * vectors are scanned once per question; at 50k x 384 float32 that is 77 MB
 * read from memory each time, which bounds the scan at several milliseconds
 * whatever the arithmetic. Rows quantised to int8 (each scaled by its largest
 * component) are a quarter of that, and SIMD multiplies 16 of them at once.
 * Each approximate score comes with a strict bound on its rounding error, so
 * the caller re-scores exactly every row that might be in the top k (see
 * `vector-index.ts`): results do not depend on the rounding.
 *
 * The module is assembled here, byte by byte: no build step, no native
 * dependency. Its one function, in WebAssembly text format:
 *
 *   (func (export "dots") (param $q i32) (param $v i32) (param $rows i32) (param $stride i32) (param $out i32)
 *     ;; out[row] (i32) = sum over i of q[i] * v[row][i], as signed bytes;
 *     ;; $stride bytes per row, a multiple of 64; components in [-127, 127], so a
 *     ;; pair of products fits 16 bits before widening
 *     ...)
 */

const I32 = 0x7f;
const V128 = 0x7b;

/** Unsigned LEB128. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128, for i32.const (small values only). */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const name = (text: string) => [...uleb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];

// The instructions the kernel uses.
const get = (local: number) => [0x20, ...uleb(local)];
const set = (local: number) => [0x21, ...uleb(local)];
const i32 = (value: number) => [0x41, ...sleb(value)];
const I32_ADD = [0x6a];
const I32_SHL = [0x74];
const I32_LT_U = [0x49];
const I32_GE_U = [0x4f];
const i32Store = (offset: number) => [0x36, 2, ...uleb(offset)];
const block = [0x02, 0x40];
const loop = [0x03, 0x40];
const end = [0x0b];
const brIf = (depth: number) => [0x0d, ...uleb(depth)];
const simd = (op: number, ...immediates: number[]) => [0xfd, ...uleb(op), ...immediates];
const v128Load = (offset: number) => simd(0x00, 4, ...uleb(offset));
const V128_ZERO = simd(0x0c, ...new Array<number>(16).fill(0));
const I16X8_EXTMUL_LOW_I8X16_S = simd(0x9c);
const I16X8_EXTMUL_HIGH_I8X16_S = simd(0x9d);
const I16X8_ADD = simd(0x8e);
const I32X4_EXTADD_PAIRWISE_I16X8_S = simd(0x7e);
const I32X4_ADD = simd(0xae);
const i32x4Lane = (lane: number) => simd(0x1b, lane);

// Parameters and locals by index.
const Q = 0, V = 1, ROWS = 2, STRIDE = 3, OUT = 4, I = 5, END = 6, QV = 7, VV = 8, A = [9, 10, 11, 12] as const;

/** acc += pairwise sums of (q * v) over 16 bytes at i + offset. */
const multiplyAdd = (acc: number, offset: number) => [
  ...get(Q), ...get(I), ...I32_ADD, ...v128Load(offset), ...set(QV),
  ...get(V), ...get(I), ...I32_ADD, ...v128Load(offset), ...set(VV),
  ...get(acc),
  ...get(QV), ...get(VV), ...I16X8_EXTMUL_LOW_I8X16_S,
  ...get(QV), ...get(VV), ...I16X8_EXTMUL_HIGH_I8X16_S,
  ...I16X8_ADD, ...I32X4_EXTADD_PAIRWISE_I16X8_S, ...I32X4_ADD, ...set(acc),
];

const body = [
  ...vec([
    [2, I32],
    [6, V128],
  ]),
  // end = out + rows * 4
  ...get(OUT), ...get(ROWS), ...i32(2), ...I32_SHL, ...I32_ADD, ...set(END),
  ...block,
  ...get(OUT), ...get(END), ...I32_GE_U, ...brIf(0),
  ...loop, // each row
  ...A.flatMap((a) => [...V128_ZERO, ...set(a)]),
  ...i32(0), ...set(I),
  ...loop, // 64 bytes per step
  ...multiplyAdd(A[0], 0), ...multiplyAdd(A[1], 16), ...multiplyAdd(A[2], 32), ...multiplyAdd(A[3], 48),
  ...get(I), ...i32(64), ...I32_ADD, ...set(I),
  ...get(I), ...get(STRIDE), ...I32_LT_U, ...brIf(0),
  ...end,
  // out[row] = sum of the accumulators' lanes
  ...get(A[0]), ...get(A[1]), ...I32X4_ADD, ...get(A[2]), ...get(A[3]), ...I32X4_ADD, ...I32X4_ADD, ...set(A[0]),
  ...get(OUT),
  ...get(A[0]), ...i32x4Lane(0), ...get(A[0]), ...i32x4Lane(1), ...I32_ADD,
  ...get(A[0]), ...i32x4Lane(2), ...get(A[0]), ...i32x4Lane(3), ...I32_ADD, ...I32_ADD,
  ...i32Store(0),
  ...get(V), ...get(STRIDE), ...I32_ADD, ...set(V),
  ...get(OUT), ...i32(4), ...I32_ADD, ...set(OUT),
  ...get(OUT), ...get(END), ...I32_LT_U, ...brIf(0),
  ...end,
  ...end,
  ...end, // function
];

const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32], [I32], [I32]]), 0]])), // type 0: (i32 x5) -> ()
  ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])), // import memory, min 1 page
  ...section(3, vec([[0]])), // function 0 has type 0
  ...section(7, vec([[...name('dots'), 0x00, 0x00]])), // export function 0
  ...section(10, vec([[...uleb(body.length), ...body]])),
]);

const PAGE = 65_536;
const ROW_ALIGN = 64;
const LEVELS = 127;

/** The part of the WebAssembly API used here (the project's `lib` setting has no WebAssembly typings). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object | null | undefined;

/** The compiled kernel, or null where WebAssembly SIMD is unavailable. */
function kernelModule(): object | null {
  if (compiled === undefined) {
    try {
      compiled = wasm?.validate(MODULE) ? new wasm.Module(MODULE) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/**
 * Quantises `count` rows of `dimensions` floats into rows of `stride` signed
 * bytes, each row scaled so its largest component is ±127, and records each
 * row's step (the value of one unit, so rounding is off by at most half of
 * it) and its sum of absolute components. Written for speed: 19M floats at
 * 50k x 384 take ~90 ms, three times less than the obvious loop.
 */
function quantiseRows(
  source: Float32Array,
  dimensions: number,
  target: Int8Array,
  stride: number,
  steps: Float32Array,
  l1: Float32Array,
): void {
  for (let row = 0; row < steps.length; row++) {
    const from = row * dimensions;
    const end = from + dimensions;
    let max = 0;
    let sum = 0;
    for (let i = from; i < end; i++) {
      const magnitude = Math.abs(source[i]!);
      sum += magnitude;
      max = Math.max(max, magnitude);
    }
    l1[row] = sum;
    steps[row] = max / LEVELS;
    const out = row * stride - from;
    if (max === 0) {
      target.fill(0, row * stride, row * stride + dimensions);
      continue;
    }
    const scale = LEVELS / max;
    // Rounds half up like Math.round, but truncation of a positive number is much cheaper.
    for (let i = from; i < end; i++) target[out + i] = ((source[i]! * scale + LEVELS + 1.5) | 0) - LEVELS - 1;
  }
}

/** Approximate scores and, per row, a bound on how far each is from the exact dot product. */
export interface ApproximateScores {
  scores: Float32Array;
  errors: Float32Array;
}

/**
 * Every row of a vector set as int8 in WebAssembly memory, with room for one
 * question and the scores. Memory is sized once and never grows.
 */
export class QuantizedRows {
  private readonly result: ApproximateScores;
  private readonly queryStep = new Float32Array(1);
  private readonly queryL1 = new Float32Array(1);

  private constructor(
    private readonly rows: Int8Array,
    /** Per row, the factor from int8 units back to the row's scale (half of it bounds a component's rounding). */
    private readonly rowScales: Float32Array,
    /** Per row, the sum of absolute components (for the error bound). */
    private readonly rowL1: Float32Array,
    private readonly query: Int8Array,
    private readonly dots: Int32Array,
    private readonly kernel: (q: number, v: number, rows: number, stride: number, out: number) => void,
    private readonly dimensions: number,
    private readonly stride: number,
  ) {
    this.result = { scores: new Float32Array(dots.length), errors: new Float32Array(dots.length) };
  }

  /** Quantises `vectors` (`dimensions` floats per row); null where WebAssembly SIMD is unavailable or the rows would not fit 32-bit memory. */
  static create(vectors: Float32Array, dimensions: number): QuantizedRows | null {
    const module = kernelModule();
    if (!wasm || !module || dimensions === 0 || vectors.length % dimensions !== 0) return null;
    const count = vectors.length / dimensions;
    const stride = Math.ceil(dimensions / ROW_ALIGN) * ROW_ALIGN;
    const bytes = stride + count * stride + count * 4;
    if (bytes > 4 * 1024 ** 3 - PAGE) return null;
    const memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE)) });
    const instance = new wasm.Instance(module, { env: { memory } });
    const query = new Int8Array(memory.buffer, 0, stride);
    const rows = new Int8Array(memory.buffer, stride, count * stride);
    const dots = new Int32Array(memory.buffer, stride + count * stride, count);
    const rowScales = new Float32Array(count);
    const rowL1 = new Float32Array(count);
    quantiseRows(vectors, dimensions, rows, stride, rowScales, rowL1);
    const kernel = instance.exports.dots as QuantizedRows['kernel'];
    return new QuantizedRows(rows, rowScales, rowL1, query, dots, kernel, dimensions, stride);
  }

  /**
   * Approximate dot products of `query` with every row, each with a strict
   * bound on its error; the arrays are reused by the next call.
   *
   * With q = sq q8 + eq and v = sv v8 + ev, where every |eq_i| <= sq/2 and
   * |ev_i| <= sv/2: q.v - sq sv (q8.v8) = q.ev + eq.v - eq.ev, whose size is
   * at most |q|1 sv/2 + |v|1 sq/2 + d sq sv/4. A millionth more covers the
   * float32 rounding of the approximate score itself.
   */
  scan(query: Float32Array): ApproximateScores {
    const { queryStep, queryL1 } = this;
    quantiseRows(query, this.dimensions, this.query, this.stride, queryStep, queryL1);
    const queryScale = queryStep[0]!;
    this.kernel(this.query.byteOffset, this.rows.byteOffset, this.dots.length, this.stride, this.dots.byteOffset);
    const { dots, rowScales, rowL1, dimensions } = this;
    const { scores, errors } = this.result;
    for (let row = 0; row < scores.length; row++) {
      const rowScale = rowScales[row]!;
      scores[row] = dots[row]! * rowScale * queryScale;
      errors[row] = (queryL1[0]! * rowScale + rowL1[row]! * queryScale + (dimensions * queryScale * rowScale) / 2) / 2 + 1e-6;
    }
    return this.result;
  }
}
