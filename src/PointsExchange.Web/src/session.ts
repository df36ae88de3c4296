// A merchant's sign-in. The API key lives in this tab only: in memory, and in sessionStorage so that a
// reload keeps the merchant signed in; never in the URL, localStorage, a cookie or a log line. Signing
// out (or closing the tab) forgets it.
//
// The contract has no "who am I" call, so the page finds the merchant's currencies by asking
// Merchant.GetCurrencyStats for each currency that trades: the server answers PERMISSION_DENIED for
// another merchant's points. A merchant whose points are on no pair yet types its currency code.

import { Code, codeOf, describe, merchantClient, type MerchantClient } from "./api";
import type { CurrencyStats } from "./gen/pointsexchange/v1/merchant_pb";

const storageKey = "px.dashboard.apiKey";

export interface MerchantSession {
  readonly client: MerchantClient;
  /** The merchant's own currencies, with their stats at sign-in. */
  readonly stats: ReadonlyMap<string, CurrencyStats>;
}

export class SignInError extends Error {}

/** The key this tab signed in with earlier, if any. */
export function rememberedKey(): string | null {
  return sessionStorage.getItem(storageKey);
}

export function forgetKey(): void {
  sessionStorage.removeItem(storageKey);
}

/**
 * Checks the key against the server and finds the merchant's currencies among `candidates` (or the one
 * typed in). Remembers the key for this tab only when it works.
 */
export async function signIn(apiKey: string, candidates: readonly string[], typedCurrency: string): Promise<MerchantSession> {
  const key = apiKey.trim();
  if (key.length === 0) {
    throw new SignInError("Enter the merchant's API key.");
  }
  const client = merchantClient(key);
  const codes = typedCurrency.trim() !== "" ? [typedCurrency.trim().toUpperCase()] : candidates;
  const answers = await Promise.allSettled(codes.map((currency) => client.getCurrencyStats({ currency })));

  const stats = new Map<string, CurrencyStats>();
  const refusals: unknown[] = [];
  answers.forEach((answer, i) => {
    if (answer.status === "fulfilled") {
      stats.set(codes[i] ?? answer.value.currency, answer.value);
    } else {
      refusals.push(answer.reason);
    }
  });
  if (stats.size > 0) {
    sessionStorage.setItem(storageKey, key);
    return { client, stats };
  }

  const unauthenticated = refusals.find((e) => codeOf(e) === Code.Unauthenticated);
  if (unauthenticated !== undefined) {
    throw new SignInError(`The server refused the key (${describe(unauthenticated)}).`);
  }
  const other = refusals.find((e) => codeOf(e) !== Code.PermissionDenied && codeOf(e) !== Code.NotFound);
  if (other !== undefined) {
    throw new SignInError(`Sign-in failed: ${describe(other)}`);
  }
  const notMerchant = refusals.find((e) => describe(e).includes("MERCHANT key"));
  if (notMerchant !== undefined) {
    throw new SignInError(`This is not a merchant key (${describe(notMerchant)}).`);
  }
  throw new SignInError(
    typedCurrency.trim() !== ""
      ? `No such currency of this merchant: ${describe(refusals[0])}`
      : "This merchant's points are on no pair yet: type the currency code to see its stats.",
  );
}
