using Npgsql;

namespace PointsExchange.Ledger;

public sealed partial class PostgresLedger
{
    /// <summary>
    /// OHLCV bars of a pair's committed trades, <paramref name="width"/> wide, aligned to the Unix epoch (so a
    /// day starts at UTC midnight), for bars opening in [start, end); only bars with trades, oldest first.
    /// </summary>
    public async Task<IReadOnlyList<CandleRow>> CandlesAsync(int pairId, TimeSpan width, DateTime start, DateTime end, int limit,
        CancellationToken cancel = default)
    {
        await using var command = DataSource.CreateCommand("""
            select date_bin($2, executed_at, timestamptz 'epoch') as bar,
                   (array_agg(price order by trade_id))[1], max(price), min(price), (array_agg(price order by trade_id desc))[1],
                   sum(quantity)::bigint, sum(quote_amount)::bigint
              from trades
             where pair_id = $1 and executed_at >= date_bin($2, $3, timestamptz 'epoch') and executed_at < $4
             group by bar order by bar limit $5
            """);
        foreach (var value in new object[] { pairId, width, start, end, limit })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await using var reader = await command.ExecuteReaderAsync(cancel);
        var rows = new List<CandleRow>();
        while (await reader.ReadAsync(cancel))
        {
            rows.Add(new CandleRow(reader.GetDateTime(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.GetInt64(6)));
        }

        return rows;
    }

    /// <summary>An account's orders among <paramref name="orderIds"/>, by id.</summary>
    public Task<IReadOnlyList<OrderRecord>> OrdersByIdAsync(long accountId, long[] orderIds, CancellationToken cancel = default) =>
        OrdersAsync(OrderSelect + " where account_id = $1 and order_id = any($2) order by order_id", cancel, accountId, orderIds);

    /// <summary>An account's sides of the trades among <paramref name="tradeIds"/>, oldest first.</summary>
    public Task<IReadOnlyList<FillRecord>> FillsByTradeIdAsync(long accountId, long[] tradeIds, CancellationToken cancel = default) =>
        FillsAsync("t.trade_id = any($2) order by t.trade_id", cancel, accountId, tradeIds);
}

/// <summary>One OHLCV bar: prices in QUOTE points per lot, volume in lots, quote volume in QUOTE points.</summary>
public sealed record CandleRow(DateTime OpenTime, long Open, long High, long Low, long Close, long Volume, long QuoteVolume);
