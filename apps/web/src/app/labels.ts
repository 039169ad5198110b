import { createContext, useContext } from 'react';

/**
 * The hierarchy nouns, in one place. Operators rename them (System Settings → Branding → Labels,
 * e.g. "Tenant" → "Department" for enterprise IT); every navigation entry, heading, table and form
 * reads them from here, so no page spells "Tenant" itself.
 */
export type Noun = 'distributor' | 'partner' | 'tenant' | 'subscription';
export type Labels = Record<Noun, { singular: string; plural: string }>;

export const DEFAULT_LABELS: Labels = {
  distributor: { singular: 'Distributor', plural: 'Distributors' },
  partner: { singular: 'Partner', plural: 'Partners' },
  tenant: { singular: 'Tenant', plural: 'Tenants' },
  subscription: { singular: 'Subscription', plural: 'Subscriptions' },
};

export const LabelsContext = createContext<Labels>(DEFAULT_LABELS);

export function useLabels(): Labels {
  return useContext(LabelsContext);
}

/** A noun inside running text ("Create tenant"): lower-cased unless it is an acronym ("IT Unit"). */
export function lower(noun: string): string {
  return noun
    .split(' ')
    .map((word) => (word.length > 1 && word === word.toUpperCase() ? word : word.toLowerCase()))
    .join(' ');
}

export type Level = 'platform' | Exclude<Noun, 'subscription'>;

/** An organisation level's name ("Platform", "Department"). */
export function levelLabel(level: Level, labels: Labels): string {
  return level === 'platform' ? 'Platform' : labels[level].singular;
}

/** The one name of each role, in forms, filters and lists alike. */
export const ROLE_NAMES: Record<'admin' | 'reader', string> = { admin: 'Administrator', reader: 'Reader' };

/** The role names of the seeds, with the level's noun ("Department Administrator"). */
export function roleLabel(level: Level, role: 'admin' | 'reader', labels: Labels): string {
  return `${levelLabel(level, labels)} ${ROLE_NAMES[role]}`;
}

/** A role key of GET /me (`tenant_admin`) as its name. */
export function roleKeyLabel(roleKey: string, labels: Labels): string {
  const [level, role] = roleKey.split('_') as [Level, 'admin' | 'reader'];
  return roleLabel(level, role, labels);
}

const NOUN_WORDS = /\b(distributor|partner|tenant|subscription)(s?)\b/gi;

/**
 * Running text written with the default nouns (setting labels and descriptions from the API) in
 * the operator's nouns: "Allow partner administrators to create tenants" becomes "… to create
 * departments". A capitalised word keeps its capital; any other keeps the noun lower-cased.
 */
export function relabel(text: string, labels: Labels): string {
  return text.replace(NOUN_WORDS, (word: string, noun: string, plural: string) => {
    const entry = labels[noun.toLowerCase() as Noun];
    const replacement = plural ? entry.plural : entry.singular;
    return word[0] === word[0]!.toUpperCase() ? replacement : lower(replacement);
  });
}
