/**
 * What a machine format writes when nothing could be scored (exit 2, or
 * `record`'s exit 4 with no sample): still a document, so a CI system that
 * reads `report.json` or `report.xml` shows the error instead of an empty or
 * unparseable file. The message goes to stderr as well (cli.ts).
 */
import type { CommandFailure } from '../gate.js';
import { xml } from './junit.js';
import type { OutputFormat } from './render.js';
import { SCHEMA_VERSION } from './json.js';

export interface ErrorReport {
  message: string;
  /** The input (file, `-`, the Prometheus URL redacted), or null when none was named. */
  source: string | null;
  exitCode: number;
  commandFailure?: CommandFailure;
}

/** The document for `format`, or null for the human formats (the message on stderr is their report). */
export function renderErrorDocument(format: OutputFormat, report: ErrorReport): string | null {
  if (format === 'json') {
    const document = {
      schemaVersion: SCHEMA_VERSION,
      // Nothing was scored, so there is no verdict: the error says why.
      verdict: null,
      exitCode: report.exitCode,
      source: report.source,
      error: { message: report.message },
      ...(report.commandFailure === undefined ? {} : { commandFailure: { ...report.commandFailure } }),
      series: [],
    };
    return `${JSON.stringify(document, null, 2)}\n`;
  }
  if (format === 'junit') {
    const source = report.source ?? 'input';
    const counts = 'tests="1" failures="0" errors="1" skipped="0"';
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<testsuites name="leak-score" ${counts}>`,
      `  <testsuite name="${xml(`leak-score ${source}`)}" ${counts}>`,
      '    <properties>',
      `      <property name="exitCode" value="${report.exitCode}"/>`,
      '    </properties>',
      `    <testcase classname="${xml(`leak-score.${source}`)}" name="${report.commandFailure === undefined ? 'input' : 'recorded command'}">`,
      `      <error message="${xml(report.message)}" type="${report.commandFailure === undefined ? 'LeakScoreError' : 'CommandFailed'}">${xml(report.message).replace(/&#10;/g, '\n')}</error>`,
      '    </testcase>',
      '  </testsuite>',
      '</testsuites>',
      '',
    ].join('\n');
  }
  return null;
}
