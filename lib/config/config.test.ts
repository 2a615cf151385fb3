import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiImageTagFile, envInteger, envSwitch, loadConfig, resolveApiImageTag } from './config.js';

const work = mkdtempSync(join(tmpdir(), 'lms-config-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const tagFile = (content: string) => {
  const path = join(work, `tag-${Math.random()}`);
  writeFileSync(path, content);
  return path;
};

describe('API image tag', () => {
  it('comes from LMS_API_IMAGE_TAG first', () => {
    expect(resolveApiImageTag({ LMS_API_IMAGE_TAG: ' 3.1.4 ' }, tagFile('1.0.0\n'))).toBe('3.1.4');
  });

  it('falls back to the one-line committed file', () => {
    expect(resolveApiImageTag({}, tagFile('1.0.0\n'))).toBe('1.0.0');
    expect(apiImageTagFile.endsWith(join('deploy', 'api-image-tag'))).toBe(true);
  });

  it('refuses latest, blanks and tags with spaces', () => {
    expect(() => resolveApiImageTag({ LMS_API_IMAGE_TAG: 'latest' })).toThrow(
      /"latest" from LMS_API_IMAGE_TAG is not a pinned version/,
    );
    expect(() => resolveApiImageTag({}, tagFile('\n'))).toThrow(/No API image tag/);
    expect(() => resolveApiImageTag({}, join(work, 'missing'))).toThrow(/No API image tag/);
    expect(() => resolveApiImageTag({ LMS_API_IMAGE_TAG: '1.0 beta' })).toThrow(/not a pinned version/);
  });
});

describe('loadConfig', () => {
  const config = loadConfig({ LMS_API_IMAGE_TAG: '1.2.3' });

  it('defaults to the documented namespaces and leaves the defaults of the constructs unset', () => {
    expect(config.namespaces).toEqual({ app: 'lms', monitoring: 'monitoring', monitoringAgents: 'monitoring-agents' });
    expect(config.lms.api.image).toEqual({ repository: 'ghcr.io/lms-platform/lms-api', tag: '1.2.3' });
    expect([config.lms.api.minReplicas, config.lms.api.maxReplicas]).toEqual([undefined, undefined]);
    expect([config.lms.postgres.storageSize, config.lms.postgres.resources]).toEqual([undefined, undefined]);
    expect([config.monitoring.prometheusRetention, config.monitoring.lokiRetention]).toEqual([undefined, undefined]);
    expect(config.lms.postgres.storageClass).toBeUndefined();
    expect(config.lms.api.ingress.enabled).toBe(false);
    expect(config.lms.secrets.bringYourOwn).toBe(false);
    expect(config.lms.seedEnabled).toBe(true);
  });

  it('pins every image to a version', () => {
    const { postgres, secrets } = config.lms;
    for (const image of [postgres.image, postgres.exporterImage, secrets.generatorImage]) {
      expect(image.tag).toMatch(/^v?\d+\.\d+(\.\d+)?(-alpine)?$/);
    }
  });

  it('reads the documented overrides from the environment', () => {
    const custom = loadConfig({
      LMS_API_IMAGE_TAG: '1.2.3',
      LMS_API_IMAGE_REPOSITORY: 'registry.internal/lms-api',
      LMS_API_MIN_REPLICAS: '1',
      LMS_INGRESS_HOST: 'books.example.org',
      LMS_STORAGE_CLASS: 'local-path',
      LMS_BRING_YOUR_OWN_SECRETS: 'true',
      LMS_SEED_ENABLED: 'false',
    });
    expect(custom.lms.api.image.repository).toBe('registry.internal/lms-api');
    expect(custom.lms.api.minReplicas).toBe(1);
    expect(custom.lms.api.ingress).toEqual({ enabled: true, host: 'books.example.org' });
    expect(custom.lms.postgres.storageClass).toBe('local-path');
    expect(custom.lms.secrets.bringYourOwn).toBe(true);
    expect(custom.lms.seedEnabled).toBe(false);
  });
});

describe('environment parsing', () => {
  it('accepts only true or false for switches', () => {
    expect(envSwitch({}, 'X', true)).toBe(true);
    expect(envSwitch({ X: 'false' }, 'X', true)).toBe(false);
    expect(() => envSwitch({ X: 'yes' }, 'X', true)).toThrow('X is "yes"; set it to true or false.');
  });

  it('rejects a typo in the monitoring switches instead of reading it as false', () => {
    const tag = { LMS_API_IMAGE_TAG: '1.2.3' };
    expect(() => loadConfig({ ...tag, LMS_METRICS_SERVER: 'yes' })).toThrow(
      'LMS_METRICS_SERVER is "yes"; set it to true or false.',
    );
    expect(() => loadConfig({ ...tag, LMS_NODE_EXPORTER_ROOTFS: 'off' })).toThrow(
      'LMS_NODE_EXPORTER_ROOTFS is "off"; set it to true or false.',
    );
    const switched = loadConfig({ ...tag, LMS_METRICS_SERVER: 'true', LMS_NODE_EXPORTER_ROOTFS: 'false' }).monitoring;
    expect([switched.metricsServer, switched.nodeExporterRootFilesystem]).toEqual([true, false]);
  });

  it('accepts only whole numbers within bounds', () => {
    expect(envInteger({ N: '3' }, 'N', 2, 1, 5)).toBe(3);
    expect(() => envInteger({ N: '0' }, 'N', 2, 1, 5)).toThrow('N is "0"; it must be a whole number from 1 to 5.');
    expect(() => envInteger({ N: '1.5' }, 'N', 2, 1, 5)).toThrow(/whole number/);
  });
});
