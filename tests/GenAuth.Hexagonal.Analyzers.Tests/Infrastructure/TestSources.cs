namespace GenAuth.Hexagonal.Analyzers.Tests.Infrastructure;

/// <summary>Shared test inputs: a made-up, real-looking secret and stand-ins for the library's and configuration's API.</summary>
internal static class TestSources
{
    /// <summary>Made up for these tests; shaped like a WeChat app secret (32 hex digits, no pattern).</summary>
    public const string Secret = "9f3b8c1d2e4a6f7081b2c3d4e5f6a7b8";

    /// <summary>The library's API as the analyzer knows it by name; the analyzer never references the library.</summary>
    public const string LibraryStubs = """
        #nullable enable
        namespace GenAuth.Hexagonal
        {
            public sealed class WechatAppCredentials
            {
                public WechatAppCredentials(string appId, string appSecret) { AppId = appId; AppSecret = appSecret; }
                public string AppId { get; }
                public string AppSecret { get; }
            }

            public sealed class WechatAppOptions
            {
                public string? AppId { get; set; }
                public string? AppSecret { get; set; }
            }

            public sealed class WechatAccessToken
            {
                public WechatAccessToken(string value, System.DateTimeOffset expiresAt) { Value = value; ExpiresAt = expiresAt; }
                public string Value { get; }
                public string RedactedValue => "***(" + Value.Length + " chars)";
                public System.DateTimeOffset ExpiresAt { get; }
            }
        }

        namespace GenAuth.Hexagonal.Adapters.GenAuth
        {
            public sealed class GenAuthOptions
            {
                public string? AccessKeyId { get; set; }
                public string? AccessKeySecret { get; set; }
            }
        }

        namespace GenAuth.Hexagonal.Adapters.Wechat
        {
            public sealed class WechatApiOptions
            {
                public string? AppSecret { get; set; }
            }
        }

        namespace Microsoft.Extensions.Configuration
        {
            public interface IConfiguration
            {
                string? this[string key] { get; set; }
            }

            public interface IConfigurationBuilder
            {
                IConfigurationBuilder AddInMemoryCollection(System.Collections.Generic.IEnumerable<System.Collections.Generic.KeyValuePair<string, string?>> values);
            }

            public sealed class ConfigurationManager : IConfiguration, IConfigurationBuilder
            {
                public string? this[string key] { get => null; set { } }
                public IConfigurationBuilder AddInMemoryCollection(System.Collections.Generic.IEnumerable<System.Collections.Generic.KeyValuePair<string, string?>> values) => this;
            }
        }

        namespace Microsoft.Extensions.Logging
        {
            public enum LogLevel { Trace, Debug, Information, Warning, Error, Critical, None }

            public interface ILogger
            {
                void Log<TState>(LogLevel logLevel, int eventId, TState state, System.Exception? exception, System.Func<TState, System.Exception?, string> formatter);
                System.IDisposable? BeginScope<TState>(TState state) where TState : notnull;
            }

            public interface ILogger<out TCategoryName> : ILogger { }

            public static class LoggerExtensions
            {
                public static void LogTrace(this ILogger logger, string? message, params object?[] args) { }
                public static void LogDebug(this ILogger logger, string? message, params object?[] args) { }
                public static void LogInformation(this ILogger logger, string? message, params object?[] args) { }
                public static void LogWarning(this ILogger logger, string? message, params object?[] args) { }
                public static void LogError(this ILogger logger, System.Exception? exception, string? message, params object?[] args) { }
                public static void Log(this ILogger logger, LogLevel logLevel, string? message, params object?[] args) { }
                public static System.IDisposable? BeginScope(this ILogger logger, string messageFormat, params object?[] args) => null;
            }

            [System.AttributeUsage(System.AttributeTargets.Method)]
            public sealed class LoggerMessageAttribute : System.Attribute
            {
                public LoggerMessageAttribute(int eventId, LogLevel level, string message) { }
            }
        }

        namespace Microsoft.AspNetCore.Builder
        {
            public sealed class WebApplicationBuilder
            {
                public Microsoft.Extensions.Configuration.ConfigurationManager Configuration { get; } = new();
            }
        }
        """;
}
