import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('CMS_ENTRA_AUTHORITY', () => {
  it('defaults to the public cloud and takes a sovereign cloud, without its final slash', () => {
    expect(loadConfig({}).entraAuthority).toBe('https://login.microsoftonline.com');
    expect(loadConfig({ CMS_ENTRA_AUTHORITY: 'https://login.microsoftonline.us/' }).entraAuthority).toBe(
      'https://login.microsoftonline.us',
    );
    expect(loadConfig({ CMS_ENTRA_AUTHORITY: 'https://login.chinacloudapi.cn' }).entraAuthority).toBe(
      'https://login.chinacloudapi.cn',
    );
    expect(loadConfig({ CMS_ENTRA_AUTHORITY: 'http://127.0.0.1:8443' }).entraAuthority).toBe(
      'http://127.0.0.1:8443',
    );
  });

  it('refuses anything but an https origin (http only on this machine), naming the variable', () => {
    for (const bad of [
      'http://login.microsoftonline.com',
      'https://login.microsoftonline.com/common',
      'https://login.microsoftonline.com?x=1',
      'https://user:pass@login.microsoftonline.com',
      'https://Login.MicrosoftOnline.com',
      'login.microsoftonline.com',
      '',
    ]) {
      expect(() => loadConfig({ CMS_ENTRA_AUTHORITY: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ CMS_ENTRA_AUTHORITY: bad }), bad).toThrow(
        /CMS_ENTRA_AUTHORITY: must be an https origin/,
      );
    }
  });
});
