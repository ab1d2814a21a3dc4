/** Ingest (SPEC §1, §6): input text in any supported format → raw series in read order. */
export { readSource } from './source.js';
export { readInput, type ReadOptions } from './read-input.js';
export { detectFormat } from '../formats/detect.js';
export { readCsv, type CsvOptions } from '../formats/csv.js';
export { readJsonLines, type JsonLinesOptions } from '../formats/jsonl.js';
export { readPrometheus } from '../formats/stream-prometheus.js';
export { parseTimestamp, isZoneless, scaleEpochNumber, readTime, type TimeReading } from '../formats/time.js';
export { parseBytes, readBytes, type ByteReading } from '../formats/value.js';
export { SampleBuffer } from './sample-buffer.js';
export { readVictoriaMetrics, type VictoriaMetricsOptions } from '../formats/victoriametrics.js';
export { readProcLog, type ProcOptions } from '../formats/proc.js';
export { parseUnit, type BareUnit } from '../formats/value.js';
export { readOtlp, type OtlpOptions } from '../formats/otlp.js';
