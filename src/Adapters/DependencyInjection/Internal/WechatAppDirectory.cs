using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GenAuth.Hexagonal.Internal;

/// <summary>
/// The configured apps (<see cref="IWechatAppCatalog"/>), following configuration reloads: each valid reload swaps in a new
/// snapshot in which only the apps whose id, secret or source changed get new credentials; an invalid reload is logged by
/// the monitor and the last valid apps stay. Tokens cached under an old secret are keyed by it, so callers presenting the
/// new secret never receive them; they age out of the cache.
/// </summary>
internal sealed class WechatAppDirectory : IWechatAppCatalog, IDisposable
{
    private readonly WechatTokenProviderComposition _composition;
    private readonly ILogger _logger;
    private readonly IDisposable _reloads;
    private WechatAppSnapshot _current;

    public WechatAppDirectory(
        LastValidOptionsMonitor<WechatAppsOptions> apps,
        WechatTokenProviderComposition composition,
        ILogger<WechatAppDirectory>? logger = null)
    {
        _composition = composition;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _current = Build(apps.CurrentValue, previous: null, out _);
        LogRouting(_current);
        _reloads = apps.OnChange(OnReloaded);
    }

    public WechatAppSnapshot Current => Volatile.Read(ref _current);

    public IReadOnlyCollection<string> AppNames => Current.Names;

    public bool TryGetCredentials(string appName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out WechatAppCredentials? credentials)
    {
        ArgumentNullException.ThrowIfNull(appName);
        if (Current.TryGet(appName, out var app))
        {
            credentials = app.Credentials;
            return true;
        }

        credentials = null;
        return false;
    }

    public void Dispose() => _reloads.Dispose();

    private void OnReloaded(WechatAppsOptions options)
    {
        var next = Build(options, Current, out var changed);
        Volatile.Write(ref _current, next);
        Log.AppsReloaded(_logger, changed, next.Names.Count);
    }

    private WechatAppSnapshot Build(WechatAppsOptions options, WechatAppSnapshot? previous, out int changed)
    {
        changed = 0;
        var defaultSource = _composition.FindSource(_composition.ResolveDefault(options.DefaultSource))?.Name
            ?? _composition.ResolveDefault(options.DefaultSource) ?? string.Empty;
        var apps = new List<WechatApp>(options.Apps.Count);
        foreach (var (name, app) in options.Apps)
        {
            // Validated before it gets here (start-up validation and the monitor's reload check).
            var appId = app.AppId!;
            var appSecret = app.AppSecret!;
            var sourceName = SourceOf(name, app, defaultSource);
            if (previous is not null && previous.TryGet(name, out var existing)
                && string.Equals(existing.Name, name, StringComparison.Ordinal) && existing.Matches(appId, appSecret, sourceName))
            {
                apps.Add(existing);
                continue;
            }

            changed++;
            apps.Add(new WechatApp(name, new WechatAppCredentials(appId, appSecret), sourceName));
        }

        return new WechatAppSnapshot(apps, defaultSource);
    }

    private string SourceOf(string appName, WechatAppOptions app, string defaultSource)
    {
        var configured = !string.IsNullOrWhiteSpace(app.Source) ? app.Source
            : _composition.Routes.TryGetValue(appName, out var routed) ? routed
            : defaultSource;
        return _composition.FindSource(configured)?.Name ?? configured;
    }

    private void LogRouting(WechatAppSnapshot snapshot)
    {
        if (!_logger.IsEnabled(LogLevel.Information) && !_logger.IsEnabled(LogLevel.Warning))
        {
            return;
        }

        var parts = new List<string>();
        foreach (var source in _composition.SourceNames)
        {
            var apps = snapshot.Apps.Where(a => string.Equals(a.SourceName, source, StringComparison.OrdinalIgnoreCase))
                .Select(a => a.Name).Order(StringComparer.OrdinalIgnoreCase).ToList();
            var isDefault = string.Equals(snapshot.DefaultSource, source, StringComparison.OrdinalIgnoreCase);
            if (!isDefault && apps.Count == 0)
            {
                Log.UnusedSource(_logger, source);
                continue;
            }

            parts.Add($"{source}{(isDefault ? " (default)" : string.Empty)}{(apps.Count > 0 ? ": " + string.Join(", ", apps) : string.Empty)}");
        }

        Log.Routing(_logger, string.Join("; ", parts));
    }
}
