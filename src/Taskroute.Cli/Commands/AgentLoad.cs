using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Taskroute.Cli.Load;
using Taskroute.Server.Accounts;

namespace Taskroute.Cli.Commands;

/// <summary>
/// Simulated agents for <c>taskroute bench --agents N</c>: each signs in, goes ready, listens to its
/// event stream, and accepts, starts and ends every task it is offered; submitters keep tasks coming.
/// Measures whole lifecycles per second and the time from submit to the offer reaching the agent.
/// </summary>
internal static class AgentLoad
{
    public const string Password = "bench";
    public const string Selector = "Bench";
    public const int FirstLogin = 200_000;

    /// <summary>A configuration file for the load: one MRD, one skill group, N agents and their accounts.</summary>
    public static string Configuration(int agents)
    {
        // One cheap hash for every simulated agent: a thousand full-strength PBKDF2 checks would measure the hash, not the router.
        var hash = PasswordHash.Create(Password, 1_000);
        var document = new
        {
            mrds = new[] { new { id = 1, name = "BenchChat", maxTasksPerAgent = 1, taskStartTimeoutSeconds = 60 } },
            skillGroups = new[] { new { id = 10, name = "BenchGroup", mrdId = 1 } },
            agents = Enumerable.Range(0, agents).Select(i => new { id = 100_000 + i, loginId = FirstLogin + i, name = $"Bench {i}", skillGroups = new[] { 10 } }),
            scriptSelectors = new[] { new { name = Selector, mrdId = 1, script = new object[] { new { queue = new { skillGroups = new[] { 10 } } } } } },
            taskFeeds = new[] { new { id = 1, name = "bench", defaultScriptSelector = Selector } },
            accounts = Enumerable.Range(0, agents).Select(i => new { user = (FirstLogin + i).ToString(System.Globalization.CultureInfo.InvariantCulture), role = "agent", passwordHash = hash }),
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true });
    }

    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly byte[] SignInBody = """{"state":"LOGIN"}"""u8.ToArray();
    private static readonly byte[] ReadyBody = """{"state":"READY"}"""u8.ToArray();
    private static readonly byte[] AcceptBody = """{"action":"ACCEPT"}"""u8.ToArray();
    private static readonly byte[] StartBody = """{"action":"START"}"""u8.ToArray();
    private static readonly byte[] CloseBody = """{"action":"CLOSE"}"""u8.ToArray();

    /// <summary>What a run measured; the CPU figures are microseconds per lifecycle (the server's null when its metrics do not say).</summary>
    public sealed record Result(double LifecyclesPerSecond, double P50OfferMs, double P99OfferMs, long Lifecycles, long Errors, double? ServerCpuUs = null, double LoadCpuUs = 0);

    // rate: submits per second at most (0: as fast as the agents take them); onWindow: hears each
    // window's figures while the load runs, for a soak.
    public static async Task<Result> RunAsync(Uri server, int agents, TimeSpan warmup, TimeSpan duration, int submitters, TimeSpan serviceTime, CancellationToken cancellationToken,
        int rate = 0, TimeSpan? window = null, Func<Result, Task>? onWindow = null, bool overChannel = true, bool lean = true)
    {
        using var limiter = rate <= 0 ? null : new System.Threading.RateLimiting.TokenBucketRateLimiter(new System.Threading.RateLimiting.TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, rate / 10), TokensPerPeriod = Math.Max(1, rate / 10), ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
            QueueLimit = submitters, AutoReplenishment = true,
        });
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = agents + submitters + 64, PooledConnectionLifetime = TimeSpan.FromMinutes(30) })
        {
            BaseAddress = server,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var tally = new LifecycleTally();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // At most one task in flight per agent: the load measures routing, not a queue growing without end.
        using var inFlight = new SemaphoreSlim(agents);

        // The load generator shares the machine with the server: what it spends per request is taken
        // from the server, so credentials are encoded once per agent and bodies once per run.
        var credentials = Enumerable.Range(0, agents).Select(i => new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{FirstLogin + i}:{Password}")))).ToArray();

        HttpRequestMessage As(int login, HttpMethod method, string path, byte[]? body = null)
        {
            var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = credentials[login - FirstLogin];
            request.Headers.Add("X-Requested-With", "taskroute-bench");
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = Json;
            }
            return request;
        }

        async Task<bool> Send(int login, HttpMethod method, string path, byte[]? body = null, bool alreadyIsFine = false)
        {
            using var request = As(login, method, path, body);
            using var response = await http.SendAsync(request, stop.Token);
            if (response.IsSuccessStatusCode || (alreadyIsFine && response.StatusCode == HttpStatusCode.Conflict)) return true;
            tally.Error();
            return false;
        }

        // Sign everyone in, a few at a time.
        using (var gate = new SemaphoreSlim(32))
        {
            await Task.WhenAll(Enumerable.Range(0, agents).Select(async i =>
            {
                await gate.WaitAsync(stop.Token);
                try
                {
                    var login = FirstLogin + i;
                    // An agent still signed in from an earlier run is as good as a new sign-in (Finesse's recovery does the same).
                    await Send(login, HttpMethod.Put, $"/api/v1/agents/{login}/media/1", SignInBody, alreadyIsFine: true);
                    await Send(login, HttpMethod.Put, $"/api/v1/agents/{login}/media/1", ReadyBody);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        var channelBase = new UriBuilder(server) { Scheme = server.Scheme == "https" ? "wss" : "ws" }.Uri;
        // On Linux the channel's agents and the submitters run on the lean load generator's own
        // loop (Load/); elsewhere, and for the REST transport, on .NET's HttpClient and ClientWebSocket.
        lean = lean && overChannel && server.Scheme == "http" && Epoll.Supported;
        using var onEpoll = lean
            ? AgentLoadOnEpoll.Start(server, Enumerable.Range(0, agents).Select(i => (FirstLogin + i, credentials[i].ToString())).ToList(), submitters, serviceTime, tally, limiter)
            : null;
        var agentTasks = lean ? [] : Enumerable.Range(0, agents).Select(i => Task.Run(() => overChannel ? ChannelAgent(FirstLogin + i) : Agent(FirstLogin + i), stop.Token)).ToArray();
        var submitTasks = lean ? [] : Enumerable.Range(0, submitters).Select(_ => Task.Run(Submitter, stop.Token)).ToArray();
        Stopwatch clock;
        CpuMeter? cpu = null;
        try
        {
            // Warm up first (JIT tiers, connection pools), then count from zero. The server's first
            // answer from /metrics compiles its exporter's code: hundreds of methods the measured
            // window would otherwise pay for.
            await CpuMeter.StartAsync(http, stop.Token);
            await Task.Delay(warmup, stop.Token);
            tally.Reset();
            cpu = await CpuMeter.StartAsync(http, stop.Token);
            clock = Stopwatch.StartNew();
            if (window is { } each && onWindow is not null)
            {
                while (clock.Elapsed + each <= duration)
                {
                    var windowClock = Stopwatch.StartNew();
                    var before = tally.Lifecycles;
                    await Task.Delay(each, stop.Token);
                    var latencies = tally.TakeLatencies();
                    var count = tally.Lifecycles - before;
                    await onWindow(new Result(count / windowClock.Elapsed.TotalSeconds, LifecycleTally.Quantile(latencies, 0.5), LifecycleTally.Quantile(latencies, 0.99), count, tally.Errors));
                }
            }
            else
            {
                await Task.Delay(duration, stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            clock = Stopwatch.StartNew();
        }
        var elapsed = clock.Elapsed.TotalSeconds;
        var done = tally.Lifecycles;
        var errorsSeen = tally.Errors;
        if (onEpoll?.Fault is { } fault) throw new IOException($"the load generator failed: {fault.Message}", fault);
        var (serverCpu, loadCpu) = cpu is null ? (null, 0) : await cpu.PerOperationAsync(done, cancellationToken);
        await stop.CancelAsync();
        await Task.WhenAll(agentTasks.Concat(submitTasks).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));

        var sorted = tally.TakeLatencies();
        return new Result(done / elapsed, LifecycleTally.Quantile(sorted, 0.5), LifecycleTally.Quantile(sorted, 0.99), done, errorsSeen, serverCpu, loadCpu);

        async Task Submitter()
        {
            const string body = """{"name":"Load","title":"bench"}""";
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await inFlight.WaitAsync(stop.Token);
                    if (limiter is not null)
                    {
                        using var lease = await limiter.AcquireAsync(1, stop.Token);
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    // Register the submit time before the answer: the offer can reach an agent first.
                    using var response = await http.PostAsync("/api/v1/tasks", content, stop.Token);
                    if (response.StatusCode != HttpStatusCode.Created) { tally.Error(); continue; }
                    var location = response.Headers.Location!.OriginalString;
                    var id = Guid.Parse(location.AsSpan(location.LastIndexOf('/') + 1));
                    tally.Submitted(id, started);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (HttpRequestException)
                {
                    tally.Error();
                }
            }
        }

        // Over the agent channel (a WebSocket): the updates and the dialog steps share one connection,
        // each step answered by a reply with its id.
        async Task ChannelAgent(int login)
        {
            using var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Authorization", credentials[login - FirstLogin].ToString());
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            var buffer = new byte[8192];
            var send = new byte[256];
            var steps = new AgentSteps(tally);
            try
            {
                await socket.ConnectAsync(new Uri(channelBase, $"/api/v1/agents/{login}/channel"), stop.Token);
                while (true)
                {
                    var count = 0;
                    ValueWebSocketReceiveResult received;
                    do
                    {
                        received = await socket.ReceiveAsync(buffer.AsMemory(count), stop.Token);
                        count += received.Count;
                    }
                    while (!received.EndOfMessage && count < buffer.Length);
                    if (received.MessageType == WebSocketMessageType.Close) return;
                    var message = ChannelMessage.Read(buffer.AsSpan(0, count));
                    if (message.Offered)
                    {
                        tally.Offered(message.ContactId, Stopwatch.GetTimestamp());
                        inFlight.Release();
                    }
                    if (!steps.Read(message)) continue;
                    if (steps.CloseIsDue && serviceTime > TimeSpan.Zero) await Task.Delay(serviceTime, stop.Token);
                    await socket.SendAsync(send.AsMemory(0, steps.Write(send)), WebSocketMessageType.Text, true, stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (WebSocketException)
            {
                if (!stop.IsCancellationRequested) tally.Error();
            }
        }

        async Task Agent(int login)
        {
            try
            {
                using var request = As(login, HttpMethod.Get, $"/api/v1/agents/{login}/events");
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
                string? line;
                while ((line = await reader.ReadLineAsync(stop.Token)) is not null)
                {
                    if (!line.StartsWith("data: ", StringComparison.Ordinal) || !line.Contains("\"OFFERED\"", StringComparison.Ordinal)) continue;
                    var offered = Stopwatch.GetTimestamp();
                    var update = JsonDocument.Parse(line.AsMemory(6)).RootElement;
                    var contact = update.GetProperty("contactId").GetGuid();
                    var dialog = update.GetProperty("dialogId").GetString()!;
                    tally.Offered(contact, offered);
                    inFlight.Release();
                    var path = $"/api/v1/dialogs/{dialog}";
                    if (!await Send(login, HttpMethod.Put, path, AcceptBody) || !await Send(login, HttpMethod.Put, path, StartBody)) continue;
                    if (serviceTime > TimeSpan.Zero) await Task.Delay(serviceTime, stop.Token);
                    if (await Send(login, HttpMethod.Put, path, CloseBody)) tally.Lifecycle();
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (HttpRequestException)
            {
                tally.Error();
            }
        }
    }
}
