// The gRPC-Web clients, generated from proto/ (src/gen, by `buf generate`), speaking to the server that
// served this page: same origin, HTTP/1.1. Market data needs no key; Merchant calls carry
// `authorization: Bearer <key>`, and only they do: the key is never sent where it is not needed.

import { Code, ConnectError, createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { MarketData } from "./gen/pointsexchange/v1/market_data_pb";
import { Merchant } from "./gen/pointsexchange/v1/merchant_pb";

export type MarketClient = Client<typeof MarketData>;
export type MerchantClient = Client<typeof Merchant>;

const origin = window.location.origin;

export const marketData: MarketClient = createClient(MarketData, createGrpcWebTransport({ baseUrl: origin }));

/** A Merchant client bound to one key, which it keeps in this closure only. */
export function merchantClient(apiKey: string): MerchantClient {
  const bearer: Interceptor = (next) => (request) => {
    request.header.set("authorization", `Bearer ${apiKey}`);
    return next(request);
  };
  return createClient(Merchant, createGrpcWebTransport({ baseUrl: origin, interceptors: [bearer] }));
}

/** The gRPC status code of a failed call (UNKNOWN for anything that is not a ConnectError). */
export function codeOf(error: unknown): Code {
  return error instanceof ConnectError ? error.code : Code.Unknown;
}

/** "UNIMPLEMENTED: Method is unimplemented." — the status as the contract names it, then the server's words. */
export function describe(error: unknown): string {
  if (error instanceof ConnectError) {
    const name = Code[error.code].replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
    return error.rawMessage ? `${name}: ${error.rawMessage}` : name;
  }
  return error instanceof Error ? error.message : String(error);
}

export { Code };
