using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using PointsExchange.Server.Hosting;

namespace PointsExchange.Server.Tests;

/// <summary>
/// The stop ends the long-lived streams and waits for each one's response to complete before anything else
/// stops (the transport included): the tests drive the response completions by hand.
/// </summary>
public sealed class StreamDrainTests
{
    /// <summary>Bound on a wait that must end by completion, well below <see cref="StreamDrain.Patience"/>.</summary>
    private static readonly TimeSpan Soon = StreamDrain.Patience / 2;

    [Fact]
    public async Task The_stop_signals_the_streams_and_waits_until_every_tracked_response_is_complete()
    {
        using var lifetime = new Lifetime();
        using var drain = new StreamDrain(lifetime, NullLogger<StreamDrain>.Instance);
        var (first, second) = (new Call(), new Call());
        drain.Track(first);
        drain.Track(second);
        Assert.False(drain.Stopping.IsCancellationRequested);

        var stopping = drain.StoppingAsync(CancellationToken.None);
        Assert.True(drain.Stopping.IsCancellationRequested);
        Assert.False(stopping.IsCompleted);

        await first.CompleteResponseAsync();
        Assert.False(stopping.IsCompleted);

        await second.CompleteResponseAsync();
        await stopping.WaitAsync(Soon);
    }

    [Fact]
    public async Task Streams_that_already_ended_do_not_hold_up_the_stop()
    {
        using var lifetime = new Lifetime();
        using var drain = new StreamDrain(lifetime, NullLogger<StreamDrain>.Instance);
        var call = new Call();
        drain.Track(call);
        await call.CompleteResponseAsync();

        Assert.True(drain.StoppingAsync(CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Streams_that_ended_on_a_stop_signalled_earlier_still_get_the_grace_for_their_trailers()
    {
        // SIGTERM: ApplicationStopping is cancelled first, the streams end, and only then does the host stop.
        using var lifetime = new Lifetime();
        using var drain = new StreamDrain(lifetime, NullLogger<StreamDrain>.Instance);
        var call = new Call();
        drain.Track(call);
        lifetime.StopApplication();
        await call.CompleteResponseAsync();

        var stopping = drain.StoppingAsync(CancellationToken.None);

        Assert.False(stopping.IsCompleted);
        await stopping.WaitAsync(Soon);
    }

    [Fact]
    public void A_stop_signalled_through_the_application_lifetime_ends_the_streams_too()
    {
        using var lifetime = new Lifetime();
        using var drain = new StreamDrain(lifetime, NullLogger<StreamDrain>.Instance);

        lifetime.StopApplication();

        Assert.True(drain.Stopping.IsCancellationRequested);
    }

    [Fact]
    public async Task A_stream_that_never_ends_holds_up_the_stop_only_until_the_shutdown_timeout()
    {
        using var lifetime = new Lifetime();
        using var drain = new StreamDrain(lifetime, NullLogger<StreamDrain>.Instance);
        drain.Track(new Call());
        using var timeout = new CancellationTokenSource();

        var stopping = drain.StoppingAsync(timeout.Token);
        Assert.False(stopping.IsCompleted);
        await timeout.CancelAsync();

        await stopping.WaitAsync(Soon);
        Assert.True(stopping.IsCompletedSuccessfully);
    }

    private sealed class Lifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();

        public void Dispose() => _stopping.Dispose();
    }

    /// <summary>A call whose HTTP response completes when the test says so (Kestrel runs OnCompleted after the last frame).</summary>
    private sealed class Call : ServerCallContext
    {
        private readonly Response _response = new();

        public Call()
        {
            var http = new DefaultHttpContext();
            http.Features.Set<IHttpResponseFeature>(_response);
            UserState["__HttpContext"] = http;
        }

        public async Task CompleteResponseAsync()
        {
            foreach (var (callback, state) in _response.Completed)
            {
                await callback(state);
            }
        }

        protected override string MethodCore => "/px.v1.Trading/StreamOrderEntry";

        protected override string HostCore => "127.0.0.1";

        protected override string PeerCore => "ipv4:127.0.0.1:1";

        protected override DateTime DeadlineCore => DateTime.MaxValue;

        protected override Metadata RequestHeadersCore { get; } = [];

        protected override CancellationToken CancellationTokenCore => CancellationToken.None;

        protected override Metadata ResponseTrailersCore { get; } = [];

        protected override Status StatusCore { get; set; }

        protected override WriteOptions? WriteOptionsCore { get; set; }

        protected override AuthContext AuthContextCore => new(null, []);

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }

    private sealed class Response : HttpResponseFeature
    {
        public List<(Func<object, Task> Callback, object State)> Completed { get; } = [];

        public override void OnCompleted(Func<object, Task> callback, object state) => Completed.Add((callback, state));
    }
}
