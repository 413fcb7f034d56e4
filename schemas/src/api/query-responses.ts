import { z } from 'zod';
import { instant, month } from '../identifiers.js';

/**
 * Bodies the query API answers with (and accepts), shared with its clients (the
 * dashboard). Emission figures are tCO2e as float64 numbers, not rounded: sums of them
 * equal sums of the emission lines; energy is tce. Nullable figures are null when their
 * input is missing (e.g. intensity without an output report), never 0.
 */

export const problem = z.object({
  error: z.string().describe('short kind: bad request, unauthorized, forbidden, not found, …'),
  message: z.string(),
  problems: z
    .array(z.object({ parameter: z.string(), message: z.string() }))
    .optional()
    .describe('for 400: each parameter at fault and why'),
});

export const pageInfo = z.object({
  limit: z.number().int(),
  offset: z.number().int(),
  total: z.number().int().describe('rows in the whole result'),
  nextOffset: z.number().int().nullable().describe('offset of the next page; null on the last'),
});

export const factorUse = z.object({
  id: z.string(),
  version: z.number().int(),
  lines: z.number().int().describe('emission lines that used this record'),
  kind: z.string().nullable(),
  source: z.string().nullable().describe('publication the figure comes from'),
  dataYear: z.number().int().nullable(),
  value: z.number().nullable(),
  unit: z.string().nullable(),
});

/** Provenance of a figure (?explain=1). */
export const explanation = z.object({
  readingsCounted: z.number().int().describe('distinct readings (current versions) in the figure'),
  factors: z.array(factorUse),
  linesComputedFrom: z.string().nullable().describe('earliest computation of a line counted'),
  linesComputedTo: z.string().nullable().describe('latest computation of a line counted'),
  accountComputedAt: z.string().nullable().optional(),
  readingsUrl: z.string().nullable().describe('the emission lines counted, page by page'),
  method: z.string().describe('how the figure is formed from the lines'),
});

const figures = {
  tco2eLocation: z.number(),
  tco2eMarket: z.number(),
  tce: z.number(),
};

export const emissionsSeries = z.object({
  orgId: z.string(),
  from: z.string(),
  to: z.string(),
  granularity: z.enum(['hour', 'day', 'month']),
  points: z.array(
    z.object({
      period: z.string().describe('start of the hour (UTC instant), day or month (China time)'),
      scope: z.number().int(),
      type: z.string(),
      ...figures,
      activity: z.number().describe('in the line activity unit of the type'),
      lines: z.number().int(),
    }),
  ),
  page: pageInfo,
  explanation: explanation.optional(),
});

export const emissionLines = z.object({
  orgId: z.string(),
  lines: z.array(
    z.object({
      readingId: z.string(),
      meterId: z.string(),
      source: z.string(),
      type: z.string(),
      scope: z.number().int(),
      periodStart: z.string(),
      periodEnd: z.string(),
      activity: z.number(),
      activityUnit: z.string(),
      ...figures,
      factors: z.array(z.object({ id: z.string(), version: z.number().int() })),
      computedAt: z.string(),
    }),
  ),
  page: pageInfo,
});

export const monthlyAccountBody = z.object({
  orgId: z.string(),
  month,
  version: z.string().describe('account version (higher replaces lower)'),
  computedAt: z.string(),
  provisional: z
    .boolean()
    .describe(
      'the account is not final yet: its month is still open (until some days after its end, MONTH_CLOSE_DAYS of the account processor), or its data is still arriving (final after MONTH_SETTLE_SECONDS without a change); figures may still fill in, and credits are issued when it is final',
    ),
  restated: z.boolean().describe('this version replaced final figures of the month'),
  restatementNote: z.string(),
  totals: z.object({
    ...figures,
    scope1Tco2e: z.number(),
    scope2Tco2eLocation: z.number(),
    scope2Tco2eMarket: z.number(),
    lines: z.number().int(),
  }),
  byType: z.record(z.string(), z.unknown()).describe('per energy type, as the account stored it'),
  output: z
    .object({ valueAddedCNY: z.number(), outputValueCNY: z.number(), reportId: z.string() })
    .nullable(),
  intensityValueAdded: z.number().nullable().describe('tCO2e per 10,000 CNY of value added'),
  intensityOutput: z.number().nullable().describe('tCO2e per 10,000 CNY of output value'),
  band: z.string().nullable(),
  industrySection: z.string(),
  industryAverageIntensity: z.number().nullable(),
  k: z.number().nullable(),
  grade: z.number().int().nullable(),
  assets: z.object({
    balanceTco2e: z.number().describe('ledger balance at the end of the month'),
    issuedInMonthTco2e: z
      .number()
      .describe('net credits for the month: its issue and later adjustments'),
  }),
  explanation: explanation.optional(),
});

export const ledgerEntry = z.object({
  seq: z.number().int(),
  entryId: z.string(),
  kind: z.string(),
  methodologyId: z.string(),
  methodologyVersion: z.number().int(),
  month: z.string(),
  tco2e: z.number(),
  basis: z.string(),
  factors: z.array(z.object({ id: z.string(), version: z.number().int() })),
  previousHash: z.string(),
  hash: z.string(),
  createdAt: z.string(),
});

export const ledgerBody = z.object({
  orgId: z.string(),
  balanceTco2e: z.number().describe('issued − retired ± adjustments, all entries'),
  chain: z.object({
    valid: z.boolean(),
    entries: z.number().int(),
    firstBadSeq: z.number().int().nullable(),
    reason: z.string().nullable(),
  }),
  entries: z.array(ledgerEntry),
  page: pageInfo,
});

export const rejectionsBody = z.object({
  orgId: z.string(),
  rejections: z.array(
    z.object({
      readingId: z.string(),
      source: z.string(),
      reason: z.string(),
      errors: z.unknown().describe('each field at fault and why'),
      rejectedAt: z.string(),
    }),
  ),
  page: pageInfo,
});

export const meterCoverage = z.object({
  orgId: z.string(),
  meterId: z.string(),
  sources: z.string().describe('sources that sent hourly readings of the meter, comma-separated'),
  expectedHours: z.number().int(),
  receivedHours: z.number().int(),
  share: z.number(),
});

export const coverageBody = z.object({
  orgId: z.string(),
  from: z.string(),
  to: z.string(),
  expectedMeterHours: z.number().int(),
  receivedMeterHours: z.number().int(),
  share: z.number().nullable().describe('received ÷ expected; null when no hourly meter'),
  meters: z.array(meterCoverage),
  page: pageInfo,
  explanation: explanation.optional(),
});

export const regionSummaryBody = z.object({
  regionCode: z.string(),
  from: z.string(),
  to: z.string(),
  groupBy: z.enum(['town', 'industry', 'type']),
  groups: z.array(
    z.object({ key: z.string(), ...figures, orgs: z.number().int(), lines: z.number().int() }),
  ),
  page: pageInfo,
  explanation: explanation.optional(),
});

export const topEmittersBody = z.object({
  regionCode: z.string(),
  from: z.string(),
  to: z.string(),
  emitters: z.array(
    z.object({
      rank: z.number().int(),
      orgId: z.string(),
      name: z.string(),
      town: z.string(),
      industrySection: z.string(),
      ...figures,
    }),
  ),
  page: pageInfo,
  explanation: explanation.optional(),
});

export const monthOverMonthBody = z.object({
  regionCode: z.string(),
  month,
  previousMonth: month,
  groupBy: z.enum(['town', 'industry', 'type']),
  groups: z.array(
    z.object({
      key: z.string(),
      currentTco2e: z.number(),
      previousTco2e: z.number(),
      changeTco2e: z.number(),
      changePct: z.number().nullable().describe('null when the previous month is 0'),
    }),
  ),
  page: pageInfo,
  explanation: explanation.optional(),
});

export const anomalyKind = z.enum(['drop_to_zero', 'jump', 'source_disagreement']);

export const dataQualityBody = z.object({
  from: z.string(),
  to: z.string(),
  rejectionsByReason: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  orgs: z
    .array(
      z.object({
        orgId: z.string(),
        expectedMeterHours: z.number().int(),
        receivedMeterHours: z.number().int(),
        coverage: z.number().nullable(),
        lateReadings: z.number().int().describe('readings received over 24 h after their period'),
        hasGaps: z.boolean(),
      }),
    )
    .describe('orgs with gaps or late data'),
  anomalies: z.array(
    z.object({
      kind: anomalyKind,
      orgId: z.string(),
      meterId: z.string(),
      hour: z.string(),
      value: z.number().describe('the activity of the hour'),
      reference: z
        .number()
        .describe('drop/jump: the meter’s mean over the range; disagreement: the platform value'),
      detail: z.string(),
    }),
  ),
  page: pageInfo,
});

export const consentPurpose = z.enum(['carbon_linked_loan', 'emission_reduction_disclosure']);
export type ConsentPurpose = z.infer<typeof consentPurpose>;

export const bankId = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, '1–64 characters of A–Z a–z 0–9 . _ -');

export const consentRequest = z.object({
  bankId,
  purpose: consentPurpose.describe(
    'carbon_linked_loan: profile, emissions, account, ledger; emission_reduction_disclosure: project reductions',
  ),
  expiresAt: instant,
});

export const consentBody = z.object({
  orgId: z.string(),
  bankId: z.string(),
  purpose: consentPurpose,
  grantedAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
});

export const consentsBody = z.object({ orgId: z.string(), consents: z.array(consentBody) });

/** Whose key this is (GET /v1/me), so a client shows the pages its principal may see. */
export const meBody = z.object({
  keyId: z.string(),
  principal: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('bureau'), regionCode: z.string() }),
    z.object({ kind: z.literal('enterprise'), orgIds: z.array(z.string()) }),
    z.object({ kind: z.literal('bank'), bankId: z.string() }),
  ]),
});

/** The orgs whose consent a bank holds now: one row per org and purpose. */
export const bankOrgsBody = z.object({
  bankId: z.string(),
  orgs: z.array(
    z.object({
      orgId: z.string(),
      name: z.string().nullable().describe('from the org registry; null when not registered'),
      purpose: consentPurpose,
      grantedAt: z.string(),
      expiresAt: z.string(),
    }),
  ),
  page: pageInfo,
});

export const accessLogBody = z.object({
  orgId: z.string(),
  entries: z.array(
    z.object({
      at: z.string(),
      bankId: z.string(),
      purpose: z.string(),
      endpoint: z.string(),
      query: z.string(),
    }),
  ),
  page: pageInfo,
});

export const projectRequest = z.object({
  projectId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, '1–64 characters of A–Z a–z 0–9 . _ -'),
  name: z.string().min(1).max(200),
  meterIds: z.array(z.string().min(1).max(128)).min(1).max(1000),
  baselineTco2ePerMonth: z
    .number()
    .finite()
    .nonnegative()
    .describe('what the meters emitted per month before the project (location-based)'),
  startMonth: month,
});

export const projectBody = projectRequest.extend({
  orgId: z.string(),
  registeredAt: z.string(),
});

export const projectsBody = z.object({ orgId: z.string(), projects: z.array(projectBody) });

export const reductionBody = z.object({
  orgId: z.string(),
  projectId: z.string(),
  name: z.string(),
  from: month,
  to: month,
  meterIds: z.array(z.string()),
  months: z.array(
    z.object({
      month,
      baselineTco2e: z.number(),
      meteredTco2e: z.number().describe('location-based emissions of the project meters'),
      reductionTco2e: z.number().describe('baseline − metered; negative when above baseline'),
      lines: z.number().int(),
    }),
  ),
  totalReductionTco2e: z.number(),
  explanation: explanation.optional(),
});

export const profileBody = z.object({
  orgId: z.string(),
  bankId: z.string(),
  name: z.string().nullable(),
  town: z.string().nullable(),
  industrySection: z.string().nullable(),
  months: z.array(
    z.object({
      month,
      tco2eLocation: z.number(),
      intensityValueAdded: z.number().nullable(),
      intensityOutput: z.number().nullable(),
      band: z.string().nullable(),
      k: z.number().nullable(),
      grade: z.number().int().nullable(),
      provisional: z.boolean().describe('the month is still open: its figures may still change'),
    }),
  ),
  assetBalanceTco2e: z.number(),
  coverage: z.object({
    from: z.string(),
    to: z.string(),
    expectedMeterHours: z.number().int(),
    receivedMeterHours: z.number().int(),
    share: z.number().nullable(),
  }),
  qualityFlags: z.array(z.object({ kind: z.string(), count: z.number().int() })),
  explanation: explanation.optional(),
});

export type EmissionsSeries = z.infer<typeof emissionsSeries>;
export type MonthlyAccountBody = z.infer<typeof monthlyAccountBody>;
export type LedgerBody = z.infer<typeof ledgerBody>;
export type RegionSummaryBody = z.infer<typeof regionSummaryBody>;
export type ProfileBody = z.infer<typeof profileBody>;
export type Explanation = z.infer<typeof explanation>;
export type PageInfo = z.infer<typeof pageInfo>;
export type ConsentBody = z.infer<typeof consentBody>;
export type MeBody = z.infer<typeof meBody>;
export type BankOrgsBody = z.infer<typeof bankOrgsBody>;
