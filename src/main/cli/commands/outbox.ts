import { describeActivation } from '../activation-text';
import type { CliCommand } from '../command';
import { withApp } from '../compose-for-cli';

export const outboxCommand: CliCommand = {
  path: ['outbox'],
  usage: 'marketcode outbox [--send [--now]] [--json]',
  summary: {
    'zh-CN': '列出待发送和失败的激活；--send 立即发送队列；--now 不等待重试时间（另一发送方正在发送的除外）',
    en: 'List queued and failed activations; --send sends the queue now; --now also skips retry waits (not rows another sender holds)',
  },
  options: { send: { type: 'boolean' }, now: { type: 'boolean' }, json: { type: 'boolean' } },
  run: (context, values) =>
    withApp(context, async (app) => {
      if (values.send || values.now) {
        // Until the queue is empty, waits for the network, or is held by another sender.
        // --now: a row waiting for its next attempt goes out at once (it fails again, it waits again: no loop).
        const stepOptions = { ignoreWait: values.now === true };
        while ((await app.outbox.step(stepOptions)) === 'progressed');
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
