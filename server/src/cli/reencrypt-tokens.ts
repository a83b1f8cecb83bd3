import { ConfigError, loadConfig } from '../config/config';
import { createTokenCipher } from '../services/token-cipher';
import { createStore } from '../store';

/**
 * `npm run tokens:reencrypt`: rewrites every stored OAuth token under TOKEN_ENCRYPTION_KEY, reading old ones
 * with TOKEN_ENCRYPTION_PREVIOUS_KEYS (docs/production.md, "Rotating TOKEN_ENCRYPTION_KEY"). Start-up does the
 * same; this command is for rotating without a restart and for checking that no row still needs an old key.
 * Exits 1 when some portal's tokens no configured key opens.
 */
const main = async (): Promise<number> => {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    return 2;
  }
  if (config.tokenEncryptionKey === null) {
    process.stderr.write('TOKEN_ENCRYPTION_KEY is not set: there is no key to re-encrypt with\n');
    return 2;
  }
  const cipher = createTokenCipher(config.tokenEncryptionKey, config.tokenPreviousKeys);
  const store = await createStore({ url: config.databaseUrl, cipher });
  try {
    await store.migrate();
    const report = await store.reencryptTokens();
    process.stdout.write(
      `current key ${cipher.keyId}: ${report.reencrypted} installation(s) re-encrypted, ${report.current} already current\n`,
    );
    if (report.unreadable.length === 0) return 0;
    process.stderr.write(
      `no configured key opens the tokens of portal(s) ${report.unreadable.join(', ')}: add the key they were written with to TOKEN_ENCRYPTION_PREVIOUS_KEYS, or those portals must reinstall\n`,
    );
    return 1;
  } finally {
    await store.close();
  }
};

process.exitCode = await main();
