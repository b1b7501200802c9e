namespace GenAuth.Hexagonal.Internal;

/// <summary>An empty options type whose start-up validation checks that a token source was configured.</summary>
internal sealed class WechatTokenProviderCompositionCheck;
