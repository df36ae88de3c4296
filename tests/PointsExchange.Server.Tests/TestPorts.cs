using System.Net;
using System.Net.Sockets;

namespace PointsExchange.Server.Tests;

/// <summary>
/// Ports for test servers, taken below the kernel's ephemeral range. A port found by binding port 0 lies inside
/// that range, and any outgoing connection of the same machine (to PostgreSQL, a silo to its gateway) may take it
/// before the server binds it, or between a stop and a restart on the same ports: a full run under load failed
/// once with "address already in use" on such a port. Outgoing connections never take a port below the range.
/// </summary>
internal static class TestPorts
{
    private const int Span = 8_000;
    private static readonly int EphemeralLow = ReadEphemeralLow();
    private static int _next = Random.Shared.Next(Span);

    /// <summary>A port no other caller in this process was given, and free when asked for.</summary>
    public static int Next()
    {
        for (var tries = 0; tries < Span; tries++)
        {
            var port = EphemeralLow - Span + (int)((uint)Interlocked.Increment(ref _next) % Span);
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"no free port in {EphemeralLow - Span}-{EphemeralLow - 1}");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port of Linux's ephemeral range (32768 by default), or that default where it cannot be read.</summary>
    private static int ReadEphemeralLow()
    {
        const int Default = 32_768;
        int low;
        try
        {
            var fields = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            low = fields.Length > 0 && int.TryParse(fields[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var first)
                ? first
                : Default;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            low = Default;
        }

        // A range starting below 9,024 leaves no room beneath it; the ports then overlap the range's start.
        return Math.Max(low, 1_024 + Span);
    }
}
