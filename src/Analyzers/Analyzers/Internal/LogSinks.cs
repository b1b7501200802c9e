using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>
/// The places GAH003 watches: <c>ILogger</c> calls (extension methods, <c>Log</c>, <c>BeginScope</c>, <c>[LoggerMessage]</c>
/// methods; Serilog, NLog and log4net loggers too), <c>Console.Write*</c>, writes to <c>Console.Out</c> / <c>Console.Error</c>
/// or to a <c>TextWriter</c> named for them (<c>stdout</c>, <c>stderr</c>), <c>Debug</c> / <c>Trace</c> output, and an
/// exception's message. A call is first picked by name from syntax, then confirmed on its symbol.
/// </summary>
internal static class LogSinks
{
    public const string LogMessage = "a log message";
    public const string ConsoleOutput = "console output";
    public const string DebugOutput = "debug or trace output";
    public const string ExceptionMessage = "an exception message";

    /// <summary>Method names of Serilog's, NLog's and log4net's loggers.</summary>
    private static readonly HashSet<string> OtherLoggerMethods = new(StringComparer.Ordinal)
    {
        "Verbose", "Debug", "Information", "Warning", "Error", "Fatal", "Write", "Info", "Warn", "Trace",
        "DebugFormat", "InfoFormat", "WarnFormat", "ErrorFormat", "FatalFormat",
    };

    /// <summary>
    /// Whether a call may be a sink, from its name and receiver alone; <paramref name="standardStream"/> says whether its
    /// receiver names the console or a standard stream (only then is a <c>TextWriter</c> write a sink).
    /// </summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    public static bool IsCandidate(InvocationExpressionSyntax invocation, HashSet<string> loggerMessageMethods, out bool standardStream)
    {
        standardStream = false;
        string name;
        ExpressionSyntax? receiver = null;
        switch (invocation.Expression)
        {
            case MemberAccessExpressionSyntax memberAccess:
                name = memberAccess.Name.Identifier.ValueText;
                receiver = memberAccess.Expression;
                break;
            case MemberBindingExpressionSyntax memberBinding:
                // writer?.WriteLine(...): the receiver is the conditional access's expression.
                name = memberBinding.Name.Identifier.ValueText;
                receiver = (invocation.Parent as ConditionalAccessExpressionSyntax)?.Expression ?? memberBinding;
                break;
            case SimpleNameSyntax simple:
                name = simple.Identifier.ValueText;
                break;
            default:
                return false;
        }

        var logger = IsLogMethodName(name) || name == "BeginScope" || loggerMessageMethods.Contains(name) || OtherLoggerMethods.Contains(name);
        if (!name.StartsWith("Write", StringComparison.Ordinal) && !name.StartsWith("Trace", StringComparison.Ordinal)
            && name is not ("Print" or "Fail" or "Assert"))
        {
            return logger;
        }

        // Console.WriteLine, Debug.WriteLine, Trace.TraceWarning, Console.Out.Write, stdout.WriteLineAsync; WriteLine
        // alone after `using static System.Console`.
        standardStream = receiver switch
        {
            null => true,
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText is "Console" or "Debug" or "Trace"
                                               || IsStandardStreamName(identifier.Identifier.ValueText),
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText is "Console" or "Debug" or "Trace" or "Out" or "Error"
                                                   || IsStandardStreamName(access.Name.Identifier.ValueText),
            _ => false,
        };
        return logger || standardStream;
    }

    /// <summary>
    /// What the message calls the sink, when the bound method is one; otherwise <see langword="null"/>. A
    /// <c>TextWriter</c> counts only when <paramref name="standardStream"/> (its receiver names the console or a standard stream).
    /// </summary>
    public static string? Describe(IMethodSymbol method, bool standardStream)
    {
        var original = method.ReducedFrom ?? method;
        var type = original.ContainingType;
        if (type is null)
        {
            return null;
        }

        if (HasLoggerMessageAttribute(original))
        {
            return LogMessage;
        }

        var ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        switch (ns)
        {
            case "Microsoft.Extensions.Logging" when type.Name is "LoggerExtensions" or "ILogger":
            case "Serilog" when type.Name is "ILogger" or "Log":
            case "Serilog.Core" when type.Name == "Logger":
            case "NLog" when type.Name is "ILogger" or "ILoggerBase" or "Logger" or "ILoggerExtensions":
            case "log4net" when type.Name == "ILog":
                return LogMessage;
            case "System" when type.Name == "Console":
                return ConsoleOutput;
            case "System.Diagnostics" when type.Name is "Debug" or "Trace":
                return DebugOutput;
        }

        for (var current = standardStream ? type : null; current is not null; current = current.BaseType)
        {
            if (current.Name == "TextWriter" && current.ContainingNamespace?.ToDisplayString() == "System.IO")
            {
                return ConsoleOutput;
            }
        }

        return null;
    }

    /// <summary>Whether an object creation may make an exception, from its type's name alone.</summary>
    [MethodImpl(Hot.AggressiveOptimization)]
    public static bool IsExceptionCandidate(ObjectCreationExpressionSyntax creation)
    {
        if (creation.ArgumentList is not { Arguments.Count: > 0 })
        {
            return false;
        }

        var name = creation.Type switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => string.Empty,
        };
        return name.EndsWith("Exception", StringComparison.Ordinal);
    }

    /// <summary>Whether a type is <see cref="Exception"/> or derives from it.</summary>
    public static bool IsException(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == "Exception" && current.ContainingNamespace?.ToDisplayString() == "System")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>Log</c>, <c>LogInformation</c>, <c>LogTokenFetched</c>; not <c>Login</c>, <c>Logout</c>, <c>Logical</c>.</summary>
    private static bool IsLogMethodName(string name) =>
        name.StartsWith("Log", StringComparison.Ordinal) && (name.Length == 3 || char.IsUpper(name[3]));

    private static bool IsStandardStreamName(string name)
    {
        var normalized = SecretNames.Normalize(name);
        return normalized is "STDOUT" or "STDERR" or "STANDARDOUTPUT" or "STANDARDERROR" or "CONSOLEOUT" or "CONSOLEERROR";
    }

    private static bool HasLoggerMessageAttribute(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "LoggerMessageAttribute" })
            {
                return true;
            }
        }

        return false;
    }
}
