namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>One scripted answer of <see cref="FakeWechatTokenProvider"/>: a token or a failure.</summary>
internal readonly record struct ScriptedResult(WechatAccessToken? Token, Exception? Exception);
