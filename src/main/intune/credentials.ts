import type { AccountInfo, AuthenticationResult, Configuration, ICachePlugin, INetworkModule, PublicClientApplication } from '@azure/msal-node';
import { BenchError } from '../../shared/errors';
import type { IntuneSettings, IntuneStatus } from '../../shared/models/intune';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { TokenProvider } from './graph-client';
import { CLOUDS, graphScopes } from './graph-endpoints';

// Who the bench is to Graph. Three sources, in order: ENROLLMENT_BENCH_GRAPH_TOKEN (a bearer
// token a script got elsewhere, e.g. `az account get-access-token --resource-type ms-graph`),
// a delegated sign-in through MSAL (device code on a terminal or a web-host, the system browser
// with auth code + PKCE in the app), or none. Tokens stay in this process's memory (MSAL's
// in-memory cache) unless the shell hands in an OS-keychain vault (Electron safeStorage): then
// MSAL's cache is kept encrypted by it. A token is never logged, journalled, answered or shown.

/** The OS keychain, as the Electron shell offers it (safeStorage); absent on plain Node. */
export interface TokenVault {
  /** The encrypted cache as saved last time, decrypted; null when there is none. */
  load(): string | null;
  save(serialisedCache: string): void;
  clear(): void;
}

export interface CredentialOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly settings: () => IntuneSettings;
  readonly clock: Clock;
  readonly logger: Logger;
  /** HTTP for the identity platform (bounded timeouts; tests add the fake authority's CA). */
  readonly network: INetworkModule;
  readonly vault?: TokenVault | null;
  /** Sign-in host override (tests: the fake authority on 127.0.0.1); default: the cloud's. */
  readonly loginUrl?: string;
  /** Scope resource override (tests); default: the cloud's Graph resource. */
  readonly scopeResource?: string;
  /** Opens the system browser at the sign-in page (the Electron shell: shell.openExternal). */
  readonly openBrowser?: (url: string) => Promise<void>;
  readonly onChange: (change: 'signed-in' | 'signed-out' | 'sign-in-pending' | 'sign-in-failed') => void;
}

export type PendingSignIn = NonNullable<IntuneStatus['pendingSignIn']>;

export const GRAPH_TOKEN_ENV = 'ENROLLMENT_BENCH_GRAPH_TOKEN';

type Msal = typeof import('@azure/msal-node');

export function createCredentials(options: CredentialOptions) {
  let msal: Msal | null = null;
  let app: { key: string; pca: PublicClientApplication } | null = null;
  let account: AccountInfo | null = null;
  let pending: PendingSignIn | null = null;
  let signingIn: Promise<AuthenticationResult | null> | null = null;

  const envToken = (): string | null => {
    const value = options.env[GRAPH_TOKEN_ENV]?.trim();
    return value ? value : null;
  };

  const cachePlugin = (vault: TokenVault): ICachePlugin => ({
    beforeCacheAccess: async (context) => {
      const saved = vault.load();
      if (saved) context.tokenCache.deserialize(saved);
    },
    afterCacheAccess: async (context) => {
      if (context.cacheHasChanged) vault.save(context.tokenCache.serialize());
    },
  });

  async function pca(): Promise<PublicClientApplication> {
    const settings = options.settings();
    if (!settings.clientId) throw new BenchError('INTUNE_NOT_CONFIGURED', 'no client id set');
    const loginUrl = (options.loginUrl ?? CLOUDS[settings.cloud].loginUrl).replace(/\/+$/, '');
    const authority = `${loginUrl}/${settings.tenantId || 'organizations'}`;
    const key = JSON.stringify([settings.clientId, authority]);
    if (app?.key === key) return app.pca;
    msal ??= await import('@azure/msal-node');
    const config: Configuration = {
      auth: {
        clientId: settings.clientId,
        authority,
        // A host that is not one of Microsoft's (the test authority) is named here, so MSAL reads
        // its metadata from it instead of asking Microsoft's instance discovery about it.
        ...(options.loginUrl ? { knownAuthorities: [new URL(loginUrl).host] } : {}),
      },
      system: {
        networkClient: options.network,
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: 1 /* Warning */,
          loggerCallback: (_level, message, containsPii) => {
            if (!containsPii) options.logger.log('warn', 'msal', { message: message.slice(0, 300) });
          },
        },
      },
      ...(options.vault ? { cache: { cachePlugin: cachePlugin(options.vault) } } : {}),
    };
    app = { key, pca: new msal.PublicClientApplication(config) };
    account = null;
    if (options.vault) {
      // A keychain-kept sign-in from an earlier run.
      const accounts = await app.pca.getTokenCache().getAllAccounts();
      account = accounts[0] ?? null;
    }
    return app.pca;
  }

  /** A keychain-kept sign-in of an earlier run is picked up on first use (MSAL reads its cache; no network). */
  const restore = async () => {
    if (!app && options.vault && options.settings().clientId) await pca();
  };

  const scopes = () => graphScopes(options.settings().cloud, options.scopeResource);

  const finish = (promise: Promise<AuthenticationResult | null>) => {
    signingIn = promise
      .then((result) => {
        pending = null;
        if (!result?.account) throw new BenchError('INTUNE_SIGN_IN_FAILED', 'no account in the answer');
        account = result.account;
        options.logger.log('info', 'intune signed in', { account: result.account.username });
        options.onChange('signed-in');
        return result;
      })
      .catch((error: unknown) => {
        pending = null;
        options.logger.log('warn', 'intune sign-in failed', { error: describeAuthError(error) });
        options.onChange('sign-in-failed');
        return null;
      })
      .finally(() => {
        signingIn = null;
      });
    return signingIn;
  };

  const credentials = {
    restore,
    source: (): IntuneStatus['credential'] => (envToken() ? 'env-token' : account ? 'sign-in' : 'none'),
    hasEnvToken: () => envToken() !== null,
    account: (): string | null => (envToken() ? null : (account?.username ?? null)),
    pending: (): PendingSignIn | null => pending,
    tokenStorage: (): IntuneStatus['tokenStorage'] => (options.vault ? 'keychain' : 'memory'),

    /**
     * Device-code sign-in: resolves with what the person must open and type as soon as the
     * identity platform answers; the sign-in completes in the background (`whenSignedIn`).
     */
    async startDeviceCode(): Promise<PendingSignIn> {
      if (pending) return pending;
      const client = await pca();
      let resolvePrompt!: (prompt: PendingSignIn) => void;
      const prompt = new Promise<PendingSignIn>((resolve) => (resolvePrompt = resolve));
      const flow = client.acquireTokenByDeviceCode({
        scopes: scopes(),
        deviceCodeCallback: (response) => {
          pending = {
            userCode: response.userCode,
            verificationUri: response.verificationUri,
            message: response.message,
            expiresAt: new Date(options.clock.now() + response.expiresIn * 1000).toISOString(),
          };
          options.onChange('sign-in-pending');
          resolvePrompt(pending);
        },
      });
      const done = finish(flow);
      const first = await Promise.race([prompt, done.then(() => null)]);
      if (first === null) throw new BenchError('INTUNE_SIGN_IN_FAILED', 'the device-code request was refused; see the log');
      return first;
    },

    /** The system browser with auth code + PKCE on a loopback redirect (the app). */
    async signInWithBrowser(): Promise<void> {
      const openBrowser = options.openBrowser;
      if (!openBrowser) throw new BenchError('USAGE', 'this front door cannot open a browser; use the device-code sign-in');
      const client = await pca();
      const result = await finish(
        client.acquireTokenInteractive({
          scopes: scopes(),
          openBrowser,
          successTemplate: '<p>Signed in. You can close this window and return to Enrollment Bench.</p>',
          errorTemplate: '<p>The sign-in did not complete. Return to Enrollment Bench.</p>',
        }),
      );
      if (!result) throw new BenchError('INTUNE_SIGN_IN_FAILED', 'see the log');
    },

    /** Waits for a device-code sign-in in progress; true when signed in. */
    async whenSignedIn(): Promise<boolean> {
      if (signingIn) await signingIn;
      return account !== null;
    },

    async signOut(): Promise<void> {
      const hadSignIn = account !== null || pending !== null;
      if (app && account) {
        try {
          await app.pca.getTokenCache().removeAccount(account);
        } catch (error) {
          options.logger.log('warn', 'intune sign-out: cache not cleared', { error: describeAuthError(error) });
        }
      }
      options.vault?.clear();
      account = null;
      pending = null;
      app = null;
      if (hadSignIn) options.onChange('signed-out');
    },

    /** Settings changed (client id, tenant, cloud): the old sign-in does not apply any more. */
    async reset(): Promise<void> {
      await credentials.signOut();
    },

    tokens: {
      async token(): Promise<string> {
        const fromEnv = envToken();
        if (fromEnv) return fromEnv;
        await restore();
        if (!account || !app) throw new BenchError('INTUNE_NOT_SIGNED_IN');
        try {
          const result = await app.pca.acquireTokenSilent({ account, scopes: scopes() });
          return result.accessToken;
        } catch (error) {
          throw new BenchError('INTUNE_NOT_SIGNED_IN', describeAuthError(error));
        }
      },
      async refresh(): Promise<boolean> {
        await restore();
        if (envToken() || !account || !app) return false;
        try {
          await app.pca.acquireTokenSilent({ account, scopes: scopes(), forceRefresh: true });
          return true;
        } catch {
          return false;
        }
      },
    } satisfies TokenProvider,
  };
  return credentials;
}

export type Credentials = ReturnType<typeof createCredentials>;

/** MSAL's error code and first line, never a token (MSAL errors do not carry them). */
function describeAuthError(error: unknown): string {
  if (error instanceof BenchError) return `${error.code}${error.detail ? `: ${error.detail}` : ''}`;
  const code = (error as { errorCode?: unknown })?.errorCode;
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  return `${typeof code === 'string' ? `${code}: ` : ''}${message}`.slice(0, 300);
}
