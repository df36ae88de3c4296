using System.Reflection;
using Npgsql;

namespace PointsExchange.Ledger;

/// <summary>
/// Applies the embedded SQL migrations (<c>Migrations/NNNN_name.sql</c>) in order, each in its own
/// transaction with its row in <c>schema_migrations</c>; applied ones are skipped, so running it twice
/// changes nothing. An advisory lock keeps two starting processes from migrating at once.
/// </summary>
public static class Migrator
{
    private const long AdvisoryLockKey = 0x5058_4C45_4447_4552; // "PXLEDGER"

    /// <summary>Returns the versions applied by this call (empty when the schema was current).</summary>
    public static IReadOnlyList<int> Apply(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        using var connection = dataSource.OpenConnection();
        Execute(connection, null, $"select pg_advisory_lock({AdvisoryLockKey})");
        try
        {
            Execute(connection, null, """
                create table if not exists schema_migrations (
                    version    int primary key,
                    name       text not null,
                    applied_at timestamptz not null default now())
                """);
            var applied = new List<int>();
            foreach (var (version, name, sql) in Embedded())
            {
                using var tx = connection.BeginTransaction();
                using (var check = new NpgsqlCommand("select 1 from schema_migrations where version = $1", connection, tx))
                {
                    check.Parameters.Add(new NpgsqlParameter { Value = version });
                    if (check.ExecuteScalar() is not null)
                    {
                        continue;
                    }
                }

                Execute(connection, tx, sql);
                using (var record = new NpgsqlCommand("insert into schema_migrations (version, name) values ($1, $2)", connection, tx))
                {
                    record.Parameters.Add(new NpgsqlParameter { Value = version });
                    record.Parameters.Add(new NpgsqlParameter { Value = name });
                    record.ExecuteNonQuery();
                }

                tx.Commit();
                applied.Add(version);
            }

            return applied;
        }
        finally
        {
            Execute(connection, null, $"select pg_advisory_unlock({AdvisoryLockKey})");
        }
    }

    /// <summary>The migrations shipped in this assembly, by version.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Embedded()
    {
        var assembly = typeof(Migrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Migrations/", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n["Migrations/".Length..^".sql".Length];
                var version = int.Parse(file[..file.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
                return (version, file, Read(assembly, n));
            })
            .OrderBy(m => m.version)
            .ToList();
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, tx);
        command.ExecuteNonQuery();
    }
}
