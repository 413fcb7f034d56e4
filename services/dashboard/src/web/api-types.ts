import type { queryApi } from '@carbon-account/schemas';
import type { z } from 'zod';

// The query API's answers, typed by its own zod contract (types only: nothing of zod or
// the schemas reaches the browser bundle).
export type Account = z.infer<typeof queryApi.monthlyAccountBody>;
export type Series = z.infer<typeof queryApi.emissionsSeries>;
export type Ledger = z.infer<typeof queryApi.ledgerBody>;
export type Rejections = z.infer<typeof queryApi.rejectionsBody>;
export type Coverage = z.infer<typeof queryApi.coverageBody>;
export type RegionSummary = z.infer<typeof queryApi.regionSummaryBody>;
export type TopEmitters = z.infer<typeof queryApi.topEmittersBody>;
export type MonthOverMonth = z.infer<typeof queryApi.monthOverMonthBody>;
export type DataQuality = z.infer<typeof queryApi.dataQualityBody>;
export type Consents = z.infer<typeof queryApi.consentsBody>;
export type ConsentRequest = z.infer<typeof queryApi.consentRequest>;
export type ConsentPurpose = z.infer<typeof queryApi.consentPurpose>;
export type AccessLog = z.infer<typeof queryApi.accessLogBody>;
export type Profile = z.infer<typeof queryApi.profileBody>;
export type Reduction = z.infer<typeof queryApi.reductionBody>;
export type Projects = z.infer<typeof queryApi.projectsBody>;

export const consentPurposes: ConsentPurpose[] = [
  'carbon_linked_loan',
  'emission_reduction_disclosure',
];
export type Explanation = z.infer<typeof queryApi.explanation>;
