using System.Diagnostics.CodeAnalysis;
using GenAuth.Hexagonal.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace GenAuth.Hexagonal;

/// <summary>
/// Composes the <see cref="IWechatTokenProvider"/> registered by
/// <see cref="WechatTokenProviderServiceCollectionExtensions.AddWechatTokenProvider(IServiceCollection)"/> from three slots,
/// nearest the caller first: the in-process cache (<c>AddCaching</c>), an optional shared tier (e.g. Redis), and a token
/// source per app (<c>UseGenAuth</c>, <c>UseWechat</c>, <see cref="UseProvider(string, Func{IServiceProvider, IWechatTokenProvider})"/>).
/// </summary>
/// <remarks>
/// <para>
/// The slots are composed in that order whatever order the calls come in: each source gets its own chain
/// cache → tier → source, and calls are routed to the chain of the app's source. An app chooses its source with
/// <c>Wechat:Apps:{name}:Source</c> (or <see cref="UseSourceFor"/>); other apps, and credentials built in code, use the
/// default source: <c>Wechat:DefaultSource</c>, else the one named by <see cref="UseDefaultSource"/> or
/// <see cref="UseProvider(string, Func{IServiceProvider, IWechatTokenProvider})"/>, else the first source added.
/// </para>
/// <para>
/// Only the sources in use are created and validated at start-up. Adapter packages add their own extension methods
/// (<c>UseGenAuth</c> in GenAuth.Hexagonal.Adapters.GenAuth, <c>UseWechat</c> in .Adapters.Wechat, <c>AddCaching</c> in
/// .Adapters.Caching) on top of <see cref="AddSource"/>, <see cref="UseSharedTier"/> and <see cref="UseCache"/>.
/// </para>
/// </remarks>
public sealed class WechatTokenProviderBuilder
{
    internal WechatTokenProviderBuilder(IServiceCollection services, WechatTokenProviderComposition composition)
    {
        Services = services;
        Composition = composition;
    }

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The names of the sources added so far, in the order they were added.</summary>
    public IReadOnlyList<string> SourceNames => Composition.SourceNames;

    internal WechatTokenProviderComposition Composition { get; }

    /// <summary>
    /// Adds a token source (adapter packages call this from their <c>UseX</c> method). Adding a source of the same name
    /// again replaces its factory and validation.
    /// </summary>
    /// <param name="sourceName">A short name for configuration, logs and metrics, e.g. <c>"GenAuth"</c>.</param>
    /// <param name="factory">Creates the source once, from the application's services, the first time an app uses it.</param>
    /// <param name="validate">
    /// Returns what is wrong with the source's configuration, each message naming the key to fix (never a value); called at
    /// start-up only when the source is in use. <see langword="null"/>: nothing to check.
    /// </param>
    /// <returns>This builder.</returns>
    public WechatTokenProviderBuilder AddSource(
        string sourceName,
        Func<IServiceProvider, IWechatTokenProvider> factory,
        Func<IServiceProvider, IEnumerable<string>>? validate = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);
        ArgumentNullException.ThrowIfNull(factory);
        Composition.AddSource(sourceName, factory, validate);
        return this;
    }

    /// <summary>
    /// Adds a token source whose configuration is <typeparamref name="TOptions"/>: when the source is in use, start-up
    /// validation resolves <see cref="Microsoft.Extensions.Options.IOptions{TOptions}"/> and reports its validators' messages.
    /// </summary>
    /// <typeparam name="TOptions">The source's options type, validated by its registered validators.</typeparam>
    /// <param name="sourceName">A short name for configuration, logs and metrics, e.g. <c>"GenAuth"</c>.</param>
    /// <param name="factory">Creates the source once, from the application's services, the first time an app uses it.</param>
    /// <returns>This builder.</returns>
    public WechatTokenProviderBuilder AddSource<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        string sourceName, Func<IServiceProvider, IWechatTokenProvider> factory)
        where TOptions : class =>
        AddSource(sourceName, factory, static services =>
        {
            try
            {
                _ = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TOptions>>().Value;
                return [];
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException ex)
            {
                return ex.Failures;
            }
        });

    /// <summary>
    /// Makes an adapter's own app-id telemetry switch follow the shared one, <c>Wechat:IncludeAppIdInTelemetry</c>
    /// (<see cref="WechatAppsOptions.IncludeAppIdInTelemetry"/>): the adapter tags the app id when either is on, and follows
    /// reloads of the shared one. Adapter packages call this from their registration.
    /// </summary>
    /// <typeparam name="TOptions">The adapter's options type.</typeparam>
    /// <param name="includeAppId">Turns the adapter's own switch on, e.g. <c>o =&gt; o.IncludeAppIdInTelemetry = true</c>.</param>
    /// <returns>This builder.</returns>
    public WechatTokenProviderBuilder FollowSharedAppIdTelemetry<TOptions>(Action<TOptions> includeAppId)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(includeAppId);
        Services.AddOptions<TOptions>().PostConfigure<LastValidOptionsMonitor<WechatAppsOptions>>((options, apps) =>
        {
            if (apps.CurrentValue.IncludeAppIdInTelemetry)
            {
                includeAppId(options);
            }
        });
        return this;
    }

    /// <summary>
    /// Uses a custom source, for example a test double, as the default source: it replaces a source of the same name, and
    /// apps that name no source use it. Sources added before stay available to apps that name them.
    /// </summary>
    /// <param name="sourceName">A short name for configuration, logs and metrics, e.g. <c>"Fake"</c>.</param>
    /// <param name="factory">Creates the source once, from the application's services.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException"><see cref="UseDefaultSource"/> already named another default.</exception>
    public WechatTokenProviderBuilder UseProvider(string sourceName, Func<IServiceProvider, IWechatTokenProvider> factory)
    {
        AddSource(sourceName, factory);
        Composition.SetDefaultSource(sourceName, byUseProvider: true);
        return this;
    }

    /// <summary>Uses an existing <see cref="IWechatTokenProvider"/> instance as the default source (see the other overload).</summary>
    /// <param name="sourceName">A short name for configuration, logs and metrics.</param>
    /// <param name="provider">The source.</param>
    /// <returns>This builder.</returns>
    public WechatTokenProviderBuilder UseProvider(string sourceName, IWechatTokenProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return UseProvider(sourceName, _ => provider);
    }

    /// <summary>
    /// Names the source used by apps that name none and by credentials built in code. <c>Wechat:DefaultSource</c> in
    /// configuration overrides it.
    /// </summary>
    /// <param name="sourceName">The name of a source added by <c>UseGenAuth</c>, <c>UseWechat</c> or <see cref="AddSource"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">Another default was named already: one default per container.</exception>
    public WechatTokenProviderBuilder UseDefaultSource(string sourceName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);
        Composition.SetDefaultSource(sourceName, byUseProvider: false);
        return this;
    }

    /// <summary>
    /// Routes a named app to a source in code, like <c>Wechat:Apps:{appName}:Source</c> in configuration (which overrides it).
    /// </summary>
    /// <param name="appName">The app's name in configuration, e.g. <c>"oa"</c>.</param>
    /// <param name="sourceName">The source's name, e.g. <c>"Wechat"</c>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The app was routed to another source already: one owner per app.</exception>
    public WechatTokenProviderBuilder UseSourceFor(string appName, string sourceName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appName);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);
        Composition.Route(appName, sourceName);
        return this;
    }

    /// <summary>
    /// Fills the shared-tier slot, between the in-process cache and each source (adapter packages such as the Redis tier call
    /// this). Calling it again with the same name replaces the factory.
    /// </summary>
    /// <param name="tierName">The tier's name, e.g. <c>"Redis"</c>.</param>
    /// <param name="factory">Wraps one source's chain: called once per source in use.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">Another tier fills the slot already.</exception>
    public WechatTokenProviderBuilder UseSharedTier(
        string tierName, Func<IServiceProvider, WechatTokenProviderLayerContext, IWechatTokenProvider> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tierName);
        ArgumentNullException.ThrowIfNull(factory);
        Composition.SetTier(tierName, factory);
        return this;
    }

    /// <summary>
    /// Fills the in-process cache slot, nearest the caller (<c>AddCaching</c> calls this). Calling it again with the same name
    /// replaces the factory.
    /// </summary>
    /// <param name="cacheName">The cache's name, e.g. <c>"Memory"</c>.</param>
    /// <param name="factory">Wraps one source's chain (the tier when there is one): called once per source in use.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">Another cache fills the slot already.</exception>
    public WechatTokenProviderBuilder UseCache(
        string cacheName, Func<IServiceProvider, WechatTokenProviderLayerContext, IWechatTokenProvider> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheName);
        ArgumentNullException.ThrowIfNull(factory);
        Composition.SetCache(cacheName, factory);
        return this;
    }
}
