/**
 * Record and replay a team's workload: the recorder (a Prisma Client extension) and the workload
 * file format. Replay itself is in replay.ts (it loads Prisma, Drizzle and PostgreSQL tooling).
 */
export { recordWorkload, type RecordWorkloadOptions } from "./recorder.ts";
export { DEFAULT_SENSITIVE_FIELDS, type RedactOption } from "./redact.ts";
export {
  appendResetMarker,
  readWorkload,
  WORKLOAD_FORMAT_VERSION,
  type WorkloadCall,
  type WorkloadLine,
  type WorkloadMarker,
} from "./workload-file.ts";
export { decodeValue, encodeValue, type Encoded } from "./values.ts";
