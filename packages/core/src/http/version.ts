/** The SDK version for the User-Agent: set from package.json at build time, `dev` in tests. */
declare const __LDN_TWIN_VERSION__: string | undefined;

export const SDK_VERSION: string = typeof __LDN_TWIN_VERSION__ === 'string' ? __LDN_TWIN_VERSION__ : 'dev';
