using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PointsExchange.Engine;
using PointsExchange.Matching;

namespace PointsExchange.Ledger;

/// <summary>
/// The PostgreSQL ledger: the engine's commit port (one transaction per batch) and book source
/// (recovery), plus the administration, issuance and queries built on the same schema.
/// </summary>
public sealed partial class PostgresLedger : ICommitPort, IBookSource, IDisposable
{
    private readonly LedgerOptions _options;
    private readonly ConcurrentDictionary<int, PairInfo> _pairs = new();
    private readonly ConcurrentDictionary<string, int> _pairIds = new(StringComparer.Ordinal);

    // The fencing epoch this process holds per pair, taken when it loaded the book. Written by Load
    // (match or control thread), read by Commit (commit threads): a concurrent dictionary.
    private readonly ConcurrentDictionary<int, long> _epochs = new();

    // Balance rows known to exist (rows are never deleted): a batch whose balances all exist skips the
    // statement that creates missing ones, a round of index probes per account and currency.
    private readonly ConcurrentDictionary<(long Account, int Currency), bool> _balanceRows = new();

    // One plan per commit thread: shards commit in parallel, each on its own thread.
    private readonly ThreadLocal<SettlementPlan> _plans = new(() => new SettlementPlan());
    private readonly NpgsqlDataSource _lookupSource;
    private readonly NpgsqlDataSource _settleSource;
    private readonly ILogger _logger;
    private long _feeAccountId;

    // The outcome of the last priority request for a settlement backend (-1: none yet), logged when it changes.
    private int _lastPriority = -1;

    public PostgresLedger(LedgerOptions options, ILogger<PostgresLedger>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger ?? NullLogger<PostgresLedger>.Instance;
        if (options.SettlementNice is { } nice)
        {
            BackendPriority.CheckNice(nice);
        }

        // Auto-prepare: settlement runs the same dozen statements batch after batch; preparing them once per
        // physical connection saves their parse and plan on every batch.
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            ApplicationName = "pointsexchange",
            MaxAutoPrepare = 64,
            AutoPrepareMinUsages = 2,
            // Nothing here leaves session state behind (the migrator releases its advisory lock itself), so a
            // pooled connection is handed back as is instead of reset with three statements on its next use.
            NoResetOnClose = true,
        };
        DataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        // Settlement gets connections of its own on which every statement finds its rows by key: index probes
        // in nested loops, whatever the table statistics say. Left to itself, the plan a connection cached for
        // `update orders ... from unnest(...)` was made while the table was small, where a hash join over a
        // scan of the whole table looks cheapest, and stayed until autovacuum next analyzed the table (measured
        // on a 140,000-order table: 16 ms and 2,197 buffers per commit, 40 % of a core at 7,692/s). With only
        // key probes left, the generic plan is always right, so it is used every time: PostgreSQL otherwise
        // replanned the fence and the order update on every commit (measured at 2,000/s: 41 us of planning
        // per order, the fence's plan alone 117 us per commit).
        var settle = new NpgsqlDataSourceBuilder(VariantOf("pointsexchange-settle",
            "-c enable_seqscan=off -c enable_hashjoin=off -c enable_mergejoin=off -c plan_cache_mode=force_generic_plan"));
        if (options.SettlementNice is { } settlementNice)
        {
            settle.UsePhysicalConnectionInitializer(
                connection => Prioritise(connection, settlementNice),
                connection =>
                {
                    Prioritise(connection, settlementNice);
                    return Task.CompletedTask;
                });
        }

        _settleSource = settle.Build();
        // Order look-ups get connections of their own that always run the prepared statement's generic plan
        // (an index probe per key). By default PostgreSQL compares it with plans made for the actual arrays
        // and, a look-up of one key planning cheaper than the generic ten, replanned every call: measured
        // 4,058 plans in 5,644 calls, about 51 us of PostgreSQL time per order at 2,000/s.
        _lookupSource = Variant("pointsexchange-lookup", "-c plan_cache_mode=force_generic_plan");
        Recent = new RecentOrders(options.RecentOrders);
        Lookup = new OrderLookup(this);

        // The main data source's settings, under another name and with server settings of its own.
        NpgsqlDataSource Variant(string applicationName, string serverOptions) => NpgsqlDataSource.Create(VariantOf(applicationName, serverOptions));
        string VariantOf(string applicationName, string serverOptions) =>
            new NpgsqlConnectionStringBuilder(builder.ConnectionString) { ApplicationName = applicationName, Options = serverOptions }.ConnectionString;
    }

    /// <summary>
    /// A new settlement connection's backend gets the configured priority; the outcome is logged when it differs
    /// from the last. Nothing here may fail the connection: settlement runs at the default priority instead.
    /// </summary>
    private void Prioritise(NpgsqlConnection connection, int nice)
    {
        PriorityOutcome outcome;
        string detail;
        try
        {
            (outcome, detail) = BackendPriority.Apply(connection.ProcessID, nice, connection.UserName ?? "", connection.Database);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            (outcome, detail) = (PriorityOutcome.Refused, $"backend {connection.ProcessID}: {e.GetType().Name}: {e.Message}");
        }

        if (Interlocked.Exchange(ref _lastPriority, (int)outcome) == (int)outcome)
        {
            return;
        }

        if (outcome == PriorityOutcome.Refused)
        {
            _logger.LogWarning("Settlement runs at the default CPU priority: {Detail}", detail);
        }
        else
        {
            _logger.LogInformation("Settlement CPU priority: {Detail}", detail);
        }
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Orders by id or client order id: recent ones from memory, the others by queries shared by concurrent callers.</summary>
    public OrderLookup Lookup { get; }

    /// <summary>The orders this process settled lately, as committed.</summary>
    public RecentOrders Recent { get; }

    /// <summary>The exchange's fee account (created by the first migration).</summary>
    public long FeeAccountId => _feeAccountId != 0 ? _feeAccountId : throw new InvalidOperationException("call Open first");

    /// <summary>Applies the migrations and reads what every commit needs. Call once at start-up.</summary>
    public IReadOnlyList<int> Open()
    {
        EnsureDatabase();
        var applied = Migrator.Apply(DataSource);
        using var command = DataSource.CreateCommand("select account_id from accounts where role = 5");
        _feeAccountId = (long)command.ExecuteScalar()!;
        return applied;
    }

    /// <summary>Creates the configured database when the server has none of that name (a fresh cluster).</summary>
    private void EnsureDatabase()
    {
        try
        {
            using var probe = DataSource.OpenConnection();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            var target = new NpgsqlConnectionStringBuilder(_options.ConnectionString);
            var admin = new NpgsqlConnectionStringBuilder(_options.ConnectionString) { Database = "postgres", Pooling = false };
            using var connection = new NpgsqlConnection(admin.ConnectionString);
            connection.Open();
            using var create = new NpgsqlCommand($"create database \"{target.Database!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            create.ExecuteNonQuery();
        }
    }

    /// <summary>Commits a batch: returns when it is durable, throws when it is not applied (see <see cref="ICommitPort"/>).</summary>
    public void Commit(in CommitBatch batch)
    {
        var plan = _plans.Value!;
        SettlementPlanner.Plan(in batch, Pair, FeeAccountId, plan);
        if (plan.IsEmpty)
        {
            return;
        }

        var commitSent = false;
        try
        {
            using var connection = _settleSource.OpenConnection();
            using var tx = connection.BeginTransaction();
            LedgerWriter.Write(connection, tx, plan, EpochOf, _balanceRows.ContainsKey, _options);
            Recent.BeginCommit(plan.Pairs.Keys);
            commitSent = true;
            tx.Commit();
            foreach (var key in plan.Balances.Keys)
            {
                _balanceRows.TryAdd(key, true);
            }

            // Committed: applied before the engine answers anyone in the batch.
            Recent.Apply(plan);
        }
        catch (StaleEpochException)
        {
            Recent.Disown(plan.Pairs.Keys);
            throw;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // Whether this attempt or an earlier one committed the batch, the journal says so. Its orders are
            // dropped from memory rather than applied: the answer is about a command id, not about these rows.
            if (!WasCommitted(plan.LastCommandId, waitForAnswer: commitSent))
            {
                throw new LedgerUnavailableException($"the batch ending with command {plan.LastCommandId} was not applied: {e.Message}", e);
            }

            Recent.ForgetPairs(plan.Pairs.Keys);
        }
        finally
        {
            if (commitSent)
            {
                Recent.EndCommit(plan.Pairs.Keys);
            }
        }
    }

    /// <summary>
    /// Rebuilds a pair's book from its open orders in time priority, and takes the pair's next fencing
    /// epoch: from now on only this process may commit for the pair.
    /// </summary>
    public RecoveredPair Load(int pairId, OrderBookSpec spec)
    {
        using var connection = DataSource.OpenConnection();
        using var tx = connection.BeginTransaction();
        long epoch, lastTradeId;
        bool halted;
        using (var claim = new NpgsqlCommand(
            "update pairs set epoch = epoch + 1 where pair_id = $1 returning epoch, last_trade_id, status", connection, tx))
        {
            claim.Parameters.Add(new NpgsqlParameter { Value = pairId });
            using var reader = claim.ExecuteReader();
            if (!reader.Read())
            {
                throw new InvalidOperationException($"pair {pairId} is not in the ledger");
            }

            (epoch, lastTradeId, halted) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt16(2) == 2);
        }

        var book = new OrderBook(spec, initialOrderCapacity: 1024, lastTradeId: lastTradeId);
        using (var orders = new NpgsqlCommand("""
            select order_id, account_id, side, price, quantity, filled, post_only, stp
              from orders where pair_id = $1 and status in (1, 2) order by priority
            """, connection, tx))
        {
            orders.Parameters.Add(new NpgsqlParameter { Value = pairId });
            using var reader = orders.ExecuteReader();
            while (reader.Read())
            {
                var order = new RestingOrder(reader.GetInt64(0), reader.GetInt64(1), (Side)reader.GetInt16(2), reader.GetInt64(3),
                    reader.GetInt64(4), reader.GetInt64(5), reader.GetBoolean(6), (SelfTradePrevention)reader.GetInt16(7));
                var reason = book.Restore(in order);
                if (reason != ReasonCode.None)
                {
                    throw new InvalidOperationException($"pair {pairId}: open order {order.OrderId} cannot be restored: {reason}");
                }
            }
        }

        tx.Commit();
        // What this process knew of the pair's orders may be older than what another process wrote since.
        Recent.Own(pairId);
        _epochs[pairId] = epoch;
        return new RecoveredPair(book, halted);
    }

    /// <summary>The first command id the engine may use: above every id the ledger has seen.</summary>
    public long NextCommandId()
    {
        using var command = DataSource.CreateCommand(
            "select greatest((select coalesce(max(command_id), 0) from command_journal), (select coalesce(max(order_id), 0) from orders)) + 1");
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>A pair's settlement data, read once and cached.</summary>
    public PairInfo Pair(int pairId) =>
        _pairs.TryGetValue(pairId, out var pair) ? pair // no delegate made: this runs several times per order
        : _pairs.GetOrAdd(pairId, id => LoadPair(id) ?? throw new InvalidOperationException($"pair {id} is not in the ledger"));

    private long EpochOf(int pairId) =>
        _epochs.TryGetValue(pairId, out var epoch) ? epoch : throw new StaleEpochException($"pair {pairId} was never loaded by this process");

    /// <summary>
    /// Whether the command is in the journal. When the answer matters for an ambiguous commit (the
    /// connection broke after COMMIT was sent), keeps asking until the database answers.
    /// </summary>
    private bool WasCommitted(long commandId, bool waitForAnswer)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                using var command = DataSource.CreateCommand("select exists (select 1 from command_journal where command_id = $1)");
                command.Parameters.Add(new NpgsqlParameter { Value = commandId });
                return (bool)command.ExecuteScalar()!;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                if (!waitForAnswer)
                {
                    return false;
                }

                Thread.Sleep(delay);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2_000));
            }
        }
    }

    public void Dispose()
    {
        _plans.Dispose();
        DataSource.Dispose();
        _lookupSource.Dispose();
        _settleSource.Dispose();
    }
}
