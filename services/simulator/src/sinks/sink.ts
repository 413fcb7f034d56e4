import type { EnergyReadingV1Input, OrgOutputV1 } from '@carbon-account/schemas';

/** What the simulator sends: readings (including the deliberately bad ones) and output reports. */
export type Outgoing =
  | { kind: 'reading'; reading: EnergyReadingV1Input }
  | { kind: 'output'; output: OrgOutputV1 };

export interface SendOutcome {
  accepted: number;
  /** Refused by the target, with the reasons it gave (first few). */
  rejected: number;
  reasons: string[];
}

/** A target that durably takes a batch or throws (then the whole batch is sent again). */
export interface Sink {
  readonly name: string;
  send(batch: readonly Outgoing[]): Promise<SendOutcome>;
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/** The target said "not now": send the same batch again after this long. */
export class RetryLater extends Error {
  constructor(
    readonly afterMs: number,
    message: string,
  ) {
    super(message);
    this.name = 'RetryLater';
  }
}
