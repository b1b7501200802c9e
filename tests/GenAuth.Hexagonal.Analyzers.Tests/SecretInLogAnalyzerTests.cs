using GenAuth.Hexagonal.Analyzers.Tests.Infrastructure;
using static GenAuth.Hexagonal.Analyzers.Tests.Infrastructure.AnalyzerTestFactory;

namespace GenAuth.Hexagonal.Analyzers.Tests;

/// <summary>GAH003: a secret or a whole access token flowing into a log, console output, debug output or an exception message.</summary>
public sealed class SecretInLogAnalyzerTests
{
    private const string Log = "a log message";
    private const string ConsoleOutput = "console output";
    private const string DebugOutput = "debug or trace output";
    private const string ExceptionMessage = "an exception message";

    private static string InClass(string members) => $$"""
        #nullable enable
        using System;
        using System.Diagnostics;
        using System.IO;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Text;
        using GenAuth.Hexagonal;
        using GenAuth.Hexagonal.Adapters.GenAuth;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.Logging;

        public class WechatConfig { public string Secret { get; set; } = ""; }
        public class JwtOptions { public string Secret { get; set; } = ""; }
        public class AuthInfo { public string AppSercet { get; set; } = ""; }

        public class C
        {
            private readonly ILogger<C> _logger = null!;
            private readonly string _appSecret = Environment.GetEnvironmentVariable("S") ?? "";
        {{members}}
        }
        """;

    private static Task VerifyAsync(string members, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        Analyzer<SecretInLogAnalyzer>(InClass(members), expected).RunAsync();

    /// <summary>Shape, members with the secret marked <c>{|#0:...|}</c>, the member and the sink the message names.</summary>
    public static TheoryData<string, string, string, string> Flows => new()
    {
        {
            "ILogger structured argument",
            """void M(ILogger logger, WechatAccessToken token) => logger.LogInformation("Got token {Token}", {|#0:token.Value|});""",
            "WechatAccessToken.Value", Log
        },
        {
            "interpolated log message",
            """void M(ILogger logger, WechatAccessToken token) => logger.LogDebug($"token={{|#0:token.Value|}}");""",
            "WechatAccessToken.Value", Log
        },
        {
            "concatenated log message",
            """void M(ILogger logger, WechatAppCredentials credentials) => logger.LogWarning("secret " + {|#0:credentials.AppSecret|});""",
            "WechatAppCredentials.AppSecret", Log
        },
        {
            "[LoggerMessage] method",
            """
            void M(ILogger logger, WechatAccessToken token) => Log.TokenFetched(logger, {|#0:token.Value|});
            private static partial class Log
            {
                [LoggerMessage(1, LogLevel.Debug, "Fetched {Token}")]
                public static partial void TokenFetched(ILogger logger, string token);
            }
            private static partial class Log { public static partial void TokenFetched(ILogger logger, string token) { } }
            """,
            "WechatAccessToken.Value", Log
        },
        {
            "[LoggerMessage] method, attribute named by its namespace",
            """
            void M(ILogger logger, WechatAccessToken token) => Log.Fetched(logger, {|#0:token.Value|});
            private static partial class Log
            {
                // a LoggerMessage word in a comment, and "LoggerMessage" in a string, name no method
                [Microsoft.Extensions.Logging.LoggerMessage(2, LogLevel.Debug, "LoggerMessage {Token}")]
                public static partial void Fetched(ILogger logger, string token);
            }
            private static partial class Log { public static partial void Fetched(ILogger logger, string token) { } }
            """,
            "WechatAccessToken.Value", Log
        },
        {
            "[LoggerMessageAttribute] method under global::",
            """
            void M(ILogger logger, WechatAppCredentials credentials) => Log.Rejected(logger, {|#0:credentials.AppSecret|});
            private static partial class Log
            {
                [global::Microsoft.Extensions.Logging.LoggerMessageAttribute(3, LogLevel.Warning, "Rejected {Secret}")]
                public static partial void Rejected(ILogger logger, string secret);
            }
            private static partial class Log { public static partial void Rejected(ILogger logger, string secret) { } }
            """,
            "WechatAppCredentials.AppSecret", Log
        },
        {
            "ILogger<T> field and LogError with an exception",
            """void M(Exception ex) => _logger.LogError(ex, "Failed with {Secret}", {|#0:_appSecret|});""",
            "C._appSecret", Log
        },
        {
            "BeginScope",
            """void M(ILogger logger, string appSecret) { using var scope = logger.BeginScope("app {Secret}", {|#0:appSecret|}); }""",
            "appSecret", Log
        },
        {
            "Console.WriteLine of GenAuth's AccessKeySecret",
            """void M(GenAuthOptions options) => Console.WriteLine({|#0:options.AccessKeySecret|});""",
            "GenAuthOptions.AccessKeySecret", ConsoleOutput
        },
        {
            "Console.Out.WriteLine",
            """void M(WechatAppCredentials credentials) => Console.Out.WriteLine("secret: " + {|#0:credentials.AppSecret|});""",
            "WechatAppCredentials.AppSecret", ConsoleOutput
        },
        {
            "Console.Error.WriteLineAsync",
            """System.Threading.Tasks.Task M(WechatAccessToken token) => Console.Error.WriteLineAsync($"token {{|#0:token.Value|}}");""",
            "WechatAccessToken.Value", ConsoleOutput
        },
        {
            "a TextWriter named stderr",
            """void M(TextWriter stderr, WechatAccessToken token) => stderr.WriteLine({|#0:token.Value|});""",
            "WechatAccessToken.Value", ConsoleOutput
        },
        {
            "Debug.WriteLine of an appSecret parameter",
            """void M(string appSecret) => Debug.WriteLine($"secret={{|#0:appSecret|}}");""",
            "appSecret", DebugOutput
        },
        {
            "Trace.TraceInformation with format arguments",
            """void M(WechatAccessToken token) => Trace.TraceInformation("token {0}", {|#0:token.Value|});""",
            "WechatAccessToken.Value", DebugOutput
        },
        {
            "exception message",
            """void M(WechatAppCredentials credentials) => throw new InvalidOperationException($"Secret {{|#0:credentials.AppSecret|}} was rejected");""",
            "WechatAppCredentials.AppSecret", ExceptionMessage
        },
        {
            "string.Format inside a log call",
            """void M(ILogger logger, GenAuthOptions options) => logger.LogInformation(string.Format("key {0}", {|#0:options.AccessKeySecret|}));""",
            "GenAuthOptions.AccessKeySecret", Log
        },
        {
            "WeChat's secret on a WeChat config type",
            """void M(ILogger logger, WechatConfig config) => logger.LogInformation("secret {Secret}", {|#0:config.Secret|});""",
            "WechatConfig.Secret", Log
        },
        {
            "conditional access",
            """void M(ILogger logger, WechatAccessToken? token) => logger.LogInformation("{Token}", {|#0:token?.Value|});""",
            "WechatAccessToken.Value", Log
        },
        {
            "secret-named method",
            """
            static string GetAppSecret() => Environment.GetEnvironmentVariable("WECHAT__APPSECRET") ?? "";
            void M(ILogger logger) => logger.LogDebug("s {S}", {|#0:GetAppSecret()|});
            """,
            "C.GetAppSecret()", Log
        },
        {
            "misspelled secret property",
            """void M(AuthInfo info) => Console.WriteLine({|#0:info.AppSercet|});""",
            "AuthInfo.AppSercet", ConsoleOutput
        },
        {
            "configuration value under a secret's key",
            """void M(ILogger logger, IConfiguration configuration) => logger.LogDebug("secret {S}", {|#0:configuration["Wechat:AppSecret"]|});""",
            "Wechat:AppSecret", Log
        },
        {
            "environment variable named for the secret",
            """void M() => Console.WriteLine({|#0:Environment.GetEnvironmentVariable("WECHAT_APP_SECRET")|});""",
            "WECHAT_APP_SECRET", ConsoleOutput
        },
        {
            "ILogger.Log with ToUpperInvariant",
            """void M(ILogger logger, WechatAccessToken token) => logger.Log(LogLevel.Information, "{T}", {|#0:token.Value|}.ToUpperInvariant());""",
            "WechatAccessToken.Value", Log
        },
    };

    /// <summary>Shape and members: what may be written, and where a secret may go.</summary>
    public static TheoryData<string, string> NonFlows => new()
    {
        { "RedactedValue", """void M(ILogger logger, WechatAccessToken token) => logger.LogInformation("Got {Token}", token.RedactedValue);""" },
        {
            "lengths",
            """void M(ILogger logger, WechatAccessToken token, WechatAppCredentials c) => logger.LogInformation("{L} {S}", token.Value.Length, c.AppSecret.Length);"""
        },
        {
            "comparisons",
            """void M(ILogger logger, WechatAccessToken token, WechatAccessToken other) => logger.LogInformation("same {Same} {Eq}", token.Value == other.Value, string.Equals(token.Value, other.Value));"""
        },
        {
            "a hash of the secret",
            """void M(ILogger logger, WechatAppCredentials c) => logger.LogInformation("fp {F}", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(c.AppSecret))));"""
        },
        {
            "an HTTP header and request URI",
            """
            void M(HttpRequestMessage request, WechatAccessToken token)
            {
                request.Headers.Add("Authorization", "Bearer " + token.Value);
                request.RequestUri = new Uri($"https://api.weixin.qq.com/cgi-bin/user/info?access_token={token.Value}");
            }
            """
        },
        {
            "a writer that is not the console",
            """
            void M(TextWriter output, WechatAccessToken token)
            {
                output.WriteLine(token.Value);
                using var buffer = new StringWriter();
                buffer.Write(token.Value);
            }
            """
        },
        { "the token and credentials objects (their ToString redacts)", """void M(ILogger logger, WechatAccessToken token, WechatAppCredentials c) => logger.LogInformation("{Token} {Credentials}", token, c);""" },
        {
            "configuration values that are not secrets",
            """void M(ILogger logger, IConfiguration configuration) => logger.LogInformation("{App} {Host}", configuration["Wechat:AppId"], Environment.GetEnvironmentVariable("GENAUTH_HOST"));"""
        },
        { "app id and expiry", """void M(ILogger logger, WechatAccessToken token, WechatAppCredentials c) => Console.WriteLine($"{c.AppId} {token.ExpiresAt:O}");""" },
        {
            "names of secrets: nameof and key-name constants",
            """
            public const string AppSecret = "WECHAT__APPSECRET";
            void M(ILogger logger)
            {
                logger.LogWarning("Set {Name}", AppSecret);
                logger.LogWarning("{Name} is missing", nameof(WechatAppCredentials.AppSecret));
            }
            """
        },
        {
            "argument exceptions that name the parameter",
            """
            void M(string appSecret)
            {
                if (appSecret.Length == 0) throw new ArgumentException("The app secret is empty.", nameof(appSecret));
                throw new ArgumentNullException(nameof(appSecret), "The app secret is missing.");
            }
            """
        },
        { "a bare secret on a type that says nothing of WeChat", """void M(ILogger logger, JwtOptions jwt) => logger.LogInformation("{S}", jwt.Secret);""" },
        {
            "a local holding the redacted form",
            """
            void M(ILogger logger, WechatAccessToken token)
            {
                var shown = token.RedactedValue;
                logger.LogInformation(shown);
            }
            """
        },
        {
            "methods whose names start with Log but do not log",
            """
            void Login(string user, string appSecret) { }
            void Logout(string appSecret) { }
            void M(WechatAppCredentials c) { Login("u", c.AppSecret); Logout(c.AppSecret); }
            """
        },
        {
            "an exception whose message is fixed text",
            """void M(WechatAccessToken token) => throw new InvalidOperationException("The token " + token.RedactedValue + " was rejected.");"""
        },
    };

    [Theory]
    [MemberData(nameof(Flows))]
    public Task SecretOrToken_FlowsIntoSink_Reported(string shape, string members, string member, string sink)
    {
        _ = shape;
        return VerifyAsync(members, Gah003(0, member, sink));
    }

    [Theory]
    [MemberData(nameof(NonFlows))]
    public Task NoSecretReachesSink_NotReported(string shape, string members)
    {
        _ = shape;
        return VerifyAsync(members);
    }

    [Fact]
    public Task ThroughLocal_ReportedAtTheLocalInTheSink_WithTheReadAsAdditionalLocation() =>
        VerifyAsync(
            """
            void M(ILogger logger, WechatAccessToken token)
            {
                var message = $"token={{|#1:token.Value|}}";
                logger.LogInformation({|#0:message|});
            }
            """,
            Gah003(0, "WechatAccessToken.Value", Log + " through 'message'").WithLocation(1));

    [Fact]
    public Task ThroughTwoLocalsAndAnAssignment_Reported() =>
        VerifyAsync(
            """
            void M(WechatAccessToken token)
            {
                string raw;
                raw = {|#1:token.Value|};
                var line = "t: " + raw;
                Console.WriteLine({|#0:line|});
            }
            """,
            Gah003(0, "WechatAccessToken.Value", ConsoleOutput + " through 'line'").WithLocation(1));

    [Fact]
    public Task ThroughLocalNamedForTheSecret_ReportedAsThatLocal() =>
        VerifyAsync(
            """
            void M(ILogger logger, WechatAppCredentials credentials)
            {
                var appSecret = credentials.AppSecret;
                logger.LogDebug("using {Secret}", {|#0:appSecret|});
            }
            """,
            Gah003(0, "appSecret", Log));

    [Fact]
    public Task OneSecretReachingSeveralSinks_ReportedAtEachSink() =>
        VerifyAsync(
            """
            void M(ILogger logger, WechatAccessToken token)
            {
                var message = "token " + {|#2:token.Value|};
                logger.LogInformation({|#0:message|});
                Console.WriteLine({|#1:message|});
                logger.LogInformation("{T}", {|#3:token.Value|});
            }
            """,
            Gah003(0, "WechatAccessToken.Value", Log + " through 'message'").WithLocation(2),
            Gah003(1, "WechatAccessToken.Value", ConsoleOutput + " through 'message'").WithLocation(2),
            Gah003(3, "WechatAccessToken.Value", Log));

    [Fact]
    public async Task Message_NamesMemberAndSink()
    {
        var diagnostics = await AnalyzerRunner.RunAsync(
        [
            ("/src/Leak.cs", """
                public static class Leak
                {
                    public static void Print() => System.Console.WriteLine(AppSecret);
                    private static string AppSecret => System.Environment.GetEnvironmentVariable("S") ?? "";
                }
                """),
        ]);

        var diagnostic = diagnostics.Should().ContainSingle().Subject;
        diagnostic.Id.Should().Be(DiagnosticIds.SecretInLog);
        diagnostic.Severity.Should().Be(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning);
        diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Should()
            .Be("'Leak.AppSecret' is a secret or a whole access token and flows into console output; write a redacted form instead (RedactedValue, a length, a hash)");
        diagnostic.Descriptor.HelpLinkUri.Should().EndWith("#gah003-secret-or-token-in-a-log-or-message");
    }
}
