import { fieldErrors, toApiError } from "./errors";

/**
 * Where a backend field (a `detail.fields[].field` of the typed `ErrorDetail`) is shown on a form:
 * a table of the backend's names to the form's paths, or a function (for paths such as
 * `content.nl-BE`). A field the map does not name has no input on this form.
 */
export type FieldMap = Readonly<Record<string, string>> | ((field: string) => string | null | undefined);

/** The backend's field errors of `e` as form errors; several messages for one input are joined. */
export type ServerErrors = {
  /** Form path → message, for the fields this form shows. */
  errors: Record<string, string>;
  /** Backend fields with no input here (their message is only in the error's own text). */
  unplaced: string[];
  /** Whether the whole message has to be shown: nothing was placed, or something could not be. */
  showMessage: boolean;
};

export function serverErrors(e: unknown, map: FieldMap): ServerErrors {
  const errors: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const [field, message] of Object.entries(e == null ? {} : fieldErrors(toApiError(e)))) {
    const path = typeof map === "function" ? map(field) : Object.hasOwn(map, field) ? map[field] : undefined;
    if (path) errors[path] = errors[path] ? `${errors[path]}; ${message}` : message;
    else unplaced.push(field);
  }
  return { errors, unplaced, showMessage: Object.keys(errors).length === 0 || unplaced.length > 0 };
}

/** The identity map over a form's own field names (the backend names them as the form does). */
export function sameNames(...names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, n]));
}

/**
 * A refused write's field errors placed on a @mantine/form form (`form.setErrors`); answers
 * whether the whole message has to be shown as well.
 */
export function placeServerErrors(form: { setErrors: (errors: Record<string, string>) => void }, e: unknown, map: FieldMap): ServerErrors {
  const r = serverErrors(e, map);
  form.setErrors(r.errors);
  return r;
}
