import { describeActivation } from '../activation-text';
import type { CliCommand } from '../command';
import { withApp } from '../compose-for-cli';

export const outboxCommand: CliCommand = {
  path: ['outbox'],
  usage: 'marketcode outbox [--send] [--json]',
  summary: { 'zh-CN': '列出待发送和失败的激活；--send 立即发送队列', en: 'List queued and failed activations; --send sends the queue now' },
  options: { send: { type: 'boolean' }, json: { type: 'boolean' } },
  run: (context, values) =>
    withApp(context, async (app) => {
      if (values.send) {
        // Until the queue is empty or waits for the network.
        while ((await app.outbox.step()) === 'progressed');
      }
      const items = app.services.activations.outbox();
      if (values.json) {
        context.io.stdout(JSON.stringify(items) + '\n');
        return 0;
      }
      if (items.length === 0) {
        context.io.stdout(
          context.locale === 'zh-CN' ? '发件箱为空：没有待发送或失败的激活。\n' : 'The outbox is empty: nothing queued or failed.\n',
        );
        return 0;
      }
      context.io.stdout(items.map((item) => describeActivation(item, context.locale)).join('\n') + '\n');
      return 0;
    }),
};
