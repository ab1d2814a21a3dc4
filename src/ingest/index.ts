/** Ingest (SPEC §1, §6): input text in any supported format → raw series in read order. */
export { readSource } from './source.js';
export { readInput, type ReadOptions } from './read-input.js';
export { detectFormat } from './detect.js';
export { readCsv, type CsvOptions } from './csv.js';
export { readJsonLines, type JsonLinesOptions } from './jsonl.js';
export { readPrometheus } from './stream-prometheus.js';
export { parseTimestamp, isZoneless, scaleEpochNumber, readTime, type TimeReading } from './time.js';
export { parseBytes, readBytes, type ByteReading } from './value.js';
export { SampleBuffer } from './sample-buffer.js';
export { readVictoriaMetrics, type VictoriaMetricsOptions } from './victoriametrics.js';
export { readProcLog, type ProcOptions } from './proc.js';
export { parseUnit, type BareUnit } from './value.js';
export { readOtlp, type OtlpOptions } from './otlp.js';
