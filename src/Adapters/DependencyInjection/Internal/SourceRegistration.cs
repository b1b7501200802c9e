namespace GenAuth.Hexagonal.Internal;

/// <summary>A source added to the builder.</summary>
internal sealed record SourceRegistration(
    string Name, Func<IServiceProvider, IWechatTokenProvider> Factory, Func<IServiceProvider, IEnumerable<string>>? Validate);
