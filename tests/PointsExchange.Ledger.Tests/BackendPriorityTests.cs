using System.Globalization;

namespace PointsExchange.Ledger.Tests;

public sealed class BackendPriorityTests : IDisposable
{
    // Above the largest pid_max Linux allows (2^22): should a call reach the real kernel, it finds no such process.
    private const int Pid = 4_999_999;

    private readonly string _proc = Directory.CreateTempSubdirectory("px-proc-").FullName;

    [Fact]
    public void A_backend_that_leads_its_session_gets_its_autogroup_nice_when_autogroup_is_on()
    {
        Autogroup(on: true);
        Process(Pid, "postgres", session: Pid);

        var (outcome, detail) = BackendPriority.Apply(Pid, -10, "postgres", "pointsexchange", _proc);

        Assert.Equal(PriorityOutcome.Applied, outcome);
        Assert.Equal("-10", File.ReadAllText(AutogroupFile(Pid)));
        Assert.Contains("autogroup nice -10", detail, StringComparison.Ordinal);
    }

    /// <summary>The process of the backend's id here is not ours: another program, or a backend of another database.</summary>
    [Theory]
    [InlineData("dotnet", "dotnet PointsExchange.Server.dll", "'dotnet PointsExchange.Server.dll'")]
    [InlineData("postgres", "postgres: postgres other_db [local] idle", "other_db")]
    public void A_process_that_is_not_our_backend_is_left_alone(string command, string title, string named)
    {
        Autogroup(on: true);
        Process(Pid, command, session: Pid, title: title);

        var (outcome, detail) = BackendPriority.Apply(Pid, -10, "postgres", "pointsexchange", _proc);

        Assert.Equal(PriorityOutcome.NotLocal, outcome);
        Assert.Equal("nice 0", File.ReadAllText(AutogroupFile(Pid)));
        Assert.Contains(named, detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_backend_that_is_not_on_this_machine_is_reported_as_such()
    {
        Autogroup(on: true);

        var (outcome, detail) = BackendPriority.Apply(Pid, -10, "postgres", "pointsexchange", _proc);

        Assert.Equal(PriorityOutcome.NotLocal, outcome);
        Assert.Contains("runs elsewhere", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_change_is_reported_not_thrown()
    {
        Autogroup(on: true);
        Process(Pid, "postgres", session: Pid);
        File.Delete(AutogroupFile(Pid));
        Directory.CreateDirectory(AutogroupFile(Pid)); // writing to it fails, as a refusal of the kernel would

        var (outcome, detail) = BackendPriority.Apply(Pid, -10, "postgres", "pointsexchange", _proc);

        Assert.Equal(PriorityOutcome.Refused, outcome);
        Assert.Contains("CAP_SYS_NICE", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_name_with_spaces_and_parentheses_is_read_whole()
    {
        Autogroup(on: true);
        Process(Pid, "postgres: (x) y", session: Pid);

        Assert.Equal(PriorityOutcome.Applied, BackendPriority.Apply(Pid, 5, "postgres", "pointsexchange", _proc).Outcome);
        Assert.Equal("5", File.ReadAllText(AutogroupFile(Pid)));
    }

    [Theory]
    [InlineData(-21)]
    [InlineData(20)]
    public void A_value_outside_the_kernels_range_is_refused(int nice)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BackendPriority.Apply(Pid, nice, "postgres", "pointsexchange", _proc));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PostgresLedger(new LedgerOptions { SettlementNice = nice }));
    }

    [Fact]
    public async Task The_backend_that_settles_batches_runs_at_the_configured_priority_and_no_other_does()
    {
        using var db = new PostgresTestDatabase();
        using var market = await TradingScenario.CreateAsync(db, members: 2, settlementNice: 3);
        using (var placed = await market.RunAsync(OrderCommand.Limit(0, market.Members[0], Side.Sell, 120, 1)))
        {
            Assert.Equal(CommandStatus.Executed, placed.Status);
        }

        var settling = Convert.ToInt32(db.Scalar(
            "select pid from pg_stat_activity where datname = current_database() and application_name = 'pointsexchange-settle'"),
            CultureInfo.InvariantCulture);
        var other = Convert.ToInt32(db.Scalar("select pg_backend_pid()"), CultureInfo.InvariantCulture);

        // A later place in the queue (3), which the owner of a process may always ask for: the test passes as root or as
        // the user who started the cluster (scripts/pg.sh supports both). Going first (the server's -10) needs root.
        Assert.Equal(3, NiceOf(settling));
        Assert.Equal(0, NiceOf(other));
    }

    /// <summary>What the kernel schedules the process by: its autogroup's nice where autogroup is on and it leads its session, else its own.</summary>
    private static int NiceOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var session = int.Parse(fields[3], CultureInfo.InvariantCulture);
        if (session == pid && File.ReadAllText("/proc/sys/kernel/sched_autogroup_enabled").Trim() == "1")
        {
            var autogroup = File.ReadAllText($"/proc/{pid}/autogroup"); // "/autogroup-123 nice -3"
            return int.Parse(autogroup[(autogroup.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }

        return int.Parse(fields[16], CultureInfo.InvariantCulture); // field 19 of stat: nice
    }

    private void Autogroup(bool on)
    {
        Directory.CreateDirectory(Path.Combine(_proc, "sys", "kernel"));
        File.WriteAllText(Path.Combine(_proc, "sys", "kernel", "sched_autogroup_enabled"), on ? "1\n" : "0\n");
    }

    private void Process(int pid, string command, int session, string title = "postgres: postgres pointsexchange 127.0.0.1(50114) idle")
    {
        var folder = Directory.CreateDirectory(Path.Combine(_proc, pid.ToString(CultureInfo.InvariantCulture))).FullName;
        // Process group 7, unlike the session: the session is the fourth field after the command.
        File.WriteAllText(Path.Combine(folder, "stat"), $"{pid} ({command}) S 1 7 {session} 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0\n");
        File.WriteAllText(Path.Combine(folder, "cmdline"), title + "\0\0\0");
        File.WriteAllText(Path.Combine(folder, "autogroup"), "nice 0");
    }

    private string AutogroupFile(int pid) => Path.Combine(_proc, pid.ToString(CultureInfo.InvariantCulture), "autogroup");

    public void Dispose() => Directory.Delete(_proc, recursive: true);
}
