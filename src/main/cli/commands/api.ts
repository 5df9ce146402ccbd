import { cliErrors } from '../../../shared/error-catalogue/cli';
import type { MarketcodeClient } from '../../wechat';
import type { CliCommand } from '../command';
import { withApp } from '../compose-for-cli';

/** Endpoint name as WeChat spells it → the client method that calls it (with its local validation and retries). */
const ENDPOINT_METHODS = {
  applycode: (client, body) => client.applyCode(body as Parameters<MarketcodeClient['applyCode']>[0]),
  applycodequery: (client, body) => client.queryApplication(body as Parameters<MarketcodeClient['queryApplication']>[0]),
  applycodedownload: (client, body) => client.downloadSegment(body as Parameters<MarketcodeClient['downloadSegment']>[0]),
  codeactive: async (client, body) => {
    await client.activateCodes(body as Parameters<MarketcodeClient['activateCodes']>[0]);
    return {};
  },
  codeactivequery: (client, body) => client.queryActivation(body as Parameters<MarketcodeClient['queryActivation']>[0]),
  tickettocode: (client, body) => client.ticketToCode(body as Parameters<MarketcodeClient['ticketToCode']>[0]),
} satisfies Record<string, (client: MarketcodeClient, body: unknown) => Promise<unknown>>;

type EndpointName = keyof typeof ENDPOINT_METHODS;

export const apiCommand: CliCommand = {
  path: ['api'],
  usage: `marketcode api <${Object.keys(ENDPOINT_METHODS).join('|')}> --body '<json>'`,
  summary: {
    'zh-CN': '用当前连接调用一个一物一码接口并打印 JSON 结果',
    en: 'Call one marketcode endpoint with the current connection and print the JSON answer',
  },
  options: { body: { type: 'string' }, json: { type: 'boolean' } },
  async run(context, values, positionals) {
    const endpoint = positionals[0];
    if (!endpoint || !(endpoint in ENDPOINT_METHODS)) throw unknownEndpointError(endpoint);
    const body = parseBody(typeof values.body === 'string' ? values.body : '{}');
    return withApp(context, async (app) => {
      const { client } = await app.services.connection.active();
      const answer = await ENDPOINT_METHODS[endpoint as EndpointName](client, body);
      context.io.stdout(JSON.stringify({ errcode: 0, errmsg: 'ok', ...(answer as object) }) + '\n');
      return 0;
    });
  },
};

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw cliErrors.CLI_BAD_JSON({ reason: error instanceof Error ? error.message : String(error) });
  }
}

function unknownEndpointError(endpoint: string | undefined) {
  return cliErrors.CLI_UNKNOWN_ENDPOINT({ endpoint, endpoints: Object.keys(ENDPOINT_METHODS).join(', ') });
}
