using Microsoft.Extensions.Logging;

namespace GenAuth.Hexagonal.Cli.Internal;

/// <summary>Sends the library's warnings to stderr as single lines, so stdout stays clean for <c>--json</c>.</summary>
internal static class CliLogging
{
    public static ILoggingBuilder AddCliConsole(this ILoggingBuilder builder, TextWriter stderr, LogLevel minimumLevel)
    {
        builder.ClearProviders();
        builder.SetMinimumLevel(minimumLevel);
        builder.AddProvider(new StderrLoggerProvider(stderr));
        return builder;
    }

    private sealed class StderrLoggerProvider(TextWriter stderr) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new StderrLogger(stderr);

        public void Dispose()
        {
        }
    }

    private sealed class StderrLogger(TextWriter stderr) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            lock (stderr)
            {
                stderr.WriteLine($"{logLevel.ToString().ToLowerInvariant()}: {CliOutput.OneLine(formatter(state, exception))}");
            }
        }
    }
}
