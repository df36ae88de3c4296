// Candles of the selected pair (TradingView's lightweight-charts, bundled: nothing is loaded from
// elsewhere). The chart shows the rate, QUOTE points per BASE point (price / lot_size): floating point
// is fine for drawing; every number written as text comes from the exact integers.

import {
  CandlestickSeries,
  ColorType,
  createChart,
  HistogramSeries,
  type CandlestickData,
  type HistogramData,
  type IChartApi,
  type ISeriesApi,
  type UTCTimestamp,
} from "lightweight-charts";
import type { Candle, Pair } from "../gen/pointsexchange/v1/common_pb";

const up = "#26a69a";
const down = "#ef5350";

export class CandleChart {
  private readonly chart: IChartApi;
  private readonly candles: ISeriesApi<"Candlestick">;
  private readonly volume: ISeriesApi<"Histogram">;
  private lastTime = 0;
  private lotSize = 1;

  constructor(container: HTMLElement) {
    this.chart = createChart(container, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: "transparent" }, textColor: "#9aa4b2", fontFamily: "inherit" },
      grid: { vertLines: { color: "#1f2630" }, horzLines: { color: "#1f2630" } },
      rightPriceScale: { borderColor: "#2a3340" },
      timeScale: { borderColor: "#2a3340", timeVisible: true, secondsVisible: false, rightOffset: 4, barSpacing: 12 },
      crosshair: { mode: 0 },
    });
    this.candles = this.chart.addSeries(CandlestickSeries, {
      upColor: up,
      downColor: down,
      borderVisible: false,
      wickUpColor: up,
      wickDownColor: down,
      priceFormat: { type: "price", precision: 4, minMove: 0.0001 },
    });
    this.volume = this.chart.addSeries(HistogramSeries, { priceScaleId: "volume", priceFormat: { type: "volume" }, lastValueVisible: false, priceLineVisible: false });
    this.chart.priceScale("volume").applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
  }

  /** Replaces everything: a new pair or interval, or a batch from GetCandles. */
  show(pair: Pair, candles: ReadonlyArray<readonly [number, Candle]>): void {
    this.lotSize = Number(pair.lotSize);
    this.candles.setData(candles.map(([time, c]) => this.bar(time, c)));
    this.volume.setData(candles.map(([time, c]) => this.volumeBar(time, c)));
    this.lastTime = candles.at(-1)?.[0] ?? 0;
    if (candles.length > 0) {
      this.chart.timeScale().scrollToRealTime();
    }
  }

  /** One streamed candle: the current one moves, a new one is appended. */
  update(time: number, candle: Candle): void {
    const historical = time < this.lastTime;
    this.candles.update(this.bar(time, candle), historical);
    this.volume.update(this.volumeBar(time, candle), historical);
    this.lastTime = Math.max(this.lastTime, time);
  }

  private bar(time: number, c: Candle): CandlestickData {
    const r = (price: bigint) => Number(price) / this.lotSize;
    return { time: time as UTCTimestamp, open: r(c.open), high: r(c.high), low: r(c.low), close: r(c.close) };
  }

  private volumeBar(time: number, c: Candle): HistogramData {
    return { time: time as UTCTimestamp, value: Number(c.volume), color: c.close >= c.open ? `${up}80` : `${down}80` };
  }
}
