using Npgsql;
using PointsExchange.Ledger;

namespace PointsExchange.Testing;

/// <summary>
/// A fresh database on the real PostgreSQL that scripts/test.sh starts (the <c>PX_PG</c> connection
/// string, or the private cluster's default), migrated, and dropped afterwards. When the server cannot
/// be reached the test fails and says so: ledger tests never skip.
/// </summary>
public sealed class PostgresTestDatabase : IDisposable
{
    public PostgresTestDatabase()
    {
        var template = new NpgsqlConnectionStringBuilder(LedgerOptions.FromEnvironment());
        Name = "px_test_" + Guid.NewGuid().ToString("N")[..12];
        var admin = new NpgsqlConnectionStringBuilder(template.ConnectionString) { Database = "postgres", Pooling = false };
        try
        {
            using var connection = new NpgsqlConnection(admin.ConnectionString);
            connection.Open();
            using var create = new NpgsqlCommand($"create database {Name}", connection);
            create.ExecuteNonQuery();
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable at {template.Host}:{template.Port} ({e.Message}). Start it with: bash scripts/pg.sh start", e);
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(template.ConnectionString) { Database = Name }.ConnectionString;
        AdminConnectionString = admin.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    private string AdminConnectionString { get; }

    public LedgerOptions Options => new() { ConnectionString = ConnectionString };

    /// <summary>A ledger on this database, migrated and opened; the arguments given override the options.</summary>
    public PostgresLedger OpenLedger(int? copyThreshold = null, int? settlementNice = null, int? recentOrders = null)
    {
        var options = Options with { SettlementNice = settlementNice };
        options = recentOrders is { } recent ? options with { RecentOrders = recent } : options;
        var ledger = new PostgresLedger(copyThreshold is { } threshold ? options with { CopyThreshold = threshold } : options);
        ledger.Open();
        return ledger;
    }

    /// <summary>Runs SQL outside the application, as an operator or an attacker with plain SQL would.</summary>
    public object? Scalar(string sql, params object[] args)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        foreach (var arg in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = arg });
        }

        return command.ExecuteScalar();
    }

    public long Count(string table) => (long)Scalar($"select count(*) from {table}")!;

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        using var drop = new NpgsqlCommand($"drop database if exists {Name} with (force)", connection);
        drop.ExecuteNonQuery();
    }
}
