import { generateKeyPairSync } from 'node:crypto';
import type { Knex } from 'knex';
import { isCryptoError } from '../../crypto/errors.ts';
import { softwareSigner } from '../../crypto/signer.ts';
import type { Signer } from '../../crypto/signer.ts';
import { generateKeyPair } from '../../crypto/sm2.ts';
import { sm4Decrypt, sm4Encrypt } from '../../crypto/sm4.ts';
import { AppError } from '../../domain/errors.ts';
import type { Clock } from '../../ports/clock.ts';
import type { KeyAlgorithm, KeyInfo, KeyVault } from '../../ports/key-vault.ts';
import { isDuplicateKey, sqlCall } from '../sql/sql-errors.ts';
import type { KekRing } from './kek.ts';

interface Row {
  key_id: string; version: number; algorithm: string; public_key: Uint8Array; wrapped_private: Uint8Array;
  certificate_chain: string; created_at: string;
}

const KEY_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Associated data binding a wrapped key to its id, version and algorithm (no swapping rows). */
const aadOf = (keyId: string, version: number, algorithm: string) => Buffer.from(`yinxin-vault-v1|${keyId}|${version}|${algorithm}`, 'utf8');

function generate(algorithm: KeyAlgorithm): { publicKey: Uint8Array; privateKey: Uint8Array } {
  if (algorithm === 'sm2') return generateKeyPair();
  const pair = algorithm === 'rsa-2048' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    publicKey: pair.publicKey.export({ type: 'spki', format: 'der' }),
    privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'der' }),
  };
}

/**
 * Key vault in the service database: private keys wrapped with SM4 authenticated encryption under
 * a key-encryption key that lives outside the database (file or environment).
 */
export class SqlKeyVault implements KeyVault {
  private readonly knex: Knex;
  private readonly kek: () => KekRing;
  private readonly clock: Clock;

  /** `kek` is called only when a key is wrapped or unwrapped, so public reads work without it. */
  constructor(knex: Knex, kek: () => KekRing, clock: Clock) {
    this.knex = knex;
    this.kek = kek;
    this.clock = clock;
  }

  async create(keyId: string, algorithm: KeyAlgorithm): Promise<KeyInfo> {
    if ((await this.versions(keyId)).length) throw new AppError('ERR_CONFLICT', 'key exists', { details: { keyId, reason: 'ERR_KEY_EXISTS' } });
    return this.insert(keyId, 1, algorithm);
  }

  async rotate(keyId: string): Promise<KeyInfo> {
    const latest = await this.info(keyId);
    if (!latest) throw new AppError('ERR_NOT_FOUND', 'no such key', { details: { keyId } });
    return this.insert(keyId, latest.version + 1, latest.algorithm);
  }

  async setCertificateChain(keyId: string, version: number, chain: Uint8Array[]): Promise<void> {
    const encoded = JSON.stringify(chain.map((c) => Buffer.from(c).toString('base64')));
    const n = await sqlCall(() => this.knex('vault_keys').where({ key_id: keyId, version }).update({ certificate_chain: encoded }));
    if (!n) throw new AppError('ERR_NOT_FOUND', 'no such key version', { details: { keyId, version } });
  }

  async info(keyId: string, version?: number): Promise<KeyInfo | null> {
    const row = await this.row(keyId, version);
    return row ? toInfo(row) : null;
  }

  async versions(keyId: string): Promise<KeyInfo[]> {
    const rows = await sqlCall(() => this.knex<Row>('vault_keys').where({ key_id: keyId }).orderBy('version', 'asc'));
    return rows.map(toInfo);
  }

  async signerFor(keyId: string, version?: number): Promise<Signer> {
    const row = await this.requireRow(keyId, version);
    if (row.algorithm !== 'sm2') throw new AppError('ERR_VALIDATION', 'not an SM2 key', { details: { keyId } });
    const info = toInfo(row);
    return softwareSigner(`${keyId}#${row.version}`, this.unwrap(row), info.certificateChain);
  }

  async exportPrivateKey(keyId: string, version?: number): Promise<Uint8Array> {
    const row = await this.requireRow(keyId, version);
    if (row.algorithm === 'sm2') throw new AppError('ERR_FORBIDDEN', 'SM2 keys sign inside the vault', { details: { keyId } });
    return this.unwrap(row);
  }

  private async insert(keyId: string, version: number, algorithm: KeyAlgorithm): Promise<KeyInfo> {
    if (!KEY_ID.test(keyId)) throw new AppError('ERR_VALIDATION', 'bad key id', { details: { keyId } });
    const { publicKey, privateKey } = generate(algorithm);
    const row: Row = {
      key_id: keyId, version, algorithm,
      public_key: Buffer.from(publicKey),
      wrapped_private: Buffer.from(sm4Encrypt(this.kek().current.id, this.kek().current.key, privateKey, aadOf(keyId, version, algorithm))),
      certificate_chain: '[]',
      created_at: this.clock.now().toISOString(),
    };
    privateKey.fill(0);
    try {
      await sqlCall(() => this.knex('vault_keys').insert(row));
    } catch (e) {
      if (isDuplicateKey(e)) throw new AppError('ERR_CONFLICT', 'key version exists', { details: { keyId, version, reason: 'ERR_KEY_EXISTS' } });
      throw e;
    }
    return toInfo(row);
  }

  private async row(keyId: string, version?: number): Promise<Row | undefined> {
    const q = this.knex<Row>('vault_keys').where({ key_id: keyId });
    return sqlCall(() => (version === undefined ? q.orderBy('version', 'desc').first() : q.andWhere({ version }).first()));
  }

  private async requireRow(keyId: string, version?: number): Promise<Row> {
    const row = await this.row(keyId, version);
    if (!row) throw new AppError('ERR_NOT_FOUND', 'no such key', { details: { keyId, version } });
    return row;
  }

  private unwrap(row: Row): Uint8Array {
    try {
      return sm4Decrypt((id) => this.kek().get(id), row.wrapped_private, aadOf(row.key_id, Number(row.version), row.algorithm));
    } catch (e) {
      // A wrong or missing key-encryption key, or a tampered row: never fall back to anything.
      if (isCryptoError(e)) throw new AppError('ERR_NOT_READY', 'key cannot be unwrapped', { cause: e, details: { keyId: row.key_id, code: e.code } });
      throw e;
    }
  }
}

function toInfo(row: Row): KeyInfo {
  const chain = (JSON.parse(row.certificate_chain) as string[]).map((c) => new Uint8Array(Buffer.from(c, 'base64')));
  return {
    keyId: row.key_id, version: Number(row.version), algorithm: row.algorithm as KeyAlgorithm,
    publicKey: new Uint8Array(row.public_key), certificateChain: chain, createdAt: row.created_at,
  };
}

