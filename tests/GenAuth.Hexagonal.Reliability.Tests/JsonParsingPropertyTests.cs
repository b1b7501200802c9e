using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GenAuth.Hexagonal.Adapters.GenAuth;
using GenAuth.Hexagonal.Reliability.Tests.Infrastructure;
using GenAuth.Hexagonal.Testing;

namespace GenAuth.Hexagonal.Reliability.Tests;

/// <summary>
/// Property tests of the upstream JSON parsing through the public path: random bodies served by the emulator
/// (EmulatorFault.Body) over loopback HTTP. The outcome is a token with exactly the served values when the body is a
/// valid answer, and otherwise a WechatTokenException — never any other exception.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class JsonParsingPropertyTests(ReliabilityFixture fixture)
{
    private const long Future = 4102444800; // 2100-01-01

    [Property(MaxTest = 150, QuietOnSuccess = true)]
    public Property GenAuthAnswer_RandomBody_TokenWhenValidElseWechatTokenException() =>
        Prop.ForAll(GenAuthBodies().ToArbitrary(), body => Check(body, WechatTokenSource.GenAuth, GenAuthDefaults.WeixinAccessTokenEndpoint));

    [Property(MaxTest = 100, QuietOnSuccess = true)]
    public Property WechatAnswer_RandomBody_TokenWhenValidElseWechatTokenException() =>
        Prop.ForAll(WechatBodies().ToArbitrary(), body => Check(body, WechatTokenSource.Wechat, "/cgi-bin/stable_token"));

    private bool Check(Served body, WechatTokenSource source, string path)
    {
        var emulator = fixture.CleanEmulator();
        using var stack = new SyncStack(source == WechatTokenSource.GenAuth ? Stack.GenAuth(emulator, caching: false) : Stack.Wechat(emulator, caching: false));
        emulator.InjectFault(EmulatorFault.Body(body.Text, body.ContentType), 3, path);
        ReliabilityFigures.PropertyCase();
        try
        {
            var token = stack.Get();
            if (!body.Valid)
            {
                throw new Xunit.Sdk.XunitException($"Expected a WechatTokenException for an invalid body, got a token. Body: {body}");
            }

            token.Value.Should().Be(body.Token);
            if (source == WechatTokenSource.GenAuth)
            {
                token.ExpiresAtUnixSeconds.Should().Be(body.ExpiresAt);
            }

            return true;
        }
        catch (WechatTokenException ex)
        {
            if (body.Valid)
            {
                throw new Xunit.Sdk.XunitException($"Expected a token for a valid body, got: {ex.Message} Body: {body}");
            }

            ex.Upstream.Should().Be(source);
            TestSecrets.AssertClean(ex.ToString());
            return true;
        }
    }

    private static Gen<string> Texts() => Gen.OneOf(
        Gen.Elements("ok", "", "操作成功", "a\"quote", "line\nbreak", "<b>html</b>", "\\u0000", new string('x', 500)),
        ArbMap.Default.GeneratorFor<string>().Where(s => s is not null));

    private static Gen<(string Json, string? Token, bool Ok)> Tokens(string name) => Gen.Elements<(string, string?, bool)>(
        ($"\"{name}\":\"81_valid_random_token_value_0001\",", "81_valid_random_token_value_0001", true),
        ($"\"{name}\":\"81_{new string('Z', 500)}\",", "81_" + new string('Z', 500), true),
        ($"\"{name}\":\"\",", null, false),
        ($"\"{name}\":\"has space\",", null, false),
        ($"\"{name}\":12345,", null, false),
        ($"\"{name}\":null,", null, false),
        ($"\"{name}\":[\"81_x\"],", null, false),
        (string.Empty, null, false));

    private static Gen<Served> GenAuthBodies()
    {
        var status = Gen.Elements<(string Json, bool Ok)>(("\"statusCode\":200,", true), ("\"statusCode\":400,", false), ("\"statusCode\":500,", false), ("\"statusCode\":\"200\",", true), ("\"statusCode\":null,", false), ("\"statusCode\":200.5,", false), (string.Empty, false));
        var expires = Gen.Elements<(string Json, long Value, bool Ok)>(
            ($"\"expiresAt\":{Future}", Future, true),
            ($"\"expiresAt\":\"{Future}\"", Future, true),
            ("\"expiresAt\":1000", 0, false),
            ("\"expiresAt\":0", 0, false),
            ("\"expiresAt\":-1", 0, false),
            ($"\"expiresAt\":{Future * 1000}", 0, false),
            ("\"expiresAt\":\"soon\"", 0, false),
            ($"\"expiresAt\":{Future}.5", 0, false),
            ("\"expiresAt\":true", 0, false),
            ("\"expiresAt\":null", 0, false),
            ("\"expiresAt\":99999999999999999999999", 0, false),
            ("\"x\":1", 0, false));
        var data = Gen.Zip(Tokens("accessToken"), expires).Select(p => (Json: "{" + p.Item1.Json + p.Item2.Json + "}", p.Item1.Token, p.Item2.Value, Ok: p.Item1.Ok && p.Item2.Ok));
        var other = Gen.Elements<(string Json, string? Token, long Value, bool Ok)>(("null", null, 0L, false), ("[]", null, 0L, false), ("{}", null, 0L, false), ("\"data\"", null, 0L, false));
        var dataOrOther = Gen.Frequency((6, data), (1, other));
        var envelope =
            from s in status
            from message in Texts()
            from d in dataOrOther
            select new Served(
                "{" + s.Json + "\"message\":" + System.Text.Json.JsonSerializer.Serialize(message) + ",\"requestId\":\"r1\",\"data\":" + d.Json + "}",
                "application/json", s.Ok && d.Ok, d.Token, d.Value);
        return Mutate(envelope);
    }

    private static Gen<Served> WechatBodies()
    {
        var errcode = Gen.Elements<(string Json, bool Ok)>((string.Empty, true), ("\"errcode\":0,", true), ("\"errcode\":-1,", false), ("\"errcode\":40013,", false), ("\"errcode\":\"x\",", false), ("\"errcode\":null,", true));
        var expires = Gen.Elements<(string Json, bool Ok)>(("\"expires_in\":7200", true), ("\"expires_in\":300", true), ("\"expires_in\":0", false), ("\"expires_in\":-7200", false), ("\"expires_in\":\"7200\"", true), ("\"expires_in\":99999999999", false), ("\"expires_in\":1.5", false), ("\"y\":2", false));
        var body =
            from e in errcode
            from t in Tokens("access_token")
            from x in expires
            from message in Texts()
            select new Served(
                "{" + e.Json + t.Json + "\"errmsg\":" + System.Text.Json.JsonSerializer.Serialize(message) + "," + x.Json + "}",
                "application/json", e.Ok && t.Ok && x.Ok, t.Token, 0);
        return Mutate(body);
    }

    /// <summary>Leaves most bodies alone; breaks some (truncation, garbage, wrong content type, wrapping) — those must fail.</summary>
    private static Gen<Served> Mutate(Gen<Served> bodies) =>
        from body in bodies
        from kind in Gen.Frequency((6, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2)), (1, Gen.Constant(3)), (1, Gen.Constant(4)), (1, Gen.Constant(5)))
        from cut in Gen.Choose(1, Math.Max(1, body.Text.Length - 2))
        select kind switch
        {
            1 => body with { Text = body.Text[..cut], Valid = false },
            2 => body with { Text = "<html>" + body.Text, Valid = false },
            3 => body with { ContentType = "text/html", Valid = false },
            4 => body with { Text = "[" + body.Text + "]", Valid = false },
            5 => body with { Text = "  \r\n" + body.Text + "\n " },
            _ => body,
        };

    /// <summary>A body the emulator serves, and what the library must make of it.</summary>
    public sealed record Served(string Text, string ContentType, bool Valid, string? Token, long ExpiresAt)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"[{ContentType}, valid={Valid}] {(Text.Length > 300 ? Text[..100] + "…" + Text[^200..] : Text)}");
    }

    /// <summary>Blocks on the async stack (FsCheck properties are synchronous).</summary>
    private sealed class SyncStack(Stack stack) : IDisposable
    {
        public WechatAccessToken Get() => stack.GetAsync().AsTask().GetAwaiter().GetResult();

        public void Dispose() => stack.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
