using Npgsql;

namespace PointsExchange.Ledger;

/// <summary>
/// A table that settlement appends rows to, described once by its columns, and written either way:
/// as an INSERT from column arrays (<c>unnest</c>; it rides in a batch with other statements, best up to
/// a few hundred rows) or by binary COPY (two round trips of its own, cheapest per row for thousands).
/// </summary>
internal sealed class Table<T> : IAppendTable
{
    private readonly Column[] _columns;
    private readonly string _name;
    private readonly string _names;

    public Table(string name, params Column[] columns)
    {
        _name = name;
        _columns = columns;
        _names = string.Join(", ", columns.Select(c => c.Name));
        CopySql = $"copy {name} ({_names}) from stdin (format binary)";
    }

    public string CopySql { get; }

    /// <inheritdoc/>
    public int ParameterCount => _columns.Length;

    /// <inheritdoc/>
    public string InsertSql(int first) =>
        $"insert into {_name} ({_names}) select * from unnest({string.Join(", ", _columns.Select((c, i) => $"${first + i}::{c.Type}[]"))})";

    /// <summary>Adds the rows' column arrays, in <see cref="InsertSql"/>'s order, to <paramref name="command"/>'s parameters.</summary>
    public void AddArrays(NpgsqlBatchCommand command, IReadOnlyCollection<T> rows)
    {
        foreach (var column in _columns)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = column.Array(rows) });
        }
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

/// <summary>What an INSERT of several tables' rows in one statement needs to know of each table, whatever its rows.</summary>
internal interface IAppendTable
{
    /// <summary>Parameters of <see cref="InsertSql"/>: one array per column.</summary>
    int ParameterCount { get; }

    /// <summary>An INSERT of the rows given as column arrays, whose first array is parameter <paramref name="first"/>.</summary>
    string InsertSql(int first);
}
