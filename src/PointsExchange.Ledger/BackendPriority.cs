using System.Globalization;
using System.Runtime.InteropServices;

namespace PointsExchange.Ledger;

/// <summary>What became of a request to give a PostgreSQL backend a CPU priority.</summary>
public enum PriorityOutcome
{
    /// <summary>The priority is set: the backend's own autogroup's nice value, or the process's.</summary>
    Applied,

    /// <summary>No PostgreSQL backend of that process id runs on this machine (the ledger is elsewhere).</summary>
    NotLocal,

    /// <summary>The backend is here but this process may not change its priority.</summary>
    Refused,
}

/// <summary>
/// Gives a PostgreSQL backend that runs on this machine a CPU priority (a nice value, -20 to 19).
/// </summary>
/// <remarks>
/// <para>
/// Why: settlement is one serial loop on one backend (write a batch, commit, the next batch), and the orders
/// of a batch wait for all of it. On a busy machine that backend waits for a core: sampled at 10,000 orders/s
/// it was runnable 77 % of the time but on a core 47 % (docs/performance.md, section 13), and each wait
/// lengthens the batch cycle, so the next batch is larger and slower in turn.
/// </para>
/// <para>
/// How: every PostgreSQL backend leads a session of its own (it calls <c>setsid</c> at its start), and with the
/// kernel's autogroup scheduling (<c>/proc/sys/kernel/sched_autogroup_enabled</c>, on in Debian) the CPU is
/// shared between sessions first: a backend then weighs as much as the whole server or the load generator,
/// and a process's own nice value only orders it within its session. So where autogroup is on and the backend
/// leads its session, the session's nice value (<c>/proc/&lt;pid&gt;/autogroup</c>) is set, which moves that
/// backend alone; otherwise the process's nice value (<c>setpriority</c>). A negative value needs
/// root, or <c>CAP_SYS_NICE</c> as the backend's own user.
/// </para>
/// </remarks>
public static class BackendPriority
{
    private const int PrioProcess = 0;

    /// <summary>Sets the priority; never throws for a process that is gone, elsewhere, or not ours to change.</summary>
    /// <param name="pid">The backend's process id, as PostgreSQL reports it (<c>pg_backend_pid()</c>).</param>
    /// <param name="nice">-20 (first) to 19 (last); 0 is the default.</param>
    /// <param name="user">The connection's user: a backend's process title names it, then the database.</param>
    /// <param name="database">The connection's database.</param>
    /// <param name="procRoot">Where procfs is mounted (tests give a folder that looks like it).</param>
    public static (PriorityOutcome Outcome, string Detail) Apply(int pid, int nice, string user, string database, string procRoot = "/proc")
    {
        CheckNice(nice);
        var folder = Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture));
        if (pid <= 0 || ReadStat(folder) is not var (command, session))
        {
            return (PriorityOutcome.NotLocal, $"no process {pid} on this machine: the ledger's PostgreSQL runs elsewhere");
        }

        // A database in a container or behind a pooler reports a process id of another namespace, or none of
        // its own: the process of that id here, if any, must be a backend of this very user and database.
        // The title (cmdline) has its separators as spaces, and one at its end.
        var title = (TryRead(Path.Combine(folder, "cmdline")) ?? "").Replace('\0', ' ') + " ";
        if (!command.StartsWith("postgres", StringComparison.Ordinal) || !title.Contains($" {user} {database} ", StringComparison.Ordinal))
        {
            return (PriorityOutcome.NotLocal,
                $"process {pid} here is '{title.Trim()}', not a backend of {user} on {database}: the ledger's PostgreSQL runs elsewhere");
        }

        var autogroup = Path.Combine(folder, "autogroup");
        var autogroupEnabled = TryRead(Path.Combine(procRoot, "sys", "kernel", "sched_autogroup_enabled"))?.Trim() == "1";
        if (session == pid && autogroupEnabled && Path.Exists(autogroup))
        {
            try
            {
                File.WriteAllText(autogroup, nice.ToString(CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                return (PriorityOutcome.Refused,
                    $"backend {pid}: cannot set its autogroup's nice to {nice} ({e.Message}); this needs root, or CAP_SYS_NICE as the backend's own user");
            }

            // Autogroups only order processes outside CPU cgroups (containers, services with CPU accounting): the
            // process's own value, too, for those. Where the autogroup decides, it changes nothing.
            _ = setpriority(PrioProcess, (uint)pid, nice);
            return (PriorityOutcome.Applied, $"backend {pid}: its session's autogroup nice {nice}");
        }

        if (setpriority(PrioProcess, (uint)pid, nice) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return (PriorityOutcome.Refused, $"backend {pid}: setpriority to {nice} failed with errno {errno}; a negative value needs root or CAP_SYS_NICE");
        }

        return (PriorityOutcome.Applied, $"backend {pid}: nice {nice}");
    }

    /// <summary>Throws for a value outside -20 to 19, the range the kernel knows.</summary>
    public static int CheckNice(int nice) => nice is >= -20 and <= 19
        ? nice
        : throw new ArgumentOutOfRangeException(nameof(nice), nice, "a nice value is -20 (first) to 19 (last)");

    /// <summary>The process's command name and session id from its <c>stat</c>, or null when there is no such process.</summary>
    private static (string Command, int Session)? ReadStat(string folder)
    {
        if (TryRead(Path.Combine(folder, "stat")) is not { } stat)
        {
            return null;
        }

        // "pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses, so split at the last ')'.
        var open = stat.IndexOf('(', StringComparison.Ordinal);
        var close = stat.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }

        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 3 && int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var session)
            ? (stat[(open + 1)..close], session)
            : null;
    }

    /// <summary>A procfs file's text, or null when it is gone or unreadable.</summary>
    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setpriority(int which, uint who, int prio);
}
