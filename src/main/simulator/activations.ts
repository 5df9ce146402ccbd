import { randomBytes } from 'node:crypto';
import type { ApplicationService } from './applications';
import type { CodeGenerator } from './code-generator';
import { ERRCODE, SimulatorAdminError, WechatError, invalidArgs } from './errcodes';
import type { AccountRow, ActivationRow, ApplicationRow, SimulatorStore } from './store';
import type { ActivationDetails, ActivationRecord, MintedTicket } from './types';
import { isPresent, optionalInteger, requireInteger, requireString, type JsonObject } from './validation';

/**
 * `codeactive`, `codeactivequery` and `tickettocode`, plus the admin operations
 * that act on activations and tickets. Activations of one application never
 * overlap: resending an identical activation succeeds, anything else touching an
 * activated index is a conflict.
 */

const DETAIL_FIELDS = ['activity_name', 'product_brand', 'product_title', 'product_code', 'wxa_appid', 'wxa_path'] as const;
const OPENID_PATTERN = /^[A-Za-z0-9_-]{28}$/;

function isWxaType(value: number): value is 0 | 1 | 2 {
  return value === 0 || value === 1 || value === 2;
}

function readDetails(body: JsonObject): ActivationDetails {
  const wxaType = optionalInteger(body, 'wxa_type') ?? 0;
  if (!isWxaType(wxaType)) throw invalidArgs('wxa_type must be 0 (release), 1 (development) or 2 (trial)');
  return {
    activity_name: requireString(body, 'activity_name'),
    product_brand: requireString(body, 'product_brand'),
    product_title: requireString(body, 'product_title'),
    product_code: requireString(body, 'product_code'),
    wxa_appid: requireString(body, 'wxa_appid'),
    wxa_path: requireString(body, 'wxa_path'),
    wxa_type: wxaType,
  };
}

function sameDetails(a: ActivationDetails, b: ActivationDetails): boolean {
  return DETAIL_FIELDS.every((field) => a[field] === b[field]) && a.wxa_type === b.wxa_type;
}

function toRecord(row: ActivationRow): ActivationRecord {
  return {
    application_id: row.application_id,
    code_start: row.code_start,
    code_end: row.code_end,
    activity_name: row.activity_name,
    product_brand: row.product_brand,
    product_title: row.product_title,
    product_code: row.product_code,
    wxa_appid: row.wxa_appid,
    wxa_path: row.wxa_path,
    wxa_type: row.wxa_type,
  };
}

interface LocatedCode {
  application: ApplicationRow;
  codeIndex: number;
}

export class ActivationService {
  constructor(
    private readonly store: SimulatorStore,
    private readonly generator: CodeGenerator,
    private readonly applications: ApplicationService,
    private readonly now: () => number,
  ) {}

  activate(account: AccountRow, body: JsonObject): void {
    const applicationId = requireInteger(body, 'application_id');
    const details = readDetails(body);
    const codeStart = requireInteger(body, 'code_start');
    const codeEnd = requireInteger(body, 'code_end');
    if (codeStart < 0 || codeEnd < codeStart) throw invalidArgs('code_start and code_end must satisfy 0 <= code_start <= code_end');
    const application = this.applications.requireFinished(account, applicationId);
    if (codeEnd >= application.code_count) {
      throw invalidArgs(`code_end must be below code_count ${application.code_count}`);
    }
    const overlapping = this.store.overlappingActivations(applicationId, codeStart, codeEnd);
    const [first] = overlapping;
    if (!first) {
      this.store.insertActivation({ application_id: applicationId, code_start: codeStart, code_end: codeEnd, ...details }, this.now());
      return;
    }
    const identical =
      overlapping.length === 1 && first.code_start === codeStart && first.code_end === codeEnd && sameDetails(first, details);
    if (identical) return;
    throw new WechatError(
      ERRCODE.SIM_ACTIVATION_CONFLICT,
      `code range ${codeStart}-${codeEnd} overlaps activated range ${first.code_start}-${first.code_end}` +
        (first.code_start === codeStart && first.code_end === codeEnd ? ' with different details' : ''),
    );
  }

  query(account: AccountRow, body: JsonObject): JsonObject {
    return this.describe(this.locate(account, body));
  }

  ticketToCode(account: AccountRow, body: JsonObject): JsonObject {
    const openid = requireString(body, 'openid');
    if (!OPENID_PATTERN.test(openid)) throw new WechatError(ERRCODE.INVALID_OPENID, 'invalid openid');
    const codeTicket = requireString(body, 'code_ticket');
    const ticket = this.store.findTicket(codeTicket);
    const application = ticket ? this.store.findApplicationById(ticket.application_id) : undefined;
    if (!ticket || !application || application.appid !== account.appid) {
      // What public implementations report for a bad ticket (DESIGN §2).
      throw new WechatError(ERRCODE.INVALID_ARGS, 'invalid args: code_ticket');
    }
    if (ticket.openid !== openid) {
      throw new WechatError(ERRCODE.INVALID_OPENID, 'invalid openid: code_ticket was issued to another user');
    }
    return this.describe({ application, codeIndex: ticket.code_index });
  }

  mintTicket(input: { application_id: number; code_index: number; openid?: string }): MintedTicket {
    const application = this.store.findApplicationById(input.application_id);
    if (!application) throw new SimulatorAdminError(404, `application ${input.application_id} not found`);
    this.checkIndex(application, input.code_index, (message) => new SimulatorAdminError(400, message));
    const openid = input.openid ?? `o${randomBytes(20).toString('base64url')}`;
    if (!OPENID_PATTERN.test(openid)) throw new SimulatorAdminError(400, 'openid must be 28 characters of [A-Za-z0-9_-]');
    const codeTicket = randomBytes(16).toString('hex');
    this.store.insertTicket({
      code_ticket: codeTicket,
      application_id: application.application_id,
      code_index: input.code_index,
      openid,
      created_at: this.now(),
    });
    return {
      code_ticket: codeTicket,
      openid,
      ...this.codeOf(input),
      application_id: application.application_id,
      code_index: input.code_index,
    };
  }

  /** The code and code_url at an index, without downloading a package (for tests and demos). */
  codeOf(input: { application_id: number; code_index: number }): { code: string; code_url: string } {
    const application = this.store.findApplicationById(input.application_id);
    if (!application) throw new SimulatorAdminError(404, `application ${input.application_id} not found`);
    this.checkIndex(application, input.code_index, (message) => new SimulatorAdminError(400, message));
    const serial = application.serial_start + input.code_index;
    return { code: this.generator.codeAt(serial), code_url: this.generator.codeUrlAt(serial) };
  }

  alterActivation(input: { application_id: number; code_index: number; changes: Partial<ActivationDetails> }): ActivationRecord {
    const row = this.store.activationCovering(input.application_id, input.code_index);
    if (!row) {
      throw new SimulatorAdminError(404, `no activation covers index ${input.code_index} of application ${input.application_id}`);
    }
    const details: ActivationDetails = { ...toRecord(row), ...input.changes };
    if (!isWxaType(details.wxa_type)) throw new SimulatorAdminError(400, 'wxa_type must be 0, 1 or 2');
    this.store.updateActivationDetails(row.id, details, this.now());
    return { ...toRecord(row), ...details };
  }

  /** Resolves `application_id`+`code_index`, `code` or `code_url` to one of the account's codes. */
  private locate(account: AccountRow, body: JsonObject): LocatedCode {
    if (isPresent(body, 'application_id')) {
      const application = this.applications.requireOwned(account, requireInteger(body, 'application_id'));
      if (!isPresent(body, 'code_index')) throw invalidArgs('code_index is required with application_id');
      const codeIndex = requireInteger(body, 'code_index');
      this.checkIndex(application, codeIndex, invalidArgs);
      return { application, codeIndex };
    }
    let serial: number | undefined;
    if (isPresent(body, 'code')) serial = this.generator.serialOfCode(requireString(body, 'code'));
    else if (isPresent(body, 'code_url')) serial = this.generator.serialOfCodeUrl(requireString(body, 'code_url'));
    else throw invalidArgs('application_id with code_index, code or code_url is required');
    const application = serial === undefined ? undefined : this.store.findApplicationBySerial(serial);
    if (serial === undefined || !application || application.appid !== account.appid) {
      throw new WechatError(ERRCODE.SIM_CODE_NOT_FOUND, 'code not exist');
    }
    return { application, codeIndex: serial - application.serial_start };
  }

  private checkIndex(application: ApplicationRow, codeIndex: number, fail: (message: string) => Error): void {
    if (!Number.isSafeInteger(codeIndex) || codeIndex < 0 || codeIndex >= application.code_count) {
      throw fail(`code_index must be from 0 to ${application.code_count - 1}`);
    }
  }

  private describe({ application, codeIndex }: LocatedCode): JsonObject {
    const activation = this.store.activationCovering(application.application_id, codeIndex);
    if (!activation) throw new WechatError(ERRCODE.SIM_CODE_NOT_ACTIVATED, 'code not activated');
    return {
      errcode: ERRCODE.OK,
      errmsg: 'ok',
      code: this.generator.codeAt(application.serial_start + codeIndex),
      ...toRecord(activation),
      isv_application_id: application.isv_application_id,
    };
  }
}
