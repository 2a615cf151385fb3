import { describe, expect, it } from '@jest/globals';
import { call, concat, ref, renderAlloy } from './alloy-syntax.js';

describe('Alloy syntax', () => {
  it('renders labelled blocks with attributes, nested blocks, lists and objects', () => {
    const text = renderAlloy([
      {
        name: 'loki.process',
        label: 'pods',
        attributes: { forward_to: [ref('loki.write.default.receiver')] },
        blocks: [{ name: 'stage.cri' }, { name: 'stage.json', attributes: { expressions: { level: 'level' } } }],
      },
      { name: 'loki.write', label: 'default', blocks: [{ name: 'endpoint', attributes: { url: 'http://loki:3100' } }] },
    ]);
    expect(text).toBe(
      [
        'loki.process "pods" {',
        '  forward_to = [loki.write.default.receiver]',
        '  stage.cri {}',
        '  stage.json {',
        '    expressions = {',
        '      level = "level",',
        '    }',
        '  }',
        '}',
        '',
        'loki.write "default" {',
        '  endpoint {',
        '    url = "http://loki:3100"',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('escapes strings and quotes object keys that are not identifiers', () => {
    const text = renderAlloy([
      { name: 'x', attributes: { regex: 'a"b\\d', map: { 'app.kubernetes.io/name': 1, ok: true } } },
    ]);
    expect(text).toContain('regex = "a\\"b\\\\d"');
    expect(text).toContain('"app.kubernetes.io/name" = 1,');
    expect(text).toContain('ok = true,');
  });

  it('writes expressions unquoted', () => {
    expect(concat('spec.nodeName=', call('sys.env', 'HOSTNAME')).source).toBe('"spec.nodeName=" + sys.env("HOSTNAME")');
  });

  it('rejects names that Alloy could not parse', () => {
    expect(() => ref('loki.write.bad-name')).toThrow(/not a valid Alloy reference/);
    expect(() => renderAlloy([{ name: 'a b' }])).toThrow(/must be dotted identifiers/);
    expect(() => renderAlloy([{ name: 'x', attributes: { 'bad-key': 1 } }])).toThrow(/must be an identifier/);
  });
});
