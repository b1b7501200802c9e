using Microsoft.CodeAnalysis.Testing;
using static GenAuth.Hexagonal.Analyzers.Tests.Infrastructure.AnalyzerTestFactory;

namespace GenAuth.Hexagonal.Analyzers.Tests;

/// <summary>The GAH003 code fix: a WechatAccessToken's Value becomes its RedactedValue; secrets get no fix.</summary>
public sealed class SecretInLogCodeFixProviderTests
{
    private const string Usings = """
        #nullable enable
        using System;
        using GenAuth.Hexagonal;
        using Microsoft.Extensions.Logging;

        """;

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Log(int location) =>
        Gah003(location, "WechatAccessToken.Value", "a log message");

    [Fact]
    public Task TokenValueInLogCall_ReplacedWithRedactedValue() =>
        CodeFix<SecretInLogAnalyzer, SecretInLogCodeFixProvider>(
            Usings + """
            public class C
            {
                public void M(ILogger logger, WechatAccessToken token) => logger.LogInformation("Got token {Token}", {|#0:token.Value|});
            }
            """,
            Usings + """
            public class C
            {
                public void M(ILogger logger, WechatAccessToken token) => logger.LogInformation("Got token {Token}", token.RedactedValue);
            }
            """,
            Log(0)).RunAsync();

    [Fact]
    public async Task ConditionalAccessAndThroughLocal_FixAllReplacesEach()
    {
        var test = CodeFix<SecretInLogAnalyzer, SecretInLogCodeFixProvider>(
            Usings + """
            public class C
            {
                public void M(ILogger logger, WechatAccessToken? token)
                {
                    var message = $"token={{|#2:token?.Value|}}";
                    logger.LogInformation({|#0:message|});
                    Console.WriteLine({|#1:token!.Value|});
                }
            }
            """,
            Usings + """
            public class C
            {
                public void M(ILogger logger, WechatAccessToken? token)
                {
                    var message = $"token={token?.RedactedValue}";
                    logger.LogInformation(message);
                    Console.WriteLine(token!.RedactedValue);
                }
            }
            """,
            Gah003(0, "WechatAccessToken.Value", "a log message through 'message'").WithLocation(2),
            Gah003(1, "WechatAccessToken.Value", "console output"));
        test.NumberOfFixAllIterations = 1;
        test.CodeFixTestBehaviors = CodeFixTestBehaviors.SkipFixAllInProjectCheck | CodeFixTestBehaviors.SkipFixAllInSolutionCheck;
        await test.RunAsync();
    }

    [Fact]
    public Task SecretInLogCall_NoFixOffered_WarningStays()
    {
        var source = Usings + """
            public class C
            {
                public void M(ILogger logger, WechatAppCredentials credentials) => logger.LogWarning("secret {S}", {|#0:credentials.AppSecret|});
            }
            """;
        return CodeFix<SecretInLogAnalyzer, SecretInLogCodeFixProvider>(
            source, source, Gah003(0, "WechatAppCredentials.AppSecret", "a log message")).RunAsync();
    }
}
