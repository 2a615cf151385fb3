import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../config/config.js';
import { gitSource, validateRepoUrl, validateRevision } from './git-source.js';

describe('validateRepoUrl', () => {
  it.each([
    'https://github.com/lms-platform/lms.git',
    'https://gitlab.example.com/group/sub/lms',
    'ssh://git@github.com/lms-platform/lms.git',
    'ssh://git@git.example.com:2222/lms.git',
    'git@github.com:lms-platform/lms.git',
  ])('accepts the clone URL %s', (url) => {
    expect(validateRepoUrl(url)).toBe(url);
  });

  it.each([
    ['http://github.com/lms-platform/lms.git', /only https and ssh/],
    ['file:///srv/git/lms.git', /only https and ssh/],
    ['https://user:token@github.com/lms-platform/lms.git', /must not carry credentials/],
    ['https://github.com/', /names no repository path/],
    ['github.com/lms-platform/lms', /is not a URL/],
    ['   ', /is empty/],
    ['https://github.com/lms-platform/lms.git?ref=main', /query or fragment/],
  ])('rejects %s with a sentence that says what to change', (url, message) => {
    expect(() => validateRepoUrl(url)).toThrow(message);
  });

  it('names the source of a bad value in the message', () => {
    expect(() => validateRepoUrl('ftp://x/y', 'LMS_GITOPS_REPO_URL')).toThrow(/^LMS_GITOPS_REPO_URL "ftp:\/\/x\/y"/);
  });
});

describe('validateRevision', () => {
  it.each(['main', 'release/1.x', 'v1.2.0', 'HEAD', '0f3c2a9d4b7e'])('accepts %s', (revision) => {
    expect(validateRevision(revision)).toBe(revision);
  });

  it.each(['', 'two words', '-rf', 'a..b', 'feature/', 'x.lock', 'a//b'])('rejects %j', (revision) => {
    expect(() => validateRevision(revision)).toThrow(/is not a branch, tag or commit name/);
  });
});

describe('the argocd section of the configuration', () => {
  it('defaults to the upstream repository on main', () => {
    const { argocd } = loadConfig({ LMS_API_IMAGE_TAG: '1.0.0' });
    expect(argocd).toEqual({
      repoUrl: 'https://github.com/lms-platform/lms.git',
      targetRevision: 'main',
      namespace: 'argocd',
    });
  });

  it('follows a fork named by LMS_GITOPS_REPO_URL and LMS_GITOPS_REVISION', () => {
    const { argocd } = loadConfig({
      LMS_API_IMAGE_TAG: '1.0.0',
      LMS_GITOPS_REPO_URL: 'git@github.com:someone/lms.git',
      LMS_GITOPS_REVISION: 'staging',
    });
    expect(gitSource(argocd.repoUrl, argocd.targetRevision)).toEqual({
      repoUrl: 'git@github.com:someone/lms.git',
      targetRevision: 'staging',
    });
  });

  it('refuses a plain http repository URL at load time', () => {
    expect(() => loadConfig({ LMS_API_IMAGE_TAG: '1.0.0', LMS_GITOPS_REPO_URL: 'http://example.com/lms.git' })).toThrow(
      /LMS_GITOPS_REPO_URL .* only https and ssh/,
    );
  });
});
