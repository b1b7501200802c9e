using Microsoft.Extensions.Logging;

namespace GenAuth.Hexagonal.Internal;

/// <summary>The DI package's log messages (event ids 1400–1499). Never a secret or a token.</summary>
internal static partial class Log
{
    [LoggerMessage(1400, LogLevel.Warning,
        "Reloaded {OptionsType} configuration is invalid and was ignored; the last valid values stay in use. {Failures}")]
    public static partial void ReloadIgnored(ILogger logger, string optionsType, string failures);

    [LoggerMessage(1401, LogLevel.Warning,
        "Reloaded {OptionsType} configuration could not be read ({ExceptionType}) and was ignored; the last valid values stay in use. Check the types of its values (numbers, TimeSpans, booleans).")]
    public static partial void ReloadBindingFailed(ILogger logger, string optionsType, string exceptionType);

    [LoggerMessage(1402, LogLevel.Information, "WeChat token sources: {Routing}")]
    public static partial void Routing(ILogger logger, string routing);

    [LoggerMessage(1403, LogLevel.Warning,
        "The WeChat token source '{SourceName}' is registered but no app uses it: set Wechat:Apps:{{name}}:Source = {SourceName} for the apps it should serve, or Wechat:DefaultSource = {SourceName}.")]
    public static partial void UnusedSource(ILogger logger, string sourceName);

    [LoggerMessage(1404, LogLevel.Information, "WeChat apps reloaded: {Changed} app(s) with new credentials or source, {Count} app(s) configured.")]
    public static partial void AppsReloaded(ILogger logger, int changed, int count);
}
