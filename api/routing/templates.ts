/** An Express path template (`/vessels/:id`) as an OpenAPI one (`/vessels/{id}`). */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/**
 * An Express path template as a regular expression over request paths: each parameter one
 * segment, case-sensitive, no trailing slash (as the access rules have always matched them).
 */
export const templatePattern = (path: string) =>
  new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}$`);
