/** One thing wrong, located precisely enough to fix without searching. */
export interface Problem {
  /** File (relative to the repository root) or definition that holds the mistake. */
  file: string;
  /** Rule, alert, dashboard/panel or other named thing inside it. */
  where?: string;
  message: string;
}

export const formatProblem = (p: Problem) => `${p.file}${p.where ? ` [${p.where}]` : ''}: ${p.message}`;

/** A named validation step: returns what is wrong, or nothing. */
export interface Check {
  name: string;
  run: () => Promise<Problem[]>;
}
