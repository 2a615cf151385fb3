import { describe, expect, it } from '@jest/globals';
import { Testing } from 'cdk8s';
import { findObject } from '../../test/manifests.js';
import type { Manifest } from '../../test/manifests.js';
import { PostgresOffsiteCopy } from './postgres-offsite-copy.js';
import type { PostgresOffsiteCopyProps } from './postgres-offsite-copy.js';

const baseProps: PostgresOffsiteCopyProps = {
  objectStore: {
    endpoint: 'https://minio.example.org',
    bucket: 'lms-backups',
    credentialsSecretName: 'lms-backup-s3',
    region: 'us-east-1',
  },
  backupClaimName: 'postgres-backup',
  databaseSelector: { 'app.kubernetes.io/name': 'postgres' },
};

function synth(props: Partial<PostgresOffsiteCopyProps> = {}): Manifest[] {
  const chart = Testing.chart();
  new PostgresOffsiteCopy(chart, 'offsite', { ...baseProps, ...props });
  return Testing.synth(chart) as Manifest[];
}

const objects = synth();
const cronJob = findObject(objects, 'CronJob', 'postgres-backup-offsite');
const container = cronJob.spec.jobTemplate.spec.template.spec.containers[0];

describe('PostgresOffsiteCopy', () => {
  it('mirrors the backup volume to the bucket every 2 minutes with a pinned rclone', () => {
    expect(cronJob.spec).toMatchObject({ schedule: '*/2 * * * *', concurrencyPolicy: 'Forbid' });
    expect(container.image).toBe('rclone/rclone:1.75.1');
    expect(container.command[2]).toContain('exec rclone sync /backup offsite:lms-backups/postgres');
    expect(container.volumeMounts).toContainEqual({ name: 'backup', mountPath: '/backup', readOnly: true });
  });

  it('refuses to mirror a volume without a complete base backup, so an emptied volume never wipes the copy', () => {
    expect(container.command[2]).toMatch(/^if ! ls \/backup\/base\/\*\/backup_info .* exit 1; fi; exec rclone sync/);
  });

  it('reads the keys from the Secret and writes none into the manifest', () => {
    expect(container.env).toEqual(
      expect.arrayContaining([
        { name: 'RCLONE_CONFIG_OFFSITE_ENDPOINT', value: 'https://minio.example.org' },
        {
          name: 'RCLONE_CONFIG_OFFSITE_ACCESS_KEY_ID',
          valueFrom: { secretKeyRef: { name: 'lms-backup-s3', key: 'ACCESS_KEY_ID' } },
        },
        {
          name: 'RCLONE_CONFIG_OFFSITE_SECRET_ACCESS_KEY',
          valueFrom: { secretKeyRef: { name: 'lms-backup-s3', key: 'ACCESS_SECRET_KEY' } },
        },
      ]),
    );
  });

  it("lets the mirror out on the endpoint's port and to DNS only", () => {
    const egress = (o: Manifest[]) => findObject(o, 'NetworkPolicy', 'postgres-backup-offsite').spec.egress;
    expect(egress(objects)[0].ports).toEqual([{ protocol: 'TCP', port: 443 }]);
    const minio = synth({ objectStore: { ...baseProps.objectStore, endpoint: 'http://minio.storage:9000' } });
    expect(egress(minio)[0].ports).toEqual([{ protocol: 'TCP', port: 9000 }]);
    expect(egress(objects)).toHaveLength(2);
  });

  it('refuses an interval that would let the off-site copy fall far behind', () => {
    expect(() => synth({ intervalMinutes: 30 })).toThrow(/mirror every 1 to 5 minutes/);
  });
});
