/**
 * A typed subset of the Alertmanager configuration file and the routing tree this stack uses. Field names are
 * Alertmanager's own, so the objects serialize to `alertmanager.yml` unchanged. Only fields that Debian's
 * amtool (0.25) also accepts are used, so CI can check the rendered file.
 */

export interface HttpConfig {
  readonly authorization?: { readonly type?: string; readonly credentials_file: string };
}

export interface WebhookConfig {
  readonly url: string;
  readonly send_resolved: boolean;
  readonly max_alerts?: number;
  readonly http_config?: HttpConfig;
}

export interface EmailConfig {
  readonly to: string;
  readonly from: string;
  readonly smarthost: string;
  readonly auth_username?: string;
  readonly auth_password_file?: string;
  readonly require_tls: boolean;
  readonly send_resolved: boolean;
}

export interface SlackConfig {
  readonly api_url_file: string;
  readonly channel: string;
  readonly send_resolved: boolean;
  readonly title: string;
  readonly text: string;
}

export interface ReceiverConfig {
  readonly name: string;
  readonly webhook_configs?: readonly WebhookConfig[];
  readonly email_configs?: readonly EmailConfig[];
  readonly slack_configs?: readonly SlackConfig[];
}

export interface RouteConfig {
  readonly receiver: string;
  readonly matchers?: readonly string[];
  readonly group_by?: readonly string[];
  readonly group_wait?: string;
  readonly group_interval?: string;
  readonly repeat_interval?: string;
  readonly continue?: boolean;
  readonly routes?: readonly RouteConfig[];
}

export interface InhibitRuleConfig {
  readonly source_matchers: readonly string[];
  readonly target_matchers: readonly string[];
  readonly equal: readonly string[];
}

export interface AlertmanagerConfig {
  readonly global: { readonly resolve_timeout: string };
  readonly route: RouteConfig;
  readonly receivers: readonly ReceiverConfig[];
  readonly inhibit_rules: readonly InhibitRuleConfig[];
}

/** A key of a Kubernetes Secret, mounted read-only into the Alertmanager pods and read through a `*_file` field. */
export interface SecretKey {
  readonly secretName: string;
  readonly key: string;
}

/** An HTTP endpoint that receives Alertmanager's JSON payload (an incident tool, a chat bridge, a test server). */
export interface WebhookChannel {
  readonly url: string;
  /** A bearer token sent as `Authorization: Bearer …`. @default - none */
  readonly bearerToken?: SecretKey;
}

export interface EmailChannel {
  readonly to: string;
  readonly from: string;
  /** `host:port` of the SMTP server. */
  readonly smarthost: string;
  /** @default - no SMTP authentication */
  readonly username?: string;
  /** Required with `username`. */
  readonly password?: SecretKey;
}

export interface SlackChannel {
  /** The incoming-webhook URL, which is itself the credential. */
  readonly webhookUrl: SecretKey;
  /** e.g. `#lms-alerts` */
  readonly channel: string;
}

/** Where one kind of notification goes; at least one channel. */
export interface NotificationChannels {
  readonly webhook?: WebhookChannel;
  readonly email?: EmailChannel;
  readonly slack?: SlackChannel;
}

/** Timing of notifications, in Alertmanager duration syntax. */
export interface NotificationTiming {
  /** Wait for more alerts of a new group before the first notification. */
  readonly groupWait: string;
  /** Wait before notifying about alerts added to a group already notified. */
  readonly groupInterval: string;
  /** Resend a still-firing page this often. */
  readonly pageRepeatInterval: string;
  /** Resend a still-firing ticket this often. */
  readonly ticketRepeatInterval: string;
}

export interface RoutingOptions {
  /** Critical alerts: wake someone up. */
  readonly page: NotificationChannels;
  /** Warnings and info: someone looks during working hours. */
  readonly ticket: NotificationChannels;
  /** The watchdog's dead-man's switch; undefined sends the watchdog to the `null` receiver. */
  readonly watchdog?: NotificationChannels;
  readonly groupBy: readonly string[];
  /** Labels a critical and a warning must share for the critical to silence the warning. */
  readonly inhibitEqual: readonly string[];
  readonly timing: NotificationTiming;
  /** Where a secret key is mounted. */
  readonly secretPath: (secret: SecretKey) => string;
}

/** The receiver names of the routing tree. */
export const RECEIVERS = { page: 'page', ticket: 'ticket', watchdog: 'watchdog', null: 'null' } as const;
export const WATCHDOG_ALERT = 'Watchdog';

function receiver(name: string, channels: NotificationChannels, secretPath: RoutingOptions['secretPath']) {
  const { webhook, email, slack } = channels;
  if (!webhook && !email && !slack) {
    throw new Error(`Receiver '${name}' needs at least one channel: set 'webhook', 'email' or 'slack'.`);
  }
  if (webhook && !/^https?:\/\/[^\s]+$/.test(webhook.url)) {
    throw new Error(`The '${name}' webhook URL must start with http:// or https://, got '${webhook.url}'.`);
  }
  if (email && (email.username === undefined) !== (email.password === undefined)) {
    throw new Error(`The '${name}' e-mail channel needs both 'username' and 'password' (a Secret key), or neither.`);
  }
  if (email && !/^[^\s:]+:\d+$/.test(email.smarthost)) {
    throw new Error(`The '${name}' e-mail 'smarthost' must be 'host:port', got '${email.smarthost}'.`);
  }
  const config: ReceiverConfig = {
    name,
    ...(webhook
      ? {
          webhook_configs: [
            {
              url: webhook.url,
              send_resolved: true,
              ...(webhook.bearerToken
                ? { http_config: { authorization: { credentials_file: secretPath(webhook.bearerToken) } } }
                : {}),
            },
          ],
        }
      : {}),
    ...(email
      ? {
          email_configs: [
            {
              to: email.to,
              from: email.from,
              smarthost: email.smarthost,
              ...(email.username && email.password
                ? { auth_username: email.username, auth_password_file: secretPath(email.password) }
                : {}),
              require_tls: true,
              send_resolved: true,
            },
          ],
        }
      : {}),
    ...(slack
      ? {
          slack_configs: [
            {
              api_url_file: secretPath(slack.webhookUrl),
              channel: slack.channel,
              send_resolved: true,
              title: '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}',
              text: '{{ range .Alerts }}{{ .Annotations.summary }} {{ .Annotations.runbook_url }}\n{{ end }}',
            },
          ],
        }
      : {}),
  };
  return config;
}

/** Every Secret key the channels read, for mounting. */
export function secretKeys(options: Pick<RoutingOptions, 'page' | 'ticket' | 'watchdog'>): SecretKey[] {
  const keys = [options.page, options.ticket, options.watchdog].flatMap((c) =>
    c ? [c.webhook?.bearerToken, c.email?.password, c.slack?.webhookUrl] : [],
  );
  return keys.filter((k): k is SecretKey => k !== undefined);
}

/**
 * Routing by `severity`: `critical` pages, everything else opens a ticket; the watchdog goes to its own
 * receiver (or `null`). A critical alert silences the warning of the same name on the same labels.
 */
export function alertmanagerConfig(options: RoutingOptions): AlertmanagerConfig {
  const { timing } = options;
  const watchdogReceiver = options.watchdog ? RECEIVERS.watchdog : RECEIVERS.null;
  return {
    global: { resolve_timeout: '5m' },
    route: {
      receiver: RECEIVERS.ticket,
      group_by: options.groupBy,
      group_wait: timing.groupWait,
      group_interval: timing.groupInterval,
      repeat_interval: timing.ticketRepeatInterval,
      routes: [
        // A dead-man's switch expects the watchdog often; a null receiver does not care.
        { receiver: watchdogReceiver, matchers: [`alertname="${WATCHDOG_ALERT}"`], repeat_interval: '5m' },
        { receiver: RECEIVERS.page, matchers: ['severity="critical"'], repeat_interval: timing.pageRepeatInterval },
        { receiver: RECEIVERS.ticket, matchers: ['severity=~"warning|info"'] },
      ],
    },
    receivers: [
      receiver(RECEIVERS.page, options.page, options.secretPath),
      receiver(RECEIVERS.ticket, options.ticket, options.secretPath),
      options.watchdog ? receiver(RECEIVERS.watchdog, options.watchdog, options.secretPath) : { name: RECEIVERS.null },
    ],
    inhibit_rules: [
      {
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity="warning"'],
        equal: ['alertname', ...options.inhibitEqual.filter((l) => l !== 'alertname')],
      },
    ],
  };
}
