// coatcheck/logging: the pino event sink (Node only; the core stays free of node:* imports).
export {
  createLogger,
  type LogContext,
  type PinoSinkOptions,
  pinoEventSink,
  REDACTED_FIELDS,
} from './pino-sink.js';
