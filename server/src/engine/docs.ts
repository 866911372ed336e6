// Where each rule's documentation lives (the generated rules/<id>/README.md).
export const REPOSITORY_URL = 'https://github.com/fastapi-perf-lint/fastapi-perf-lint';

export function docsUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/main/rules/${ruleId}/README.md`;
}
