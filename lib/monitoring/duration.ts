/** A Prometheus duration: units from years to milliseconds, largest first, e.g. '15s', '1h30m', '15d'. */
const PROMETHEUS_DURATION = /^(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;

/** Throws a sentence naming the setting unless `value` is a non-zero Prometheus duration; returns it unchanged. */
export function prometheusDuration(setting: string, value: string, example: string): string {
  if (value === '' || !PROMETHEUS_DURATION.test(value) || !/[1-9]/.test(value)) {
    throw new Error(`${setting} must be a duration like '${example}', got '${value}'.`);
  }
  return value;
}
