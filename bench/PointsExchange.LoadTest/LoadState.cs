using System.Text.Json;

namespace PointsExchange.LoadTest;

/// <summary>
/// What a run created on the exchange, so a later run can use it again (--reuse): the currencies with their
/// merchants, the pairs, the members. It holds API keys, so it is written with mode 0600 and never printed
/// (the records' ToString leaves the keys out).
/// </summary>
internal sealed record LoadState
{
    public const string FileName = "state.json";
    public const string CurrentSchema = "px-load.state.v1";

    public string Schema { get; init; } = CurrentSchema;

    /// <summary>Random per world, part of every code and name, so two worlds never collide with each other or the demo.</summary>
    public required string Tag { get; init; }

    public required string Server { get; init; }

    public DateTime CreatedAt { get; init; }

    public List<CurrencyState> Currencies { get; init; } = [];

    public List<PairState> Pairs { get; init; } = [];

    public List<MemberState> Members { get; init; } = [];

    public void Write(string path) => JsonFiles.WritePrivate(path, JsonSerializer.Serialize(this, JsonFiles.Options));

    public static LoadState Read(string path)
    {
        try
        {
            var state = JsonSerializer.Deserialize<LoadState>(File.ReadAllText(path), JsonFiles.Options);
            return state is { Schema: CurrentSchema } ? state : throw new UsageException($"--reuse: {Paths.Show(path)} is not a {CurrentSchema} file");
        }
        catch (JsonException e)
        {
            throw new UsageException($"--reuse: {Paths.Show(path)} is not a px-load state file ({e.Message})");
        }
    }

    /// <summary>The state file --reuse means: the one given, the one in the folder given, or the newest under .data/load/.</summary>
    public static string Locate(string? given)
    {
        if (given is { Length: > 0 })
        {
            var path = Directory.Exists(given) ? Path.Combine(given, FileName) : given;
            return File.Exists(path)
                ? Path.GetFullPath(path)
                : throw new UsageException($"--reuse: {Paths.Show(path)} does not exist; give an earlier run's folder or its {FileName}");
        }

        var newest = Directory.Exists(Paths.LoadRoot)
            ? Directory.EnumerateFiles(Paths.LoadRoot, FileName, SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            : null;
        return newest ?? throw new UsageException($"--reuse: no earlier run's {FileName} under {Paths.Show(Paths.LoadRoot)}; run once without --reuse");
    }

    public override string ToString() => $"LoadState {{ Tag = {Tag}, Currencies = {Currencies.Count}, Pairs = {Pairs.Count}, Members = {Members.Count} }}";
}

/// <summary>A currency of the load and the merchant that issues it.</summary>
internal sealed record CurrencyState(string Code, long MerchantAccountId, string MerchantApiKey)
{
    public override string ToString() => $"CurrencyState {{ Code = {Code}, MerchantAccountId = {MerchantAccountId} }}";
}

/// <summary>A pair of the load; <see cref="MidPrice"/> is the price its orders gather around (QUOTE points per lot).</summary>
internal sealed record PairState(string Symbol, string Base, string Quote, long LotSize, long TickSize, long MidPrice);

/// <summary>A member account that trades.</summary>
internal sealed record MemberState(long AccountId, string ApiKey)
{
    public override string ToString() => $"MemberState {{ AccountId = {AccountId} }}";
}
