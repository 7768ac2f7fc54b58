import { z } from 'zod';
import { ADMIN_ROLES, call, defineCalls, defineEvents, event } from './kit';
import { PasswordSchema, RoleSchema, type SessionView, shortText, type UserView, UsernameSchema } from '../domain/schemas';

/** Auth: first-run setup, sign-in and sessions, passwords, and the administrator's user accounts. */

const empty = z.object({}).strict();

/** Who must sign in with a second factor: the administrators' choice. */
export const TotpRequirementSchema = z.enum(['nobody', 'admins', 'everyone']);
export type TotpRequirement = z.infer<typeof TotpRequirementSchema>;

export interface AuthSettingsView {
  requireTotp: TotpRequirement;
  /** New passwords must be at least this long; common passwords are always refused. */
  minPasswordLength: number;
}
const userId = z.number().int().positive();

export const authCalls = defineCalls('auth', {
  /** `now` is the core's clock: screens on another machine count down to gates by it, not by their own. */
  'auth.status': call<{ needsSetup: boolean; terminalId: string; version: string; now: number }>()({
    input: empty,
    access: 'public',
    mutates: false,
  }),
  'auth.setup': call<SessionView>()({
    input: z
      .object({
        setupToken: z.string().max(128).optional(),
        username: UsernameSchema,
        displayName: shortText(64),
        password: PasswordSchema,
      })
      .strict(),
    access: 'public',
    mutates: true,
  }),
  'auth.login': call<SessionView>()({
    input: z
      .object({
        username: z.string().min(1).max(64),
        password: z.string().min(1).max(256),
        /** The one-time administrator unlock link's token, issued on the terminal's own machine. */
        unlockToken: z.string().min(1).max(128).optional(),
        /** The six-digit TOTP code, or a recovery code, for an account enrolled in two-factor sign-in. */
        totpCode: z.string().min(1).max(32).optional(),
      })
      .strict(),
    access: 'public',
    mutates: true,
  }),
  'auth.resume': call<SessionView>()({
    input: z.object({ token: z.string().min(1).max(128) }).strict(),
    access: 'public',
    mutates: false,
  }),
  'auth.logout': call<{ done: true }>()({ input: empty, access: 'session', mutates: true }),
  'auth.changePassword': call<{ done: true }>()({
    input: z.object({ currentPassword: z.string().min(1).max(256), newPassword: PasswordSchema }).strict(),
    access: 'session',
    mutates: true,
  }),

  /**
   * Signs in with a one-time reset code an administrator handed over, setting the new password in the
   * same step: nothing else can happen before the password is replaced.
   */
  'auth.redeemReset': call<SessionView>()({
    input: z
      .object({ username: z.string().min(1).max(64), code: z.string().min(1).max(64), newPassword: PasswordSchema, totpCode: z.string().min(1).max(32).optional() })
      .strict(),
    access: 'public',
    mutates: true,
  }),

  'auth.totp.status': call<{ enrolled: boolean; required: boolean }>()({ input: empty, access: 'session', mutates: false }),
  /** A new secret, pending until `auth.totp.confirm`: its QR code (data URL) and the key to type by hand. */
  'auth.totp.begin': call<{ secret: string; uri: string; qr: string }>()({ input: empty, access: 'session', mutates: true }),
  /** The first code from the app confirms enrolment; the ten recovery codes are shown this once. */
  'auth.totp.confirm': call<{ recoveryCodes: string[] }>()({
    input: z.object({ code: z.string().min(1).max(16) }).strict(),
    access: 'session',
    mutates: true,
  }),

  'auth.settings.get': call<AuthSettingsView>()({ input: empty, access: ADMIN_ROLES, mutates: false }),
  /** Fields left out keep their value. The minimum length is never below today's 10. */
  'auth.settings.set': call<AuthSettingsView>()({
    input: z
      .object({ requireTotp: TotpRequirementSchema.optional(), minPasswordLength: z.number().int().min(10).max(256).optional() })
      .strict(),
    access: ADMIN_ROLES,
    mutates: true,
  }),

  'auth.users.list': call<UserView[]>()({ input: empty, access: ADMIN_ROLES, mutates: false }),
  'auth.users.create': call<UserView>()({
    input: z
      .object({ username: UsernameSchema, displayName: shortText(64), password: PasswordSchema, role: RoleSchema })
      .strict(),
    access: ADMIN_ROLES,
    mutates: true,
  }),
  'auth.users.setRole': call<UserView>()({
    input: z.object({ userId, role: RoleSchema }).strict(),
    access: ADMIN_ROLES,
    mutates: true,
  }),
  'auth.users.unlock': call<UserView>()({
    input: z.object({ userId }).strict(),
    access: ADMIN_ROLES,
    mutates: true,
  }),
  /** Disabling ends the account's sessions at once; enabling gives it back its password. */
  'auth.users.setDisabled': call<UserView>()({
    input: z.object({ userId, disabled: z.boolean() }).strict(),
    access: ADMIN_ROLES,
    mutates: true,
  }),
  /** A one-time reset code for the account, shown this once (only its hash is kept); replaces any earlier one. */
  'auth.users.resetPassword': call<{ code: string; expiresAt: number }>()({
    input: z.object({ userId }).strict(),
    access: ADMIN_ROLES,
    mutates: true,
  }),
  /** Removes the account's second factor (a lost phone): it signs in with its password until it enrols again. */
  'auth.users.resetTotp': call<UserView>()({
    input: z.object({ userId }).strict(),
    access: ADMIN_ROLES,
    mutates: true,
  }),
});

/** The only calls, besides the public ones, that a session which must first enrol in two-factor sign-in may make. */
export const CALLS_DURING_ENROLMENT: ReadonlySet<string> = new Set(['auth.logout', 'auth.totp.status', 'auth.totp.begin', 'auth.totp.confirm']);

export const authEvents = defineEvents('auth', {
  /** The receiving connection's session ended; it must sign in again. No private event follows. */
  'auth.sessionEnded': event<{ reason: 'logout' | 'expired' | 'locked' | 'role_changed' | 'password_changed' | 'disabled' }>(),
  /** To administrators: an account was added or changed, or locked by failed sign-ins; their Users panel reloads. */
  'auth.users.changed': event<{ userId: number }>(),
});
