/**
 * The shift report's words in both languages. Main builds the report, so it
 * keeps its own labels (the renderer's catalogues are not reachable from here).
 */
import type { AppMode } from '../../shared/contract';
import type { Locale } from '../../shared/errors';
import type { Verdict } from '../../shared/verification-contract';

export interface ReportText {
  title: string;
  station: string;
  allStations: string;
  period: string;
  timeZone: string;
  generated: string;
  /** The row with the audit chain's head (seq, hash) when the report was made; `audit verify --against` reads it. */
  auditHead: string;
  /** The row naming the mode whose ledger the report (and its audit head) comes from; `audit verify --against` reads it. */
  mode: string;
  modes: Record<AppMode, string>;
  totals: string;
  verdictCode: string;
  verdictName: string;
  count: string;
  total: string;
  sessions: string;
  none: string;
  open: string;
  sessionColumns: readonly string[];
  scans: string;
  scanColumns: readonly string[];
  verdicts: Record<Verdict, string>;
}

const EN: ReportText = {
  title: 'Shift report',
  station: 'Station',
  allStations: 'All stations',
  period: 'Period',
  timeZone: 'Time zone',
  generated: 'Generated',
  auditHead: 'Audit log head',
  mode: 'Mode',
  modes: { live: 'Live', training: 'Training' },
  totals: 'Totals by verdict',
  verdictCode: 'Verdict',
  verdictName: 'Verdict (text)',
  count: 'Scans',
  total: 'Total',
  sessions: 'Sessions',
  none: 'None',
  open: '(still open)',
  sessionColumns: [
    'Session',
    'Station',
    'Line',
    'Product',
    'Product title',
    'Started',
    'Ended',
    'Started by',
    'Ended by',
    'Scans in period',
  ],
  scans: 'Scans',
  scanColumns: [
    'Time',
    'Station',
    'Session',
    'Line',
    'Product',
    'Input',
    'Normalized',
    'Verdict',
    'Verdict (text)',
    'Local verdict',
    'Remote',
    'application_id',
    'code_index',
    'Acknowledged by',
    'Scanned at (UTC)',
  ],
  verdicts: {
    PASS: 'Pass',
    NOT_ACTIVATED: 'Not activated',
    WRONG_PRODUCT: 'Wrong product',
    DUPLICATE: 'Duplicate',
    UNKNOWN_CODE: 'Unknown code',
    INVALID: 'Not a marketing code',
    REMOTE_MISMATCH: 'WeChat disagrees',
  },
};

const ZH: ReportText = {
  title: '班次报告',
  station: '工作站',
  allStations: '全部工作站',
  period: '时段',
  timeZone: '时区',
  generated: '生成时间',
  auditHead: '审计日志最新记录',
  mode: '模式',
  modes: { live: '正式', training: '培训' },
  totals: '按结论合计',
  verdictCode: '结论代码',
  verdictName: '结论',
  count: '扫描数',
  total: '合计',
  sessions: '扫描会话',
  none: '无',
  open: '（进行中）',
  sessionColumns: ['会话', '工作站', '产线', '产品条码', '产品名称', '开始时间', '结束时间', '开始人', '结束人', '时段内扫描数'],
  scans: '扫描记录',
  scanColumns: [
    '时间',
    '工作站',
    '会话',
    '产线',
    '产品条码',
    '扫描内容',
    '规范化码',
    '结论代码',
    '结论',
    '本地结论',
    '微信核对',
    'application_id',
    'code_index',
    '确认人',
    '扫描时间（UTC）',
  ],
  verdicts: {
    PASS: '通过',
    NOT_ACTIVATED: '未激活',
    WRONG_PRODUCT: '产品不符',
    DUPLICATE: '重复扫描',
    UNKNOWN_CODE: '未知码',
    INVALID: '不是营销码',
    REMOTE_MISMATCH: '与微信不一致',
  },
};

/** The labels of the rows `audit verify --against` reads, in every language a report may be in. */
export const ANCHOR_ROW_LABELS = {
  auditHead: [EN.auditHead, ZH.auditHead],
  generated: [EN.generated, ZH.generated],
  mode: [EN.mode, ZH.mode],
} as const;

/** The mode a report's mode row names, in either language; undefined for another word. */
export function modeOfReportWord(word: string | undefined): AppMode | undefined {
  for (const text of [EN, ZH]) {
    for (const mode of ['live', 'training'] as const) if (text.modes[mode] === word) return mode;
  }
  return undefined;
}

export function reportText(locale: Locale): ReportText {
  return locale === 'zh-CN' ? ZH : EN;
}
