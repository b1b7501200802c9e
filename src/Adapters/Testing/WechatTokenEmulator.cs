using System.Collections.Concurrent;
using System.Net;
using System.Text;
using GenAuth.Hexagonal.Testing.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GenAuth.Hexagonal.Testing;

/// <summary>
/// A loopback emulator of the GenAuth and WeChat access-token endpoints: a real Kestrel server on
/// <c>http://127.0.0.1</c> (a free port), started in-process. It checks requests the way the real services
/// do (AK/SK signatures, management tokens, WeChat token rotation) with code of its own, and injects faults
/// on demand.
/// </summary>
/// <remarks>
/// <para>GenAuth: <c>POST /api/v3/get-management-token</c>, and <c>POST /api/v3/get-weixin-access-token</c>,
/// <c>/api/v3/get-wechat-access-token</c>, <c>/api/v3/get-wechat-access-token-info</c> (AK/SK signature of either
/// brand, or a bearer management token with the <c>{prefix}userpool-id</c> header). Authentication failures answer
/// HTTP 200 with <c>statusCode</c> 401 and an <see cref="EmulatorApiCodes"/> value.</para>
/// <para>WeChat: <c>POST /cgi-bin/stable_token</c>, <c>GET /cgi-bin/token</c>, <c>POST /cgi-bin/message/custom/send</c>
/// (echoes the body) and <c>GET /cgi-bin/media/get</c> (binary, see <see cref="GetMediaBytes"/>).</para>
/// <para>Every answer's <c>Date</c> header reads <see cref="WechatTokenEmulatorOptions.TimeProvider"/>, like the issued
/// tokens' expiry, so a test can put the emulator's clock ahead of or behind the client's.</para>
/// <para>Its hosting logs are discarded (Kestrel's request logs would print <c>?access_token=</c>); nothing is
/// written to the console. Thread-safe. Dispose it to stop the server.</para>
/// </remarks>
public sealed partial class WechatTokenEmulator : IAsyncDisposable
{
    /// <summary>The preloaded access key id (obviously fake).</summary>
    public const string DefaultAccessKeyId = "emulator-access-key-id";

    /// <summary>The preloaded access key secret (obviously fake).</summary>
    public const string DefaultAccessKeySecret = "emulator-access-key-secret-not-real";

    /// <summary>The user pool of the preloaded access key.</summary>
    public const string DefaultUserPoolId = "emulator-user-pool-0001";

    /// <summary>The preloaded WeChat app id (18 characters, like a real one).</summary>
    public const string DefaultAppId = "wx00000000emulator";

    /// <summary>The preloaded WeChat app secret (obviously fake).</summary>
    public const string DefaultAppSecret = "emulator-app-secret-not-real-0001";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, AccessKey> _accessKeys;
    private readonly WechatTokenStore _wechat;
    private readonly RequestLog _log;
    private readonly FaultInjector _faults;
    private int _disposed;

    private WechatTokenEmulator(
        WebApplication app,
        WechatTokenEmulatorOptions options,
        ConcurrentDictionary<string, AccessKey> accessKeys,
        WechatTokenStore wechat,
        RequestLog log,
        FaultInjector faults)
    {
        _app = app;
        Options = options;
        _accessKeys = accessKeys;
        _wechat = wechat;
        _log = log;
        _faults = faults;
    }

    /// <summary>The server's address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>
    /// The options the emulator runs with. <see cref="WechatTokenEmulatorOptions.TimeProvider"/> and
    /// <see cref="WechatTokenEmulatorOptions.AllowedClockSkew"/> are fixed at start; the others may be changed while it
    /// runs (they apply to the next request).
    /// </summary>
    public WechatTokenEmulatorOptions Options { get; }

    /// <summary>How many requests arrived (including faulted and unknown paths) since start or <see cref="ResetCounters"/>.</summary>
    public int TotalRequestCount => _log.TotalCount;

    /// <summary>The answered requests in answer order (a snapshot). Entries hold secrets: assert on them, never print them.</summary>
    public IReadOnlyList<EmulatorRequest> Requests => _log.Requests;

    /// <summary>Starts an emulator on a free loopback port.</summary>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to stop it.</returns>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public static async Task<WechatTokenEmulator> StartAsync(
        WechatTokenEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new WechatTokenEmulatorOptions();
        Validate(options);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(WechatTokenEmulator).Assembly.GetName().Name,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        builder.Services.AddRoutingCore();

        var app = builder.Build();
        var accessKeys = new ConcurrentDictionary<string, AccessKey>(StringComparer.Ordinal);
        var wechat = new WechatTokenStore(options);
        var log = new RequestLog();
        var faults = new FaultInjector();
        var emulator = new WechatTokenEmulator(app, options, accessKeys, wechat, log, faults);
        if (options.AddDefaults)
        {
            emulator.AddAccessKey(DefaultAccessKeyId, DefaultAccessKeySecret, DefaultUserPoolId);
            emulator.AddApp(DefaultAppId, DefaultAppSecret);
        }

        var verifier = new SignatureVerifier(
            id => accessKeys.TryGetValue(id, out var key) ? key : null,
            new NonceStore(),
            options.TimeProvider,
            options.AllowedClockSkew);
        var genAuth = new GenAuthEndpoints(options, accessKeys, verifier, new ManagementTokenIssuer(options.TimeProvider), wechat);
        var wechatEndpoints = new WechatEndpoints(options, wechat);

        app.UseRouting();
        app.Use((context, next) => emulator.HandleAsync(context, next));
        genAuth.Map(app);
        wechatEndpoints.Map(app);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
            var address = addresses.First();
            emulator.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
            return emulator;
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The bytes <c>GET /cgi-bin/media/get</c> serves for <paramref name="mediaId"/> (4096 deterministic bytes).</summary>
    /// <param name="mediaId">The media id.</param>
    /// <returns>A new array with the content.</returns>
    public static byte[] GetMediaBytes(string mediaId)
    {
        ArgumentException.ThrowIfNullOrEmpty(mediaId);
        return MediaContent.For(mediaId);
    }

    /// <summary>Adds (or replaces) a GenAuth access key, accepted for AK/SK signatures of both brands and for management tokens.</summary>
    /// <param name="accessKeyId">The access key id.</param>
    /// <param name="accessKeySecret">The access key secret.</param>
    /// <param name="userPoolId">The user pool the key belongs to (the management token's <c>scoped_userpool_id</c>).</param>
    public void AddAccessKey(string accessKeyId, string accessKeySecret, string userPoolId)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentException.ThrowIfNullOrEmpty(accessKeySecret);
        ArgumentException.ThrowIfNullOrEmpty(userPoolId);
        _accessKeys[accessKeyId] = new AccessKey(accessKeyId, accessKeySecret, userPoolId);
    }

    /// <summary>Adds a WeChat app known to the GenAuth and WeChat endpoints, or changes the secret of a known one.</summary>
    /// <param name="appId">The app id.</param>
    /// <param name="appSecret">The app secret.</param>
    public void AddApp(string appId, string appSecret)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(appSecret);
        _wechat.AddApp(appId, appSecret);
    }

    /// <summary>How many requests arrived for <paramref name="path"/> (exact, e.g. <c>/cgi-bin/stable_token</c>) since start or <see cref="ResetCounters"/>.</summary>
    /// <param name="path">The request path without query.</param>
    /// <returns>The count; 0 for a path never requested.</returns>
    public int RequestCount(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _log.Count(path);
    }

    /// <summary>
    /// Sets every counter to 0 (<see cref="ForceRefreshCount"/> included) and clears <see cref="Requests"/>. Tokens, keys,
    /// faults and WeChat's <c>force_refresh</c> limits (what was used today) are kept.
    /// </summary>
    public void ResetCounters()
    {
        _log.Reset();
        _wechat.ResetForceRefreshCounts();
    }

    /// <summary>Makes the next <paramref name="times"/> requests whose path starts with <paramref name="pathPrefix"/> get <paramref name="fault"/>. Faults apply in injection order.</summary>
    /// <param name="fault">The fault, from a factory method of <see cref="EmulatorFault"/>.</param>
    /// <param name="times">How many requests get it (at least 1).</param>
    /// <param name="pathPrefix">E.g. <c>/api/v3/</c> or <c>/cgi-bin/stable_token</c>; <see langword="null"/> for every path.</param>
    public void InjectFault(EmulatorFault fault, int times = 1, string? pathPrefix = null)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        _faults.Add(fault, times, pathPrefix);
    }

    /// <summary>Removes every fault not yet used up.</summary>
    public void ClearFaults() => _faults.Clear();

    /// <summary>The latest WeChat token issued for <paramref name="appId"/> by any endpoint, or <see langword="null"/> if none.</summary>
    /// <param name="appId">The app id.</param>
    /// <returns>The token value.</returns>
    public string? CurrentWechatToken(string appId)
    {
        ArgumentNullException.ThrowIfNull(appId);
        return _wechat.Current(appId);
    }

    /// <summary>
    /// Acts as if another holder called <c>/cgi-bin/token</c> for the app: issues a new token; earlier ones stay valid for 5 minutes.
    /// The GenAuth endpoints serve the new token from then on.
    /// </summary>
    /// <param name="appId">A known app id.</param>
    /// <returns>The new token value.</returns>
    /// <exception cref="ArgumentException">The app is not known.</exception>
    public string RotateWechatToken(string appId)
    {
        ArgumentNullException.ThrowIfNull(appId);
        return _wechat.Rotate(_wechat.GetApp(appId)).Value;
    }

    /// <summary>Makes every token of the app invalid at once (business APIs answer 40001); the next fetch issues a new one.</summary>
    /// <param name="appId">A known app id.</param>
    /// <exception cref="ArgumentException">The app is not known.</exception>
    public void InvalidateWechatTokens(string appId)
    {
        ArgumentNullException.ThrowIfNull(appId);
        _wechat.Invalidate(appId);
    }

    /// <summary>Stops the server and releases its port.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static void Validate(WechatTokenEmulatorOptions options)
    {
        if (options.TimeProvider is null)
        {
            throw new ArgumentException("WechatTokenEmulatorOptions.TimeProvider must not be null.", nameof(options));
        }

        if (options.TokenLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentException("WechatTokenEmulatorOptions.TokenLifetime must be positive.", nameof(options));
        }

        if (options.ManagementTokenLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentException("WechatTokenEmulatorOptions.ManagementTokenLifetime must be positive.", nameof(options));
        }

        if (options.AllowedClockSkew < TimeSpan.Zero)
        {
            throw new ArgumentException("WechatTokenEmulatorOptions.AllowedClockSkew must not be negative.", nameof(options));
        }

        if (options.ForceRefreshDailyLimit < 0 || options.ForceRefreshMinInterval < TimeSpan.Zero)
        {
            throw new ArgumentException("WechatTokenEmulatorOptions.ForceRefreshDailyLimit and ForceRefreshMinInterval must not be negative.", nameof(options));
        }
    }

    /// <summary>Counts and logs every request, reads its body, and applies injected faults before the endpoints.</summary>
    private async Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var sequence = _log.Arrive(path);
        var receivedAt = Options.TimeProvider.GetUtcNow();
        string body;
        try
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or BadHttpRequestException)
        {
            body = string.Empty;
        }

        var scope = new RequestScope { Sequence = sequence, ReceivedAt = receivedAt, Body = body };
        context.Items[RequestScope.ItemKey] = scope;
        context.Response.OnStarting(() =>
        {
            // The Date header follows the emulator's clock (Kestrel's own reads the system clock), as a server's follows its own.
            context.Response.Headers.Date = Options.TimeProvider.GetUtcNow().ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            _log.Record(context, scope, context.Response.StatusCode);
            return Task.CompletedTask;
        });

        if (context.RequestAborted.IsCancellationRequested)
        {
            scope.Outcome = "aborted";
            _log.Record(context, scope, 0);
            return;
        }

        try
        {
            var fault = _faults.Take(path);
            if (fault is not null && !await FaultInjector.ApplyAsync(fault, context, scope, _log).ConfigureAwait(false))
            {
                return;
            }

            await next(context).ConfigureAwait(false);
            if (context.GetEndpoint() is null)
            {
                scope.Outcome = "not-found";
            }
            else if (context.Response.StatusCode >= 400 && scope.Outcome == "ok")
            {
                scope.Outcome = "http:" + context.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            scope.Outcome = "aborted";
            _log.Record(context, scope, 0);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            // A bug in the emulator must not look like a dropped connection: answer 500 and say what broke.
            scope.Outcome = "error:" + e.GetType().Name;
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
    }
}
