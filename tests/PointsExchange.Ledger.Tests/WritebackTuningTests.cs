using System.Diagnostics;

namespace PointsExchange.Ledger.Tests;

/// <summary>
/// <c>scripts/pg.sh tune</c> (also run by every <c>start</c>): the kernel's writeback of dirty pages starts early,
/// so that commits do not wait behind a burst of it (docs/performance.md, section 16). Run against a folder that
/// stands in for <c>/proc/sys/vm</c>.
/// </summary>
public sealed class WritebackTuningTests : IDisposable
{
    private readonly string _vm = Directory.CreateTempSubdirectory("px-vm-").FullName;

    [Fact]
    public async Task The_default_ratio_is_replaced_by_4_MB_and_the_old_value_is_logged()
    {
        Knobs(bytes: 0, ratio: 10);

        var (exit, log) = await TuneAsync();

        Assert.Equal(0, exit);
        Assert.Equal("4194304", Bytes());
        Assert.Contains("set to 4194304 (was vm.dirty_background_ratio 10 %; to put it back: sysctl -w vm.dirty_background_ratio=10)",
            log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_later_threshold_in_bytes_is_lowered_and_can_be_put_back()
    {
        Knobs(bytes: 64 << 20, ratio: 0);

        var (_, log) = await TuneAsync();

        Assert.Equal("4194304", Bytes());
        Assert.Contains("to put it back: sysctl -w vm.dirty_background_bytes=67108864", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1 << 20, null)]   // already earlier than ours: left as it is
    [InlineData(4 << 20, null)]
    [InlineData(0, "off")]        // the user said no
    public async Task A_setting_that_is_already_early_enough_or_refused_is_left_alone(int bytes, string? choice)
    {
        Knobs(bytes, ratio: 10);

        var (exit, log) = await TuneAsync(choice);

        Assert.Equal(0, exit);
        Assert.Equal(bytes.ToString(System.Globalization.CultureInfo.InvariantCulture), Bytes());
        Assert.Equal("", log);
    }

    [Fact]
    public async Task Another_threshold_can_be_chosen()
    {
        Knobs(bytes: 0, ratio: 10);

        await TuneAsync("16777216");

        Assert.Equal("16777216", Bytes());
    }

    [Fact]
    public async Task A_kernel_without_the_setting_is_left_alone_and_start_goes_on()
    {
        Knobs(bytes: 0, ratio: 10);
        File.Delete(Path.Combine(_vm, "dirty_background_bytes"));

        var (exit, log) = await TuneAsync();

        Assert.Equal(0, exit);
        Assert.Equal("", log);
        Assert.False(File.Exists(Path.Combine(_vm, "dirty_background_bytes")));
    }

    [Fact]
    public async Task A_bad_threshold_is_refused_with_its_name()
    {
        Knobs(bytes: 0, ratio: 10);

        var (exit, log) = await TuneAsync("lots");

        Assert.Equal(1, exit);
        Assert.Contains("PX_PG_WRITEBACK must be a number of bytes or off, got 'lots'", log, StringComparison.Ordinal);
        Assert.Equal("0", Bytes());
    }

    public void Dispose() => Directory.Delete(_vm, recursive: true);

    private void Knobs(int bytes, int ratio)
    {
        File.WriteAllText(Path.Combine(_vm, "dirty_background_bytes"), $"{bytes}\n");
        File.WriteAllText(Path.Combine(_vm, "dirty_background_ratio"), $"{ratio}\n");
    }

    private string Bytes() => File.ReadAllText(Path.Combine(_vm, "dirty_background_bytes")).Trim();

    private async Task<(int Exit, string Log)> TuneAsync(string? choice = null)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Repository.Root, "scripts", "pg.sh"), "tune"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PX_PG_VM_DIR"] = _vm;
        if (choice is null)
        {
            start.Environment.Remove("PX_PG_WRITEBACK");
        }
        else
        {
            start.Environment["PX_PG_WRITEBACK"] = choice;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (process.ExitCode, await stdout + await stderr);
    }
}
