import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyTypeProvider } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { ADMIN_ROLES, RISK_ROLES } from '../../src-shared/contract/kit';
import {
  ConflictReportSchema,
  CreateCodeBodySchema,
  CreateUserBodySchema,
  EnrolBodySchema,
  PageQuerySchema,
  PublishBodySchema,
  PushBodySchema,
  SYNC_PROTOCOL_VERSION,
  TerminalIdSchema,
  type SyncError,
} from '../../src-shared/contract/sync-wire';
import type { Role } from '../../src-shared/domain/schemas';
import { createEnrolmentCode, createUser, enrol, listTerminals, revokeTerminal, terminalByToken, userByKey, type ServerTerminal, type ServerUser } from './accounts';
import { listConflicts, publish, pull, reportConflict } from './central';
import { audit } from './db';
import { auditPage, positions, tradesPage } from './desk-views';
import { pushBatch } from './push';

/** Types a route's body, query and params from its zod schemas; the validator compiler below runs them. */
interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.infer<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.infer<this['schema']> : unknown;
}

const CursorQuerySchema = z.object({ cursor: z.string().regex(/^[0-9]{1,20}$/).default('0') });
const TerminalParamsSchema = z.object({ id: TerminalIdSchema });
const LimitQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

/** Batches of up to 5,000 events of up to 64 KiB each are far smaller in practice; this bounds the worst. */
const BODY_LIMIT = 32 * 1024 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    terminal?: ServerTerminal;
    user?: ServerUser;
  }
}

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) return null;
  const token = header.slice('Bearer '.length).trim();
  return token.length >= 16 && token.length <= 256 ? token : null;
}

function send(reply: FastifyReply, status: number, error: SyncError): FastifyReply {
  return reply.code(status).send(error);
}

/**
 * The sync server's HTTP API. Stateless: every request reads and writes PostgreSQL only, so any
 * number of instances can serve behind a load balancer. Terminals authenticate with their device
 * token, people with their API key; roles are checked here, on every call, and refusals audited.
 */
export function buildSyncApp(pool: pg.Pool, options: { logger?: boolean } = {}): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: BODY_LIMIT }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(({ schema }) => (data: unknown) => {
    const parsed = (schema as z.ZodType).safeParse(data);
    return parsed.success ? { value: parsed.data } : { error: new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')) };
  });

  app.setErrorHandler((error: Error & { validation?: unknown; statusCode?: number; code?: string }, _request, reply) => {
    if (error.validation || error.code === 'FST_ERR_VALIDATION') return send(reply, 400, { code: 'invalid', issues: [error.message] });
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return send(reply, error.statusCode, { code: 'invalid', issues: [error.message] });
    // The database is away (restart, failover): the client retries the same batch later.
    return send(reply, 503, { code: 'unavailable' });
  });

  const asTerminal = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const token = bearer(request);
    const auth = token ? await terminalByToken(pool, token) : ({ ok: false, error: { code: 'unauthorised' } } as const);
    if (!auth.ok) {
      await audit(pool, null, null, 'terminal.auth_refused', { code: auth.error.code, path: request.url.split('?')[0] });
      await send(reply, auth.error.code === 'revoked' ? 403 : 401, auth.error);
      return;
    }
    request.terminal = auth.terminal;
  };

  const asUser = (roles: readonly Role[]) => async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const key = bearer(request);
    const user = key ? await userByKey(pool, key) : null;
    if (!user) {
      await audit(pool, null, null, 'user.auth_refused', { path: request.url.split('?')[0] });
      await send(reply, 401, { code: 'unauthorised' });
      return;
    }
    if (!roles.includes(user.role)) {
      await audit(pool, user.orgId, user.username, 'user.role_refused', { path: request.url.split('?')[0], role: user.role });
      await send(reply, 403, { code: 'forbidden' });
      return;
    }
    request.user = user;
  };

  app.get('/v1/health', async () => {
    await pool.query('SELECT 1');
    return { ok: true, protocol: SYNC_PROTOCOL_VERSION };
  });

  // ---- terminals -------------------------------------------------------------------------------

  app.post('/v1/enrol', { schema: { body: EnrolBodySchema } }, async (request, reply) => {
    const outcome = await enrol(pool, request.body.code, request.body.terminalId, request.body.name);
    return outcome.ok ? outcome.answer : send(reply, outcome.status, outcome.error);
  });

  app.post('/v1/push', { schema: { body: PushBodySchema }, onRequest: asTerminal }, async (request, reply) => {
    const terminal = request.terminal!;
    // A terminal pushes its own log only: the token names the terminal, the body must agree.
    if (request.body.terminalId !== terminal.id) {
      await audit(pool, terminal.orgId, `terminal:${terminal.id}`, 'push.refused', { code: 'forbidden', claimed: request.body.terminalId });
      return send(reply, 403, { code: 'forbidden' });
    }
    const outcome = await pushBatch(pool, terminal, request.body);
    return outcome.ok ? outcome.answer : send(reply, outcome.status, outcome.error);
  });

  app.get('/v1/pull', { schema: { querystring: CursorQuerySchema }, onRequest: asTerminal }, async (request) => pull(pool, request.terminal!, request.query.cursor));

  app.post('/v1/conflicts', { schema: { body: ConflictReportSchema }, onRequest: asTerminal }, async (request, reply) => {
    await reportConflict(pool, request.terminal!, request.body);
    return reply.code(204).send();
  });

  // ---- administrators --------------------------------------------------------------------------

  app.post('/v1/admin/enrolment-codes', { schema: { body: CreateCodeBodySchema }, onRequest: asUser(ADMIN_ROLES) }, async (request) =>
    createEnrolmentCode(pool, request.user!, request.body.ttlMinutes),
  );

  app.post('/v1/admin/users', { schema: { body: CreateUserBodySchema }, onRequest: asUser(ADMIN_ROLES) }, async (request) =>
    createUser(pool, request.user!, request.body.username, request.body.role),
  );

  app.post('/v1/admin/terminals/:id/revoke', { schema: { params: TerminalParamsSchema }, onRequest: asUser(ADMIN_ROLES) }, async (request, reply) => {
    const done = await revokeTerminal(pool, request.user!, request.params.id);
    return done ? reply.code(204).send() : send(reply, 404, { code: 'not_found' });
  });

  app.put('/v1/admin/items', { schema: { body: PublishBodySchema }, onRequest: asUser(ADMIN_ROLES) }, async (request, reply) => {
    const outcome = await publish(pool, request.user!, request.body.kind, request.body.key, request.body.value, request.body.baseVersion);
    return outcome.ok ? { version: outcome.version } : send(reply, outcome.status, outcome.error);
  });

  app.get('/v1/admin/conflicts', { schema: { querystring: LimitQuerySchema }, onRequest: asUser(ADMIN_ROLES) }, async (request) => ({
    rows: await listConflicts(pool, request.user!.orgId, request.query.limit),
  }));

  // ---- the central view (risk managers and administrators) -------------------------------------

  app.get('/v1/central/terminals', { onRequest: asUser(RISK_ROLES) }, async (request) => ({ rows: await listTerminals(pool, request.user!.orgId) }));
  app.get('/v1/central/positions', { onRequest: asUser(RISK_ROLES) }, async (request) => ({ rows: await positions(pool, request.user!.orgId) }));
  app.get('/v1/central/trades', { schema: { querystring: PageQuerySchema }, onRequest: asUser(RISK_ROLES) }, async (request) => tradesPage(pool, request.user!.orgId, request.query));
  app.get('/v1/central/audit', { schema: { querystring: PageQuerySchema }, onRequest: asUser(RISK_ROLES) }, async (request) => auditPage(pool, request.user!.orgId, request.query));

  return app;
}
