// Display formatting. Prices and amounts arrive as exact integers (bigint); a rate is the exact ratio of
// two of them (price / lot_size), rounded only when it is written out, never before.

import type { Timestamp } from "@bufbuild/protobuf/wkt";

const grouped = new Intl.NumberFormat("en-US");

/** Whole points or lots with thousands separators: 1234567n -> "1,234,567". */
export function points(value: bigint | number): string {
  return grouped.format(value);
}

/**
 * numerator / denominator as a decimal string, rounded half up to at most `digits` decimals, trailing
 * zeros dropped: ratio(135n, 100n) -> "1.35", ratio(100n, 120n) -> "0.8333". "–" when undefined.
 */
export function ratio(numerator: bigint, denominator: bigint, digits = 4): string {
  if (denominator === 0n || numerator < 0n || denominator < 0n) {
    return "–";
  }
  const scale = 10n ** BigInt(digits);
  const scaled = (numerator * scale * 2n + denominator) / (denominator * 2n);
  const whole = scaled / scale;
  const fraction = (scaled % scale).toString().padStart(digits, "0").replace(/0+$/, "");
  return fraction.length > 0 ? `${points(whole)}.${fraction}` : points(whole);
}

/** The human rate of a pair: QUOTE points per BASE point. */
export function rate(price: bigint, lotSize: bigint): string {
  return price > 0n ? ratio(price, lotSize) : "–";
}

/** A decimal fraction such as Ticker.change_24h ("0.125") as a signed percentage ("+12.5%"). */
export function percent(fraction: string): string {
  const value = Number(fraction);
  if (!Number.isFinite(value) || fraction === "") {
    return "–";
  }
  const text = `${(value * 100).toFixed(2).replace(/\.?0+$/, "")}%`;
  return value > 0 ? `+${text}` : text;
}

/** Seconds since the epoch of a protobuf Timestamp (0 when absent). */
export function seconds(time: Timestamp | undefined): number {
  return time === undefined ? 0 : Number(time.seconds);
}

/** Local wall-clock time of day: "14:03:07". */
export function clock(time: Timestamp | undefined): string {
  if (time === undefined) {
    return "";
  }
  return new Date(seconds(time) * 1000 + Math.floor(time.nanos / 1e6)).toLocaleTimeString("en-GB", { hour12: false });
}
