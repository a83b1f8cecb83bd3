import type { Pipeline } from '../schemas/crm';
import type { Settings } from '../schemas/settings';

export type DealStageInfo = { isClosed: boolean; isWon: boolean; isLost: boolean; label: string };

export type PipelineIndex = {
  /** Meaning of a deal stage from its metadata; null when the pipeline or stage is unknown. */
  dealStage(pipelineId: string, stageId: string): DealStageInfo | null;
  /** true/false from the stage's `ticketState`; null when the pipeline or stage is unknown. */
  isTicketOpen(pipelineId: string, stageId: string): boolean | null;
  /** A deal pipeline that holds renewal deals (label matches the setting's pattern, or listed by id). */
  isRenewalPipeline(pipelineId: string): boolean;
};

/**
 * A case-insensitive regex from a settings pattern; an empty pattern matches nothing (the rule is off),
 * because an empty regex would otherwise match every label. Settings are validated before they get here.
 */
export function patternToRegExp(pattern: string): RegExp | null {
  return pattern === '' ? null : new RegExp(pattern, 'i');
}

/**
 * Stage ids differ per portal, so open/won/lost is read ONLY from stage metadata: won = closed with
 * probability 1, lost = closed with probability 0. Archived stages still carry meaning for the deals
 * and tickets that sit in them, so they are indexed too.
 */
export function buildPipelineIndex(pipelines: Pipeline[], renewals: Settings['renewals']): PipelineIndex {
  const dealStages = new Map<string, DealStageInfo>();
  const ticketOpen = new Map<string, boolean>();
  const renewalPipelines = new Set<string>(renewals.renewalPipelineIds);
  const labelPattern = patternToRegExp(renewals.renewalPipelinePattern);

  for (const pipeline of pipelines) {
    if (pipeline.objectType === 'deals') {
      if (labelPattern?.test(pipeline.label)) renewalPipelines.add(pipeline.id);
      for (const stage of pipeline.stages) {
        const isClosed = stage.isClosed;
        dealStages.set(key(pipeline.id, stage.id), {
          isClosed,
          isWon: isClosed && stage.probability === 1,
          isLost: isClosed && stage.probability === 0,
          label: stage.label,
        });
      }
    } else {
      for (const stage of pipeline.stages) {
        if (stage.ticketState !== null)
          ticketOpen.set(key(pipeline.id, stage.id), stage.ticketState === 'OPEN');
      }
    }
  }

  return {
    dealStage: (pipelineId, stageId) => dealStages.get(key(pipelineId, stageId)) ?? null,
    isTicketOpen: (pipelineId, stageId) => ticketOpen.get(key(pipelineId, stageId)) ?? null,
    isRenewalPipeline: (pipelineId) => renewalPipelines.has(pipelineId),
  };
}

function key(pipelineId: string, stageId: string): string {
  return `${pipelineId}\u0000${stageId}`;
}
