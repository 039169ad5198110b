// A stand-in until the usage collection's own daily.ts is merged (same signature): the import
// moves the same daily aggregates as collection does. On merge, keep theirs and drop
// daily.repository.ts.
export { applyDailyDeltas, type DailyDelta, localDay } from './daily.repository.ts';
