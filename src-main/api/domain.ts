import { calls, type DomainMethod, type Method } from '../../src-shared/contract';
import { DOMAINS, type DomainName } from '../../src-shared/contract/kit';
import { CallFailure } from '../../src-shared/domain/errors';
import type { Handler, Handlers } from './context';

/** The handlers of one domain: exactly the calls its contract module declares, derived from the names. */
export type DomainHandlers<D extends DomainName> = { [M in DomainMethod<D>]: Handler<M> };

/**
 * One domain of the core, as its folder's `index.ts` registers it: its handlers, and what it does
 * when the core starts, ticks (once a second on the core's clock) and stops. Its ports, the typed
 * interfaces other domains may use, are returned next to it by the domain's factory.
 */
export interface Domain<D extends DomainName = DomainName> {
  readonly name: D;
  readonly handlers: DomainHandlers<D>;
  start?(): void | Promise<void>;
  tick?(): void;
  stop?(): void | Promise<void>;
}

/** Registers a domain; throws when a handler is missing, extra, or outside the domain's names. */
export function defineDomain<D extends DomainName>(name: D, parts: Omit<Domain<D>, 'name'>): Domain<D> {
  const declared = Object.keys(calls).filter((method) => method.startsWith(`${name}.`));
  const given = Object.keys(parts.handlers);
  for (const method of given) {
    if (!declared.includes(method)) throw new Error(`The ${name} domain handles "${method}", which its contract does not declare.`);
  }
  for (const method of declared) {
    if (!given.includes(method)) throw new Error(`The ${name} domain has no handler for "${method}".`);
  }
  return { name, ...parts };
}

/** Any domain, whatever its name: what the core keeps in its list. */
export interface AnyDomain {
  readonly name: DomainName;
  readonly handlers: object;
  start?(): void | Promise<void>;
  tick?(): void;
  stop?(): void | Promise<void>;
}

type MissingDomains<T extends readonly AnyDomain[]> = Exclude<DomainName, T[number]['name']>;

/**
 * Joins the domains' handlers into the router's map. A domain registered twice, or one missing, is a
 * programming error: the compiler names a missing one, and this throws on both at start.
 */
export function combineDomains<const T extends readonly AnyDomain[]>(
  domains: T & (MissingDomains<T> extends never ? unknown : { missingDomains: MissingDomains<T> }),
): Handlers {
  const { handlers, seen } = joinHandlers(domains as readonly AnyDomain[]);
  for (const name of DOMAINS) if (!seen.has(name)) throw new Error(`The ${name} domain is not registered.`);
  return handlers as Handlers;
}

/**
 * For a test core that wires only the domains a suite needs, from their own factories and exactly
 * as the Core wires them (the devices tests use auth, audit and devices): their handlers joined as
 * `combineDomains` joins them, and every call of a domain left out answering UNKNOWN_METHOD with the
 * domain's name. Tests only; the Core uses `combineDomains`, which holds it to every domain.
 */
export function combineSomeDomains(domains: readonly AnyDomain[]): Handlers {
  const { handlers } = joinHandlers(domains);
  for (const method of Object.keys(calls) as Method[]) {
    handlers[method] ??= () => {
      throw new CallFailure({ code: 'UNKNOWN_METHOD', message: `This core leaves out the ${method.split('.')[0]} domain, which answers "${method}".` });
    };
  }
  return handlers as Handlers;
}

/** The domains' handlers in one map; a domain registered twice, or a call handled twice, throws. */
function joinHandlers(domains: readonly AnyDomain[]): { handlers: Partial<Record<Method, unknown>>; seen: ReadonlySet<string> } {
  const handlers: Partial<Record<Method, unknown>> = {};
  const seen = new Set<string>();
  for (const domain of domains) {
    if (seen.has(domain.name)) throw new Error(`The ${domain.name} domain is registered twice.`);
    seen.add(domain.name);
    for (const [method, handler] of Object.entries(domain.handlers)) {
      if (handlers[method as Method]) throw new Error(`The call "${method}" is handled twice.`);
      handlers[method as Method] = handler;
    }
  }
  return { handlers, seen };
}
