export interface GitHubPushCommit {
  id: string;
  message: string;
  timestamp: string;
  url: string;
  author: { name: string; email: string; username: string };
  committer: { name: string; email: string; username: string };
  distinct: boolean;
  added: string[];
  removed: string[];
  modified: string[];
}

export interface GitHubPush {
  ref: string;
  before: string;
  after: string;
  compare: string;
  commits: GitHubPushCommit[];
  head_commit: { id: string; message: string; timestamp: string };
  pusher: { name: string; email: string };
  repository: Record<string, unknown>;
  sender: { login: string; id: number };
}

export function githubPush(sha: string, message?: string): GitHubPush;
export function fakeGitHubFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
export function createGitHubCommitTrigger(
  runtime: unknown,
  database: unknown,
  userId: string,
  token: string,
): Promise<{ triggerId: string; secret: string }>;
