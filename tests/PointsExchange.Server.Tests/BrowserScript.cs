using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace PointsExchange.Server.Tests;

/// <summary>
/// A script of browser/ run by node: its input in environment variables (a key in an argument would be
/// visible to every process), its stdout read line by line as JSON reports, its stderr kept for messages.
/// </summary>
internal sealed class BrowserScript : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>The repository: the folder above the test binaries that holds PointsExchange.sln.</summary>
    public static readonly string Root = Repository.Root;

    /// <summary>The web project, whose node_modules has playwright-core.</summary>
    public static readonly string WebProject = Path.Combine(Root, "src", "PointsExchange.Web");


    private static readonly TimeSpan StageTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly string _name;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _stderr = new();

    private BrowserScript(Process process, string name)
    {
        _process = process;
        _name = name;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.Writer.TryComplete();
            }
            else
            {
                _lines.Writer.TryWrite(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static BrowserScript Start(string script, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        start.ArgumentList.Add(Path.Combine(Root, "tests", "PointsExchange.Server.Tests", "browser", script));
        start.Environment["PX_WEB_DIR"] = WebProject;
        start.Environment["PX_CHROMIUM"] = Chromium;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        Process? process = null;
        var failure = "";
        try
        {
            process = Process.Start(start);
        }
        catch (Win32Exception e)
        {
            failure = e.Message;
        }

        Assert.True(process is not null, $"node could not be started ({failure}): Node.js >= 20.19 is needed, see scripts/web.sh");
        return new BrowserScript(process, script);
    }

    /// <summary>The next report, which must be of this stage.</summary>
    public async Task<JsonElement> ReadAsync(string stage)
    {
        using var timeout = new CancellationTokenSource(StageTimeout);
        try
        {
            while (await _lines.Reader.WaitToReadAsync(timeout.Token))
            {
                var line = await _lines.Reader.ReadAsync(timeout.Token);
                if (!line.StartsWith('{'))
                {
                    continue;
                }

                using var report = JsonDocument.Parse(line);
                var reported = report.RootElement.GetProperty("stage").GetString();
                Assert.True(reported == stage, $"{_name} reported '{reported}' where '{stage}' was expected: {line}\n{Stderr()}");
                return report.RootElement.Clone();
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Assert.Fail($"{_name} reported no '{stage}' within {StageTimeout.TotalSeconds} s\n{Stderr()}");
        }

        await _process.WaitForExitAsync();
        Assert.Fail($"{_name} ended (exit code {_process.ExitCode}) without reporting '{stage}'\n{Stderr()}");
        return default;
    }

    /// <summary>Fails, saying what to run, when playwright-core or chromium is missing: browser tests are never skipped.</summary>
    public static void RequireBrowser()
    {
        Assert.True(File.Exists(Path.Combine(WebProject, "node_modules", "playwright-core", "package.json")),
            "playwright-core is not installed in src/PointsExchange.Web/node_modules: run bash scripts/web.sh");
        Assert.True(File.Exists(Chromium), $"Chromium is missing at {Chromium}: run bash scripts/browser.sh (as root: apt-get install -y chromium)");
    }

    private string Stderr()
    {
        lock (_stderr)
        {
            return _stderr.Length == 0 ? "(nothing on stderr)" : "stderr:\n" + _stderr;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
