import type { CliCommand } from '../command';
import { withApp } from '../compose-for-cli';
import { infoJson, modeWord } from '../info-text';
import { describeSecretStore } from '../secret-store-text';

export const infoCommand: CliCommand = {
  path: ['info'],
  usage: 'marketcode info [--json]',
  summary: { 'zh-CN': '显示版本、模式和数据目录', en: 'Show version, mode and data directory' },
  options: { json: { type: 'boolean' } },
  run: (context, values) =>
    withApp(context, async (app) => {
      const info = app.services.appInfo.get();
      if (values.json) {
        context.io.stdout(JSON.stringify(infoJson(info), null, 2) + '\n');
        return 0;
      }
      const zh = context.locale === 'zh-CN';
      const hid = info.hid.available ? (zh ? '可用' : 'available') : `${zh ? '不可用' : 'off'} (${info.hid.reason})`;
      context.io.stdout(
        [
          `${info.productName} ${info.version}`,
          `${zh ? '模式' : 'Mode'}: ${modeWord(info.mode, context.locale)}`,
          `${zh ? '数据目录' : 'Data directory'}: ${info.dataDir}`,
          `HID: ${hid}`,
          describeSecretStore(app.services.connection.info(), context.locale),
        ].join('\n') + '\n',
      );
      return 0;
    }),
};
