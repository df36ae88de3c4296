using Npgsql;

namespace PointsExchange.Ledger;

/// <summary>
/// A table that settlement appends rows to, described once by its columns, and written either way:
/// as one INSERT from column arrays (<c>unnest</c>; it rides in a batch with other statements, best up to
/// a few hundred rows) or by binary COPY (two round trips of its own, cheapest per row for thousands).
/// </summary>
internal sealed class Table<T>
{
    private readonly Column[] _columns;

    public Table(string name, params Column[] columns)
    {
        _columns = columns;
        var names = string.Join(", ", columns.Select(c => c.Name));
        var arrays = string.Join(", ", columns.Select((c, i) => $"${i + 1}::{c.Type}[]"));
        InsertSql = $"insert into {name} ({names}) select * from unnest({arrays})";
        CopySql = $"copy {name} ({names}) from stdin (format binary)";
    }

    public string InsertSql { get; }

    public string CopySql { get; }

    public NpgsqlBatchCommand Insert(IReadOnlyCollection<T> rows)
    {
        var command = new NpgsqlBatchCommand(InsertSql);
        foreach (var column in _columns)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = column.Array(rows) });
        }

        return command;
    }

    public void Copy(NpgsqlConnection connection, IReadOnlyCollection<T> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        using var importer = connection.BeginBinaryImport(CopySql);
        foreach (var row in rows)
        {
            importer.StartRow();
            foreach (var column in _columns)
            {
                column.Write(importer, row);
            }
        }

        importer.Complete();
    }

    public static Column Of<TValue>(string name, string type, Func<T, TValue> get) => new Column<TValue>(name, type, get);

    internal abstract class Column(string name, string type)
    {
        public string Name => name;

        public string Type => type;

        public abstract object Array(IReadOnlyCollection<T> rows);

        public abstract void Write(NpgsqlBinaryImporter importer, T row);
    }

    private sealed class Column<TValue>(string name, string type, Func<T, TValue> get) : Column(name, type)
    {
        public override object Array(IReadOnlyCollection<T> rows) => rows.Select(get).ToArray();

        public override void Write(NpgsqlBinaryImporter importer, T row)
        {
            var value = get(row);
            if (value is null)
            {
                importer.WriteNull();
            }
            else
            {
                importer.Write(value);
            }
        }
    }
}
