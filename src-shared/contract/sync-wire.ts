import { z } from 'zod';
import { RoleSchema } from '../domain/schemas';

/**
 * The HTTP protocol between a terminal and the hosted sync server (src-main/sync-server), parsed
 * with zod on both sides: the server parses every body it receives, the terminal every answer.
 * Hashes travel as lowercase hex; a payload travels as the exact JSON text the terminal hashed, so
 * the server can check the chain byte for byte.
 */

export const SYNC_PROTOCOL_VERSION = 1;
/** Events per push at most: one transaction each, a few hundred kilobytes. */
export const MAX_PUSH_EVENTS = 5000;
/** A payload's JSON text at most (characters). */
export const MAX_PAYLOAD_CHARS = 64 * 1024;

const hex32 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hash in lowercase hex');
export const TerminalIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/);
export const OrgIdSchema = z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9-]*$/);

export const WireEventSchema = z.object({
  seq: z.number().int().min(1),
  ts: z.number().int(),
  actor: z.string().max(128).nullable(),
  type: z.string().min(1).max(128),
  payload: z.string().max(MAX_PAYLOAD_CHARS),
  prevHash: hex32,
  hash: hex32,
});
export type WireEvent = z.infer<typeof WireEventSchema>;

export const PushBodySchema = z.object({
  terminalId: TerminalIdSchema,
  events: z.array(WireEventSchema).min(1).max(MAX_PUSH_EVENTS),
});
export type PushBody = z.infer<typeof PushBodySchema>;

/** 200: the batch is stored (or was already). `acked` is the terminal's last stored sequence. */
export const PushAnswerSchema = z.object({ acked: z.number().int().min(0), stored: z.number().int().min(0), skipped: z.number().int().min(0) });
export type PushAnswer = z.infer<typeof PushAnswerSchema>;

/**
 * Refusals, each with a code the terminal acts on: `gap` names the sequence the server expects
 * next (the terminal resends from there); `conflict` a sequence the server holds with other
 * content (the terminal stops and shows it: never resolved silently); `chain_broken` a row whose
 * hash does not extend the chain.
 */
export const SyncErrorSchema = z.object({
  code: z.enum(['gap', 'conflict', 'chain_broken', 'unauthorised', 'forbidden', 'revoked', 'invalid', 'not_found', 'code_used', 'unavailable']),
  expected: z.number().int().optional(),
  seq: z.number().int().optional(),
  issues: z.array(z.string()).optional(),
});
export type SyncError = z.infer<typeof SyncErrorSchema>;

export const EnrolBodySchema = z.object({
  code: z.string().min(8).max(128),
  terminalId: TerminalIdSchema,
  name: z.string().min(1).max(128),
});
export const EnrolAnswerSchema = z.object({ orgId: OrgIdSchema, token: z.string().min(32).max(256), acked: z.number().int().min(0) });
export type EnrolAnswer = z.infer<typeof EnrolAnswerSchema>;

/** What is published centrally and pulled by every terminal of the organisation. */
export const CentralKindSchema = z.enum(['settings', 'risk_limits', 'accounts', 'layouts']);
export type CentralKind = z.infer<typeof CentralKindSchema>;

export const CentralItemSchema = z.object({
  kind: CentralKindSchema,
  key: z.string().min(1).max(128),
  version: z.number().int().min(1),
  /** null: the item was withdrawn. */
  value: z.unknown().nullable(),
});
export type CentralItem = z.infer<typeof CentralItemSchema>;

/** Cursor: an opaque position (a transaction id bound); '0' at first. */
export const PullAnswerSchema = z.object({ items: z.array(CentralItemSchema), cursor: z.string().regex(/^[0-9]+$/) });
export type PullAnswer = z.infer<typeof PullAnswerSchema>;

export const PublishBodySchema = z.object({
  kind: CentralKindSchema,
  key: z.string().min(1).max(128),
  value: z.unknown().nullable(),
  /** The version the admin edited; a different current version is a conflict, not an overwrite. */
  baseVersion: z.number().int().min(0).optional(),
});

export const ConflictReportSchema = z.object({
  kind: CentralKindSchema,
  key: z.string().min(1).max(128),
  serverVersion: z.number().int().min(1),
  resolution: z.enum(['server_won', 'terminal_kept']),
});

export const CreateCodeBodySchema = z.object({ ttlMinutes: z.number().int().min(1).max(7 * 24 * 60).default(60) });
export const CreateUserBodySchema = z.object({ username: z.string().min(3).max(64), role: RoleSchema });

export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** From the previous page's `next`. */
  before: z.string().max(256).optional(),
  terminalId: TerminalIdSchema.optional(),
  type: z.string().max(128).optional(),
});

export const CentralEventSchema = z.object({
  terminalId: z.string(),
  seq: z.number().int(),
  ts: z.number().int(),
  actor: z.string().nullable(),
  type: z.string(),
  payload: z.unknown(),
});
export const EventPageSchema = z.object({ rows: z.array(CentralEventSchema), next: z.string().nullable() });

export const CentralTradeSchema = z.object({
  terminalId: z.string(),
  tradeId: z.number().int(),
  productId: z.string(),
  price: z.number().int(),
  quantity: z.number().int(),
  ts: z.number().int(),
  buyer: z.string().nullable(),
  seller: z.string().nullable(),
});
export const TradePageSchema = z.object({ rows: z.array(CentralTradeSchema), next: z.string().nullable() });

/** A trader's net position in a product on one terminal, with cash flow and P&L marked at the last trade price (ticks × lots). */
export const CentralPositionSchema = z.object({
  terminalId: z.string(),
  trader: z.string(),
  productId: z.string(),
  net: z.number().int(),
  cash: z.number().int(),
  markPrice: z.number().int(),
  pnl: z.number().int(),
});
export const PositionsSchema = z.object({ rows: z.array(CentralPositionSchema) });
