import { common } from './messages/common';
import { validation } from './messages/validation';
import { register } from './messages/register';
import { residentForm } from './messages/residentForm';
import { profile } from './messages/profile';
import { adl } from './messages/adl';
import { settings } from './messages/settings';
import { sync } from './messages/sync';
import { admin } from './messages/admin';
import { visits } from './messages/visits';
import { carePlans } from './messages/carePlans';
import { alerts } from './messages/alerts';
import { timeline } from './messages/timeline';
import { errors } from './messages/errors';

/** Every message module; keys must be unique across modules (checked by catalog.test.ts). */
export const modules = [common, validation, register, residentForm, profile, adl, settings, sync, admin, visits, carePlans, alerts, timeline, errors] as const;

type ModuleKeys<M> = M extends { th: Record<infer K, string> } ? K : never;
export type MessageKey = ModuleKeys<(typeof modules)[number]>;
export type Locale = 'th' | 'en';

function merge(locale: Locale): Record<MessageKey, string> {
  const out: Record<string, string> = {};
  for (const m of modules) Object.assign(out, m[locale]);
  return out as Record<MessageKey, string>;
}

export const catalog: Record<Locale, Record<MessageKey, string>> = { th: merge('th'), en: merge('en') };

export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const template = catalog[locale][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(catalog.th, key);
}
