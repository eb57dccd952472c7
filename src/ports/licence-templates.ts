import type { LicenceTemplate, TemplateProblem } from '../domain/licence-template.ts';

/** Why a template folder is not served. */
export interface BrokenTemplate {
  /** The template folder's name. */
  readonly folder: string;
  readonly problems: readonly TemplateProblem[];
}

/** The licence templates that passed their checks at start. */
export interface LicenceTemplates {
  /** The template of a licence type, or null when there is none (or it is broken). */
  get(typeCode: string): LicenceTemplate | null;
  /** Every served template. */
  list(): readonly LicenceTemplate[];
  /** Templates that were found but not served, with their problems. */
  broken(): readonly BrokenTemplate[];
}
