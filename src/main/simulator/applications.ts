import type { CodeGenerator } from './code-generator';
import { encryptPackage } from './encrypt-package';
import { ERRCODE, WechatError, invalidArgs } from './errcodes';
import { createIntegerPermutation, deriveKeys, type IntegerPermutation } from './feistel';
import { buildPackageText } from './package-builder';
import type { RuntimeSettings } from './runtime-settings';
import type { AccountRow, ApplicationRow, SimulatorStore } from './store';
import { optionalInteger, optionalString, requireInteger, requireString, type JsonObject } from './validation';

/**
 * `applycode`, `applycodequery` and `applycodedownload`: applications, their
 * progress to FINISH, their segments and the encrypted packages.
 */

export const MIN_CODE_COUNT = 10_000;
export const MAX_CODE_COUNT = 20_000_000;
const ISV_APPLICATION_ID_MAX_LENGTH = 128;
/** application_id values look like the documented 581865877: 9 digits, not sequential. */
const APPLICATION_ID_BASE = 100_000_000;

export type ApplicationStatus = 'INIT' | 'GENERATING' | 'FINISH';

export interface CodeSegment {
  code_start: number;
  code_end: number;
}

export interface ApplicationProgress {
  status: ApplicationStatus;
  /** ms of the last status change */
  updatedAt: number;
}

/**
 * Status is derived from the clock: INIT for the first third of the delay,
 * GENERATING until `finish_at`, then FINISH. A zero delay is FINISH at once.
 */
export function progressOf(application: ApplicationRow, now: number): ApplicationProgress {
  if (now >= application.finish_at) return { status: 'FINISH', updatedAt: application.finish_at };
  const generatingFrom = application.created_at + Math.floor((application.finish_at - application.created_at) / 3);
  if (now < generatingFrom) return { status: 'INIT', updatedAt: application.created_at };
  return { status: 'GENERATING', updatedAt: generatingFrom };
}

/** Inclusive segments of `segment_size` codes; the last one may be shorter. */
export function segmentsOf(application: ApplicationRow): CodeSegment[] {
  const segments: CodeSegment[] = [];
  for (let start = 0; start < application.code_count; start += application.segment_size) {
    segments.push({ code_start: start, code_end: Math.min(start + application.segment_size, application.code_count) - 1 });
  }
  return segments;
}

function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}

export class ApplicationService {
  private readonly applicationIds: IntegerPermutation;

  constructor(
    private readonly store: SimulatorStore,
    private readonly generator: CodeGenerator,
    private readonly settings: RuntimeSettings,
    private readonly now: () => number,
  ) {
    this.applicationIds = createIntegerPermutation(30_000, 30_000, deriveKeys(store.seed, 'application_id', 4));
  }

  applyCode(account: AccountRow, body: JsonObject): { application_id: number } {
    const codeCount = requireInteger(body, 'code_count');
    if (codeCount < MIN_CODE_COUNT || codeCount > MAX_CODE_COUNT || codeCount % MIN_CODE_COUNT !== 0) {
      throw invalidArgs(`code_count must be a multiple of ${MIN_CODE_COUNT} from ${MIN_CODE_COUNT} to ${MAX_CODE_COUNT}`);
    }
    const isvApplicationId = requireString(body, 'isv_application_id', ISV_APPLICATION_ID_MAX_LENGTH);
    const now = this.now();
    const result = this.store.createApplication(
      {
        appid: account.appid,
        isv_application_id: isvApplicationId,
        code_count: codeCount,
        segment_size: this.settings.segmentSize,
        created_at: now,
        finish_at: now + this.settings.finishDelayMs,
      },
      (sequence) => APPLICATION_ID_BASE + this.applicationIds.forward(sequence),
    );
    switch (result.kind) {
      case 'exhausted':
        throw new WechatError(
          ERRCODE.SIM_CODE_SPACE_EXHAUSTED,
          `simulator code space exhausted: ${result.remaining} codes left in this simulator database`,
        );
      case 'existing':
        if (result.application.code_count !== codeCount) {
          throw new WechatError(
            ERRCODE.SIM_ISV_APPLICATION_ID_CONFLICT,
            `isv_application_id ${isvApplicationId} already applied with code_count ${result.application.code_count}`,
          );
        }
        return { application_id: result.application.application_id };
      case 'created':
        return { application_id: result.application.application_id };
    }
  }

  query(account: AccountRow, body: JsonObject): JsonObject {
    const applicationId = optionalInteger(body, 'application_id');
    const isvApplicationId = optionalString(body, 'isv_application_id', ISV_APPLICATION_ID_MAX_LENGTH);
    if (applicationId === undefined && isvApplicationId === undefined) {
      throw invalidArgs('application_id or isv_application_id is required');
    }
    const application =
      applicationId !== undefined
        ? this.findOwned(account, applicationId)
        : this.store.findApplicationByIsv(account.appid, isvApplicationId as string);
    if (!application || (isvApplicationId !== undefined && application.isv_application_id !== isvApplicationId)) {
      throw new WechatError(ERRCODE.SIM_APPLICATION_NOT_FOUND, 'application not exist');
    }
    const progress = progressOf(application, this.now());
    return {
      errcode: ERRCODE.OK,
      errmsg: 'ok',
      application_id: application.application_id,
      isv_application_id: application.isv_application_id,
      code_count: application.code_count,
      status: progress.status,
      // Only a FINISH application lists its segments; clients must treat a missing list as "not ready".
      ...(progress.status === 'FINISH' ? { code_generate_list: segmentsOf(application) } : {}),
      create_time: seconds(application.created_at),
      update_time: seconds(progress.updatedAt),
    };
  }

  download(account: AccountRow, body: JsonObject): { buffer: string } {
    const application = this.requireFinished(account, requireInteger(body, 'application_id'));
    const codeStart = requireInteger(body, 'code_start');
    const codeEnd = requireInteger(body, 'code_end');
    const isSegment = segmentsOf(application).some((s) => s.code_start === codeStart && s.code_end === codeEnd);
    if (!isSegment) {
      throw invalidArgs('code_start and code_end must be exactly one segment of code_generate_list');
    }
    const text = buildPackageText(
      this.generator,
      { serialStart: application.serial_start, codeStart, codeEnd },
      this.settings.packageLayout,
    );
    return { buffer: encryptPackage(text, account.service_key) };
  }

  /** The account's application, or 9402001: other accounts' applications do not exist for it. */
  requireOwned(account: AccountRow, applicationId: number): ApplicationRow {
    const application = this.findOwned(account, applicationId);
    if (!application) throw new WechatError(ERRCODE.SIM_APPLICATION_NOT_FOUND, 'application not exist');
    return application;
  }

  requireFinished(account: AccountRow, applicationId: number): ApplicationRow {
    const application = this.requireOwned(account, applicationId);
    const { status } = progressOf(application, this.now());
    if (status !== 'FINISH') {
      throw new WechatError(ERRCODE.SIM_APPLICATION_NOT_FINISHED, `application status is ${status}, not FINISH`);
    }
    return application;
  }

  private findOwned(account: AccountRow, applicationId: number): ApplicationRow | undefined {
    const application = this.store.findApplicationById(applicationId);
    return application && application.appid === account.appid ? application : undefined;
  }
}
