// argo-cd:applicationset/utils/utils.go (SlugifyName): `slugify [maxSize=50] [smartTruncate=true] name`.
// It sanitizes first, then runs gosimple/slug's Make: non [a-zA-Z0-9-_] become '-', dashes collapse,
// leading/trailing '-' and '_' are trimmed, and smart truncation cuts at the last '-' within maxSize
// (expected values in argo-cd:applicationset/utils/utils_test.go (TestSlugify)).
import { sanitizeName } from "./sanitize-name.js";

const DEFAULT_MAX_SIZE = 50;

export function slugifyName(params: { name: string; maxSize?: number; smartTruncate?: boolean }): string {
  const maxSize = params.maxSize ?? DEFAULT_MAX_SIZE;
  const smart = params.smartTruncate ?? true;
  let slug = sanitizeName(params.name)
    .toLowerCase()
    .replace(/[^a-zA-Z0-9\-_]/g, "-")
    .replace(/-+/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "");
  if (maxSize > 0 && slug.length > maxSize) {
    if (smart) {
      let cut = -1;
      for (let i = maxSize; i >= 0; i--) {
        if (slug[i] === "-") {
          cut = i;
          break;
        }
      }
      slug = cut >= 0 ? slug.slice(0, cut) : slug.slice(0, maxSize);
    } else {
      // Argo CD's TestSlugify expects the dash left at the cut to be trimmed.
      slug = slug.slice(0, maxSize).replace(/-+$/, "");
    }
  }
  return slug;
}
