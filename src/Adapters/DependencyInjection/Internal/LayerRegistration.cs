namespace GenAuth.Hexagonal.Internal;

/// <summary>A tier or cache added to the builder.</summary>
internal sealed record LayerRegistration(string Name, Func<IServiceProvider, WechatTokenProviderLayerContext, IWechatTokenProvider> Factory);
